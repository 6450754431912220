/**
 * Which platform an install belongs to and which of the four known layouts it is,
 * from what the install itself holds (never from the machine tcx-doctor runs on: an
 * install copied to a Linux machine for diagnosis stays a Windows one).
 *
 *  - windows-v15: ini in <root>\Instance1\Bin
 *  - windows-v16: ini in <root>\Bin, AppPath on a drive letter (v16 and later)
 *  - debian-v15:  ini in /var/lib/3cxpbx/Bin, SDK DLLs beside it in Bin
 *  - debian-v18:  ini in /var/lib/3cxpbx/Bin, SDK DLLs in /usr/lib/3cxpbx and/or Bin/config.json
 *  - debian:      ini in /var/lib/3cxpbx/Bin and neither (v20 has no Call Control API DLLs; the release is the version's to tell)
 *
 * The platform comes from the ini's [General] AppPath (a drive letter means Windows,
 * an absolute POSIX path Debian), else from the layout (an ini in Instance1\Bin is the
 * Windows v15 layout; SDK DLLs in /usr/lib/3cxpbx or a Bin/config.json mean Debian; an
 * ini in Bin without either is taken as Debian, an ini elsewhere as Windows).
 */
import {inertLine, truncate} from '../../lib/format.js'

export type Platform = 'windows' | 'debian'
export type LayoutId = 'windows-v15' | 'windows-v16' | 'debian-v15' | 'debian-v18' | 'debian'

/** The ini's place relative to the install root. */
export type IniPlace = 'instance-bin' | 'bin' | 'elsewhere'

/** Which layout the install is, and the one-line reason. */
export interface InstallLayout {
  id: LayoutId
  reason: string
}

export interface LayoutFacts {
  iniPlace: IniPlace
  /** [General] AppPath of the ini, as written. */
  appPath?: string
  /** Is there a Bin/config.json (v18 database credentials)? */
  hasConfigJson: boolean
  /** The folder holding the SDK DLLs outside the install root (Debian v18: /usr/lib/3cxpbx), when it holds one. */
  sdkDirWithDll?: string
  /** Is an SDK DLL (3cxpscomcpp2.dll) in <root>/Bin or <root>/Instance1/Bin? */
  sdkDllInRoot: boolean
}

export interface PlatformFinding {
  platform: Platform
  /** Why this platform, one line. */
  platformFrom: string
  layout: InstallLayout
}

/** The default PostgreSQL port of 3CX per platform: the bundled server on Windows, the system one on Debian. */
export const DEFAULT_DB_PORT: Readonly<Record<Platform, number>> = Object.freeze({windows: 5480, debian: 5432})

/** The SDK DLL whose place tells the Debian layouts apart. */
export const SDK_DLL = '3cxpscomcpp2.dll'

const DRIVE_PATH = /^[a-zA-Z]:[\\/]/

/** The platform an AppPath value names, or undefined when it names none (empty, relative, UNC). */
export function platformOfAppPath(appPath: string | undefined): Platform | undefined {
  const path = appPath?.trim()
  if (!path) return undefined
  if (DRIVE_PATH.test(path)) return 'windows'
  if (path.startsWith('/')) return 'debian'
  return undefined
}

/** Platform and layout from the facts of an install (pure). */
export function detectLayout(facts: LayoutFacts): PlatformFinding {
  // The value is the ini's (hostile until shown inert): cut, on one line, in quotes.
  const shown = facts.appPath === undefined ? undefined : `"${inertLine(truncate(facts.appPath.trim(), 200))}"`
  const fromAppPath = platformOfAppPath(facts.appPath)
  const iniWhere = facts.iniPlace === 'instance-bin' ? 'the ini is in Instance1/Bin' : facts.iniPlace === 'bin' ? 'the ini is in Bin' : 'the ini is outside Bin and Instance1/Bin'
  let platform: Platform
  let platformFrom: string
  if (fromAppPath === 'windows') {
    platform = 'windows'
    platformFrom = `[General] AppPath ${shown} is on a drive letter`
  } else if (fromAppPath === 'debian') {
    platform = 'debian'
    platformFrom = `[General] AppPath ${shown} is a Linux path`
  } else {
    const noAppPath = shown === undefined ? 'no [General] AppPath' : `[General] AppPath ${shown} names no platform`
    if (facts.iniPlace === 'instance-bin') {
      platform = 'windows'
      platformFrom = `${noAppPath}; ${iniWhere} (the Windows v15 layout)`
    } else if (facts.sdkDirWithDll || facts.hasConfigJson) {
      platform = 'debian'
      platformFrom = `${noAppPath}; ${facts.sdkDirWithDll ? `${SDK_DLL} is in ${facts.sdkDirWithDll}` : 'Bin/config.json is there'} (Debian only)`
    } else if (facts.iniPlace === 'bin') {
      platform = 'debian'
      platformFrom = `${noAppPath}; ${iniWhere}, taken as Debian`
    } else {
      platform = 'windows'
      platformFrom = `${noAppPath}; ${iniWhere}, taken as Windows`
    }
  }
  return {platform, platformFrom, layout: layoutOf(platform, facts, iniWhere)}
}

function layoutOf(platform: Platform, facts: LayoutFacts, iniWhere: string): InstallLayout {
  if (platform === 'windows') {
    return facts.iniPlace === 'instance-bin'
      ? {id: 'windows-v15', reason: `Windows, ${iniWhere} (v15 layout)`}
      : {id: 'windows-v16', reason: `Windows, ${iniWhere} (v16 and later layout)`}
  }
  if (facts.sdkDirWithDll) return {id: 'debian-v18', reason: `Debian, ${SDK_DLL} in ${facts.sdkDirWithDll} (v18 and later layout)`}
  if (facts.hasConfigJson) return {id: 'debian-v18', reason: 'Debian, Bin/config.json present (v18 and later layout)'}
  if (facts.sdkDllInRoot) return {id: 'debian-v15', reason: `Debian, ${SDK_DLL} in the install's own Bin folders (v15.5 layout)`}
  return {id: 'debian', reason: `Debian, no ${SDK_DLL} and no Bin/config.json (as on v20: the release is told by the version, not the layout)`}
}
