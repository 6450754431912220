/**
 * The install source: where 3CX lives on this machine and what its ini says.
 *
 * Layouts (see docs/ARCHITECTURE.md):
 *  - windows: <root> = C:\Program Files\3CX Phone System, ini in Instance1\Bin,
 *    shared binaries in Bin, data in C:\ProgramData\3CX\Instance1\Data
 *  - debian:  <root> = /var/lib/3cxpbx, ini in Bin, instance binaries in Instance1/Bin,
 *    data in Instance1/Data, SDK DLLs in /usr/lib/3cxpbx
 */
import {existsSync, statSync} from 'node:fs'
import {basename, dirname, isAbsolute, join, resolve, win32} from 'node:path'
import type {SourceContext, SourceDefinition} from '../engine/context.js'
import {InputFileError, SourceUnavailableError} from '../engine/errors.js'
import {readIniFile, type IniFile} from './ini-file.js'

export const INI_NAME = '3CXPhoneSystem.ini'
export const WINDOWS_ROOT = 'C:\\Program Files\\3CX Phone System'
export const WINDOWS_DATA = 'C:\\ProgramData\\3CX\\Instance1\\Data'
export const DEBIAN_ROOT = '/var/lib/3cxpbx'
export const DEBIAN_SDK_DIR = '/usr/lib/3cxpbx'
export const DEBIAN_TEMPLATE_INI = '/usr/share/3cxpbx/skel/Bin/3CXPhoneSystem.ini'

export type Layout = 'windows' | 'debian'

export interface Install {
  /** The folder that holds Bin/ and Instance1/. */
  root: string
  layout: Layout
  /** Shared binaries (MyPhoneServer.dll, nginx): <root>/Bin. */
  sharedBinDir: string
  /** Instance binaries, the Call Control API reference copies: <root>/Instance1/Bin. */
  instanceBinDir: string
  /** Extra folders holding 3CX binaries (Debian: /usr/lib/3cxpbx). */
  extraBinDirs: string[]
  /** Logs and recordings; undefined when none was found. */
  dataDir?: string
  /** How dataDir was chosen. */
  dataDirFrom?: string
  ini: IniFile
  /** v18 database credentials file, when present. */
  configJsonPath?: string
  /** Every install folder searched, in order, when none was given. */
  tried: string[]
}

const isDir = (p: string): boolean => {
  try {
    return statSync(p).isDirectory()
  } catch {
    return false
  }
}

/** The install folders to search when --install-dir is not given, for this platform first. */
export function defaultInstallDirs(platform: NodeJS.Platform = process.platform): string[] {
  return platform === 'win32' ? [WINDOWS_ROOT, DEBIAN_ROOT] : [DEBIAN_ROOT, WINDOWS_ROOT]
}

/** Where the ini of an install root is, in order of preference, with the layout each implies. */
export function iniCandidates(root: string): Array<{path: string; layout: Layout}> {
  return [
    {path: join(root, 'Instance1', 'Bin', INI_NAME), layout: 'windows'},
    {path: join(root, 'Bin', INI_NAME), layout: 'debian'},
  ]
}

/** Turns a Windows path from the ini (AppDataPath) into one usable here, or undefined. */
function usablePath(p: string | undefined, cwd: string): string | undefined {
  if (!p) return undefined
  if (process.platform !== 'win32' && win32.isAbsolute(p) && /^[a-zA-Z]:/.test(p)) return undefined
  return isAbsolute(p) ? p : resolve(cwd, p)
}

export interface DiscoverOptions {
  cwd: string
  installDir?: string
  iniFile?: string
  dataDir?: string
  platform?: NodeJS.Platform
}

