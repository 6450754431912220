/**
 * Problems reading a Windows binary, each one clear line: what, where, what to do.
 * Callers show `message` as is; `kind` lets a check choose its status.
 */
import {InputFileError, errorMessage} from '../../engine/errors.js'

export type PeProblem =
  | 'missing' // the file does not exist (or vanished while being read)
  | 'unreadable' // permission denied, I/O error, a folder
  | 'not-pe' // not a Windows PE file at all
  | 'truncated' // the headers promise more bytes than the file has
  | 'malformed' // a PE whose structures contradict each other
  | 'no-version' // a valid PE without a version resource
  | 'too-large' // a part we would have to load exceeds our memory bound
  | 'aborted' // the caller gave up (check timeout)

export class PeFileError extends InputFileError {
  constructor(file: string, readonly kind: PeProblem, message: string) {
    super(file, message)
    this.name = 'PeFileError'
  }
}

export function isPeFileError(error: unknown): error is PeFileError {
  return error instanceof Error && error.name === 'PeFileError' && typeof (error as Partial<PeFileError>).kind === 'string'
}

/** Turns an fs error on `path` into one PeFileError line. */
export function fsProblem(path: string, error: unknown): PeFileError {
  if (isPeFileError(error)) return error
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  switch (code) {
    case 'ENOENT':
      return new PeFileError(path, 'missing', `${path} does not exist (or was removed while being read); check the path`)
    case 'EACCES':
    case 'EPERM':
      return new PeFileError(path, 'unreadable', `cannot read ${path}: permission denied; run as an administrator or root, or copy the file somewhere readable`)
    case 'EISDIR':
      return new PeFileError(path, 'unreadable', `${path} is a folder, not a file`)
    case 'ABORT_ERR':
      return new PeFileError(path, 'aborted', `reading ${path} was stopped (the check's time limit ran out: --timeout, else the check's own limit)`)
    default:
      return new PeFileError(path, 'unreadable', `cannot read ${path}: ${errorMessage(error)}`)
  }
}
