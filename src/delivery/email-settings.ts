/**
 * E-mail settings: from the run flags (--email-to, --email-from, --smtp-url,
 * --email-on, --state-file), the config file's `email` block, and the
 * environment (TCX_SMTP_PASSWORD). Flags win over the config; the password
 * comes from TCX_SMTP_PASSWORD, else the config's `email.password`, else the URL.
 * Every problem is one UsageError line, raised before any check runs.
 */
import {homedir} from 'node:os'
import {join, resolve, win32} from 'node:path'
import {UsageError} from '../engine/errors.js'
import {MAX_TIMEOUT_SECONDS, MIN_TIMEOUT_SECONDS} from '../config/setting-definitions.js'

export const EMAIL_ON = ['always', 'problems', 'changes'] as const
export type EmailOn = (typeof EMAIL_ON)[number]

/** The environment variable holding the SMTP password (kept out of the command line and the process list). */
export const SMTP_PASSWORD_ENV = 'TCX_SMTP_PASSWORD'

export const DEFAULT_SMTP_TIMEOUT_MS = 15_000

export interface EmailSettings {
  to: string[]
  from: string
  /** smtp://[user@]host[:port] (STARTTLS when offered) or smtps://[user@]host[:port] (TLS from the first byte). */
  smtpUrl: string
  /** Never printed: registered as a secret for every run that has it. */
  password?: string
  on: EmailOn
  /** Where `--email-on changes` keeps the non-passing results of the last run. */
  stateFile: string
  /** Extra CA certificates (PEM) that the SMTP server's certificate may chain to. */
  caFile?: string
  /** Connection, greeting and socket timeout. */
  timeoutMs: number
}

/** The run flags for e-mail, as oclif parses them. */
export interface EmailFlags {
  'email-to'?: string
  'email-from'?: string
  'smtp-url'?: string
  'email-on'?: string
  'state-file'?: string
}

/**
 * The per-user default state file:
 * Windows %LOCALAPPDATA%\tcx-doctor\state.json; elsewhere $XDG_STATE_HOME/tcx-doctor/state.json
 * or ~/.local/state/tcx-doctor/state.json.
 */
export function defaultStateFile(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home: string = homedir()): string {
  if (platform === 'win32') {
    const base = env.LOCALAPPDATA ?? win32.join(home, 'AppData', 'Local')
    return win32.join(base, 'tcx-doctor', 'state.json')
  }
  const base = env.XDG_STATE_HOME && env.XDG_STATE_HOME.startsWith('/') ? env.XDG_STATE_HOME : join(home, '.local', 'state')
  return join(base, 'tcx-doctor', 'state.json')
}

const ADDRESS = /^[^\s@<>,;"]+@[^\s@<>,;"]+$/
/** `a@b.c` or `Name <a@b.c>`. */
export function isMailAddress(value: string): boolean {
  const named = /^[^<>]*<([^<>]+)>$/.exec(value.trim())
  return ADDRESS.test(named ? named[1]!.trim() : value.trim())
}

const str = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined)

function addressList(value: unknown): string[] {
  const items = Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : typeof value === 'string' ? [value] : []
  return items
    .flatMap((v) => v.split(','))
    .map((s) => s.trim())
    .filter((s) => s !== '')
}

/** Checks an SMTP URL; returns the problem as a phrase, or undefined. */
export function smtpUrlProblem(value: string): string | undefined {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return 'is not a URL (expected smtp://user@host:port or smtps://user@host:port)'
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') return `has the scheme "${url.protocol.replace(/:$/, '')}"; use smtp:// (STARTTLS) or smtps:// (implicit TLS)`
  if (url.hostname === '') return 'names no host'
  const starttls = url.searchParams.get('starttls')
  if (starttls !== null && starttls !== 'required' && starttls !== 'auto') return `has starttls=${starttls}; use starttls=required or leave it out`
  return undefined
}

/**
 * The e-mail settings, or undefined when no recipient is given anywhere.
 * `config` is the config file's `email` block (already schema-checked).
 */