export function discoverInstall(options: DiscoverOptions): Install {
  const {cwd} = options
  const tried: string[] = []
  let root: string | undefined
  if (options.installDir) {
    root = resolve(cwd, options.installDir)
    tried.push(root)
    if (!isDir(root)) {
      throw new SourceUnavailableError('install', `--install-dir ${root} is not a folder; give the folder that holds Bin/ and Instance1/`, tried)
    }
  } else {
    for (const candidate of defaultInstallDirs(options.platform)) {
      tried.push(candidate)
      if (isDir(candidate) && (isDir(join(candidate, 'Bin')) || isDir(join(candidate, 'Instance1')))) {
        root = candidate
        break
      }
    }
  }

  let iniPath: string | undefined
  let layout: Layout | undefined
  if (options.iniFile) {
    iniPath = resolve(cwd, options.iniFile)
  } else if (root) {
    const found = iniCandidates(root).find((c) => existsSync(c.path))
    iniPath = found?.path
    layout = found?.layout
  }
  if (!root && iniPath) {
    // Only --ini given: Instance1/Bin/<ini> (Windows) or Bin/<ini> (Debian) tells the root.
    const binDir = dirname(iniPath)
    const above = dirname(binDir)
    root = basename(binDir).toLowerCase() !== 'bin' ? binDir : basename(above).toLowerCase() === 'instance1' ? dirname(above) : above
  }
  if (!root) {
    throw new SourceUnavailableError(
      'install',
      `no 3CX install found (tried ${tried.join(', ')}); give its folder with --install-dir or the ini with --ini`,
      tried,
    )
  }
  if (!iniPath) {
    const candidates = iniCandidates(root).map((c) => c.path)
    throw new SourceUnavailableError(
      'install',
      `no ${INI_NAME} in ${root} (looked for ${candidates.join(' and ')}); is this the 3CX folder? Give the ini with --ini`,
      [...tried, ...candidates],
    )
  }
  layout ??= root.replace(/\\/g, '/').startsWith(DEBIAN_ROOT) || resolve(iniPath, '..') === join(root, 'Bin') ? 'debian' : 'windows'

  let ini: IniFile
  try {
    ini = readIniFile(iniPath)
  } catch (error) {
    if (error instanceof InputFileError) throw new SourceUnavailableError('install', error.message, [...tried, iniPath])
    throw error
  }

  const dataCandidates: Array<[string | undefined, string]> = [
    [options.dataDir ? resolve(cwd, options.dataDir) : undefined, '--data-dir'],
    [usablePath(ini.get('General', 'AppDataPath'), cwd), `[General] AppDataPath of ${iniPath}`],
    [join(root, 'Instance1', 'Data'), 'the layout'],
    [layout === 'windows' && process.platform === 'win32' ? WINDOWS_DATA : undefined, 'the Windows layout'],
  ]
  const data = dataCandidates.find(([p], i) => p !== undefined && (i === 0 || isDir(p)))

  const configJson = join(root, 'Bin', 'config.json')
  return {
    root,
    layout,
    sharedBinDir: join(root, 'Bin'),
    instanceBinDir: join(root, 'Instance1', 'Bin'),
    extraBinDirs: layout === 'debian' && isDir(DEBIAN_SDK_DIR) ? [DEBIAN_SDK_DIR] : [],
    ...(data ? {dataDir: data[0], dataDirFrom: data[1]} : {}),
    ini,
    ...(existsSync(configJson) ? {configJsonPath: configJson} : {}),
    tried,
  }
}

/** The install source: checks call `await ctx.use(installSource)`. */
export const installSource: SourceDefinition<Install> = {
  name: 'install',
  async open(ctx: SourceContext): Promise<Install> {
    const {settings} = ctx
    const install = discoverInstall({
      cwd: settings.cwd,
      ...(settings.installDir === undefined ? {} : {installDir: settings.installDir}),
      ...(settings.iniFile === undefined ? {} : {iniFile: settings.iniFile}),
      ...(settings.dataDir === undefined ? {} : {dataDir: settings.dataDir}),
    })
    for (const secret of install.ini.secretValues()) ctx.secrets.add(secret)
    return install
  },
  describe: (install) => `${install.layout} layout at ${install.root}, ini ${install.ini.path} (${install.ini.encoding})`,
}
