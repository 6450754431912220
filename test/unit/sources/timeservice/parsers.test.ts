/**
 * The time-service parsers on recorded outputs (test/fixtures/timeservice): chronyc's CSV tracking
 * line from a real chronyd 4.3, timedatectl's properties, and w32tm's status (written after
 * Windows' own output, in English and with a decimal comma).
 */
import {readFileSync} from 'node:fs'
import {resolve} from 'node:path'
import {describe, expect, it} from 'vitest'
import {describeReading, parseChronyTracking, parseNtpMessage, parseTimedatectl, parseW32tmStatus} from '../../../../src/sources/timeservice/index.js'

const fixture = (name: string): string => readFileSync(resolve(import.meta.dirname, '..', '..', '..', 'fixtures', 'timeservice', name), 'utf8')
const NOW = new Date('2026-12-01T12:00:00.000Z')

describe('chronyc -c tracking', () => {
  it('reads a synchronised chronyd whose source is 5 s ahead: this machine 5 s behind', () => {
    const r = parseChronyTracking(fixture('chronyc-tracking-behind-5s.csv'))
    expect(r).toMatchObject({from: 'chrony', synchronised: true, source: '127.0.0.1', stratum: 3, leap: 'Normal', offsetSignKnown: true})
    expect(r.offsetMs).toBeCloseTo(-4999.616623, 5)
    expect(r.lastUpdate?.toISOString()).toBe('2026-12-01T12:21:20.188Z')
    expect(describeReading(r)).toBe('chrony (chronyc -c tracking): synchronised, source 127.0.0.1, stratum 3, offset -5.000 s')
  })

  it('reads an unsynchronised chronyd: no source, stratum, offset or update', () => {
    const r = parseChronyTracking(fixture('chronyc-tracking-unsynchronised.csv'))
    expect(r).toMatchObject({synchronised: false, source: null, stratum: null, offsetMs: null, lastUpdate: null, leap: 'Not synchronised'})
  })

  it('names the local reference clock of `local stratum 8`', () => {
    const r = parseChronyTracking(fixture('chronyc-tracking-local-stratum.csv'))
    expect(r).toMatchObject({synchronised: true, stratum: 8, offsetMs: 0})
    expect(r.source).toMatch(/local clock/)
  })

  it('refuses what is not its CSV line, in one line', () => {
    expect(() => parseChronyTracking('')).toThrow('chronyc -c tracking printed nothing')
    expect(() => parseChronyTracking('Reference ID    : 7F7F0101 ()\nStratum         : 8\n')).toThrow(/not its CSV tracking line/)
    expect(() => parseChronyTracking('506 Cannot talk to daemon')).toThrow(/not its CSV tracking line \(1 fields\)/)
  })
})

describe('timedatectl show / show-timesync', () => {
  it('reads NTPSynchronized and, with timesyncd, its server and the stratum of its last answer', () => {
    const r = parseTimedatectl(fixture('timedatectl-show-synced.txt'), fixture('timedatectl-show-timesync.txt'))
    expect(r).toMatchObject({from: 'timesyncd', synchronised: true, source: '0.debian.pool.ntp.org (192.0.2.123)', stratum: 2, leap: '0', offsetMs: null, lastUpdate: null})
    expect(r.notes).toContain('network time synchronisation is on (NTP=yes)')
  })

  it('without timesyncd, only the kernel flag from timedatectl; NTP off is noted', () => {
    const r = parseTimedatectl(fixture('timedatectl-show-ntp-off.txt'))
    expect(r).toMatchObject({from: 'timedatectl', synchronised: false, source: null, stratum: null})
    expect(r.notes).toContain('network time synchronisation is off (NTP=no)')
  })

  it('splits NTPMessage fields, also the one without a comma before it', () => {
    const fields = parseNtpMessage('{ Leap=0, Version=4, Stratum=2, Ignored=no PacketCount=3, Jitter=1.021ms }')
    expect(Object.fromEntries(fields)).toMatchObject({Leap: '0', Stratum: '2', Ignored: 'no', PacketCount: '3', Jitter: '1.021ms'})
  })

  it('refuses an output without NTP properties', () => {
    expect(() => parseTimedatectl('Timezone=UTC\n')).toThrow('timedatectl show printed neither NTP nor NTPSynchronized')
  })
})

describe('w32tm /query /status /verbose', () => {
  it('reads a synchronised Windows Time service: source, stratum, phase offset, last update from "Time since"', () => {
    const r = parseW32tmStatus(fixture('w32tm-status-synced.txt'), NOW)
    expect(r).toMatchObject({from: 'w32tm', synchronised: true, source: 'dc01.example.local', stratum: 4, offsetSignKnown: false, leap: '0(no warning)', lastUpdateText: '12/1/2026 11:58:02 AM'})
    expect(r.offsetMs).toBeCloseTo(0.2359, 6)
    expect(r.lastUpdate?.toISOString()).toBe('2026-12-01T11:51:18.881Z')
    expect(r.notes).toContain('state machine 2 (Sync)')
  })

  it('reads leap indicator 3 and the local CMOS clock as not synchronised, with the last sync error', () => {
    const r = parseW32tmStatus(fixture('w32tm-status-unsynchronised.txt'), NOW)
    expect(r).toMatchObject({synchronised: false, source: 'Local CMOS Clock', stratum: null, offsetMs: null, lastUpdate: null, lastUpdateText: null})
    expect(r.notes.join(' ')).toMatch(/last sync error 1 \(The computer did not resync/)
  })

  it('reads decimal commas; keeps a locale date as text; drops the ",0x8" flags of the source', () => {
    const r = parseW32tmStatus(fixture('w32tm-status-decimal-comma-42s.txt'), NOW)
    expect(r).toMatchObject({synchronised: true, source: '192.168.1.1', stratum: 3, offsetMs: -42500, lastUpdateText: '01.12.2026 09:14:55'})
    expect(r.lastUpdate?.toISOString()).toBe('2026-12-01T08:54:57.016Z')
    expect(describeReading(r)).toContain('offset -42.500 s (sign as w32tm reports it)')
  })

  it('refuses a localised output it cannot read, saying so', () => {
    expect(() => parseW32tmStatus('Sprungindikator: 0(keine Warnung)\r\nStratum ist unbekannt\r\n', NOW)).toThrow(/no "Leap Indicator" or "Stratum" line/)
  })
})
