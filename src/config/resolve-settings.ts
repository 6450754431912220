/**
 * Merges the config file and the flags into Settings (flags win; lists from
 * both are joined). Bad values become one UsageError line.
 */
import {isIP} from 'node:net'
import {UsageError} from '../engine/errors.js'
import {windowsToIana} from '../sources/timezone.js'
import {resolveEmailSettings, type EmailFlags} from '../delivery/email-settings.js'
import {loadConfigFile, type ConfigFile} from './config-file.js'
import {FAIL_ON, defaultSettings, type FailOn, type Settings, type Waiver} from './settings.js'

/** True when Intl knows the zone name. */
const isIanaZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-US', {timeZone: zone})
    return true
  } catch {
    return false
  }
}

/** The flags shared by `run` and `info`, as oclif parses them. */
export interface SettingsFlags extends EmailFlags {
  config?: string
  'install-dir'?: string
  'data-dir'?: string
  ini?: string
  'app-dir'?: string[]
  'app-search'?: string[]
  only?: string
  skip?: string
  timeout?: number
  'fail-on'?: string
  'checks-dir'?: string[]
  debug?: boolean
  demo?: boolean
  'ntp-server'?: string[]
  'tcx-timezone'?: string
  'db-url'?: string
  'console-url'?: string
  'console-user'?: string
  'console-password'?: string
  insecure?: boolean
  'sip-probe'?: boolean
  'expected-ip'?: string[]
  'physical-interface'?: string[]
}

export const splitList = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [])
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined)

export async function resolveSettings(flags: SettingsFlags, cwd: string = process.cwd()): Promise<Settings> {
  const {path, config} = await loadConfigFile(cwd, flags.config)
  return mergeSettings(flags, config, cwd, path)
}

export function mergeSettings(flags: SettingsFlags, config: ConfigFile, cwd: string, configPath?: string): Settings {
  const settings = defaultSettings(cwd)
  if (configPath) settings.configFile = configPath
  const installDir = flags['install-dir'] ?? str(config.installDir)
  if (installDir) settings.installDir = installDir
  const dataDir = flags['data-dir'] ?? str(config.dataDir)
  if (dataDir) settings.dataDir = dataDir
  const ini = flags.ini ?? str(config.ini)
  if (ini) settings.iniFile = ini
  settings.appDirs = [...strings(config.appDirs), ...(flags['app-dir'] ?? [])]
  settings.only = [...strings(config.only), ...splitList(flags.only)]
  settings.appSearchDirs = [...strings(config.appSearch), ...(flags['app-search'] ?? [])]
  settings.skip = [...strings(config.skip), ...splitList(flags.skip)]
  const timeoutSeconds = flags.timeout ?? (typeof config.timeoutSeconds === 'number' ? config.timeoutSeconds : undefined)
  if (timeoutSeconds !== undefined) {
    if (!(timeoutSeconds > 0) || !Number.isFinite(timeoutSeconds)) throw new UsageError(`--timeout must be a positive number of seconds, not ${timeoutSeconds}`)
    settings.timeoutMs = Math.round(timeoutSeconds * 1000)
  }
  const failOn = flags['fail-on'] ?? str(config.failOn)
  if (failOn !== undefined) {
    if (!FAIL_ON.includes(failOn as FailOn)) throw new UsageError(`--fail-on must be one of ${FAIL_ON.join(', ')}, not "${failOn}"`)
    settings.failOn = failOn as FailOn
  }
  settings.checksDirs = [...strings(config.checksDirs), ...(flags['checks-dir'] ?? [])]
  settings.plugins = strings(config.plugins)
  settings.waivers = Array.isArray(config.waivers) ? (config.waivers as Waiver[]) : []
  settings.checkOptions = (config.checks as Settings['checkOptions'] | undefined) ?? {}
  settings.debug = flags.debug === true
  settings.demo = flags.demo === true
  const ntpServers = flags['ntp-server'] && flags['ntp-server'].length > 0 ? flags['ntp-server'] : strings(config.ntpServers)
  if (ntpServers.length > 0) {
    const servers = ntpServers.flatMap(splitList)
    settings.ntpServers = servers.some((s) => s.toLowerCase() === 'none') ? [] : servers
  }
  const tcxTimezone = flags['tcx-timezone'] ?? str(config.tcxTimezone)
  if (tcxTimezone !== undefined) {
    // An IANA name, or a Windows zone id (what a Windows admin sees), mapped to IANA.
    const zone = isIanaZone(tcxTimezone) ? tcxTimezone : windowsToIana(tcxTimezone)
    if (zone === undefined) {
      throw new UsageError(`--tcx-timezone "${tcxTimezone}" is neither an IANA time zone name (e.g. Europe/Berlin) nor a known Windows zone id (e.g. W. Europe Standard Time)`)
    }
    settings.tcxTimezone = zone
  }
  mergeDbAndConsole(settings, flags, config)
  const email = resolveEmailSettings(flags, config.email, cwd)
  if (email) settings.email = email
  mergeNetwork(settings, flags, config)
  return settings
}

