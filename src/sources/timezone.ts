/**
 * The machine's time zone (IANA name and UTC offset) and zone arithmetic.
 *
 * Where the zone comes from, in order: the TZ environment variable (what this
 * process and the services it stands for see), Intl (ICU, which follows the OS
 * setting), /etc/timezone, the /etc/localtime link, `timedatectl`, and on
 * Windows `tzutil /g` with a table of the common Windows zone names (a subset of
 * CLDR's windowsZones.xml, territory 001). The pure functions take `now` so they
 * are deterministic under test.
 */
import {execFile} from 'node:child_process'
import {readFileSync, readlinkSync} from 'node:fs'
import type {SourceDefinition} from '../engine/context.js'
import {SourceUnavailableError} from '../engine/errors.js'

/** Windows zone id -> IANA (CLDR windowsZones.xml, the "001" territory of each). */
export const WINDOWS_TO_IANA: Readonly<Record<string, string>> = {
  'Dateline Standard Time': 'Etc/GMT+12',
  'UTC-11': 'Etc/GMT+11',
  'Hawaiian Standard Time': 'Pacific/Honolulu',
  'Alaskan Standard Time': 'America/Anchorage',
  'Pacific Standard Time (Mexico)': 'America/Tijuana',
  'Pacific Standard Time': 'America/Los_Angeles',
  'US Mountain Standard Time': 'America/Phoenix',
  'Mountain Standard Time (Mexico)': 'America/Mazatlan',
  'Mountain Standard Time': 'America/Denver',
  'Central America Standard Time': 'America/Guatemala',
  'Central Standard Time': 'America/Chicago',
  'Central Standard Time (Mexico)': 'America/Mexico_City',
  'Canada Central Standard Time': 'America/Regina',
  'SA Pacific Standard Time': 'America/Bogota',
  'Eastern Standard Time': 'America/New_York',
  'US Eastern Standard Time': 'America/Indiana/Indianapolis',
  'Cuba Standard Time': 'America/Havana',
  'Venezuela Standard Time': 'America/Caracas',
  'Paraguay Standard Time': 'America/Asuncion',
  'Atlantic Standard Time': 'America/Halifax',
  'SA Western Standard Time': 'America/La_Paz',
  'Pacific SA Standard Time': 'America/Santiago',
  'Newfoundland Standard Time': 'America/St_Johns',
  'E. South America Standard Time': 'America/Sao_Paulo',
  'Argentina Standard Time': 'America/Argentina/Buenos_Aires',
  'SA Eastern Standard Time': 'America/Cayenne',
  'Montevideo Standard Time': 'America/Montevideo',
  'UTC-02': 'Etc/GMT+2',
  'Azores Standard Time': 'Atlantic/Azores',
  'Cape Verde Standard Time': 'Atlantic/Cape_Verde',
  UTC: 'Etc/UTC',
  'GMT Standard Time': 'Europe/London',
  'Greenwich Standard Time': 'Atlantic/Reykjavik',
  'Morocco Standard Time': 'Africa/Casablanca',
  'W. Europe Standard Time': 'Europe/Berlin',
  'Central Europe Standard Time': 'Europe/Budapest',
  'Romance Standard Time': 'Europe/Paris',
  'Central European Standard Time': 'Europe/Warsaw',
  'W. Central Africa Standard Time': 'Africa/Lagos',
  'Namibia Standard Time': 'Africa/Windhoek',
  'Jordan Standard Time': 'Asia/Amman',
  'GTB Standard Time': 'Europe/Bucharest',
  'Middle East Standard Time': 'Asia/Beirut',
  'Egypt Standard Time': 'Africa/Cairo',
  'E. Europe Standard Time': 'Europe/Chisinau',
  'Syria Standard Time': 'Asia/Damascus',
  'South Africa Standard Time': 'Africa/Johannesburg',
  'FLE Standard Time': 'Europe/Kiev',
  'Israel Standard Time': 'Asia/Jerusalem',
  'Kaliningrad Standard Time': 'Europe/Kaliningrad',
  'Arabic Standard Time': 'Asia/Baghdad',
  'Turkey Standard Time': 'Europe/Istanbul',
  'Arab Standard Time': 'Asia/Riyadh',
  'Belarus Standard Time': 'Europe/Minsk',
  'Russian Standard Time': 'Europe/Moscow',
  'E. Africa Standard Time': 'Africa/Nairobi',
  'Iran Standard Time': 'Asia/Tehran',
  'Arabian Standard Time': 'Asia/Dubai',
  'Azerbaijan Standard Time': 'Asia/Baku',
  'Mauritius Standard Time': 'Indian/Mauritius',
  'Georgian Standard Time': 'Asia/Tbilisi',
  'Caucasus Standard Time': 'Asia/Yerevan',
  'Afghanistan Standard Time': 'Asia/Kabul',
  'West Asia Standard Time': 'Asia/Tashkent',
  'Ekaterinburg Standard Time': 'Asia/Yekaterinburg',
  'Pakistan Standard Time': 'Asia/Karachi',
  'India Standard Time': 'Asia/Kolkata',
  'Sri Lanka Standard Time': 'Asia/Colombo',
  'Nepal Standard Time': 'Asia/Kathmandu',
  'Central Asia Standard Time': 'Asia/Almaty',
  'Bangladesh Standard Time': 'Asia/Dhaka',
  'Myanmar Standard Time': 'Asia/Yangon',
  'SE Asia Standard Time': 'Asia/Bangkok',
  'N. Central Asia Standard Time': 'Asia/Novosibirsk',
  'North Asia Standard Time': 'Asia/Krasnoyarsk',
  'China Standard Time': 'Asia/Shanghai',
  'North Asia East Standard Time': 'Asia/Irkutsk',
  'Singapore Standard Time': 'Asia/Singapore',
  'W. Australia Standard Time': 'Australia/Perth',
  'Taipei Standard Time': 'Asia/Taipei',
  'Ulaanbaatar Standard Time': 'Asia/Ulaanbaatar',
  'Tokyo Standard Time': 'Asia/Tokyo',
  'Korea Standard Time': 'Asia/Seoul',
  'Yakutsk Standard Time': 'Asia/Yakutsk',
  'Cen. Australia Standard Time': 'Australia/Adelaide',
  'AUS Central Standard Time': 'Australia/Darwin',
  'E. Australia Standard Time': 'Australia/Brisbane',
  'AUS Eastern Standard Time': 'Australia/Sydney',
  'West Pacific Standard Time': 'Pacific/Port_Moresby',
  'Tasmania Standard Time': 'Australia/Hobart',
  'Vladivostok Standard Time': 'Asia/Vladivostok',
  'Central Pacific Standard Time': 'Pacific/Guadalcanal',
  'New Zealand Standard Time': 'Pacific/Auckland',
  'UTC+12': 'Etc/GMT-12',
  'Fiji Standard Time': 'Pacific/Fiji',
  'Tonga Standard Time': 'Pacific/Tongatapu',
  'Samoa Standard Time': 'Pacific/Apia',
  'Line Islands Standard Time': 'Pacific/Kiritimati',
}

