import {describe, expect, it} from 'vitest'
import clockDrift, {dbOnThisMachine, driftStatus} from '../../../../checks/time/clock-drift.js'
import {testCheck, unavailable} from '../../../helpers/check-tester.js'
import {clockFacts, fakeDb, hostFacts, timeService} from './fakes.js'

const NOW = new Date('2026-11-26T03:00:00.000Z')
const noSntp = unavailable('clock', 'no SNTP answer from 127.0.0.1:123; is outgoing UDP to the server blocked?')
const chronyBehind5s = await timeService('chronyc-tracking-behind-5s.csv')
const chronyLocal = await timeService('chronyc-tracking-local-stratum.csv')
const chronyUnsynced = await timeService('chronyc-tracking-unsynchronised.csv')
const w32tmSynced = await timeService('w32tm-status-synced.txt')
const w32tm42s = await timeService('w32tm-status-decimal-comma-42s.txt')
const w32tmUnsynced = await timeService('w32tm-status-unsynchronised.txt')
const otherMachine = hostFacts('pbx01', ['10.0.0.5', 'fe80::1'])
/** The database server's clock `offsetMs` from the real time (the recorded in-time reading corrects ours by +3.8 ms). */
const dbClock = (offsetMs: number) => () => new Date(NOW.getTime() + 3.8 + offsetMs)

