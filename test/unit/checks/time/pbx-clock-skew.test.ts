import {describe, expect, it} from 'vitest'
import pbxClockSkew, {judgeConsoleNow, judgeLogTail} from '../../../../checks/time/pbx-clock-skew.js'
import {testCheck, unavailable} from '../../../helpers/check-tester.js'
import {clockFacts, consoleApi, consoleApiFailing, logTail, machineZone} from './fakes.js'
import {v20FixtureConsole} from '../../sources/console/v20-fixture-console.js'

/** The recorded ActiveCalls says Now = 2026-11-26T04:02:47.4072367+01:00, i.e. 03:02:47.407Z. */
const CONSOLE_NOW = new Date('2026-11-26T03:02:47.407Z')
const berlin = machineZone('Europe/Berlin', 60)
const noClock = unavailable('clock', 'no NTP server to ask (--ntp-server none)')
/** The newest recognised line of each UTF-8 fixture, as an instant (Berlin wall time unless the line says otherwise). */
const NEWEST: Record<string, string> = {
  '3CXPhoneSystem.log': '2026-11-26T03:00:01.500Z',
  '3CXCallFlow.log': '2026-11-26T03:00:00.750Z',
  '3CXQueueManager.log': '2026-11-26T03:00:01.250Z',
}
/** The fixture logs, each written `lagMs` after its newest line (3CX's time behind by lagMs), and one without timestamps. */
const logs = (lagMs: number) => ({
  dir: '/var/lib/3cxpbx/Instance1/Data/Logs',
  files: [...Object.entries(NEWEST).map(([name, at]) => logTail(name, new Date(Date.parse(at) + lagMs))), logTail('3CXIvrServer.log', new Date('2026-11-26T03:00:00Z'))],
  notRead: 0,
  unreadable: [{file: '/var/lib/3cxpbx/Instance1/Data/Logs/pipe.log', error: 'pipe.log is a FIFO (named pipe), not a regular file; not read'}],
})

