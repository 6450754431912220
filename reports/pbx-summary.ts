/**
 * The PBX at a glance, from the report's target, for every format's header:
 * "3CX 20.0.7.1080 (console SystemStatus.Version) on Debian (debian-v18 layout) at /var/lib/3cxpbx".
 */
import type {Target} from '../src/engine/report.js'

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

/** Short form for one-line outputs (Nagios): "3CX 20.0.7.1080 Debian". */
export function pbxShort(target: Target): string {
  const f = pbxFacts(target)
  const parts = [f.version ? `3CX ${f.version}` : f.installDir ? '3CX version unknown' : undefined, f.platform].filter(Boolean)
  return parts.join(' ')
}
