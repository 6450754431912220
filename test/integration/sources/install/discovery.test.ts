import {mkdirSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {SourceUnavailableError} from '../../../../src/engine/errors.js'
import {discoverInstall, defaultInstallDirs} from '../../../../src/sources/install/index.js'
import {tempDir} from '../../../helpers/cli.js'
import {debianIniText, makeInstall} from '../../../helpers/install-tree.js'

describe('install discovery', async () => {
  it('finds a Windows layout: ini in Instance1/Bin', async () => {
    const tree = makeInstall('windows')
    const install = (await discoverInstall({cwd: '/', installDir: tree.root}))
    expect(install.layout).toBe('windows')
    expect(install.ini.path).toBe(tree.iniPath)
    expect(install.sharedBinDir).toBe(join(tree.root, 'Bin'))
    expect(install.instanceBinDir).toBe(join(tree.root, 'Instance1', 'Bin'))
    // AppDataPath is a Windows path, unusable here: the layout's Instance1/Data is taken.
    expect(install.dataDir).toBe(join(tree.root, 'Instance1', 'Data'))
    expect(install.dataDirFrom).toBe('the layout')
  })

  it('finds a Debian layout: ini in Bin', async () => {
    const tree = makeInstall('debian', debianIniText())
    const install = (await discoverInstall({cwd: '/', installDir: tree.root}))
    expect(install.layout).toBe('debian')
    expect(install.ini.path).toBe(tree.iniPath)
  })

  it('takes the data folder from [General] AppDataPath when it exists here', async () => {
    const data = tempDir('tcx-data-')
    const tree = makeInstall('debian', `[General]\nAppDataPath=${data}\n`)
    expect((await discoverInstall({cwd: '/', installDir: tree.root})).dataDir).toBe(data)
    const explicit = tempDir('tcx-data2-')
    expect((await discoverInstall({cwd: '/', installDir: tree.root, dataDir: explicit})).dataDirFrom).toBe('--data-dir')
  })

  it('derives the install root from an explicit --ini', async () => {
    const win = makeInstall('windows')
    expect((await discoverInstall({cwd: '/', iniFile: win.iniPath})).root).toBe(win.root)
    const deb = makeInstall('debian')
    expect((await discoverInstall({cwd: '/', iniFile: deb.iniPath})).root).toBe(deb.root)
  })

  it('says which folders were tried when none holds an install', async () => {
    const empty = tempDir()
    mkdirSync(join(empty, 'Bin'))
    try {
      await discoverInstall({cwd: '/', installDir: empty})
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(SourceUnavailableError)
      expect((error as Error).message).toContain(`no 3CXPhoneSystem.ini in ${empty}`)
      expect((error as SourceUnavailableError).tried).toContain(join(empty, 'Instance1', 'Bin', '3CXPhoneSystem.ini'))
    }
    await expect(discoverInstall({cwd: '/', installDir: join(empty, 'missing')})).rejects.toThrow(/is not a folder/)
  })

  it("searches this platform's standard location only", () => {
    expect(defaultInstallDirs('win32')).toEqual(['C:\\Program Files\\3CX Phone System'])
    expect(defaultInstallDirs('linux')).toEqual(['/var/lib/3cxpbx'])
  })

  it('turns a malformed ini into one line naming the file', async () => {
    const tree = makeInstall('windows', '[General\ngarbage\n')
    await expect(discoverInstall({cwd: '/', installDir: tree.root})).rejects.toThrow(new RegExp(`${tree.iniPath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} line 1`))
  })
})
