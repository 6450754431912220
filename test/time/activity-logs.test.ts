import {cpSync, utimesSync, writeFileSync} from 'node:fs'
import {join, resolve} from 'node:path'
import {describe, expect, it} from 'vitest'
import {judgeConsoleNow, judgeLogTail} from '../../checks/time/pbx-clock-skew.js'
import {parseLineTimestamp, readActivityLogs, readTail, wallTimeToInstant} from '../../src/sources/activity-logs.js'
import {tempDir} from '../helpers/cli.js'

const FIXTURES = resolve(import.meta.dirname, '..', 'fixtures', 'time', 'logs')

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

describe('reading log tails', () => {
  it('reads only the last lines of a large file, dropping the partial first line', () => {
    const dir = tempDir('tcx-logs-')
    const file = join(dir, 'big.log')
    const lines = Array.from({length: 60_000}, (_, i) => `2026-11-26 03:${String(Math.floor(i / 1000) % 60).padStart(2, '0')}:00.000 line ${i}`)
    writeFileSync(file, lines.join('\r\n') + '\r\n')
    const tail = readTail(file, 4096, 20)
    expect(tail.size).toBeGreaterThan(2_000_000)
    expect(tail.lines).toHaveLength(20)
    expect(tail.lines.at(-1)).toBe(lines.at(-1))
    expect(tail.lines[0]).toBe(lines.at(-20))
  })

  it('reads UTF-16 logs (byte-order mark FF FE)', () => {
    const tail = readTail(join(FIXTURES, '3CXMediaServer.log'))
    expect(tail.encoding).toBe('utf16le')
    expect(tail.lines).toEqual(['2026-11-26 03:59:59.900 media: RTP stream closed', '2026-11-26 04:00:00.900 media: port 40600 released'])
  })

  it('reads the newest files first and at most maxFiles of them', () => {
    const dir = tempDir('tcx-logs-')
    cpSync(FIXTURES, dir, {recursive: true})
    writeFileSync(join(dir, 'notes.txt'), 'not a log')
    const base = Date.UTC(2026, 10, 26, 3, 0, 0) / 1000
    const names = ['3CXPhoneSystem.log', '3CXCallFlow.log', '3CXQueueManager.log', '3CXIvrServer.log', '3CXMediaServer.log']
    names.forEach((n, i) => utimesSync(join(dir, n), base + i * 60, base + i * 60))
    const logs = readActivityLogs(dir, {maxFiles: 3})
    expect(logs.files.map((f) => f.file.split(/[\\/]/).at(-1))).toEqual(['3CXMediaServer.log', '3CXIvrServer.log', '3CXQueueManager.log'])
    expect(logs.notRead).toBe(2)
  })
})

describe('judging log tails and the console Now', () => {
  const tailOf = (name: string, mtime: Date) => ({...readTail(join(FIXTURES, name)), file: name, mtime, encoding: 'utf8' as const})

  it('compares the newest recognised line with the time the file was written (corrected to real time)', () => {
    // 3CXPhoneSystem.log's last line: 26-Nov-2026 04:00:01.500 Berlin = 03:00:01.500Z.
    const written = new Date('2026-11-26T03:00:02.000Z')
    const ok = judgeLogTail(tailOf('3CXPhoneSystem.log', written), 'Europe/Berlin', 0)
    expect(ok.newest).toMatchObject({text: '26-Nov-2026 04:00:01.500', skewMs: -500})
    expect(ok.recognised).toBe(5)
    expect(ok.unrecognisedCount).toBe(1)
    expect(ok.unrecognised).toEqual(['    continuation of the previous entry without a timestamp'])
    // Read in London, the same lines are an hour late: 3CX writes Berlin time on a London machine.
    expect(judgeLogTail(tailOf('3CXPhoneSystem.log', written), 'Europe/London', 0).newest!.skewMs).toBe(3_600_000 - 500)
    // The local clock is 10 s behind (NTP offset +10 s): the file was really written 10 s later.
    expect(judgeLogTail(tailOf('3CXPhoneSystem.log', written), 'Europe/Berlin', 10_000).newest!.skewMs).toBe(-10_500)
  })

  it('reports a file with no recognised line as such, without a newest time', () => {
    const v = judgeLogTail(tailOf('3CXIvrServer.log', new Date()), 'UTC', 0)
    expect(v.newest).toBeUndefined()
    expect(v.recognised).toBe(0)
    expect(v.unrecognisedCount).toBe(4)
    expect(v.unrecognised).toHaveLength(3)
  })

  it('reads ActiveCalls Now with seven fractional digits and its offset', () => {
    const real = Date.parse('2026-11-26T03:02:47.407Z')
    expect(judgeConsoleNow('2026-11-26T04:02:47.4072367+01:00', real, 'UTC')).toEqual({now: '2026-11-26T04:02:47.4072367+01:00', skewMs: 0, pbxOffsetMinutes: 60})
    expect(judgeConsoleNow('2026-11-26T06:02:47.4070000Z', real, 'UTC').skewMs).toBe(3 * 3_600_000)
    expect(() => judgeConsoleNow('yesterday', real, 'UTC')).toThrow('ActiveCalls "Now" is "yesterday", not a date and time')
    expect(() => judgeConsoleNow('2026-11-26T04:02:47 and more', real, 'UTC')).toThrow(/not a date and time/)
  })
})