export function resolveEmailSettings(flags: EmailFlags, config: unknown, cwd: string, env: NodeJS.ProcessEnv = process.env): EmailSettings | undefined {
  const c = config !== null && typeof config === 'object' ? (config as Record<string, unknown>) : {}
  const to = flags['email-to'] !== undefined ? addressList(flags['email-to']) : addressList(c.to)
  if (to.length === 0) {
    const orphan = (['email-from', 'smtp-url', 'email-on', 'state-file'] as const).find((f) => flags[f] !== undefined)
    if (orphan) throw new UsageError(`--${orphan} needs --email-to (or "to" in the config's email block): nobody to send the report to`)
    return undefined
  }
  const bad = to.find((a) => !isMailAddress(a))
  if (bad) throw new UsageError(`--email-to: "${bad}" is not an e-mail address (use name@example.com, several separated by commas)`)
  const from = str(flags['email-from']) ?? str(c.from)
  if (!from) throw new UsageError('--email-to needs a sender: add --email-from ADDR (or "from" in the config\'s email block)')
  if (!isMailAddress(from)) throw new UsageError(`--email-from: "${from}" is not an e-mail address (use name@example.com or "Name <name@example.com>")`)
  const smtpUrl = str(flags['smtp-url']) ?? str(c.smtpUrl)
  if (!smtpUrl) throw new UsageError('--email-to needs the mail server: add --smtp-url smtp://user@host:587 (or "smtpUrl" in the config\'s email block)')
  const problem = smtpUrlProblem(smtpUrl)
  if (problem) throw new UsageError(`--smtp-url ${problem}`)
  const on = str(flags['email-on']) ?? str(c.on) ?? 'always'
  if (!EMAIL_ON.includes(on as EmailOn)) throw new UsageError(`--email-on must be one of ${EMAIL_ON.join(', ')}, not "${on}"`)
  const url = new URL(smtpUrl)
  const password = str(env[SMTP_PASSWORD_ENV]) ?? (typeof c.password === 'string' && c.password !== '' ? c.password : undefined) ?? (url.password ? decodeURIComponent(url.password) : undefined)
  if (url.username && password === undefined) {
    throw new UsageError(
      `--smtp-url names the user "${decodeURIComponent(url.username)}" but no password was given: set ${SMTP_PASSWORD_ENV} or "password" in the config's email block`,
    )
  }
  const stateFile = str(flags['state-file']) ?? str(c.stateFile)
  const caFile = str(c.caFile)
  const timeoutSeconds = typeof c.timeoutSeconds === 'number' ? c.timeoutSeconds : undefined
  if (timeoutSeconds !== undefined && !(timeoutSeconds >= MIN_TIMEOUT_SECONDS && timeoutSeconds <= MAX_TIMEOUT_SECONDS)) {
    throw new UsageError(`config email.timeoutSeconds must be a number of seconds from ${MIN_TIMEOUT_SECONDS} to ${MAX_TIMEOUT_SECONDS}, not "${timeoutSeconds}"`)
  }
  return {
    to,
    from,
    smtpUrl,
    ...(password === undefined ? {} : {password}),
    on: on as EmailOn,
    stateFile: stateFile ? resolve(cwd, stateFile) : defaultStateFile(env),
    ...(caFile ? {caFile: resolve(cwd, caFile)} : {}),
    timeoutMs: timeoutSeconds === undefined ? DEFAULT_SMTP_TIMEOUT_MS : Math.round(timeoutSeconds * 1000),
  }
}

/** The config file's `email` block (merged into config-schema.ts). */
export const emailConfigSchema = {
  type: 'object',
  additionalProperties: false,
  description: 'E-mailed report (see docs/DELIVERY.md). Flags override these keys.',
  properties: {
    to: {anyOf: [{type: 'string', minLength: 3}, {type: 'array', items: {type: 'string', minLength: 3}}]},
    from: {type: 'string', minLength: 3},
    smtpUrl: {type: 'string', pattern: '^smtps?://'},
    password: {type: 'string'},
    on: {enum: [...EMAIL_ON]},
    stateFile: {type: 'string', minLength: 1},
    caFile: {type: 'string', minLength: 1},
    timeoutSeconds: {type: 'number', minimum: MIN_TIMEOUT_SECONDS, maximum: MAX_TIMEOUT_SECONDS},
  },
} as const
