/**
 * Install discovery: where 3CX lives on this machine and what its ini says.
 *
 * Layouts (see docs/ARCHITECTURE.md and platform.ts, which tells them apart):
 *  - Windows: <root> = C:\Program Files\3CX Phone System, ini in Instance1\Bin (v15)
 *    or Bin (v16+), shared binaries in Bin, data in C:\ProgramData\3CX\Instance1\Data
 *  - Debian:  <root> = /var/lib/3cxpbx, ini in Bin, instance binaries in Instance1/Bin,
 *    data in Instance1/Data, SDK DLLs in Bin (v15.5) or /usr/lib/3cxpbx (v18+)
 *
 * A folder that is absent is told apart from one that is present but cannot be read
 * (EACCES on the folder or the ini): the second is named as a permission problem.
 * Every file is read through lib/fs (regular files only, size-capped).
 */
import type {Stats} from 'node:fs'
import {access, readdir, stat} from 'node:fs/promises'
import {constants} from 'node:fs'
import {basename, dirname, isAbsolute, join, resolve, win32} from 'node:path'
import {SourceUnavailableError, errorMessage} from '../../engine/errors.js'
import {FileReadError, MAX_BYTES, permissionAdvice, readBoundedFile} from '../../lib/fs.js'
import {readIniFile, type IniFile} from './ini-file.js'
import {DEFAULT_DB_PORT, SDK_DLL, detectLayout, type IniPlace, type InstallLayout, type Platform} from './platform.js'

export const INI_NAME = '3CXPhoneSystem.ini'
export const WINDOWS_ROOT = 'C:\\Program Files\\3CX Phone System'
export const WINDOWS_DATA = 'C:\\ProgramData\\3CX\\Instance1\\Data'
export const DEBIAN_ROOT = '/var/lib/3cxpbx'
export const DEBIAN_SDK_DIR = '/usr/lib/3cxpbx'
export const DEBIAN_TEMPLATE_INI = '/usr/share/3cxpbx/skel/Bin/3CXPhoneSystem.ini'
/** At most this many names are listed per binary folder. */
export const MAX_LISTED_FILES = 10_000

/** The platform of the install; the name `Layout` is kept for existing users (see `Install.layout`). */
export type Layout = Platform

/** The entry names in one of the install's binary folders (as written; compare without case). */
export interface BinFolder {
  dir: string
  names: string[]
  /** One line when the folder could not be listed. */
  problem?: string
}

/** v18 Bin/config.json (database credentials), read with the JSON size cap. */
export interface ConfigJson {
  path: string
  /** The parsed object; undefined when it could not be read (see problem). */
  values?: Record<string, unknown>
  problem?: string
}

export interface Install {
  /** The folder that holds Bin/ and Instance1/. */
  root: string
  /** The platform of the install (from the ini's AppPath and the layout, not from this machine). */
  platform: Platform
  /** Why this platform, one line. */
  platformFrom: string
  /** Which of the known layouts this is (windows-v15, windows-v16, debian-v15, debian-v18), with the reason. */
  installLayout: InstallLayout
  /** The same as `platform`; kept for the areas that compare it with 'windows' and 'debian'. */
  layout: Layout
  /** The database port when the ini says none: 5480 on Windows, 5432 on Debian. */
  defaultDbPort: number
  /** Shared binaries (MyPhoneServer.dll, nginx): <root>/Bin. */
  sharedBinDir: string
  /** Instance binaries, the Call Control API reference copies: <root>/Instance1/Bin. */
  instanceBinDir: string
  /** Extra folders holding 3CX binaries (Debian: /usr/lib/3cxpbx). */
  extraBinDirs: string[]
  /** What the binary folders (shared, instance, extra) hold, by folder. */
  binFolders: BinFolder[]
  /** Logs and recordings; undefined when none was found. */
  dataDir?: string
  /** How dataDir was chosen. */
  dataDirFrom?: string
  ini: IniFile
  /** v18 database credentials file, when present. */
  configJsonPath?: string
  configJson?: ConfigJson
  /** Every install folder searched, in order, when none was given. */
  tried: string[]
}

