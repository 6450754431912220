/**
 * Settings: what a run is told, from flags and the config file merged (flags win).
 * Each later feature adds its own fields here; checks read them through the context.
 */
import type {EmailSettings} from '../delivery/email-settings.js'

import type {FailOn} from '../engine/status.js'
import {SETTINGS} from './setting-definitions.js'

export {DEFAULT_NTP_SERVER} from './setting-definitions.js'

export {FAIL_ON, type FailOn} from '../engine/status.js'

export interface Waiver {
  id: string
  reason: string
  /** ISO date (YYYY-MM-DD) or date-time; the waiver stops counting after it. */
  until?: string
}

export interface Settings {
  /** The folder commands run from; relative paths are taken from here. */
  cwd: string
  configFile?: string
  installDir?: string
  dataDir?: string
  iniFile?: string
  appDirs: string[]
  /** Folders searched (bounded depth) for application folders holding 3cxpscomcpp2.dll (`--app-search`). */
  appSearchDirs: string[]
  only: string[]
  skip: string[]
  /** Every check's time limit when given (`--timeout`, config timeoutSeconds); otherwise each check's own default applies. */
  timeoutMs?: number
  failOn: FailOn
  /** Sources the run must use (`--require db,console`): one unavailable or unused makes the verdict unknown. */
  require: string[]
  /** Checks (ids or --skip patterns) that must give pass, warn or fail (`--require-checks`). */
  requireChecks: string[]
  checksDirs: string[]
  plugins: string[]
  waivers: Waiver[]
  /** Per-check options (thresholds), by check id. */
  checkOptions: Record<string, Record<string, unknown>>
  /** Secrets given on the command line or in the config; registered for redaction. */
  debug: boolean
  demo: boolean
  /** Which sample PBX `--demo` diagnoses: v15 (the v15.5 Windows sample, the default) or v20 (the Debian v20 sample); `--demo v20` sets it. */
  demoVersion?: 'v15' | 'v20'
  /** E-mailed report (`--email-to` ... or config `email`); undefined when nobody is to get one. */
  email?: EmailSettings
  /** SNTP servers (host or host:port) for time.clock-drift; empty disables the clock source (`--ntp-server none`). */
  ntpServers: string[]
  /** 3CX's time zone (IANA name) when the database does not tell it (`--tcx-timezone`). */
  tcxTimezone?: string
  /** Database: an explicit connection URL (`--db-url`, wins over the ini and config.json). */
  dbUrl?: string
  /** Database: host and port that replace the ini's DBHost/DBPort (an SSH tunnel, the demo); the account still comes from the ini. */
  dbHost?: string
  dbPort?: number
  /** Database connect and statement timeout. */
  dbTimeoutMs: number
  /** Management console base URL (`--console-url`), else the database parameter WEB_ROOT_LOCAL. */
  consoleUrl?: string
  /** Console account (`--console-user`, `--console-password` or env TCX_CONSOLE_PASSWORD), else WEBSERVERUSER/WEBSERVERPASS. */
  consoleUser?: string
  consolePassword?: string
  /** Console API dialect (`--console-api`): v15 (v15 to v18), v20, or auto-detected. */
  consoleApi?: 'auto' | 'v15' | 'v20'
  /** v20 service principal (`--console-client-id` / TCX_CONSOLE_CLIENT_ID, `--console-client-secret` / TCX_CONSOLE_CLIENT_SECRET). */
  consoleClientId?: string
  consoleClientSecret?: string
  /** Console request timeout. */
  consoleTimeoutMs: number
  /** Accept self-signed TLS certificates of a console that is not on loopback (`--insecure`). */
  insecure: boolean
  /** Send a SIP REGISTER with configured trunk credentials to loopback trunks (`run --sip-probe`). */
  sipProbe: boolean
  /** Addresses 3CX is expected at (`--expected-ip`, config expectedIps), for network.ip-changed. */
  expectedIps: string[]
  /** Interface names or MACs counted as physical cards / virtual adapters whatever they look like (config network: {physicalInterfaces, virtualInterfaces}, --physical-interface). */
  physicalInterfaces: string[]
  virtualInterfaces: string[]
  /** The http(s) URL the HTML report resolves a check's `docs` path against (config docsBaseUrl); undefined: the project's repository. */
  docsBaseUrl?: string
}

/** A check's time limit when it declares none and no --timeout is given. */
export const DEFAULT_CHECK_TIMEOUT_MS = 10_000

/** Settings with every default of the settings table (setting-definitions.ts). */
export function defaultSettings(cwd: string = process.cwd()): Settings {
  const settings: Record<string, unknown> = {cwd, waivers: [], checkOptions: {}}
  for (const s of SETTINGS) {
    if (s.default === undefined) continue
    settings[s.field] = s.kind === 'seconds' ? Math.round(s.default * 1000) : Array.isArray(s.default) ? [...s.default] : s.default
  }
  return settings as unknown as Settings
}