testCheck(clockDrift, {
  pass: [
    {
      name: 'the recorded in-time reading; no database to compare',
      sources: {clock: clockFacts('in-time'), db: unavailable('db', 'no 3CX install found')},
      summary: /^This machine's clock is 3\.8 ms behind 127\.0\.0\.1:\d+\.$/,
      expect(r) {
        expect(r.details.join('\n')).toContain('The database clock was not compared: no 3CX install found')
        expect(r.tables?.[0]).toMatchObject({title: expect.stringMatching(/^SNTP readings/), columns: ['server', 'offset', 'round trip', 'stratum']})
        expect(r.tables?.[0]?.rows).toEqual([
          [expect.stringMatching(/^127\.0\.0\.1:\d+ \(127\.0\.0\.1:\d+\)$/), '+3.8 ms', '6 ms', 2],
          [expect.stringMatching(/^127\.0\.0\.1:\d+$/), expect.stringMatching(/^no answer: no SNTP answer from/), null, null],
        ])
        expect(r.evidence).toMatchObject({offsetMs: 3.8, warnSeconds: 1, failSeconds: 30})
      },
    },
    {
      name: "the database is on one of this machine's addresses (from the host facts): not asked for its clock",
      sources: {clock: clockFacts('in-time'), db: fakeDb({host: '10.0.0.5'}), host: otherMachine},
      expect: (r) => expect(r.details.join('\n')).toContain('The database runs on this host (10.0.0.5): it shares this clock.'),
    },
    {
      name: "the database host is this machine's name",
      sources: {clock: clockFacts('in-time'), db: fakeDb({host: 'PBX01.example.com'}), host: otherMachine},
      expect: (r) => expect(r.details.join('\n')).toContain('runs on this host (PBX01.example.com)'),
    },
    {
      name: 'a database on loopback without host facts',
      sources: {clock: clockFacts('in-time'), db: fakeDb({host: '127.0.0.1'}), host: unavailable('host', 'ip failed')},
      expect: (r) => expect(r.details.join('\n')).toMatch(/names and addresses are not known \(ip failed\)[\s\S]*runs on this host \(127\.0\.0\.1\)/),
    },
    {
      name: 'a remote database within the limits',
      now: NOW, sources: {clock: clockFacts('in-time'), db: fakeDb({host: '192.0.2.50', serverNow: dbClock(-200)}), host: otherMachine},
      expect(r) {
        expect(r.evidence.dbHost).toBe('192.0.2.50')
        expect(Math.abs((r.evidence.dbOffsetMs as number) - 200)).toBeLessThan(20)
        expect(r.tables?.[1]?.rows).toEqual([['this machine', '-3.8 ms'], ['database server 192.0.2.50', expect.stringMatching(/^-(19\d|20\d|21\d)\.?\d* ms$/)]])
      },
    },
    {name: '+5 s within warnSeconds 10 from the config', sources: {clock: clockFacts('ahead-5s')}, options: {warnSeconds: 10, failSeconds: 60}},
    {
      name: 'SNTP and a synchronised chrony both reported: two machine offsets, a table of the service',
      sources: {clock: clockFacts('in-time'), timeservice: chronyLocal},
      summary: /^This machine's clock is 3\.8 ms behind 127\.0\.0\.1:\d+\.$/,
      expect(r) {
        expect(r.measurements?.map((m) => m.labels)).toEqual([{clock: 'machine', from: 'sntp'}, {clock: 'machine', from: 'chrony'}])
        expect(r.tables?.map((t) => t.title)).toEqual([expect.stringMatching(/^SNTP readings/), 'Clocks against the real time (+: ahead)', "This machine's time service"])
        expect(r.tables?.[1]?.rows).toEqual([['this machine', '-3.8 ms'], ['this machine (chrony)', '+0.0 ms']])
        expect(r.tables?.[2]?.rows).toEqual([['chrony', 'yes', expect.stringMatching(/local clock/), 8, '+0.0 ms', '2026-12-01T12:20:13.240Z']])
      },
    },
    {
      name: 'SNTP blocked, w32tm synchronised with a small phase offset: decided from the time service',
      sources: {clock: noSntp, timeservice: w32tmSynced},
      summary: 'The time service (w32tm) reports a phase offset of 0.2 ms from dc01.example.local; SNTP was not reachable.',
      expect(r) {
        expect(r.details.join('\n')).toContain('SNTP was not reachable: no SNTP answer from 127.0.0.1:123')
        expect(r.measurements).toEqual([expect.objectContaining({name: 'clock_offset_seconds', labels: {clock: 'machine', from: 'w32tm'}, warn: 1, fail: 30, bad: 'outside'})])
        expect(r.evidence.sntpUnavailable).toMatch(/no SNTP answer/)
      },
    },
  ],
  warn: [
    {
      name: 'the recorded +5 s reading (this machine behind)',
      sources: {clock: clockFacts('ahead-5s')},
      summary: /^This machine's clock is 5\.001 s behind 127\.0\.0\.1:\d+\.$/,
      expect: (r) => expect(r.details.join(' ')).toMatch(/warn above 1 s, fail above 30 s/),
    },
    {
      name: 'the recorded -2 s reading (this machine ahead)',
      sources: {clock: clockFacts('behind-2s')},
      summary: /^This machine's clock is 2\.000 s ahead of 127\.0\.0\.1:\d+\.$/,
    },
    {
      name: 'a remote database 5 s behind, named by a host the host facts do not know',
      now: NOW, sources: {clock: clockFacts('in-time'), db: fakeDb({host: 'db.example.com', serverNow: dbClock(-5000)}), host: otherMachine},
      summary: /The database server db\.example\.com is (4\.9\d\d|5\.0\d\d) s behind the real time\.$/,
    },
    {
      name: 'SNTP blocked, chrony 5 s behind its source: the offset from chrony, SNTP named as unreachable',
      sources: {clock: noSntp, timeservice: chronyBehind5s},
      summary: 'The time service (chrony) has this machine 5.000 s behind 127.0.0.1; SNTP was not reachable.',
      expect(r) {
        expect(r.measurements?.[0]).toMatchObject({labels: {clock: 'machine', from: 'chrony'}})
        expect(r.measurements?.[0]?.value).toBeCloseTo(-5, 2)
        expect(r.tables?.[0]?.rows).toEqual([['this machine (chrony)', '-5.000 s']])
      },
    },
    {
      name: 'SNTP in time, but chrony not synchronised: warn, both reported',
      sources: {clock: clockFacts('in-time'), timeservice: chronyUnsynced},
      summary: /^This machine's clock is 3\.8 ms behind 127\.0\.0\.1:\d+\. Also the time service \(chrony\) says it is not synchronised\.$/,
      expect: (r) => expect(r.details.join('\n')).toMatch(/not synchronised lets the clock drift/),
    },
    {
      name: 'SNTP blocked, w32tm on the local CMOS clock: warn',
      sources: {clock: noSntp, timeservice: w32tmUnsynced},
      summary: 'The time service (w32tm) says it is not synchronised (source Local CMOS Clock); SNTP was not reachable.',
      expect: (r) => expect(r.measurements).toEqual([]),
    },
    {
      name: 'SNTP blocked, a remote database compared with the clock corrected from chrony',
      now: NOW, sources: {clock: noSntp, timeservice: chronyLocal, db: fakeDb({host: '192.0.2.50', serverNow: () => new Date(NOW.getTime() - 4000)}), host: otherMachine},
      summary: /SNTP was not reachable\. The database server 192\.0\.2\.50 is (3\.9\d\d|4\.0\d\d) s behind the real time\.$/,
      expect: (r) => expect(r.details.join('\n')).toContain('Without SNTP, the database clock is compared with this machine\'s clock, uncorrected.'),
    },
  ],
  fail: [
    {name: 'the recorded +120 s reading', sources: {clock: clockFacts('ahead-120s')}, summary: '2.0 min behind'},
    {
      name: 'SNTP in time but w32tm reports a 42.5 s phase offset: the worst decides',
      sources: {clock: clockFacts('in-time'), timeservice: w32tm42s},
      summary: /^This machine's clock is 3\.8 ms behind 127\.0\.0\.1:\d+\. Also the time service \(w32tm\) reports a phase offset of 42\.500 s from 192\.168\.1\.1\.$/,
    },
    {
      name: 'a remote database 90 s ahead, compared although the host facts are unavailable',
      now: NOW, sources: {clock: clockFacts('in-time'), db: fakeDb({host: '192.0.2.50', serverNow: dbClock(90_000)}), host: unavailable('host', 'ip failed')},
      summary: /The database server 192\.0\.2\.50 is (89\.9\d\d|90\.0\d\d) s ahead of the real time\.$/,
    },
  ],
  skip: [
    {
      name: '--ntp-server none and no time service',
      sources: {clock: unavailable('clock', 'no NTP server to ask (--ntp-server none)'), timeservice: unavailable('timeservice', 'chronyc is not installed (not on PATH)')},
      summary: "no NTP server to ask (--ntp-server none); the machine's time service did not answer either (chronyc is not installed (not on PATH))",
    },
  ],
})

