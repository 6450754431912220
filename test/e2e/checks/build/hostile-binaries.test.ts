/**
 * The CLI against binaries and inis that are not what they claim: a FIFO named
 * MyPhoneServer.dll, /dev/zero behind a symlink, a folder named like a DLL, a 64 GiB
 * sparse DLL, a FIFO as the ini. Each is one clear line in a report and the run ends;
 * `--timeout 2` stops the scan of a 16 GiB sparse DLL (no timing is asserted beyond a
 * generous bound on the run ending at all).
 */
import {spawnSync} from 'node:child_process'
import {mkdirSync, rmSync, symlinkSync, truncateSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {runCli} from '../../../helpers/cli.js'
import {available, makeDllInstall} from '../../../helpers/dotnet-fixtures.js'
import {makeInstall} from '../../../helpers/install-tree.js'
import {reportOf} from '../../../helpers/report-schema.js'

const ID = 'build.sip-dialog-set-id'
const GiB = 1024 ** 3
const hasMkfifo = (): boolean => spawnSync('mkfifo', ['--version']).status === 0

async function sipCheck(root: string, extra: string[] = []) {
  const cli = await runCli(['run', '--format', 'json', '--only', ID, '--install-dir', root, ...extra], {timeoutMs: 60_000})
  const report = reportOf(cli)
  return {cli, report, result: report.results.find((r) => r.id === ID)!}
}

/** A Windows install whose shared Bin holds a real fixture DLL grown to `size` bytes with a hole. */
function sparseDll(size: number): {root: string; path: string} {
  const tree = makeDllInstall('windows', [['mps-15.5.10244', 'MyPhoneServer.dll']])
  const path = join(tree.sharedBin, 'MyPhoneServer.dll')
  truncateSync(path, size)
  return {root: tree.root, path}
}

describe('hostile binaries', () => {
  it('refuses a FIFO named MyPhoneServer.dll in one line, without waiting for a writer', async (ctx) => {
    if (!available('mkfifo', hasMkfifo())) return ctx.skip()
    const tree = makeDllInstall('windows')
    const path = join(tree.sharedBin, 'MyPhoneServer.dll')
    spawnSync('mkfifo', [path])
    const {result, cli} = await sipCheck(tree.root)
    expect(result.status).toBe('warn')
    expect(result.summary).toContain(`file ${path} is a FIFO (named pipe), not a regular file`)
    expect(cli.stderr).not.toMatch(/\n\s+at /)
  })

  it('refuses /dev/zero behind a symlink and a folder named like a DLL', async () => {
    const tree = makeDllInstall('windows')
    symlinkSync('/dev/zero', join(tree.sharedBin, 'MyPhoneServer.dll'))
    mkdirSync(join(tree.sharedBin, 'VCEWebRTCNet.dll'))
    const {result} = await sipCheck(tree.root)
    expect(result.status).toBe('warn')
    expect(result.details).toContain(`${join(tree.sharedBin, 'MyPhoneServer.dll')}: file ${join(tree.sharedBin, 'MyPhoneServer.dll')} is a character device, not a regular file; give the path of the file itself`)
    expect(result.details).toContain(`${join(tree.sharedBin, 'VCEWebRTCNet.dll')}: ${join(tree.sharedBin, 'VCEWebRTCNet.dll')} is a folder, not a file`)
  })

  it('ends a scan of a 16 GiB sparse DLL at --timeout 2 with an error naming the limit', async () => {
    const dll = sparseDll(16 * GiB)
    const started = Date.now()
    const {result, report} = await sipCheck(dll.root, ['--timeout', '2'])
    expect(Date.now() - started).toBeLessThan(15_000)
    expect(result.status).toBe('error')
    expect(result.summary).toBe('The check did not finish within 2 s (the --timeout given; raise it if the PBX is slow).')
    expect(report.results).toHaveLength(1)
    rmSync(dll.path)
  })

  it('gives a 64 GiB sparse DLL one line and a report under --timeout 2', async () => {
    const dll = sparseDll(64 * GiB)
    const {result, cli} = await sipCheck(dll.root, ['--timeout', '2'])
    expect(result.status).toBe('error')
    expect(result.summary).toContain('--timeout')
    expect(cli.stderr).not.toMatch(/\n\s+at /)
    rmSync(dll.path)
  })

  it('names a FIFO as the ini through the CLI and ends', async (ctx) => {
    if (!available('mkfifo', hasMkfifo())) return ctx.skip()
    const tree = makeInstall('debian')
    rmSync(tree.iniPath)
    spawnSync('mkfifo', [tree.iniPath])
    const cli = await runCli(['run', '--format', 'json', '--only', 'install', '--install-dir', tree.root], {timeoutMs: 30_000})
    const result = reportOf(cli).results.find((r) => r.id === 'install.ini-complete')!
    expect(result.status).toBe('fail')
    expect(result.summary).toBe(`The 3CX install given could not be read: the ini ${tree.iniPath} is a FIFO (named pipe), not a regular file; give the path of the file itself`)
  })
})
