/**
 * The install source against files that are not what they claim: a FIFO, a symlink to
 * /dev/zero, a folder and a 200 MB sparse file as 3CXPhoneSystem.ini, a FIFO as config.json,
 * an ini of 100,000 sections.
 * Each gives one line naming the file and the run goes on (nothing waits on a writer).
 */
import {spawnSync} from 'node:child_process'
import {mkdirSync, rmSync, symlinkSync, truncateSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {MAX_BYTES} from '../../../../src/lib/fs.js'
import {OUTLINE_MORE, discoverInstall, installProblemOf, parseIniText, readIniFile} from '../../../../src/sources/install/index.js'
import {tempDir} from '../../../helpers/cli.js'
import {available} from '../../../helpers/dotnet-fixtures.js'
import {makeInstall} from '../../../helpers/install-tree.js'

const hasMkfifo = (): boolean => spawnSync('mkfifo', ['--version']).status === 0

/** A Debian-layout install whose ini path is replaced by `make(path)`. */
function installWithIni(make: (iniPath: string) => void): {root: string; iniPath: string} {
  const tree = makeInstall('debian')
  rmSync(tree.iniPath)
  make(tree.iniPath)
  return tree
}

async function failureOf(root: string): Promise<Error> {
  try {
    await discoverInstall({cwd: '/', installDir: root})
  } catch (error) {
    return error as Error
  }
  throw new Error('discoverInstall did not fail')
}

describe('install source: hostile files as the ini', () => {
  it('refuses a FIFO as the ini without waiting for a writer', async (ctx) => {
    if (!available('mkfifo', hasMkfifo())) return ctx.skip()
    const tree = installWithIni((p) => spawnSync('mkfifo', [p]))
    const error = await failureOf(tree.root)
    expect(error.message).toBe(`the ini ${tree.iniPath} is a FIFO (named pipe), not a regular file; give the path of the file itself`)
    expect(installProblemOf(error)).toBe('invalid')
  })

  it('refuses a symlink to /dev/zero as the ini (a device is never read)', async () => {
    const tree = installWithIni((p) => symlinkSync('/dev/zero', p))
    const error = await failureOf(tree.root)
    expect(error.message).toBe(`the ini ${tree.iniPath} is a character device, not a regular file; give the path of the file itself`)
  })

  it('refuses a folder named 3CXPhoneSystem.ini', async () => {
    const tree = installWithIni((p) => mkdirSync(p))
    const error = await failureOf(tree.root)
    expect(error.message).toBe(`the ini ${tree.iniPath} is a directory, not a regular file; give the path of the file itself`)
  })

  it('refuses a 200 MB ini by its size, without reading it', async () => {
    const tree = installWithIni((p) => {
      writeFileSync(p, '')
      truncateSync(p, 200 * 1024 * 1024)
    })
    const before = process.memoryUsage().rss
    const error = await failureOf(tree.root)
    expect(error.message).toBe(`the ini ${tree.iniPath} is 200.0 MiB, more than the 1.0 MiB such a file can be; it is not read (is this the right file?)`)
    // Not read: memory did not grow by anything near the file's size.
    expect(process.memoryUsage().rss - before).toBeLessThan(100 * 1024 * 1024)
  })

  it('reads an ini exactly at the limit and names a missing one', async () => {
    const dir = tempDir()
    const path = join(dir, 'limit.ini')
    writeFileSync(path, `[General]\n${'x'.repeat(MAX_BYTES.ini - 12)}=\n`.slice(0, MAX_BYTES.ini))
    expect((await readIniFile(path)).has('General')).toBe(true)
    await expect(readIniFile(join(dir, 'nope.ini'))).rejects.toThrow(`3CXPhoneSystem.ini ${join(dir, 'nope.ini')} does not exist`)
  })

  it('gives one clear line for a missing file and for a folder', async () => {
    const dir = tempDir()
    await expect(readIniFile(join(dir, 'nope.ini'))).rejects.toThrow(`${join(dir, 'nope.ini')} does not exist`)
    mkdirSync(join(dir, 'folder.ini'))
    await expect(readIniFile(join(dir, 'folder.ini'))).rejects.toThrow(/is a directory, not a regular file/)
  })

  it('takes a FIFO as v18 Bin/config.json as a problem of that file, not a hang', async (ctx) => {
    if (!available('mkfifo', hasMkfifo())) return ctx.skip()
    const tree = makeInstall('debian')
    const configJson = join(tree.root, 'Bin', 'config.json')
    spawnSync('mkfifo', [configJson])
    const install = await discoverInstall({cwd: '/', installDir: tree.root})
    expect(install.configJsonPath).toBe(configJson)
    expect(install.configJson?.problem).toBe(`config.json ${configJson} is a FIFO (named pipe), not a regular file; give the path of the file itself`)
  })

  it('lists what the binary folders hold, also entries that are not files', async () => {
    const tree = makeInstall('windows')
    mkdirSync(join(tree.root, 'Bin', 'MyPhoneServer.dll'))
    const install = await discoverInstall({cwd: '/', installDir: tree.root})
    expect(install.binFolders.map((f) => f.dir)).toEqual([join(tree.root, 'Bin'), join(tree.root, 'Instance1', 'Bin')])
    expect(install.binFolders[0]!.names).toContain('MyPhoneServer.dll')
  })

  it('parses and outlines an ini of 100,000 sections without blowing the stack, the outline capped', () => {
    const text = Array.from({length: 100_000}, (_, i) => `[S${i}]\nk=v`).join('\n')
    const ini = parseIniText('/x/wide.ini', Buffer.from(text))
    expect(ini.sections.length).toBe(100_000)
    expect(ini.secretValues()).toEqual([])
    const outline = ini.outline()
    expect(Object.keys(outline).length).toBe(101)
    expect(outline[OUTLINE_MORE]).toEqual({sections: '99900 more section(s)'})
    expect(JSON.stringify(outline).length).toBeLessThan(10_000)
  })
})