/** Why there is no install: none here, one here that this user cannot read, or one whose ini is bad. */
export type InstallProblem = 'absent' | 'unreadable' | 'invalid'

/** The install source's failure, with which of the three it is. */
export class InstallUnavailableError extends SourceUnavailableError {
  constructor(
    readonly problem: InstallProblem,
    message: string,
    tried: string[] = [],
  ) {
    super('install', message, tried)
  }
}

/** The problem of an install source failure (`ctx.tryUse(installSource)`'s error), 'absent' when unknown. */
export function installProblemOf(error: unknown): InstallProblem {
  const problem = (error as Partial<InstallUnavailableError> | undefined)?.problem
  return problem === 'unreadable' || problem === 'invalid' ? problem : 'absent'
}

type Probe = {state: 'dir' | 'file' | 'other'; stats: Stats} | {state: 'missing'} | {state: 'unreadable'; parent?: string}

/** What a path is, telling "absent" from "this user may not look" (EACCES on a parent folder). */
async function probe(path: string): Promise<Probe> {
  try {
    const stats = await stat(path)
    return {state: stats.isDirectory() ? 'dir' : stats.isFile() ? 'file' : 'other', stats}
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EACCES' || code === 'EPERM') return {state: 'unreadable', parent: dirname(path)}
    return {state: 'missing'}
  }
}

async function statOrUndefined(path: string): Promise<Stats | undefined> {
  return stat(path).catch(() => undefined)
}

/** The outermost folder on the way to `folder` (itself included) that this user may not enter. */
async function firstDenied(folder: string): Promise<string> {
  const chain: string[] = []
  for (let dir = folder; ; dir = dirname(dir)) {
    chain.unshift(dir)
    if (dirname(dir) === dir) break
  }
  for (const dir of chain) {
    const ok = await access(dir, constants.X_OK).then(() => true, () => false)
    if (!ok) return dir
  }
  return folder
}

/** One line for a folder this user cannot enter or list (named as the outermost one denied). */
async function deniedFolder(near: string, tried: string[]): Promise<InstallUnavailableError> {
  const folder = await firstDenied(near)
  const stats = await statOrUndefined(folder)
  return new InstallUnavailableError('unreadable', `cannot read ${folder}: permission denied; ${permissionAdvice(stats)}`, tried)
}

/** The install folder to search when --install-dir is not given: this platform's only (a Windows path means nothing on Linux, and back). */
export function defaultInstallDirs(platform: NodeJS.Platform = process.platform): string[] {
  return platform === 'win32' ? [WINDOWS_ROOT] : [DEBIAN_ROOT]
}

/** Where the ini of an install root is, in order of preference, with the layout each implies. */
export function iniCandidates(root: string): Array<{path: string; place: IniPlace}> {
  return [
    {path: join(root, 'Instance1', 'Bin', INI_NAME), place: 'instance-bin'},
    {path: join(root, 'Bin', INI_NAME), place: 'bin'},
  ]
}

/** Where the ini sits relative to the root. */
function iniPlaceOf(root: string, iniPath: string): IniPlace {
  const dir = resolve(dirname(iniPath)).toLowerCase()
  if (dir === resolve(root, 'Instance1', 'Bin').toLowerCase()) return 'instance-bin'
  if (dir === resolve(root, 'Bin').toLowerCase()) return 'bin'
  return 'elsewhere'
}

/** Turns a Windows path from the ini (AppDataPath) into one usable here, or undefined. */
function usablePath(p: string | undefined, cwd: string): string | undefined {
  if (!p) return undefined
  if (process.platform !== 'win32' && win32.isAbsolute(p) && /^[a-zA-Z]:/.test(p)) return undefined
  return isAbsolute(p) ? p : resolve(cwd, p)
}

