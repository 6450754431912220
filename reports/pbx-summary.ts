/**
 * The PBX at a glance, from the report's target, for every format's header:
 * "3CX 20.0.7.1080 (console SystemStatus.Version) on Debian (debian-v18 layout) at /var/lib/3cxpbx",
 * and from the console's SystemStatus (target.glance): FQDN, addresses, trunks and extensions
 * registered, calls active / limit, last backup, licence expiry ("not known" where it is not).
 */
import type {Target} from '../src/engine/report.js'
import type {PbxGlance} from '../src/sources/console/glance.js'

export interface PbxFacts {
  /** e.g. "20.0.7.1080", or undefined when no origin told it. */
  version?: string
  /** Where the version came from, one line. */
  versionFrom?: string
  /** Why no version is known. */
  versionUnknown?: string
  /** "Windows" | "Debian" */
  platform?: string
  /** e.g. "windows-v15" */
  layout?: string
  installDir?: string
  /** From target.glance (the console's SystemStatus), each "not known" when the build does not report it. */
  fqdn?: string
  ips?: string
  trunks?: string
  extensions?: string
  calls?: string
  lastBackup?: string
  licenceExpiry?: string
  maintenanceExpiry?: string
  /** Why there is no glance. */
  glanceUnknown?: string
}

const NOT_KNOWN = 'not known'

/** target.glance when it has the glance's shape (a report read back from JSON may hold anything). */
export function glanceOf(target: Target): PbxGlance | undefined {
  const g = target.glance as Partial<PbxGlance> | undefined
  return g !== null && typeof g === 'object' && typeof g.ips === 'object' && g.ips !== null && typeof g.calls === 'object' && g.calls !== null ? (g as PbxGlance) : undefined
}

/** A console time as people read it: "2026-11-22T14:17:41.3110000+01:00" -> "2026-11-22 14:17 UTC+01:00"; anything else as is. */
export function shownTime(value: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i.exec(value.trim())
  if (!m) return value
  const zone = m[3] === undefined ? '' : /^z$/i.test(m[3]) ? ' UTC' : ` UTC${m[3].length === 5 ? `${m[3].slice(0, 3)}:${m[3].slice(3)}` : m[3]}`
  return `${m[1]} ${m[2]}${zone}`
}

/** The glance's facts as short strings, by the PbxFacts key. */
export function glanceFacts(target: Target): Pick<PbxFacts, 'fqdn' | 'ips' | 'trunks' | 'extensions' | 'calls' | 'lastBackup' | 'licenceExpiry' | 'maintenanceExpiry' | 'glanceUnknown'> {
  const g = glanceOf(target)
  if (!g) return typeof target.glanceUnknown === 'string' ? {glanceUnknown: target.glanceUnknown} : {}
  const ips = [
    ...(g.ips.public ? [`${g.ips.public} public`] : []),
    ...(g.ips.local ? [`${g.ips.local} local`] : []),
    ...g.ips.available.filter((a) => a !== g.ips.local).map((a) => `${a} available`),
  ]
  const count = (c: PbxGlance['trunks']): string => (c ? `${c.registered} of ${c.total} registered` : NOT_KNOWN)
  const calls = g.calls.active === null && g.calls.limit === null ? NOT_KNOWN : `${g.calls.active ?? NOT_KNOWN} active of ${g.calls.limit ?? NOT_KNOWN}`
  return {
    fqdn: g.fqdn ?? NOT_KNOWN,
    ips: ips.length > 0 ? ips.join(', ') : NOT_KNOWN,
    trunks: count(g.trunks),
    extensions: count(g.extensions),
    calls,
    lastBackup: g.lastBackup === null ? NOT_KNOWN : shownTime(g.lastBackup),
    licenceExpiry: g.licenceExpiry === null ? NOT_KNOWN : shownTime(g.licenceExpiry),
    maintenanceExpiry: g.maintenanceExpiry === null ? NOT_KNOWN : shownTime(g.maintenanceExpiry),
  }
}

/** The glance as labelled rows for the HTML and Markdown headers; empty for a report without one. */
export function glanceRows(target: Target): Array<[string, string]> {
  const f = glanceFacts(target)
  if (f.glanceUnknown !== undefined) return [['At a glance', `not known: ${f.glanceUnknown}`]]
  if (f.fqdn === undefined) return []
  return [
    ['FQDN', f.fqdn],
    ['IPs', f.ips!],
    ['Trunks', f.trunks!],
    ['Extensions', f.extensions!],
    ['Calls', f.calls!],
    ['Last backup', f.lastBackup!],
    ['Licence expiry', `${f.licenceExpiry!}; maintenance until ${f.maintenanceExpiry!}`],
  ]
}

/** The glance in one line for the text header; undefined for a report without one. */
export function glanceLine(target: Target): string | undefined {
  const rows = glanceRows(target)
  if (rows.length === 0) return undefined
  return rows.map(([k, v]) => `${k === 'At a glance' ? k : k === 'FQDN' || k === 'IPs' ? k : k.toLowerCase()} ${v}`).join('; ')
}

const PLATFORM_NAMES: Record<string, string> = {windows: 'Windows', debian: 'Debian'}

export function pbxFacts(target: Target): PbxFacts {
  const version = target.version as {text?: unknown; from?: unknown} | undefined
  const layout = target.installLayout as {id?: unknown} | undefined
  const platform = typeof target.platform === 'string' ? target.platform : undefined
  return {
    ...(typeof version?.text === 'string' ? {version: version.text} : {}),
    ...(typeof version?.from === 'string' ? {versionFrom: version.from} : {}),
    ...(typeof target.versionUnknown === 'string' ? {versionUnknown: target.versionUnknown} : {}),
    ...(platform ? {platform: PLATFORM_NAMES[platform] ?? platform} : {}),
    ...(typeof layout?.id === 'string' ? {layout: layout.id} : {}),
    ...(target.installDir ? {installDir: target.installDir} : {}),
    ...glanceFacts(target),
  }
}

/** One line: version, platform, layout and folder, saying what is not known. */
export function pbxLine(target: Target): string {
  const f = pbxFacts(target)
  if (!f.installDir && !f.version) return 'no 3CX install found'
  const version = f.version ? `3CX ${f.version}${f.versionFrom ? ` (${f.versionFrom})` : ''}` : '3CX of unknown version'
  const platform = f.platform ? ` on ${f.platform}${f.layout ? ` (${f.layout} layout)` : ''}` : ''
  const where = f.installDir ? ` at ${f.installDir}` : ''
  return `${version}${platform}${where}`
}

/** Short form for one-line outputs (Nagios): "3CX 20.0.7.1080 Debian", then ", trunks 1/2, extensions 20/24, calls 1/16" where the glance knows them. */
export function pbxShort(target: Target): string {
  const f = pbxFacts(target)
  const parts = [f.version ? `3CX ${f.version}` : f.installDir ? '3CX version unknown' : undefined, f.platform].filter(Boolean)
  const g = glanceOf(target)
  const counts = g
    ? [
        ...(g.trunks ? [`trunks ${g.trunks.registered}/${g.trunks.total}`] : []),
        ...(g.extensions ? [`extensions ${g.extensions.registered}/${g.extensions.total}`] : []),
        ...(g.calls.active !== null && g.calls.limit !== null ? [`calls ${g.calls.active}/${g.calls.limit}`] : []),
      ]
    : []
  return [parts.join(' '), ...counts].filter((p) => p !== '').join(', ')
}