const WINDOWS_BY_LOWER = new Map(Object.entries(WINDOWS_TO_IANA).map(([k, v]) => [k.toLowerCase(), v]))

/** The IANA name for a Windows zone id (case-insensitive), or undefined. */
export function windowsToIana(windowsName: string): string | undefined {
  return WINDOWS_BY_LOWER.get(windowsName.trim().toLowerCase())
}

const formatters = new Map<string, Intl.DateTimeFormat>()
function offsetFormatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {timeZone: zone, timeZoneName: 'longOffset', year: 'numeric'})
    formatters.set(zone, f)
  }
  return f
}

/** The canonical IANA name when Intl knows the zone (aliases resolve to one name), else undefined. */
export function canonicalZone(zone: string): string | undefined {
  const name = zone.trim().replace(/^:/, '')
  if (name === '' || !/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(name)) return undefined
  try {
    return new Intl.DateTimeFormat('en-US', {timeZone: name}).resolvedOptions().timeZone
  } catch {
    return undefined
  }
}

/** The zone's UTC offset at `at`, in minutes east of UTC (Europe/Berlin in winter: 60). */
export function offsetMinutes(zone: string, at: Date): number {
  const part = offsetFormatter(zone).formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT'
  const m = /^GMT(?:([+-])(\d{1,2})(?::?(\d{2}))?)?$/.exec(part)
  if (!m) throw new Error(`cannot read the UTC offset of ${zone} ("${part}")`)
  if (m[1] === undefined) return 0
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0)
  return m[1] === '-' ? -minutes : minutes
}

