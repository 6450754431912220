/**
 * Builds 3CX install trees in temp folders: Windows layout (ini in Instance1/Bin)
 * or Debian layout (ini in Bin), from the sample ini or given bytes.
 */
import {cpSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {DEBIAN_SDK_DIR, DEFAULT_DB_PORT, INI_NAME, detectLayout, parseIniText, type BinFolder, type Install} from '../../src/sources/install/index.js'
import {SAMPLE_INSTALL, tempDir} from './cli.js'

export const SAMPLE_INI_PATH = join(SAMPLE_INSTALL, 'Instance1', 'Bin', '3CXPhoneSystem.ini')
export const sampleIniText = (): string => readFileSync(SAMPLE_INI_PATH, 'utf8')

/** The passwords in the sample ini: no output may ever contain them. */
export const SAMPLE_PASSWORDS = ['SampleConfPass-7f3a91', 'SampleMasterPw-c41e08', 'SampleQmReaderPw-55d2b6', 'SampleReadonlyPw-9b7c21']

export interface InstallTree {
  root: string
  iniPath: string
}

/** The sample ini as a Debian install writes [General] AppPath and instanceBinPath (Linux paths). */
export const debianIniText = (text = sampleIniText()): string =>
  text.replace(/^AppPath=.*$/m, 'AppPath=/usr/lib/3cxpbx').replace(/^instanceBinPath=.*$/m, 'instanceBinPath=/var/lib/3cxpbx/Instance1/Bin/')

export interface MakeInstallOptions {
  /** Where the ini goes: Instance1/Bin or Bin (default: Instance1/Bin on Windows, Bin on Debian). */
  iniIn?: 'instance-bin' | 'bin'
  /** Files (name -> content) to put in Bin and Instance1/Bin. */
  shared?: Record<string, string | Buffer>
  instance?: Record<string, string | Buffer>
}

/**
 * An install tree in a temp folder: 'windows' puts the ini in Instance1/Bin, 'debian' in Bin
 * (override with `iniIn`). The default ini is the sample one, whose AppPath is on C:, so
 * makeInstall('debian') with it is a Windows v16+ install by the platform rule; give
 * `debianIniText()` for a Debian one.
 */
export function makeInstall(layout: 'windows' | 'debian', ini: string | Buffer = sampleIniText(), options: MakeInstallOptions = {}): InstallTree {
  const root = join(tempDir('tcx-install-'), layout === 'windows' ? '3CX Phone System' : '3cxpbx')
  mkdirSync(join(root, 'Bin'), {recursive: true})
  mkdirSync(join(root, 'Instance1', 'Bin'), {recursive: true})
  mkdirSync(join(root, 'Instance1', 'Data', 'Logs'), {recursive: true})
  const iniIn = options.iniIn ?? (layout === 'windows' ? 'instance-bin' : 'bin')
  const iniPath = iniIn === 'instance-bin' ? join(root, 'Instance1', 'Bin', '3CXPhoneSystem.ini') : join(root, 'Bin', '3CXPhoneSystem.ini')
  writeFileSync(iniPath, ini)
  for (const [name, content] of Object.entries(options.shared ?? {})) writeFileSync(join(root, 'Bin', name), content)
  for (const [name, content] of Object.entries(options.instance ?? {})) writeFileSync(join(root, 'Instance1', 'Bin', name), content)
  return {root, iniPath}
}

/** A full copy of the bundled sample install. */
export function copySampleInstall(): string {
  const root = join(tempDir('tcx-sample-'), '3CX Phone System')
  cpSync(SAMPLE_INSTALL, root, {recursive: true})
  return root
}

export interface FakeInstallOptions {
  root?: string
  /** The ini's text (default: the sample ini). */
  ini?: string
  /** File names in Bin, Instance1/Bin and the extra folder (Debian: /usr/lib/3cxpbx). */
  shared?: string[]
  instance?: string[]
  extra?: string[]
  /** Where the ini is: Instance1/Bin or Bin (default: Instance1/Bin on Windows, Bin on Debian; 'bin' on Windows is v16+). */
  iniIn?: 'instance-bin' | 'bin'
}

/**
 * An install source value without a file behind it (for the check tester), its ini parsed
 * from text. Platform and layout follow `layout` (AppPath taken as C:\ on Windows, a Linux
 * path on Debian), the ini's place and `extra` (SDK DLLs in /usr/lib/3cxpbx: Debian v18).
 */
export function fakeInstall(layout: 'windows' | 'debian', options: FakeInstallOptions = {}): Install {
  const root = options.root ?? (layout === 'windows' ? '/fake/3CX Phone System' : '/fake/3cxpbx')
  const sharedBinDir = join(root, 'Bin')
  const instanceBinDir = join(root, 'Instance1', 'Bin')
  const extraBinDirs = options.extra ? [DEBIAN_SDK_DIR] : []
  const iniIn = options.iniIn ?? (layout === 'windows' ? 'instance-bin' : 'bin')
  const iniPath = iniIn === 'instance-bin' ? join(instanceBinDir, INI_NAME) : join(sharedBinDir, INI_NAME)
  const names = (list: string[] | undefined, withIni: boolean): string[] => [...(withIni ? [INI_NAME] : []), ...(list ?? [])]
  const binFolders: BinFolder[] = [
    {dir: sharedBinDir, names: names(options.shared, iniIn === 'bin')},
    {dir: instanceBinDir, names: names(options.instance, iniIn === 'instance-bin')},
    ...(options.extra ? [{dir: DEBIAN_SDK_DIR, names: options.extra}] : []),
  ]
  const platform = detectLayout({
    iniPlace: iniIn,
    ...(layout === 'windows' ? {appPath: 'C:\\Program Files\\3CX Phone System\\'} : {appPath: '/usr/lib/3cxpbx'}),
    hasConfigJson: false,
    ...(options.extra ? {sdkDirWithDll: DEBIAN_SDK_DIR} : {}),
    sdkDllInRoot: false,
  })
  return {
    root,
    platform: platform.platform,
    platformFrom: platform.platformFrom,
    installLayout: platform.layout,
    layout,
    defaultDbPort: DEFAULT_DB_PORT[layout],
    sharedBinDir,
    instanceBinDir,
    extraBinDirs,
    binFolders,
    dataDir: join(root, 'Instance1', 'Data'),
    dataDirFrom: 'the layout',
    ini: parseIniText(iniPath, Buffer.from(options.ini ?? sampleIniText())),
    tried: [root],
  }
}
