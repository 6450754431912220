/**
 * The SNTP client against real servers on 127.0.0.1 only: an SNTP responder
 * with a fixed offset (also one sending a kiss-o'-death), a bound but silent
 * UDP port, and Debian's chronyd (a real NTP server, -x: never touches the
 * clock). Never a public pool.
 */
import {createSocket, type Socket} from 'node:dgram'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {startSntpResponder, type SntpResponder} from '../../../../src/demo/sntp-responder.js'
import {measureClock, parseNtpServer, querySntp} from '../../../../src/sources/clock/index.js'
import {chronydPath, startChrony, type Chrony} from '../../../helpers/chrony.js'

const CI = process.env.CI === 'true'
const haveChrony = chronydPath() !== undefined
if (CI && !haveChrony) throw new Error('chronyd is required under CI=true (apt-get install chrony; listed in .ci/apt-packages.txt)')

let silent: Socket
let silentPort: number
let ahead5: SntpResponder
let behind2: SntpResponder
let kiss: SntpResponder

beforeAll(async () => {
  silent = createSocket('udp4')
  await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', resolve))
  silentPort = silent.address().port
  ahead5 = await startSntpResponder({offsetMs: 5000})
  behind2 = await startSntpResponder({offsetMs: -2000})
  kiss = await startSntpResponder({behaviour: 'kiss'})
})

afterAll(async () => {
  silent.close()
  await Promise.all([ahead5, behind2, kiss].map((r) => r.stop()))
})

describe('the SNTP client against a responder on loopback', () => {
  it('measures a fixed +5 s offset within a few ms, and the round trip', async () => {
    const reading = await querySntp(parseNtpServer(ahead5.spec))
    expect(Math.abs(reading.offsetMs - 5000)).toBeLessThan(25)
    expect(reading.delayMs).toBeGreaterThanOrEqual(0)
    expect(reading.delayMs).toBeLessThan(200)
    expect(reading).toMatchObject({address: '127.0.0.1', port: ahead5.port, stratum: 2, referenceId: '127.0.0.1'})
  })

  it('measures a negative offset (the machine ahead)', async () => {
    const reading = await querySntp(parseNtpServer(behind2.spec))
    expect(Math.abs(reading.offsetMs + 2000)).toBeLessThan(25)
  })

  it('gives up on a silent port after tries x timeout, naming the server', async () => {
    const started = Date.now()
    await expect(querySntp(parseNtpServer(`127.0.0.1:${silentPort}`), {timeoutMs: 300, tries: 2})).rejects.toThrow(
      `no SNTP answer from 127.0.0.1:${silentPort} (127.0.0.1:${silentPort}) within 2 x 300 ms`,
    )
    const elapsed = Date.now() - started
    expect(elapsed).toBeGreaterThanOrEqual(550)
    expect(elapsed).toBeLessThan(2000)
  })

  it("refuses a kiss-o'-death reply", async () => {
    await expect(querySntp(parseNtpServer(kiss.spec), {timeoutMs: 300, tries: 1})).rejects.toThrow(/kiss-o'-death "RATE"/)
    expect(kiss.requests).toBeGreaterThan(0)
  })

  it('keeps the answering servers and lists the silent ones; the lowest delay wins', async () => {
    const facts = await measureClock([ahead5.spec, `127.0.0.1:${silentPort}`], {timeoutMs: 300, tries: 1})
    expect(facts.best.server).toBe(ahead5.spec)
    expect(facts.failures).toEqual([{server: `127.0.0.1:${silentPort}`, error: expect.stringMatching(/no SNTP answer/)}])
  })
})

describe.skipIf(!haveChrony && !CI)('against a real NTP server (chronyd on 127.0.0.1)', () => {
  let chrony: Chrony
  beforeAll(async () => {
    chrony = await startChrony()
  })
  afterAll(async () => {
    await chrony?.stop()
  })

  it('chronyd answers with a sub-second offset (it serves this very clock)', async () => {
    const reading = await querySntp(parseNtpServer(chrony.spec))
    expect(reading.stratum).toBe(8)
    expect(Math.abs(reading.offsetMs)).toBeLessThan(50)
  })
})
