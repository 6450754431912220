import {describe, expect, it} from 'vitest'
import {parseLineTimestamp, wallTimeToInstant} from '../../../../src/sources/activity-logs.js'

describe('log line timestamps', () => {
  it('reads the 3CX activity-log style in the given zone', () => {
    const ts = parseLineTimestamp('26-Nov-2026 04:00:01.500 [CM504001]: Ext.100: new contact', 'Europe/Berlin')
    expect(ts).toMatchObject({text: '26-Nov-2026 04:00:01.500', format: 'dd-mon-yyyy', hasOffset: false})
    expect(ts!.instant.toISOString()).toBe('2026-11-26T03:00:01.500Z')
    expect(parseLineTimestamp('26-Nov-2026 04:00:01.500 x', 'Europe/London')!.instant.toISOString()).toBe('2026-11-26T04:00:01.500Z')
  })

  it('reads ISO 8601 with and without an offset, bracketed or not', () => {
    expect(parseLineTimestamp('2026-11-26 04:00:00.750|0x1a2b|Session', 'America/New_York')!.instant.toISOString()).toBe('2026-11-26T09:00:00.750Z')
    expect(parseLineTimestamp('[2026-11-26T03:00:01.250Z] queue 800', 'Asia/Tokyo')).toMatchObject({hasOffset: true, format: 'iso-8601'})
    expect(parseLineTimestamp('[2026-11-26T03:00:01.250Z] queue 800', 'Asia/Tokyo')!.instant.toISOString()).toBe('2026-11-26T03:00:01.250Z')
    expect(parseLineTimestamp('2020-12-23T16:16:47.4072367+01:00', 'UTC')!.instant.toISOString()).toBe('2020-12-23T15:16:47.407Z')
    expect(parseLineTimestamp('2026/11/26 04:00:00 started', 'UTC')).toMatchObject({format: 'yyyy/mm/dd'})
  })

  it('refuses ambiguous, partial and impossible stamps instead of guessing', () => {
    for (const line of [
      '11/26/2026 4:00:01 AM IVR 800 started',
      '03/04/2026 04:00:01 ambiguous day and month',
      '04:00:01.123 time without a date',
      'Ivr(800): DTMF 1 received',
      '31-Feb-2026 04:00:00.000 no such day',
      '26-Foo-2026 04:00:00.000 no such month',
      '2026-13-01 04:00:00 no such month',
      '2026-11-26 25:00:00 no such hour',
      '',
    ]) {
      expect(parseLineTimestamp(line, 'UTC'), line).toBeUndefined()
    }
  })

  it('turns wall-clock times into instants across DST changes', () => {
    expect(wallTimeToInstant({year: 2027, month: 7, day: 1, hour: 12, minute: 0, second: 0, ms: 0}, 'Europe/Berlin').toISOString()).toBe('2027-07-01T10:00:00.000Z')
    // 02:30 on 28 March 2027 does not exist in Berlin: read before the jump (+01:00).
    expect(wallTimeToInstant({year: 2027, month: 3, day: 28, hour: 2, minute: 30, second: 0, ms: 0}, 'Europe/Berlin').toISOString()).toBe('2027-03-28T01:30:00.000Z')
  })
})