describe('drift thresholds', () => {
  it('passes up to the warn limit, warns up to the fail limit, fails beyond, both signs', () => {
    expect([0, 999, -1000, 1001, -29_999, 30_001, -45_000].map((ms) => driftStatus(ms, 1, 30))).toEqual(['pass', 'pass', 'pass', 'warn', 'warn', 'fail', 'fail'])
  })
})

describe('is the database on this host?', () => {
  const host = {ok: true as const, value: hostFacts('pbx01', ['10.0.0.5']) as never}
  const noHost = {ok: false as const, source: 'host', reason: 'ip failed', tried: [], error: unavailable('host', 'ip failed')}

  it('treats loopback, localhost, sockets and own addresses as this host', () => {
    for (const h of ['127.0.0.1', 'localhost', '::1', '[::1]', '/var/run/postgresql', '10.0.0.5', 'pbx01']) expect(dbOnThisMachine(h, host), h).toBe(true)
    expect(dbOnThisMachine('192.0.2.77', host)).toBe(false)
    expect(dbOnThisMachine('db.example.com', host)).toBe(false)
  })

  it('without host facts, only loopback and sockets count', () => {
    for (const h of ['127.0.0.1', 'localhost', '/var/run/postgresql']) expect(dbOnThisMachine(h, noHost), h).toBe(true)
    expect(dbOnThisMachine('10.0.0.5', noHost)).toBe(false)
  })
})