testCheck(pbxClockSkew, {
  pass: [
    {
      name: 'v20: the ServerNow of an active call (the recorded ActiveCalls) agrees with the real time',
      now: new Date('2026-12-01T10:15:42.123Z'),
      sources: {clock: noClock, timezone: machineZone('UTC', 0), console: v20FixtureConsole(), 'activity-logs': unavailable('activity-logs', 'no Logs folder')},
      summary: "3CX's time agrees with the real time within 120 s (the console's ServerNow).",
      expect: (r) => expect(r.tables?.[0]?.rows[0]?.[0]).toBe("console's ServerNow (active call)"),
    },
    {
      name: "the console's Now agrees with the real time; the logs unavailable",
      now: CONSOLE_NOW,
      sources: {clock: noClock, timezone: berlin, console: consoleApi(), 'activity-logs': unavailable('activity-logs', 'no Logs folder')},
      summary: "3CX's time agrees with the real time within 120 s (the console's Now).",
      expect(r) {
        expect(r.details.join('\n')).toContain('Not compared: activity logs: no Logs folder.')
        expect(r.tables?.[0]).toMatchObject({columns: ['what', 'says', 'off by'], rows: [["console's ActiveCalls Now", '2026-11-26T04:02:47.4072367+01:00', expect.stringMatching(/^[+-]\d\.\d ms$/)]]})
      },
    },
    {
      name: 'the newest log lines were written 2 s before their files were last modified',
      sources: {clock: noClock, timezone: berlin, console: unavailable('console', 'no console URL'), 'activity-logs': logs(2000)},
      summary: "3CX's time agrees with the real time within 120 s (the newest activity-log lines).",
      expect(r) {
        const details = r.details.join('\n')
        expect(details).toContain('3CXPhoneSystem.log: newest line stamped 26-Nov-2026 04:00:01.500 (read in Europe/Berlin), 2.000 s behind the time the file was last written')
        expect(details).toContain('3CXIvrServer.log: 4 of the newest 4 line(s) do not start with a timestamp format tcx-doctor recognises')
        expect(details).toContain('pipe.log could not be read: pipe.log is a FIFO (named pipe), not a regular file; not read.')
        const table = r.tables?.find((t) => t.title.startsWith('Activity log files'))
        expect(table?.columns).toEqual(['file', 'newest line', 'modified', 'off by'])
        expect(table?.rows[0]).toEqual(['3CXPhoneSystem.log', '26-Nov-2026 04:00:01.500', '2026-11-26T03:00:03.500Z', '-2.000 s'])
        expect(table?.rows.at(-1)).toEqual(['3CXIvrServer.log', 'no recognised timestamp in 4 line(s)', '2026-11-26T03:00:00.000Z', null])
      },
    },
    {name: 'a 3-minute skew within maxSkewSeconds 600', sources: {clock: noClock, timezone: berlin, 'activity-logs': logs(180_000)}, options: {maxSkewSeconds: 600}},
  ],
  warn: [
    {
      name: '3CX writes +01:00 while the machine is in London (+00:00)',
      now: CONSOLE_NOW,
      sources: {clock: noClock, timezone: machineZone('Europe/London', 0), console: consoleApi()},
      summary: "3CX's time is within 120 s, but 3CX writes its time with UTC offset +01:00 while this machine (Europe/London) is at +00:00.",
    },
    {
      name: "the console's Now is not a time: a finding of its own, not a console outage",
      now: CONSOLE_NOW,
      sources: {clock: noClock, timezone: berlin, console: consoleApi('yesterday'), 'activity-logs': logs(2000)},
      summary: "3CX's time is within 120 s, but the console's ActiveCalls Now is not a date and time.",
      expect(r) {
        expect(r.details.join('\n')).toContain(`ActiveCalls "Now" is "yesterday", not a date and time: 3CX's own time cannot be read from the console.`)
        expect(r.details.join('\n')).not.toMatch(/Not compared: console/)
        expect(r.evidence.console).toMatchObject({now: 'yesterday'})
      },
    },
    {
      name: "a Now holding terminal control characters is shown inert",
      now: CONSOLE_NOW,
      sources: {clock: noClock, timezone: berlin, console: consoleApi('\u001b[2J\u202enow')},
      expect(r) {
        expect(r.details.join('\n')).toContain('ActiveCalls "Now" is "\\u001b[2J\\u{202E}now", not a date and time')
        expect(r.tables?.[0]?.rows[0]?.[1]).toBe('\\e[2J\\u{202E}now')
      },
    },
  ],
  fail: [
    {
      name: "the console's Now is 3 hours ahead",
      now: new Date(CONSOLE_NOW.getTime() - 3 * 3_600_000),
      sources: {clock: noClock, timezone: berlin, console: consoleApi()},
      summary: "3CX's time is off by more than 120 s: the console's Now is 3.00 h ahead of the real time.",
    },
    {
      name: 'the newest log lines are stamped 3 hours before their files were written',
      sources: {clock: noClock, timezone: berlin, 'activity-logs': logs(3 * 3_600_000)},
      summary: "3CXPhoneSystem.log's newest line is 3.00 h behind the time it was written",
    },
    {
      name: 'the local clock corrected by the NTP offset: NTP 2 min ahead of this clock makes a Now that follows this clock 2 min behind',
      now: CONSOLE_NOW,
      sources: {clock: clockFacts('ahead-120s'), timezone: berlin, console: consoleApi()},
      summary: "the console's Now is 2.0 min behind the real time",
      expect: (r) => expect(r.details[0]).toMatch(/^Real time: local clock corrected by \+2\.0 min from SNTP 127\.0\.0\.1:\d+\.$/),
    },
  ],
  skip: [
    {
      name: 'neither the console nor the logs tell the time',
      sources: {clock: noClock, timezone: berlin, console: unavailable('console', 'no console URL'), 'activity-logs': unavailable('activity-logs', 'no Logs folder')},
      summary: "Nothing told 3CX's own time: console: no console URL; activity logs: no Logs folder.",
    },
    {
      name: 'the console GET fails after the login; the logs cannot be read without a zone',
      sources: {clock: noClock, timezone: unavailable('timezone', 'no zone found'), console: consoleApiFailing('GET /api/ActiveCalls timed out'), 'activity-logs': logs(0)},
      summary: /^Nothing told 3CX's own time: console: GET \/api\/ActiveCalls timed out; activity logs: the machine's time zone is unknown \(no zone found\)/,
    },
  ],
})

describe('judging log tails and the console Now', () => {
  const tailOf = (name: string, mtime: Date) => ({...logTail(name, mtime), file: name})

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
    expect(() => judgeConsoleNow('yesterday', real, 'UTC')).toThrow(`ActiveCalls "Now" is "yesterday", not a date and time`)
    expect(() => judgeConsoleNow('2026-11-26T04:02:47 and more', real, 'UTC')).toThrow(/not a date and time/)
  })
})
