/**
 * The app-files source on real folders holding things that are not files: a FIFO and a
 * socket named like API DLLs, a folder named like the search marker, /dev/zero behind a
 * symlink as an ini copy. Nothing blocks; each is one line in its copy's `problem`.
 */
import {spawnSync} from 'node:child_process'
import {mkdirSync, symlinkSync} from 'node:fs'
import {createServer, type Server} from 'node:net'
import {join} from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {defaultSettings} from '../../../../src/config/settings.js'
import {RunContext} from '../../../../src/engine/context.js'
import {appFilesSource, findAppFolders} from '../../../../src/sources/app-files/index.js'
import {tempDir} from '../../../helpers/cli.js'
import {available, makeDllInstall, place} from '../../../helpers/dotnet-fixtures.js'

const hasMkfifo = (): boolean => spawnSync('mkfifo', ['--version']).status === 0
const servers: Server[] = []
afterAll(() => {
  for (const s of servers) s.close()
})

async function listenOn(path: string): Promise<void> {
  const server = createServer()
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(path, resolve))
}

function scanWith(installDir: string, settings: {appDirs?: string[]; appSearchDirs?: string[]}) {
  const ctx = new RunContext({...defaultSettings('/'), installDir, appDirs: [], appSearchDirs: [], ...settings})
  return ctx.use(appFilesSource).then((files) => files.scan({}))
}

describe('app-files source with hostile entries', () => {
  it('gives a FIFO, a socket and /dev/zero as copies one line each, without blocking', async (ctx) => {
    if (!available('mkfifo', hasMkfifo())) return ctx.skip()
    const tree = makeDllInstall('windows', [], [['api-15.5.1694', 'sl.dll'], ['api-15.5.1694', '3cxpscomcpp2.dll'], ['api-15.5.1694', 'tcxpscom_native.dll']])
    const app = join(tempDir('tcx-app-'), 'App')
    mkdirSync(app, {recursive: true})
    spawnSync('mkfifo', [join(app, 'sl.dll')])
    await listenOn(join(app, 'tcxpscom_native.dll'))
    symlinkSync('/dev/zero', join(app, '3CXPhoneSystem.ini'))
    place(app, 'api-15.5.1694', '3cxpscomcpp2.dll')
    const scan = await scanWith(tree.root, {appDirs: [app]})
    const copies = Object.fromEntries(scan.folders[0]!.copies.map((c) => [c.name, c]))
    expect(copies['sl.dll']!.problem).toBe(`file ${join(app, 'sl.dll')} is a FIFO (named pipe), not a regular file; give the path of the file itself`)
    expect(copies['tcxpscom_native.dll']!.problem).toBe(`file ${join(app, 'tcxpscom_native.dll')} is a socket, not a regular file; give the path of the file itself`)
    expect(copies['3CXPhoneSystem.ini']!.problem).toBe(`3CXPhoneSystem.ini ${join(app, '3CXPhoneSystem.ini')} is a character device, not a regular file; give the path of the file itself`)
    expect(copies['3cxpscomcpp2.dll']!).toMatchObject({version: '15.5.1694.0', sha256: expect.stringMatching(/^[0-9a-f]{64}$/)})
    expect(scan.references.find((r) => r.name === 'sl.dll')!.reference).toMatchObject({version: '15.5.1694.0'})
  })

  it('does not take a folder (or a link to one) named like the marker for an application folder, nor open a FIFO', async (ctx) => {
    if (!available('mkfifo', hasMkfifo())) return ctx.skip()
    const base = tempDir('tcx-search-')
    mkdirSync(join(base, 'FolderApp', '3cxpscomcpp2.dll'), {recursive: true})
    mkdirSync(join(base, 'FifoApp'))
    spawnSync('mkfifo', [join(base, 'FifoApp', 'other.dll')])
    place(join(base, 'RealApp'), 'api-15.5.1694', '3cxpscomcpp2.dll')
    // A symlink named like the marker that points at a folder does not count either.
    mkdirSync(join(base, 'LinkApp'))
    symlinkSync(join(base, 'FolderApp', '3cxpscomcpp2.dll'), join(base, 'LinkApp', '3cxpscomcpp2.dll'))
    const result = await findAppFolders([base])
    expect(result.found).toEqual([join(base, 'RealApp')])
  })
})