/** Is `root` an install folder (holds Bin/ or Instance1/)? Throws when it is there but may not be read. */
async function looksLikeInstall(root: string, tried: string[]): Promise<boolean> {
  const top = await probe(root)
  if (top.state === 'unreadable') throw await deniedFolder(top.parent ?? root, tried)
  if (top.state !== 'dir') return false
  try {
    await readdir(root)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EACCES' || code === 'EPERM') throw await deniedFolder(root, tried)
    return false
  }
  for (const name of ['Bin', 'Instance1']) {
    const sub = await probe(join(root, name))
    if (sub.state === 'dir') return true
    if (sub.state === 'unreadable') throw await deniedFolder(root, tried)
  }
  return false
}

/** The names in a binary folder (at most MAX_LISTED_FILES), or why not. */
async function listFolder(dir: string): Promise<BinFolder | undefined> {
  const there = await probe(dir)
  if (there.state === 'missing' || there.state === 'file' || there.state === 'other') return undefined
  if (there.state === 'unreadable') return {dir, names: [], problem: `cannot read ${dir}: permission denied; ${permissionAdvice()}`}
  try {
    // Every entry, also FIFOs and folders: reading one names what it is instead of "not found".
    const names = await readdir(dir)
    return {dir, names: names.slice(0, MAX_LISTED_FILES)}
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const why = code === 'EACCES' || code === 'EPERM' ? `permission denied; ${permissionAdvice(there.stats)}` : errorMessage(error)
    return {dir, names: [], problem: `cannot read ${dir}: ${why}`}
  }
}

/** v18 Bin/config.json, read as a regular file of at most MAX_BYTES.json. */
async function readConfigJson(path: string): Promise<ConfigJson> {
  try {
    const {data} = await readBoundedFile(path, {what: 'config.json', maxBytes: MAX_BYTES.json})
    const values = JSON.parse(data.toString('utf8').replace(/^\uFEFF/, '')) as unknown
    if (values === null || typeof values !== 'object' || Array.isArray(values)) return {path, problem: `${path} is not a JSON object`}
    return {path, values: values as Record<string, unknown>}
  } catch (error) {
    if (error instanceof FileReadError) return {path, problem: error.message}
    return {path, problem: `${path} could not be read as JSON (${errorMessage(error)})`}
  }
}

export interface DiscoverOptions {
  cwd: string
  installDir?: string
  iniFile?: string
  dataDir?: string
  platform?: NodeJS.Platform
  /** Where Debian v18+ keeps the SDK DLLs (default /usr/lib/3cxpbx; tests give a temp folder). */
  sdkDir?: string
}

