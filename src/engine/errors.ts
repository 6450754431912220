/**
 * Typed errors. Every message is one line: what, where, and what to do.
 */

/** A source (install, db, console, ...) could not give its facts. Checks that need it are skipped with this message. */
export class SourceUnavailableError extends Error {
  constructor(readonly source: string, message: string, readonly tried: string[] = []) {
    super(message)
    this.name = 'SourceUnavailableError'
  }
}

/** Bad input from the user: a flag, a config file, a path. The command prints the message and exits 3. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UsageError'
  }
}

/** A problem with a file the tool reads (ini, DLL, log): names the file and says what to do. */
export class InputFileError extends Error {
  constructor(readonly file: string, message: string) {
    super(message)
    this.name = 'InputFileError'
  }
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message.split('\n')[0] ?? error.name
  return String(error)
}

/** True for a SourceUnavailableError, also one thrown by a plugin's own copy of this package. */
export function isSourceUnavailable(error: unknown): error is SourceUnavailableError {
  return error instanceof Error && error.name === 'SourceUnavailableError' && typeof (error as Partial<SourceUnavailableError>).source === 'string'
}