const record = (value: unknown): Record<string, unknown> => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {})

/** `--db-url` / config `db: {url, host, port, timeoutSeconds}`; `--console-*` / config `console: {url, user, password, timeoutSeconds, insecure}`. */
function mergeDbAndConsole(settings: Settings, flags: SettingsFlags, config: ConfigFile): void {
  const db = record(config.db)
  const dbUrl = flags['db-url'] ?? str(db.url)
  if (dbUrl !== undefined) {
    if (!/^postgres(ql)?:\/\//i.test(dbUrl)) throw new UsageError('--db-url must look like postgres://user:password@host:5480/database_single')
    settings.dbUrl = dbUrl
  }
  if (str(db.host)) settings.dbHost = str(db.host)
  if (typeof db.port === 'number') settings.dbPort = db.port
  if (typeof db.timeoutSeconds === 'number') settings.dbTimeoutMs = Math.round(db.timeoutSeconds * 1000)
  const consoleConfig = record(config.console)
  const consoleUrl = flags['console-url'] ?? str(consoleConfig.url)
  if (consoleUrl !== undefined) {
    if (!/^https?:\/\/[^/\s]+/i.test(consoleUrl)) throw new UsageError(`--console-url must be an http(s) URL such as https://pbx.example.com:5001/, not "${consoleUrl}"`)
    settings.consoleUrl = consoleUrl
  }
  const consoleUser = flags['console-user'] ?? str(consoleConfig.user)
  if (consoleUser !== undefined) settings.consoleUser = consoleUser
  const consolePassword = flags['console-password'] ?? str(consoleConfig.password)
  if (consolePassword !== undefined) settings.consolePassword = consolePassword
  if (typeof consoleConfig.timeoutSeconds === 'number') settings.consoleTimeoutMs = Math.round(consoleConfig.timeoutSeconds * 1000)
  settings.insecure = flags.insecure === true || consoleConfig.insecure === true
  settings.sipProbe = flags['sip-probe'] === true
}

/** `--expected-ip` / config `expectedIps`; `--physical-interface` / config `network: {physicalInterfaces, virtualInterfaces}`. */
function mergeNetwork(settings: Settings, flags: SettingsFlags, config: ConfigFile): void {
  const expected = [...strings(config.expectedIps), ...(flags['expected-ip'] ?? [])].map((s) => s.trim()).filter((s) => s !== '')
  const bad = expected.filter((ip) => isIP(ip) === 0)
  if (bad.length > 0) throw new UsageError(`--expected-ip / expectedIps must be IP addresses (e.g. 10.20.30.40), not ${bad.map((b) => `"${b}"`).join(', ')}`)
  settings.expectedIps = [...new Set(expected)]
  const network = config.network !== null && typeof config.network === 'object' ? (config.network as Record<string, unknown>) : {}
  settings.physicalInterfaces = [...strings(network.physicalInterfaces), ...(flags['physical-interface'] ?? [])]
  settings.virtualInterfaces = strings(network.virtualInterfaces)
}
