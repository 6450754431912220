/**
 * The base of every command: errors become one line on stderr and exit code 3
 * (a stack trace only with --debug); secrets never reach the message, and control
 * characters in it are shown inertly. Under `--format nagios` the line goes to stdout
 * as `TCX-DOCTOR UNKNOWN - <reason>`, so a monitoring system shows why.
 */
import {Command} from '@oclif/core'
import {errorMessage} from '../engine/errors.js'
import type {SecretRegistry} from '../engine/secrets.js'
import {inertLine, inertText} from '../lib/format.js'

/** True when the command line asks for the Nagios format (`--format nagios` or `--format=nagios`). */
export function wantsNagios(argv: readonly string[]): boolean {
  return argv.some((arg, i) => arg === '--format=nagios' || (arg === '--format' && argv[i + 1] === 'nagios'))
}

/** The Nagios plugin line for a run that could not report: state UNKNOWN (exit 3). */
export function nagiosUnknownLine(reason: string): string {
  return `TCX-DOCTOR UNKNOWN - ${inertLine(reason).replace(/\|/g, '/')}\n`
}

export abstract class BaseCommand extends Command {
  /** Set once settings are known, so error lines are redacted too. */
  protected secrets?: SecretRegistry

  protected out(text: string): void {
    process.stdout.write(text)
  }

  /** One problem line on stderr, redacted and inert. */
  protected problem(line: string): void {
    process.stderr.write(`tcx-doctor: ${inertLine(this.secrets ? this.secrets.redact(line) : line)}\n`)
  }

  protected override async catch(error: Error & {oclif?: {exit?: number}; code?: string}): Promise<unknown> {
    if (error.code === 'EEXIT' || error.oclif?.exit === 0) throw error
    // A flag error stops parsing half way; oclif would then warn (outside production) that we never parsed.
    this.parsed = true
    const debug = this.argv.includes('--debug')
    let line = errorMessage(error).replace(/^Error: /, '')
    if (this.secrets) line = this.secrets.redact(line)
    if (wantsNagios(this.argv)) process.stdout.write(nagiosUnknownLine(line))
    else process.stderr.write(`tcx-doctor: ${inertLine(line)}\n`)
    if (debug && error.stack) process.stderr.write(`${inertText(this.secrets ? this.secrets.redact(error.stack) : error.stack)}\n`)
    process.exitCode = 3
    return undefined
  }
}