/** "+01:00" for 60 (minutes east of UTC). */
export function formatUtcOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+'
  const abs = Math.abs(minutes)
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`
}

export interface OffsetDifference {
  /** First sampled instant (ISO) at which the offsets differ. */
  from: string
  /** Last sampled instant (ISO) of that stretch. */
  until: string
  offsetA: number
  offsetB: number
}

export interface ZoneComparison {
  zoneA: string
  zoneB: string
  offsetANow: number
  offsetBNow: number
  sameNow: boolean
  /** Stretches within the horizon where the offsets differ. */
  differences: OffsetDifference[]
  horizonDays: number
}

/**
 * Compares two zones' offsets now and every 6 hours over the next `horizonDays`
 * (default 366): two zones with the same offset today may differ in summer.
 */
export function compareZones(zoneA: string, zoneB: string, now: Date, horizonDays = 366): ZoneComparison {
  const step = 6 * 3_600_000
  const end = now.getTime() + horizonDays * 86_400_000
  const differences: OffsetDifference[] = []
  let open: OffsetDifference | undefined
  for (let t = now.getTime(); t <= end; t += step) {
    const at = new Date(t)
    const a = offsetMinutes(zoneA, at)
    const b = offsetMinutes(zoneB, at)
    if (a !== b) {
      if (open && open.offsetA === a && open.offsetB === b) open.until = at.toISOString()
      else {
        open = {from: at.toISOString(), until: at.toISOString(), offsetA: a, offsetB: b}
        differences.push(open)
      }
    } else {
      open = undefined
    }
  }
  const offsetANow = offsetMinutes(zoneA, now)
  const offsetBNow = offsetMinutes(zoneB, now)
  return {zoneA, zoneB, offsetANow, offsetBNow, sameNow: offsetANow === offsetBNow, differences, horizonDays}
}

/**
 * Reads a value 3CX may hold for its zone: an IANA name or a Windows zone id.
 * Anything else (a display name such as "(UTC+01:00) Amsterdam, Berlin", a bare
 * offset) is not guessed: undefined.
 */
export function interpretZoneValue(value: string): {zone: string; from: 'iana' | 'windows'} | undefined {
  const text = value.trim()
  const windows = windowsToIana(text)
  if (windows) return {zone: windows, from: 'windows'}
  // A bare "UTC"/"GMT" is both a Windows id and an IANA alias: handled above for UTC.
  if (!text.includes('/') && !/^(UTC|GMT|Etc\/)/i.test(text)) return undefined
  const canonical = canonicalZone(text)
  return canonical ? {zone: canonical, from: 'iana'} : undefined
}

export interface MachineZone {
  /** Canonical IANA name. */
  zone: string
  /** Where it was learnt: "TZ environment variable", "Intl (ICU)", "/etc/timezone", ... */
  from: string
  /** The Windows zone id when it came from tzutil. */
  windowsName?: string
  /** UTC offset now, minutes east. */
  offsetMinutes: number
  /** Other places that name a zone, when they disagree with `zone` (a changed zone not yet applied). */
  disagreeing: Array<{from: string; value: string}>
}

export interface ZoneProbes {
  env: NodeJS.ProcessEnv
  platform: NodeJS.Platform
  intlZone: () => string | undefined
  readFile: (path: string) => string | undefined
  readLink: (path: string) => string | undefined
  run: (command: string, args: string[]) => Promise<string | undefined>
}

const safely = <T>(fn: () => T): T | undefined => {
  try {
    return fn()
  } catch {
    return undefined
  }
}

export const realProbes: ZoneProbes = {
  env: process.env,
  platform: process.platform,
  intlZone: () => safely(() => Intl.DateTimeFormat().resolvedOptions().timeZone),
  readFile: (path) => safely(() => readFileSync(path, 'utf8')),
  readLink: (path) => safely(() => readlinkSync(path)),
  run: (command, args) =>
    new Promise((resolvePromise) => {
      execFile(command, args, {timeout: 3000, windowsHide: true}, (error, stdout) => resolvePromise(error ? undefined : stdout.trim()))
    }),
}

/** Finds the machine's zone; throws SourceUnavailableError naming every place tried. */
export async function detectMachineZone(now: Date, probes: ZoneProbes = realProbes): Promise<MachineZone> {
  const found: Array<{from: string; value: string; zone?: string; windowsName?: string}> = []
  const tz = probes.env.TZ
  if (tz !== undefined && tz.trim() !== '') found.push({from: 'TZ environment variable', value: tz, ...zoneOf(tz)})
  const intl = probes.intlZone()
  if (intl) found.push({from: 'Intl (ICU)', value: intl, ...zoneOf(intl)})
  if (probes.platform === 'win32') {
    const windowsName = await probes.run('tzutil', ['/g'])
    if (windowsName) {
      const zone = windowsToIana(windowsName.replace(/_dstoff$/i, ''))
      found.push({from: 'tzutil /g', value: windowsName, windowsName, ...(zone ? {zone} : {})})
    }
  } else {
    const etcTimezone = probes.readFile('/etc/timezone')?.trim()
    if (etcTimezone) found.push({from: '/etc/timezone', value: etcTimezone, ...zoneOf(etcTimezone)})
    const link = probes.readLink('/etc/localtime')
    const linked = link ? /zoneinfo\/(.+)$/.exec(link)?.[1] : undefined
    if (linked) found.push({from: '/etc/localtime', value: linked, ...zoneOf(linked)})
    if (!found.some((f) => f.zone)) {
      const timedatectl = await probes.run('timedatectl', ['show', '-p', 'Timezone', '--value'])
      if (timedatectl) found.push({from: 'timedatectl', value: timedatectl, ...zoneOf(timedatectl)})
    }
  }
  const chosen = found.find((f) => f.zone !== undefined)
  if (!chosen?.zone) {
    const tried = found.map((f) => `${f.from} gave "${f.value}" (not an IANA zone name)`)
    throw new SourceUnavailableError(
      'timezone',
      `cannot tell this machine's time zone (${tried.length > 0 ? tried.join('; ') : 'TZ, Intl, /etc/timezone, /etc/localtime and timedatectl named none'}); set TZ to an IANA name such as Europe/Berlin`,
    )
  }
  const zone = chosen.zone
  const disagreeing = found
    .filter((f) => f !== chosen && f.zone !== undefined && f.zone !== zone && compareZones(zone, f.zone, now, 0).sameNow === false)
    .map((f) => ({from: f.from, value: f.value}))
  return {
    zone,
    from: chosen.from,
    ...(chosen.windowsName ? {windowsName: chosen.windowsName} : {}),
    offsetMinutes: offsetMinutes(zone, now),
    disagreeing,
  }
}

function zoneOf(value: string): {zone?: string} {
  const text = value.trim().replace(/^:/, '')
  const zone = canonicalZone(text) ?? windowsToIana(text)
  return zone ? {zone} : {}
}

/** The timezone source: the machine's zone. */
export const timezoneSource: SourceDefinition<MachineZone> = {
  name: 'timezone',
  open: () => detectMachineZone(new Date()),
  info: {
    title: 'Time zone',
    collect: (zone, ctx) => ({
      zone: zone.zone,
      offsetNow: formatUtcOffset(zone.offsetMinutes),
      from: zone.from,
      ...(zone.windowsName ? {windowsName: zone.windowsName} : {}),
      ...(zone.disagreeing.length > 0 ? {disagreeing: zone.disagreeing} : {}),
      tcxTimezoneSetting: ctx.settings.tcxTimezone ?? null,
    }),
  },
  describe: (z) => `${z.zone} (UTC${formatUtcOffset(z.offsetMinutes)} now), from ${z.from}`,
}