export async function discoverInstall(options: DiscoverOptions): Promise<Install> {
  const {cwd} = options
  const tried: string[] = []
  let root: string | undefined
  if (options.installDir) {
    root = resolve(cwd, options.installDir)
    tried.push(root)
    const given = await probe(root)
    if (given.state === 'unreadable') throw await deniedFolder(given.parent ?? root, tried)
    if (given.state !== 'dir') {
      throw new InstallUnavailableError('absent', `--install-dir ${root} is not a folder; give the folder that holds Bin/ and Instance1/`, tried)
    }
  } else {
    for (const candidate of defaultInstallDirs(options.platform)) {
      tried.push(candidate)
      if (await looksLikeInstall(candidate, tried)) {
        root = candidate
        break
      }
    }
  }

  let iniPath: string | undefined
  if (options.iniFile) {
    iniPath = resolve(cwd, options.iniFile)
  } else if (root) {
    for (const candidate of iniCandidates(root)) {
      const found = await probe(candidate.path)
      if (found.state === 'unreadable') throw await deniedFolder(found.parent ?? dirname(candidate.path), [...tried, candidate.path])
      if (found.state !== 'missing') {
        iniPath = candidate.path
        break
      }
    }
  }
  if (!root && iniPath) {
    // Only --ini given: Instance1/Bin/<ini> (Windows) or Bin/<ini> (Debian) tells the root.
    const binDir = dirname(iniPath)
    const above = dirname(binDir)
    root = basename(binDir).toLowerCase() !== 'bin' ? binDir : basename(above).toLowerCase() === 'instance1' ? dirname(above) : above
  }
  if (!root) {
    throw new InstallUnavailableError(
      'absent',
      `no 3CX install found (tried ${tried.join(', ')}); give its folder with --install-dir or the ini with --ini`,
      tried,
    )
  }
  if (!iniPath) {
    const candidates = iniCandidates(root).map((c) => c.path)
    throw new InstallUnavailableError(
      'absent',
      `no ${INI_NAME} in ${root} (looked for ${candidates.join(' and ')}); is this the 3CX folder? Give the ini with --ini`,
      [...tried, ...candidates],
    )
  }

  let ini: IniFile
  try {
    ini = await readIniFile(iniPath, 'the ini')
  } catch (error) {
    if (error instanceof FileReadError) {
      throw new InstallUnavailableError(error.kind === 'permission' ? 'unreadable' : error.kind === 'missing' ? 'absent' : 'invalid', error.message, [...tried, iniPath])
    }
    if (error instanceof Error && error.name === 'InputFileError') throw new InstallUnavailableError('invalid', error.message, [...tried, iniPath])
    throw error
  }

  const sharedBinDir = join(root, 'Bin')
  const instanceBinDir = join(root, 'Instance1', 'Bin')
  const rootFolders: BinFolder[] = []
  for (const dir of [sharedBinDir, instanceBinDir]) {
    const listed = await listFolder(dir)
    if (listed) rootFolders.push(listed)
  }
  const configJsonPath = join(sharedBinDir, 'config.json')
  const hasConfigJson = (await probe(configJsonPath)).state !== 'missing'
  const sdkDir = options.sdkDir ?? DEBIAN_SDK_DIR
  const sdkListing = (await probe(sdkDir)).state === 'dir' ? await listFolder(sdkDir) : undefined
  const holdsSdkDll = (folder: BinFolder | undefined): boolean => folder?.names.some((n) => n.toLowerCase() === SDK_DLL) ?? false
  const found = detectLayout({
    iniPlace: iniPlaceOf(root, iniPath),
    ...(ini.get('General', 'AppPath') === undefined ? {} : {appPath: ini.get('General', 'AppPath')}),
    hasConfigJson,
    ...(holdsSdkDll(sdkListing) ? {sdkDirWithDll: sdkDir} : {}),
    sdkDllInRoot: rootFolders.some(holdsSdkDll),
  })
  const layout = found.platform

  const dataCandidates: Array<[string | undefined, string]> = [
    [options.dataDir ? resolve(cwd, options.dataDir) : undefined, '--data-dir'],
    [usablePath(ini.get('General', 'AppDataPath'), cwd), `[General] AppDataPath of ${iniPath}`],
    [join(root, 'Instance1', 'Data'), 'the layout'],
    [layout === 'windows' && process.platform === 'win32' ? WINDOWS_DATA : undefined, 'the Windows layout'],
  ]
  let data: [string, string] | undefined
  for (const [index, [path, from]] of dataCandidates.entries()) {
    if (path === undefined) continue
    if (index === 0 || (await probe(path)).state === 'dir') {
      data = [path, from]
      break
    }
  }

  const extraBinDirs = layout === 'debian' && sdkListing ? [sdkDir] : []
  const binFolders: BinFolder[] = [...rootFolders, ...(layout === 'debian' && sdkListing && !rootFolders.some((f) => f.dir === sdkDir) ? [sdkListing] : [])]
  return {
    root,
    platform: found.platform,
    platformFrom: found.platformFrom,
    installLayout: found.layout,
    layout,
    defaultDbPort: DEFAULT_DB_PORT[found.platform],
    sharedBinDir,
    instanceBinDir,
    extraBinDirs,
    binFolders,
    ...(data ? {dataDir: data[0], dataDirFrom: data[1]} : {}),
    ini,
    ...(hasConfigJson ? {configJsonPath, configJson: await readConfigJson(configJsonPath)} : {}),
    tried,
  }
}

/** A file in one of the install's binary folders by name, ignoring case; undefined when it is not there. */
export function binaryIn(install: Pick<Install, 'binFolders'>, dir: string, name: string): string | undefined {
  const folder = install.binFolders.find((f) => f.dir === dir)
  const match = folder?.names.find((n) => n.toLowerCase() === name.toLowerCase())
  return match === undefined ? undefined : join(dir, match)
}
