/**
 * time.clock-drift with the database on another host: the CLI runs in one
 * network namespace ("pbx"), the sample PostgreSQL and an SNTP responder in
 * another ("dbhost"), joined by a veth pair. The database host is then not
 * this machine, so its now() is compared too. Needs root (network
 * namespaces): skipped with the reason otherwise, but under CI=true it fails.
 */
import {spawn, type ChildProcess} from 'node:child_process'
import {resolve} from 'node:path'
import {createInterface} from 'node:readline'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {ROOT, runCli, tempDir} from '../../helpers/cli.js'
import {NetnsLab, netnsUnavailableReason, sweepNamespaces} from '../../helpers/netns.js'

const unavailable = netnsUnavailableReason()
if (unavailable && process.env.CI === 'true') throw new Error(`CI=true but the network namespace test cannot run: ${unavailable}`)

const SCRIPT = resolve(import.meta.dirname, '..', '..', 'fixtures', 'time', 'remote-db-host.mjs')

describe.skipIf(unavailable !== undefined)(`the database on another host${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  const lab = new NetnsLab()
  let pbx = ''
  let host: ChildProcess | undefined
  let remote: {url: string; ntp: string}

  beforeAll(async () => {
    pbx = lab.add()
    const dbhost = lab.add()
    lab.veth(pbx, 'nic0', dbhost, 'eth0')
    lab.addr(pbx, 'nic0', '10.79.1.1/24')
    lab.addr(dbhost, 'eth0', '10.79.1.2/24')
    host = spawn(lab.exec(dbhost)[0]!, [...lab.exec(dbhost).slice(1), process.execPath, SCRIPT, ROOT, '10.79.1.2'], {stdio: ['pipe', 'pipe', 'inherit']})
    const first = await new Promise<string>((resolvePromise, reject) => {
      const lines = createInterface({input: host!.stdout!})
      lines.once('line', resolvePromise)
      host!.once('exit', (code) => reject(new Error(`the database host exited with ${code}`)))
    })
    remote = JSON.parse(first) as {url: string; ntp: string}
  }, 120_000)

  afterAll(async () => {
    if (host && host.exitCode === null) {
      const exited = new Promise((r) => host!.once('exit', r))
      host.stdin?.end()
      const timer = setTimeout(() => host?.kill('SIGKILL'), 15_000)
      await exited
      clearTimeout(timer)
    }
    lab.cleanup()
    sweepNamespaces()
  })

  it("compares the remote database server's now() with the real time", async () => {
    const r = await runCli(
      ['run', '--only', 'time.clock-drift', '--format', 'json', '--install-dir', tempDir('tcx-noinstall-'), '--db-url', remote.url, '--ntp-server', remote.ntp],
      {wrap: lab.exec(pbx), timeoutMs: 45_000},
    )
    const report = JSON.parse(r.stdout) as {results: Array<{status: string; summary: string; details: string[]; evidence: Record<string, unknown>}>}
    const result = report.results[0]!
    expect(result.status, JSON.stringify(result)).toBe('pass')
    expect(result.evidence.dbHost).toBe('10.79.1.2')
    // Same kernel clock on both sides of the veth: the difference is the query's own uncertainty.
    expect(Math.abs(result.evidence.dbOffsetMs as number)).toBeLessThan(1000)
    expect(result.details.join('\n')).toMatch(/The database server 10\.79\.1\.2 reports now\(\) = \d{4}-\d\d-\d\dT[\d:.]+Z: its clock is [\d.]+ (ms|s) (behind|ahead of) the real time \(query round trip \d+ ms\)\./)
    expect(result.details.join('\n')).toMatch(/SNTP 10\.79\.1\.2:1123/)
  })
})
