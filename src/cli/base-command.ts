/**
 * The base of every command: errors become one line on stderr and exit code 3
 * (a stack trace only with --debug); secrets never reach the message, and control
 * characters in it are shown inertly. Under `--format nagios` the line goes to stdout
 * as `TCX-DOCTOR UNKNOWN - <reason>`, so a monitoring system shows why.
 */
import {Command, toConfiguredId, type Interfaces} from '@oclif/core'
import {DEMO_VERSIONS} from '../config/setting-definitions.js'
import {UsageError, errorMessage} from '../engine/errors.js'
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

/**
 * `--demo v20` (and `--demo=v20`) become `--demo --demo-version v20`: oclif has no flags with an
 * optional value, and the commands that take --demo take no arguments, so a word after `--demo`
 * can only be the demo version. A word that is not a known version is one usage line naming them.
 * Nothing after `--` is touched.
 */
export function normaliseDemoArgv(argv: readonly string[]): string[] {
  const out: string[] = []
  const known = DEMO_VERSIONS as readonly string[]
  const refuse = (word: string): never => {
    throw new UsageError(`--demo ${word}: no such sample PBX; the word after --demo is one of ${DEMO_VERSIONS.join(', ')} (--demo alone is v15)`)
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === '--') {
      out.push(...argv.slice(i))
      break
    }
    const inline = /^--demo=(.*)$/.exec(arg)
    if (inline) {
      const word = inline[1]!
      if (!known.includes(word)) refuse(word)
      out.push('--demo', '--demo-version', word)
      continue
    }
    out.push(arg)
    const next = argv[i + 1]
    if (arg !== '--demo' || next === undefined || next.startsWith('-')) continue
    if (!known.includes(next)) refuse(next)
    out.push('--demo-version', next)
    i++
  }
  return out
}

/**
 * The whole reason of one of oclif's parse errors (unknown flag, missing argument or value, a value
 * not among the options) on one line: its lines joined, oclif's "See more help with --help" dropped.
 */
export function parseErrorReason(message: string): string {
  const lines = message
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !/^See more help with/.test(line))
    .map((line) => line.replace(/\s+/g, ' '))
  const reason = lines.reduce((joined, line) => (joined === '' ? line : `${joined}${/[:;.]$/.test(joined) ? ' ' : '; '}${line}`), '')
  return reason.replace(/[.;:]$/, '')
}

/** Marks an error thrown while oclif parsed the command line (a flag, value or argument error). */
const PARSE_ERROR = Symbol('tcx-doctor parse error')

function isParseError(error: Error): boolean {
  return (error as {[PARSE_ERROR]?: boolean})[PARSE_ERROR] === true
}

export abstract class BaseCommand extends Command {
  /** Set once settings are known, so error lines are redacted too. */
  protected secrets?: SecretRegistry

  /** Commands that take --demo accept `--demo v20`: argv is normalised before oclif parses it. */
  public override async init(): Promise<void> {
    const flags = (this.constructor as typeof Command).flags as Record<string, unknown> | undefined
    if (flags && 'demo' in flags) this.argv = normaliseDemoArgv(this.argv)
    await super.init()
  }

  /** oclif's parse; what it throws is marked so that catch() can point to the command's help. */
  protected override async parse<F extends Record<string, unknown>, B extends Record<string, unknown>, A extends Record<string, unknown>>(
    options?: Interfaces.Input<F, B, A>,
    argv?: string[],
  ): Promise<Interfaces.ParserOutput<F, B, A>> {
    try {
      return await super.parse(options, argv)
    } catch (error) {
      if (error instanceof Error) Object.defineProperty(error, PARSE_ERROR, {value: true})
      throw error
    }
  }

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
    let line = isParseError(error) ? `${parseErrorReason(error.message)}. See \`${this.config.bin} help ${toConfiguredId(this.id ?? '', this.config)}\`.` : errorMessage(error)
    line = line.replace(/^Error: /, '')
    if (this.secrets) line = this.secrets.redact(line)
    if (wantsNagios(this.argv)) process.stdout.write(nagiosUnknownLine(line))
    else process.stderr.write(`tcx-doctor: ${inertLine(line)}\n`)
    if (debug && error.stack) process.stderr.write(`${inertText(this.secrets ? this.secrets.redact(error.stack) : error.stack)}\n`)
    process.exitCode = 3
    return undefined
  }
}
