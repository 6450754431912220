/**
 * time.pbx-clock-skew end to end: the console simulator (ActiveCalls.Now, also
 * skewed), activity-log fixtures whose modification times the test sets, and
 * an SNTP responder on loopback as the real-time reference.
 */
import {cpSync, mkdirSync, utimesSync} from 'node:fs'
import {join, resolve} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {startConsoleSimulator, type ConsoleSimulator} from '../../../src/demo/console-simulator.js'
import {startSntpResponder, type SntpResponder} from '../../../src/demo/sntp-responder.js'
import {runCli, tempDir} from '../../helpers/cli.js'
import {sampleInstallCopy} from '../../helpers/postgres.js'
import {resultOf, type JsonResult} from '../../helpers/report-schema.js'

const FIXTURES = resolve(import.meta.dirname, '..', '..', 'fixtures', 'time', 'logs')
const TZ = 'Europe/Berlin'
/** The newest recognised line of each fixture, as an instant (the lines are Berlin wall time unless they say otherwise). */
const NEWEST: Record<string, string> = {
  '3CXPhoneSystem.log': '2026-11-26T03:00:01.500Z',
  '3CXCallFlow.log': '2026-11-26T03:00:00.750Z',
  '3CXQueueManager.log': '2026-11-26T03:00:01.250Z',
  '3CXMediaServer.log': '2026-11-26T03:00:00.900Z',
}

type Result = JsonResult

/** A data folder with the fixture logs, each written `lagMs` after its newest line (3CX's time behind by lagMs). */
function dataDirWithLogs(lagMs: number): string {
  const dataDir = tempDir('tcx-data-')
  const logs = join(dataDir, 'Logs')
  mkdirSync(logs)
  cpSync(FIXTURES, logs, {recursive: true})
  for (const [name, instant] of Object.entries(NEWEST)) {
    const t = (Date.parse(instant) + lagMs) / 1000
    utimesSync(join(logs, name), t, t)
  }
  return dataDir
}

const berlinOffsetMinutes = (): number => {
  const name = new Intl.DateTimeFormat('en-US', {timeZone: TZ, timeZoneName: 'longOffset'}).formatToParts(new Date()).find((p) => p.type === 'timeZoneName')!.value
  const m = /GMT([+-])(\d\d):(\d\d)/.exec(name)!
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]))
}

let sim: ConsoleSimulator
let ntp: SntpResponder
let installDir: string

beforeAll(async () => {
  sim = await startConsoleSimulator({scenario: 'healthy', utcOffsetMinutes: berlinOffsetMinutes()})
  ntp = await startSntpResponder({offsetMs: 0})
  installDir = sampleInstallCopy(undefined).installDir
})

afterAll(async () => {
  await sim?.stop()
  await ntp?.stop()
})

async function runSkew(options: {dataDir: string; console?: boolean; ntp?: string; extra?: string[]}): Promise<{result: Result; code: number | null}> {
  const consoleArgs = options.console === false ? [] : ['--console-url', sim.url, '--console-user', sim.username, '--console-password', sim.password]
  const r = await runCli(
    [
      'run',
      '--only',
      'time.pbx-clock-skew',
      '--format',
      'json',
      '--install-dir',
      installDir,
      '--data-dir',
      options.dataDir,
      '--db-url',
      'postgres://nobody@127.0.0.1:1/none',
      '--ntp-server',
      options.ntp ?? ntp.spec,
      ...consoleArgs,
      ...(options.extra ?? []),
    ],
    {env: {TZ}},
  )
  return {result: resultOf(r, 'time.pbx-clock-skew'), code: r.code}
}

