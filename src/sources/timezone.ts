/**
 * The machine's time zone (IANA name and UTC offset) and zone arithmetic.
 *
 * Where the zone comes from, in order: the TZ environment variable (what this
 * process and the services it stands for see), Intl (ICU, which follows the OS
 * setting), /etc/timezone, the /etc/localtime link, `timedatectl`, and on
 * Windows `tzutil /g`, its Windows zone id mapped to IANA by CLDR's windowsZones
 * (npm cldr-core, read on first use; territory 001 is the default IANA id of each
 * Windows id). A Windows id stands for one set of rules; where CLDR lists several
 * IANA ids for it, zones are compared by their offsets (compareZones), not by name.
 * The pure functions take `now` so they are deterministic under test.
 */
import {execFile} from 'node:child_process'
import {readFileSync, readlinkSync} from 'node:fs'
import {createRequire} from 'node:module'
import type {SourceDefinition} from '../engine/context.js'
import {SourceUnavailableError} from '../engine/errors.js'

/** The rows of CLDR's windowsZones.json (cldr-core): a Windows zone id, a territory, the IANA ids there. */
interface CldrMapZone {
  mapZone: {_other: string; _territory: string; _type: string}
}

export interface WindowsZoneTable {
  /** Windows zone id -> the IANA id of territory "001" (CLDR's default for that id). */
  readonly defaults: ReadonlyMap<string, string>
  /** Windows zone id -> every IANA id CLDR lists for it, over all territories (001's first). */
  readonly zones: ReadonlyMap<string, readonly string[]>
  /** The CLDR version the table comes from. */
  readonly cldrVersion: string
}

let windowsZoneTable: WindowsZoneTable | undefined

/**
 * CLDR's Windows zone table (cldr-core supplemental/windowsZones.json, ~40 KB), read on first
 * use only: most runs never map a Windows zone id, and start-up should not pay for it.
 */
export function windowsZones(): WindowsZoneTable {
  if (windowsZoneTable) return windowsZoneTable
  const data = createRequire(import.meta.url)('cldr-core/supplemental/windowsZones.json') as {
    supplemental: {version: {_cldrVersion: string}; windowsZones: {mapTimezones: CldrMapZone[]}}
  }
  const defaults = new Map<string, string>()
  const listed = new Map<string, Set<string>>()
  for (const {mapZone} of data.supplemental.windowsZones.mapTimezones) {
    const key = mapZone._other.toLowerCase()
    const ids = mapZone._type.split(' ').filter((id) => id !== '')
    if (mapZone._territory === '001' && ids[0]) defaults.set(key, ids[0])
    const set = listed.get(key) ?? new Set<string>()
    for (const id of ids) set.add(id)
    listed.set(key, set)
  }
  const zones = new Map<string, string[]>()
  for (const [key, set] of listed) {
    const first = defaults.get(key)
    zones.set(key, first ? [first, ...[...set].filter((id) => id !== first)] : [...set])
  }
  windowsZoneTable = {defaults, zones, cldrVersion: data.supplemental.version._cldrVersion}
  return windowsZoneTable
}

/** The IANA name for a Windows zone id (case-insensitive): CLDR's territory "001" entry, or undefined. */
export function windowsToIana(windowsName: string): string | undefined {
  return windowsZones().defaults.get(windowsName.trim().toLowerCase())
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
  // A Windows zone id has no "/": only such a value is looked up in the Windows table.
  const windows = text.includes('/') ? undefined : windowsToIana(text)
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
