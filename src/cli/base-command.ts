/**
 * The base of every command: errors become one line on stderr and exit code 3
 * (a stack trace only with --debug); secrets never reach the message.
 */
import {Command} from '@oclif/core'
import {errorMessage} from '../engine/errors.js'
import type {SecretRegistry} from '../engine/secrets.js'

export abstract class BaseCommand extends Command {
  /** Set once settings are known, so error lines are redacted too. */
  protected secrets?: SecretRegistry

  protected out(text: string): void {
    process.stdout.write(text)
  }

  protected override async catch(error: Error & {oclif?: {exit?: number}; code?: string}): Promise<unknown> {
    if (error.code === 'EEXIT' || error.oclif?.exit === 0) throw error
    // A flag error stops parsing half way; oclif would then warn (outside production) that we never parsed.
    this.parsed = true
    const debug = this.argv.includes('--debug')
    let line = errorMessage(error).replace(/^Error: /, '')
    if (this.secrets) line = this.secrets.redact(line)
    process.stderr.write(`tcx-doctor: ${line}\n`)
    if (debug && error.stack) process.stderr.write(`${this.secrets ? this.secrets.redact(error.stack) : error.stack}\n`)
    process.exitCode = 3
    return undefined
  }
}
