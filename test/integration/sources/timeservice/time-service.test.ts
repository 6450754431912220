/**
 * The timeservice source against real processes: Debian's chronyd (`-x`: never the system clock)
 * synchronising to an SNTP responder on 127.0.0.1 that answers 5 s ahead, asked with the real
 * chronyc over its command port on loopback; a chronyd whose server never answers; and the bounded
 * command runner (a hang, a flood of output, a missing command). Never a public pool.
 */
import {createSocket, type Socket} from 'node:dgram'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import clockDrift from '../../../../checks/time/clock-drift.js'
import {startSntpResponder, type SntpResponder} from '../../../../src/demo/sntp-responder.js'
import {readTimeService, runCommand, type TimeServiceFacts} from '../../../../src/sources/timeservice/index.js'
import {runCheck, unavailable} from '../../../helpers/check-tester.js'
import {chronydPath, startChronyClient, type ChronyClient} from '../../../helpers/chrony.js'

const CI = process.env.CI === 'true'
const haveChrony = chronydPath() !== undefined
if (CI && !haveChrony) throw new Error('chronyd and chronyc are required under CI=true (apt-get install chrony; listed in .ci/apt-packages.txt)')

/** Asks until chrony says it is synchronised (or the deadline passes), returning the last facts. */
async function untilSynchronised(client: ChronyClient, ms = 10_000): Promise<TimeServiceFacts> {
  const deadline = Date.now() + ms
  for (;;) {
    const facts = await readTimeService({platform: 'linux', chronyc: {host: '127.0.0.1', port: client.commandPort}})
    const chrony = facts.readings.find((r) => r.from === 'chrony')
    if ((chrony?.synchronised && chrony.offsetMs !== null) || Date.now() > deadline) return facts
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

describe.skipIf(!haveChrony)('chrony synchronised to a server 5 s ahead, on loopback', () => {
  let responder: SntpResponder
  let client: ChronyClient
  beforeAll(async () => {
    responder = await startSntpResponder({offsetMs: 5000})
    client = await startChronyClient({host: '127.0.0.1', port: responder.port})
  })
  afterAll(async () => {
    await client?.stop()
    await responder?.stop()
  })

  it('chronyc -c tracking gives this machine 5 s behind 127.0.0.1, synchronised, stratum 3', async () => {
    const facts = await untilSynchronised(client)
    const chrony = facts.readings.find((r) => r.from === 'chrony')
    expect(chrony, client.log()).toMatchObject({synchronised: true, source: '127.0.0.1', stratum: 3, leap: 'Normal', command: `chronyc -h 127.0.0.1 -p ${client.commandPort} -c tracking`})
    expect(Math.abs(chrony!.offsetMs! + 5000)).toBeLessThan(50)
    expect(facts.tried[0]).toBe(`chronyc -h 127.0.0.1 -p ${client.commandPort} -c tracking`)
  })

  it('time.clock-drift without SNTP decides from it: warn, 5 s behind', async () => {
    const facts = await untilSynchronised(client)
    const result = await runCheck(clockDrift, {sources: {clock: unavailable('clock', 'no SNTP answer from 192.0.2.1:123'), timeservice: facts}})
    expect(result.status).toBe('warn')
    expect(result.summary).toMatch(/^The time service \(chrony\) has this machine (4\.9\d\d|5\.0\d\d) s behind 127\.0\.0\.1; SNTP was not reachable\.$/)
  })
})

describe.skipIf(!haveChrony)('chrony whose server never answers', () => {
  let silent: Socket
  let client: ChronyClient
  beforeAll(async () => {
    silent = createSocket('udp4')
    await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', resolve))
    client = await startChronyClient({host: '127.0.0.1', port: silent.address().port})
  })
  afterAll(async () => {
    await client?.stop()
    silent?.close()
  })

  it('is not synchronised, and time.clock-drift warns even though SNTP is fine', async () => {
    const facts = await readTimeService({platform: 'linux', chronyc: {host: '127.0.0.1', port: client.commandPort}})
    expect(facts.readings.find((r) => r.from === 'chrony')).toMatchObject({synchronised: false, offsetMs: null, source: null, leap: 'Not synchronised'})
    const responder = await startSntpResponder({offsetMs: 0})
    try {
      const {measureClock} = await import('../../../../src/sources/clock/index.js')
      const clock = await measureClock([responder.spec])
      const result = await runCheck(clockDrift, {sources: {clock, timeservice: facts}})
      expect(result.status).toBe('warn')
      expect(result.summary).toMatch(/Also the time service \(chrony\) says it is not synchronised\.$/)
    } finally {
      await responder.stop()
    }
  })
})

describe('the bounded command runner', () => {
  it('names a command that is not installed', async () => {
    expect(await runCommand('tcx-doctor-no-such-command', ['x'])).toEqual({ok: false, reason: 'tcx-doctor-no-such-command is not installed (not on PATH)', missing: true})
  })

  it('stops a command that does not answer in time', async () => {
    const result = await runCommand('sleep', ['30'], {timeoutMs: 300})
    expect(result).toEqual({ok: false, reason: 'sleep 30 did not answer within 300 ms (stopped)', missing: false})
  })

  it('stops a command that prints more than its cap', async () => {
    const result = await runCommand('yes', [], {maxBuffer: 4096})
    expect(result).toMatchObject({ok: false, reason: 'yes printed more than 4096 bytes (stopped)'})
  })

  it.skipIf(!haveChrony)('gives chronyc\'s own line when no chronyd listens, and the source says it was not read', async () => {
    const {freeUdpPort} = await import('../../../helpers/chrony.js')
    const port = await freeUdpPort()
    const result = await runCommand('chronyc', ['-h', '127.0.0.1', '-p', String(port), '-c', 'tracking'], {timeoutMs: 5000})
    expect(result.ok).toBe(false)
    expect(result.ok ? '' : result.reason).toMatch(/^chronyc -h 127\.0\.0\.1 -p \d+ -c tracking exited with 1: 506 Cannot talk to daemon$/)
  })
})
