/**
 * time.clock-drift through the built CLI, against real servers on 127.0.0.1
 * only: Debian's chronyd (a real NTP server, -x: never touches the clock) for
 * the pass case, an SNTP responder with a fixed offset for warn and fail, a
 * bound but silent UDP port for the timeout. Never a public pool.
 */
import {createSocket, type Socket} from 'node:dgram'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {startSntpResponder, type SntpResponder} from '../../../src/demo/sntp-responder.js'
import {chronydPath, startChrony, type Chrony} from '../../helpers/chrony.js'
import {runCli, tempDir} from '../../helpers/cli.js'
import type {JsonResult} from '../../helpers/report-schema.js'

const CI = process.env.CI === 'true'
const haveChrony = chronydPath() !== undefined
if (CI && !haveChrony) throw new Error('chronyd is required under CI=true (apt-get install chrony; listed in .ci/apt-packages.txt)')

type Result = JsonResult

/** Runs only time.clock-drift with explicit servers; no install, so the database is not found (and not compared). */
async function runDrift(servers: string[], extra: string[] = []): Promise<{result: Result; code: number | null; ms: number; sources: Array<{name: string; status: string; detail: string}>}> {
  const empty = tempDir('tcx-noinstall-')
  const started = Date.now()
  const r = await runCli(['run', '--only', 'time.clock-drift', '--format', 'json', '--install-dir', empty, ...servers.flatMap((s) => ['--ntp-server', s]), ...extra])
  const ms = Date.now() - started
  let report: {results: Result[]; sources: Array<{name: string; status: string; detail: string}>}
  try {
    report = JSON.parse(r.stdout)
  } catch {
    throw new Error(`not JSON (exit ${r.code}): ${r.stdout}\n${r.stderr}`)
  }
  return {result: report.results.find((x) => x.id === 'time.clock-drift')!, code: r.code, ms, sources: report.sources}
}

let silent: Socket
let silentPort: number
let ahead5: SntpResponder
let ahead120: SntpResponder

beforeAll(async () => {
  silent = createSocket('udp4')
  await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', resolve))
  silentPort = silent.address().port
  ahead5 = await startSntpResponder({offsetMs: 5000})
  ahead120 = await startSntpResponder({offsetMs: 120_000})
})

afterAll(async () => {
  silent.close()
  await Promise.all([ahead5, ahead120].map((r) => r.stop()))
})

describe.skipIf(!haveChrony && !CI)('against a real NTP server (chronyd on 127.0.0.1)', () => {
  let chrony: Chrony
  beforeAll(async () => {
    chrony = await startChrony()
  })
  afterAll(async () => {
    await chrony?.stop()
  })

  it('passes time.clock-drift', async () => {
    const {result, code, sources} = await runDrift([chrony.spec])
    expect(result.status, result.summary).toBe('pass')
    expect(result.summary).toMatch(new RegExp(`^This machine's clock is [0-9.]+ ms (behind|ahead of) ${chrony.spec.replace(/\./g, '\\.')}\\.$`))
    expect(Math.abs(result.evidence.offsetMs as number)).toBeLessThan(50)
    expect(result.details.join(' ')).toMatch(/stratum 8/)
    expect(code).toBe(0)
    expect(sources.find((s) => s.name === 'clock')).toMatchObject({status: 'ok'})
  })
})

describe('time.clock-drift end to end', () => {
  it('warns at +5 s (machine behind)', async () => {
    const {result, code} = await runDrift([ahead5.spec])
    expect(result.status).toBe('warn')
    expect(result.summary).toMatch(/^This machine's clock is (4\.9\d\d|5\.0\d\d) s behind 127\.0\.0\.1:\d+\.$/)
    expect(result.details.join(' ')).toMatch(/warn above 1 s, fail above 30 s/)
    expect(code).toBe(1)
  })

  it('fails at +120 s', async () => {
    const {result, code} = await runDrift([ahead120.spec])
    expect(result.status).toBe('fail')
    expect(result.summary).toMatch(/(119\.9\d\d s|120\.0\d\d s|2\.0 min) behind/)
    expect(code).toBe(2)
  })

  it('takes its limits from the config file', async () => {
    const dir = tempDir('tcx-cfg-')
    const config = `${dir}/c.json`
    await import('node:fs').then((fs) => fs.writeFileSync(config, JSON.stringify({checks: {'time.clock-drift': {warnSeconds: 10, failSeconds: 60}}})))
    expect((await runDrift([ahead5.spec], ['--config', config])).result.status).toBe('pass')
    expect((await runDrift([ahead120.spec], ['--config', config])).result.status).toBe('fail')
  })

  it('skips in bounded time when the server stays silent, naming server and timeout', async () => {
    const {result, ms} = await runDrift([`127.0.0.1:${silentPort}`])
    expect(result.status).toBe('skip')
    expect(result.summary).toContain(`no SNTP answer from 127.0.0.1:${silentPort} (127.0.0.1:${silentPort}) within 2 x 1500 ms`)
    expect(result.summary).toMatch(/--ntp-server/)
    expect(ms).toBeLessThan(15_000)
  })

  it('skips with --ntp-server none, saying how to give a server', async () => {
    const {result} = await runDrift(['none'])
    expect(result.status).toBe('skip')
    expect(result.summary).toContain('no NTP server to ask (--ntp-server none); give one with --ntp-server host[:port]')
  })

  it('refuses a bad --ntp-server value with one line', async () => {
    const {result} = await runDrift(['127.0.0.1:notaport'])
    expect(result.status).toBe('skip')
    expect(result.summary).toContain('--ntp-server 127.0.0.1:notaport: the port "notaport" is not a number')
  })
})
