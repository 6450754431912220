/**
 * Settings from the flags, the config file and the defaults of the settings
 * table (setting-definitions.ts): flags win over the config, lists joined or
 * replaced as the table says, every number checked against its range. Bad
 * values become one UsageError line naming the flag or key and what it takes.
 */
import {isIP} from 'node:net'
import {UsageError} from '../engine/errors.js'
import {withoutUrlPassword} from '../engine/secrets.js'
import {windowsToIana} from '../sources/timezone.js'
import {resolveEmailSettings, type EmailFlags} from '../delivery/email-settings.js'
import {loadConfigFile, type ConfigFile} from './config-file.js'
import {SETTINGS, describeAllowed, type SettingDefinition} from './setting-definitions.js'
import {defaultSettings, type Settings, type Waiver} from './settings.js'
import {validateWaivers} from './waiver-config.js'

/** True when Intl knows the zone name. */
const isIanaZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-US', {timeZone: zone})
    return true
  } catch {
    return false
  }
}

/** The flags of `run` and `info` as oclif parses them: by flag name (see the settings table). */
export type SettingsFlags = EmailFlags & Record<string, unknown>

export const splitList = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [])
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined)
const record = (value: unknown): Record<string, unknown> => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {})

/** The value at a dotted config key (`db.timeoutSeconds`). */
const configValue = (config: ConfigFile, key: string): unknown => {
  const [first, second] = key.split('.') as [string, string | undefined]
  return second === undefined ? config[first] : record(config[first])[second]
}

export async function resolveSettings(flags: SettingsFlags, cwd: string = process.cwd()): Promise<Settings> {
  const {path, config} = await loadConfigFile(cwd, str(flags.config))
  return mergeSettings(flags, config, cwd, path)
}

/** A number typed on the command line: digits with an optional fraction, nothing else ("1e9", "0x10", "" are refused). */
const NUMBER_TEXT = /^\s*\d+(\.\d+)?\s*$/

/** One setting's value from its flag, its config key and its default; undefined when none gives it. */
function valueOf(s: SettingDefinition, flags: SettingsFlags, config: ConfigFile): unknown {
  const flag = s.flag === undefined ? undefined : flags[s.flag]
  const fromConfig = s.config === undefined ? undefined : configValue(config, s.config)
  const name = s.flag ? `--${s.flag}` : `config ${s.config}`
  const given = flag ?? fromConfig
  const where = flag !== undefined ? name : `config ${s.config}`
  switch (s.kind) {
    case 'boolean':
      return flag === true || fromConfig === true || s.default
    case 'list': {
      const flagItems = flag === undefined ? [] : s.flagForm === 'commas' ? splitList(str(flag)) : strings(flag)
      const configItems = strings(fromConfig)
      if (s.merge === 'join') return [...configItems, ...flagItems]
      if (flagItems.length > 0) return flagItems
      return configItems.length > 0 ? configItems : [...s.default]
    }
    case 'seconds':
    case 'integer': {
      if (given === undefined) return s.default === undefined ? undefined : s.kind === 'seconds' ? Math.round(s.default * 1000) : s.default
      const text = typeof given === 'string' ? given : String(given)
      const n = typeof given === 'number' ? given : NUMBER_TEXT.test(text) ? Number(text) : Number.NaN
      if (!Number.isFinite(n) || n < s.minimum || n > s.maximum || (s.kind === 'integer' && !Number.isInteger(n))) {
        const shown = text.length > 20 ? `${text.slice(0, 20)}…` : text
        throw new UsageError(`${where} must be ${describeAllowed(s)}, not "${shown}"`)
      }
      return s.kind === 'seconds' ? Math.round(n * 1000) : n
    }
    case 'enum': {
      const value = str(given) ?? s.default
      if (value !== undefined && !s.options.includes(value)) throw new UsageError(`${where} must be one of ${s.options.join(', ')}, not "${value}"`)
      return value
    }
    case 'string':
      return str(given) ?? s.default
  }
}

export function mergeSettings(flags: SettingsFlags, config: ConfigFile, cwd: string, configPath?: string): Settings {
  const settings = defaultSettings(cwd)
  const target = settings as unknown as Record<string, unknown>
  for (const s of SETTINGS) {
    if (s.field === 'configFile') continue
    const value = valueOf(s, flags, config)
    if (value !== undefined && value !== '') target[s.field] = value
  }
  if (configPath) settings.configFile = configPath
  settings.waivers = validateWaivers(Array.isArray(config.waivers) ? (config.waivers as Waiver[]) : [])
  settings.checkOptions = (config.checks as Settings['checkOptions'] | undefined) ?? {}
  // "none" among the servers disables the clock source; each item may itself be comma-separated.
  const servers = settings.ntpServers.flatMap(splitList)
  settings.ntpServers = servers.some((s) => s.toLowerCase() === 'none') ? [] : servers
  if (settings.tcxTimezone !== undefined) {
    // An IANA name, or a Windows zone id (what a Windows admin sees), mapped to IANA.
    const zone = isIanaZone(settings.tcxTimezone) ? settings.tcxTimezone : windowsToIana(settings.tcxTimezone)
    if (zone === undefined) {
      throw new UsageError(
        `--tcx-timezone "${settings.tcxTimezone}" is neither an IANA time zone name (e.g. Europe/Berlin) nor a known Windows zone id (e.g. W. Europe Standard Time)`,
      )
    }
    settings.tcxTimezone = zone
  }
  if (settings.dbUrl !== undefined && !/^postgres(ql)?:\/\//i.test(settings.dbUrl)) {
    throw new UsageError('--db-url must look like postgres://user:password@host:5480/database_single')
  }
  if (settings.consoleUrl !== undefined && !/^https?:\/\/[^/\s]+/i.test(settings.consoleUrl)) {
    throw new UsageError(`--console-url must be an http(s) URL such as https://pbx.example.com:5001/, not "${withoutUrlPassword(settings.consoleUrl)}"`)
  }
  const expected = settings.expectedIps.map((s) => s.trim()).filter((s) => s !== '')
  const bad = expected.filter((ip) => isIP(ip) === 0)
  if (bad.length > 0) throw new UsageError(`--expected-ip / expectedIps must be IP addresses (e.g. 10.20.30.40), not ${bad.map((b) => `"${b}"`).join(', ')}`)
  settings.expectedIps = [...new Set(expected)]
  const email = resolveEmailSettings(flags, config.email, cwd)
  if (email) settings.email = email
  return settings
}
