/**
 * The four install layouts, as real trees in temp folders: platform and layout come
 * from the ini's AppPath and the tree, not from the machine running the test.
 */
import {copyFileSync, mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {defaultSettings} from '../../../../src/config/settings.js'
import {RunContext} from '../../../../src/engine/context.js'
import {SourceUnavailableError} from '../../../../src/engine/errors.js'
import {findDbTarget} from '../../../../src/sources/db/index.js'
import {discoverInstall, installSource} from '../../../../src/sources/install/index.js'
import {fixture} from '../../../helpers/dotnet-fixtures.js'
import {tempDir} from '../../../helpers/temp.js'
import {debianIniText, makeInstall, sampleIniText} from '../../../helpers/install-tree.js'

/** A folder standing in for /usr/lib/3cxpbx, holding the SDK DLL when asked. */
function sdkFolder(withDll: boolean): string {
  const dir = join(tempDir('tcx-sdk-'), 'usr-lib-3cxpbx')
  mkdirSync(dir, {recursive: true})
  if (withDll) writeFileSync(join(dir, '3cxpscomcpp2.dll'), 'MZ')
  return dir
}

const noSdk = () => join(tempDir('tcx-nosdk-'), 'absent')

describe('install layouts', () => {
  it('v15 Windows: ini in Instance1\\Bin, AppPath on C:', async () => {
    const tree = makeInstall('windows')
    const install = await discoverInstall({cwd: '/', installDir: tree.root, sdkDir: sdkFolder(true)})
    expect(install).toMatchObject({platform: 'windows', layout: 'windows', installLayout: {id: 'windows-v15'}, defaultDbPort: 5480, extraBinDirs: []})
    expect(install.platformFrom).toBe('[General] AppPath "C:\\Program Files\\3CX Phone System\\" is on a drive letter')
    expect(install.installLayout.reason).toBe('Windows, the ini is in Instance1/Bin (v15 layout)')
  })

  it('v16 Windows: ini in Bin with AppPath on C: is Windows, not Debian, also on this Linux machine', async () => {
    const tree = makeInstall('windows', sampleIniText(), {iniIn: 'bin'})
    expect(tree.iniPath).toBe(join(tree.root, 'Bin', '3CXPhoneSystem.ini'))
    // A /usr/lib/3cxpbx with the SDK DLL on this machine does not make a Windows copy Debian.
    const install = await discoverInstall({cwd: '/', installDir: tree.root, sdkDir: sdkFolder(true)})
    expect(install).toMatchObject({platform: 'windows', layout: 'windows', installLayout: {id: 'windows-v16'}, defaultDbPort: 5480, extraBinDirs: []})
    expect(install.installLayout.reason).toBe('Windows, the ini is in Bin (v16 and later layout)')
    expect(install.binFolders.map((f) => f.dir)).toEqual([join(tree.root, 'Bin'), join(tree.root, 'Instance1', 'Bin')])
    // The same from --ini alone: the root is the folder above Bin.
    const fromIni = await discoverInstall({cwd: '/', iniFile: tree.iniPath, sdkDir: noSdk()})
    expect(fromIni).toMatchObject({root: tree.root, platform: 'windows', installLayout: {id: 'windows-v16'}})
  })

  it('Debian v15.5: ini in Bin, SDK DLLs in Bin, no /usr/lib/3cxpbx', async () => {
    const tree = makeInstall('debian', debianIniText(), {shared: {'3cxpscomcpp2.dll': 'MZ'}})
    const install = await discoverInstall({cwd: '/', installDir: tree.root, sdkDir: noSdk()})
    expect(install).toMatchObject({platform: 'debian', layout: 'debian', installLayout: {id: 'debian-v15'}, defaultDbPort: 5432, extraBinDirs: []})
    expect(install.platformFrom).toBe('[General] AppPath "/usr/lib/3cxpbx" is a Linux path')
    expect(install.installLayout.reason).toBe("Debian, 3cxpscomcpp2.dll in the install's own Bin folders (v15.5 layout)")
  })

  it('Debian v18: SDK DLLs in /usr/lib/3cxpbx and Bin/config.json; the database port defaults to 5432', async () => {
    const ini = '[General]\r\nAppPath = /usr/lib/3cxpbx\r\nAppDataPath = /var/lib/3cxpbx/Instance1/Data/\r\n[MediaServer]\r\nPort = 9000\r\n'
    const tree = makeInstall('debian', ini, {shared: {'config.json': JSON.stringify({DbHost: '127.0.0.1', DbUser: 'phonesystem_ro', DbPassword: 'JsonPw-31', DbName: 'database_single'})}})
    const sdk = sdkFolder(true)
    const install = await discoverInstall({cwd: '/', installDir: tree.root, sdkDir: sdk})
    expect(install).toMatchObject({platform: 'debian', installLayout: {id: 'debian-v18'}, defaultDbPort: 5432, extraBinDirs: [sdk]})
    expect(install.installLayout.reason).toBe(`Debian, 3cxpscomcpp2.dll in ${sdk} (v18 and later layout)`)
    expect(install.binFolders.find((f) => f.dir === sdk)?.names).toEqual(['3cxpscomcpp2.dll'])
    const target = findDbTarget(defaultSettings(), install)
    expect(target).toMatchObject({host: '127.0.0.1', port: 5432, user: 'phonesystem_ro', from: join(tree.root, 'Bin', 'config.json')})
    // Without the SDK folder, config.json alone tells the v18 layout.
    const jsonOnly = await discoverInstall({cwd: '/', installDir: tree.root, sdkDir: noSdk()})
    expect(jsonOnly.installLayout).toEqual({id: 'debian-v18', reason: 'Debian, Bin/config.json present (v18 and later layout)'})
  })

  it('keeps the ini DBPort over the platform default', async () => {
    const tree = makeInstall('debian', debianIniText().replace(/DBPort=\d+/g, 'DBPort=5499'))
    const install = await discoverInstall({cwd: '/', installDir: tree.root, sdkDir: noSdk()})
    expect(install.platform).toBe('debian')
    expect(findDbTarget(defaultSettings(), install).port).toBe(5499)
    const noPort = makeInstall('debian', debianIniText().replace(/^DBPort=.*\r?\n/gm, ''))
    expect(findDbTarget(defaultSettings(), await discoverInstall({cwd: '/', installDir: noPort.root, sdkDir: noSdk()})).port).toBe(5432)
  })

  it('shows platform and layout, with their reasons, in the source line and the info section', async () => {
    const tree = makeInstall('windows', sampleIniText(), {iniIn: 'bin'})
    copyFileSync(fixture('mps-15.5.10244', 'MyPhoneServer.dll'), join(tree.root, 'Bin', 'MyPhoneServer.dll'))
    const ctx = new RunContext({...defaultSettings(), installDir: tree.root}, {
      provided: {db: new SourceUnavailableError('db', 'connection refused'), console: new SourceUnavailableError('console', 'no console URL')},
    })
    const install = await ctx.use(installSource)
    expect(installSource.describe?.(install)).toMatch(/^windows-v16 layout at .* \(windows: \[General\] AppPath ".*" is on a drive letter\), ini /)
    const info = await installSource.info!.collect(install, ctx)
    expect(info).toMatchObject({platform: 'windows', layout: 'windows-v16', layoutFrom: 'Windows, the ini is in Bin (v16 and later layout)', defaultDbPort: 5480})
    expect(info.platformFrom).toMatch(/drive letter/)
    expect(info).toMatchObject({version: '15.5.10244.4', versionFrom: `PE file version of ${join(tree.root, 'Bin', 'MyPhoneServer.dll')}`})
    const none = new RunContext({...defaultSettings(), installDir: makeInstall('windows').root}, {
      provided: {db: new SourceUnavailableError('db', 'connection refused'), console: new SourceUnavailableError('console', 'no console URL')},
    })
    expect(await installSource.info!.collect(await none.use(installSource), none)).toMatchObject({
      version: null,
      versionUnknown: expect.stringMatching(/^no 3CX version found: console: no console URL; db: connection refused; dpkg: not asked: the install is a windows one; pe: none of /),
    })
  })
})