describe('time.pbx-clock-skew', () => {
  it('passes when the console Now and the newest log lines agree with the real time; lists unrecognised lines', async () => {
    sim.update({scenario: 'healthy', utcOffsetMinutes: berlinOffsetMinutes()})
    const {result, code} = await runSkew({dataDir: dataDirWithLogs(2000)})
    expect(result.status, JSON.stringify(result, null, 1)).toBe('pass')
    expect(result.summary).toBe("3CX's time agrees with the real time within 120 s (the console's Now and the newest activity-log lines).")
    const details = result.details.join('\n')
    expect(details).toMatch(/3CXPhoneSystem\.log: newest line stamped 26-Nov-2026 04:00:01\.500 \(read in Europe\/Berlin\), (?:1\.99\d|2\.0\d\d) s behind the time the file was last written/)
    expect(details).toMatch(/3CXIvrServer\.log: 4 of the newest 4 line\(s\) do not start with a timestamp format tcx-doctor recognises \(not read, not guessed\)/)
    expect(details).toMatch(/3CXPhoneSystem\.log: 1 of the newest 6 line\(s\)/)
    expect(details).toMatch(/Real time: local clock corrected by .* from SNTP 127\.0\.0\.1:\d+/)
    expect(code).toBe(0)
  })

  it("fails when the console's Now is 3 hours ahead (the simulator's skewed-clock scenario)", async () => {
    sim.update({scenario: 'skewed-clock', utcOffsetMinutes: berlinOffsetMinutes()})
    try {
      const {result, code} = await runSkew({dataDir: dataDirWithLogs(2000)})
      expect(result.status).toBe('fail')
      expect(result.summary).toMatch(/^3CX's time is off by more than 120 s: the console's Now is 3\.00 h ahead of the real time\.$/)
      expect(result.details.join(' ')).toMatch(/IVRs do not time out/)
      expect(code).toBe(2)
    } finally {
      sim.update({scenario: 'healthy'})
    }
  })

  it('fails when the newest log lines are stamped 3 hours before their files were written', async () => {
    const {result} = await runSkew({dataDir: dataDirWithLogs(3 * 3_600_000)})
    expect(result.status).toBe('fail')
    expect(result.summary).toContain("3CXPhoneSystem.log's newest line is 3.00 h behind the time it was written")
    expect(result.summary).toContain("3CXQueueManager.log's newest line is 3.00 h behind")
  })

  it('takes the threshold from the config', async () => {
    const dir = tempDir('tcx-cfg-')
    const config = join(dir, 'c.json')
    const {writeFileSync} = await import('node:fs')
    writeFileSync(config, JSON.stringify({checks: {'time.pbx-clock-skew': {maxSkewSeconds: 1}}}))
    const {result} = await runSkew({dataDir: dataDirWithLogs(2000), extra: ['--config', config]})
    expect(result.status).toBe('fail')
    expect(result.summary).toMatch(/off by more than 1 s/)
  })

  it('warns when 3CX writes its time with another UTC offset than the machine, at the right instant', async () => {
    sim.update({scenario: 'healthy', utcOffsetMinutes: berlinOffsetMinutes() - 60})
    try {
      const {result} = await runSkew({dataDir: dataDirWithLogs(2000)})
      expect(result.status).toBe('warn')
      expect(result.summary).toMatch(/3CX writes its time with UTC offset [+-]\d\d:00 while this machine \(Europe\/Berlin\) is at [+-]\d\d:00/)
    } finally {
      sim.update({utcOffsetMinutes: berlinOffsetMinutes()})
    }
  })

  it("corrects the local clock by the NTP offset: with NTP 3 h behind this clock, a Now that follows this clock is 3 h ahead", async () => {
    const slowNtp = await startSntpResponder({offsetMs: -3 * 3_600_000})
    try {
      const {result} = await runSkew({dataDir: dataDirWithLogs(0), ntp: slowNtp.spec})
      expect(result.status).toBe('fail')
      expect(result.summary).toContain("the console's Now is 3.00 h ahead of the real time")
      expect(result.evidence.correctionMs).toBeLessThan(-3 * 3_600_000 + 1000)
    } finally {
      await slowNtp.stop()
    }
  })

  it('judges the logs alone when the console is not reachable, saying so', async () => {
    const {result} = await runSkew({dataDir: dataDirWithLogs(2000), console: false})
    expect(result.status).toBe('pass')
    expect(result.summary).toMatch(/\(the newest activity-log lines\)/)
    expect(result.details.join(' ')).toMatch(/Not compared: console: /)
  })

  it('skips when neither the console nor the logs tell the time', async () => {
    const {result} = await runSkew({dataDir: tempDir('tcx-empty-data-'), console: false})
    expect(result.status).toBe('skip')
    expect(result.summary).toMatch(/^Nothing told 3CX's own time: console: .*; activity logs: no Logs folder in /)
  })
})
