import {expect} from 'vitest'
import callCapacity, {CALL_COLUMNS, GATEWAY_COLUMNS, LEG_COLUMNS, PARTY_COLUMNS} from '../../../../checks/pbx/call-capacity.js'
import {testCheck, unavailable} from '../../../helpers/check-tester.js'
import {v20FixtureConsole} from '../../sources/console/v20-fixture-console.js'
import {consoleDown, fakeDb, v15Console} from './fakes.js'

const NOW = new Date('2026-11-26T04:00:00Z')
const TABLES = {cl_calls: CALL_COLUMNS, cl_participants: LEG_COLUMNS, cl_party_info: PARTY_COLUMNS, ...GATEWAY_COLUMNS}
const GATEWAYS = [
  {number: '10000', name: 'Carrier', host: 'sip.carrier.example'},
  {number: '10001', name: 'Loopback', host: '127.0.0.1'},
]
const epoch = (iso: string): number => -Date.parse(iso) / 1000

/** Rows of the peak query: one per UTC day. */
function days(...list: Array<[day: string, peak: number, at: string, calls: number, loopback?: number]>) {
  return list.map(([day, peak, at, calls, loopback]) => ({day, peak, peak_epoch: epoch(at), calls, loopback_calls: loopback ?? 0}))
}

const db = (peakRows: ReturnType<typeof days>, tables: Record<string, string[]> = TABLES) =>
  fakeDb({tables, answers: [{when: 'WITH loopback_calls', rows: peakRows}, {when: 'FROM externalline', rows: GATEWAYS}]})

const quiet = days(['2026-11-20', 3, '2026-11-20T10:15:00Z', 40], ['2026-11-24', 5, '2026-11-24T09:00:00Z', 52, 2])
const busy = days(['2026-11-20', 3, '2026-11-20T10:15:00Z', 40], ['2026-11-25', 13, '2026-11-25T11:30:00Z', 120, 6])
const full = days(['2026-11-19', 16, '2026-11-19T14:02:03Z', 300, 20], ['2026-11-25', 13, '2026-11-25T11:30:00Z', 120, 6])

testCheck(callCapacity, {
  pass: [
    {
      name: 'v15.5: 1 of 16 now, a peak of 5 over 30 days',
      now: NOW,
      sources: {console: v15Console(), db: db(quiet)},
      summary: 'Calls stay below the simultaneous-call limit: peak 5 of 16 at 2026-11-24T09:00:00.000Z in the last 30 days; 1 of 16 call(s) active now.',
      expect(r) {
        expect(r.evidence).toMatchObject({limit: 16, limitFrom: 'SystemStatus MaxSimCalls', active: 1, activeFrom: 'SystemStatus CallsActive', peak: 5, callsInWindow: 92, loopbackCalls: 2})
        // The fixture's loopback trunk (host 10.20.30.40 = CurrentLocalIp) from the console, and 127.0.0.1 from the database's gateways.
        expect(r.evidence.loopbackTrunks).toEqual([
          {number: '10001', name: 'Loopback', host: '10.20.30.40', loopbackBecause: "10.20.30.40 is 3CX's CurrentLocalIp", from: 'console'},
        ])
        expect(r.measurements.map((m) => [m.name, m.value, m.warn, m.fail])).toEqual([
          ['calls_limit', 16, undefined, undefined],
          ['calls_active', 1, 13, 16],
          ['calls_peak', 5, 13, 16],
          ['calls_peak_ratio', 5 / 16, 0.8, 1],
        ])
        expect(r.tables[0]!.rows[0]).toEqual(['2026-11-24', 5, '2026-11-24T09:00:00.000Z', '31 %', 52, 2])
      },
    },
    {
      name: 'the loopback numbers are passed to the query; the window starts 30 days back, spanning calls from 24 h before',
      now: NOW,
      sources: {console: v15Console(), db: db(quiet)},
      expect(r) {
        expect(r.details).toContain("Loopback trunk(s) Loopback (10001, host 10.20.30.40: 10.20.30.40 is 3CX's CurrentLocalIp): 2 call(s) had a leg on one and count twice (one call out, one call in).")
        expect(r.evidence.since).toBe('2026-10-27T04:00:00.000Z')
      },
    },
    {
      name: 'v20 fixture console (CallsActive 1, MaxSimCalls 16)',
      now: NOW,
      sources: {console: v20FixtureConsole(), db: db(quiet)},
      summary: /peak 5 of 16 .*; 1 of 16 call\(s\) active now/,
    },
    {
      name: 'no CallsActive in SystemStatus: the ActiveCalls list is counted',
      now: NOW,
      sources: {console: v15Console({without: ['CallsActive'], activeCalls: {Now: '2026-11-26T04:00:00Z', list: [{Id: 1}, {Id: 2}]}}), db: db(quiet)},
      expect(r) {
        expect(r.evidence).toMatchObject({active: 2, activeFrom: 'the ActiveCalls list'})
      },
    },
    {
      name: 'database unavailable: the calls now are judged, the peak is unknown',
      now: NOW,
      sources: {console: v15Console(), db: unavailable('db', 'connect ECONNREFUSED 127.0.0.1:5480')},
      summary: 'Calls stay below the simultaneous-call limit: peak unknown; 1 of 16 call(s) active now.',
      expect(r) {
        expect(r.details).toContain('Peak: unknown (the database is unavailable (connect ECONNREFUSED 127.0.0.1:5480)).')
        expect(r.measurements.map((m) => m.name)).toEqual(['calls_limit', 'calls_active'])
      },
    },
    {
      name: 'a call-log column missing: the check says which, and judges the calls now',
      now: NOW,
      sources: {console: v15Console(), db: db(quiet, {...TABLES, cl_calls: ['id', 'start_time']})},
      expect(r) {
        expect(r.evidence.missing).toEqual(['cl_calls.end_time'])
        expect(r.details).toContain('Peak: unknown (the call log cannot be read: cl_calls.end_time not found in the database).')
      },
    },
  ],
  warn: [
    {
      name: 'a peak of 13 of 16 reaches 80 %',
      now: NOW,
      sources: {console: v15Console(), db: db(busy)},
      summary: 'Calls came close to the simultaneous-call limit: peak 13 of 16 at 2026-11-25T11:30:00.000Z in the last 30 days; 1 of 16 call(s) active now.',
    },
    {
      name: 'the calls now at 13 of 16',
      now: NOW,
      sources: {console: v15Console({systemStatus: {CallsActive: 13}}), db: db(quiet)},
      summary: /close to .*13 of 16 call\(s\) active now/,
    },
    {
      name: 'a lower warnRatio',
      now: NOW,
      options: {warnRatio: 0.3},
      sources: {console: v15Console(), db: db(quiet)},
      summary: /^Calls came close/,
    },
  ],
  fail: [
    {
      name: 'the peak reached MaxSimCalls 16 (loopback calls counted twice); the busiest day first',
      now: NOW,
      sources: {console: v15Console(), db: db(full)},
      summary: 'The simultaneous-call limit was reached: peak 16 of 16 at 2026-11-19T14:02:03.000Z in the last 30 days; 1 of 16 call(s) active now. Calls beyond it are refused silently.',
      expect(r) {
        expect(r.tables[0]!.rows.map((row) => row[0])).toEqual(['2026-11-19', '2026-11-25'])
        expect(r.measurements.find((m) => m.name === 'calls_peak_ratio')?.value).toBe(1)
      },
    },
    {
      name: 'maxSimCalls of the config wins over the console',
      now: NOW,
      options: {maxSimCalls: 4},
      sources: {console: v15Console(), db: db(quiet)},
      summary: /peak 5 of 4/,
      expect(r) {
        expect(r.evidence.limitFrom).toBe('maxSimCalls in the config')
      },
    },
    {
      name: 'console unavailable, limit from the config; loopback trunks from the database',
      now: NOW,
      options: {maxSimCalls: 5},
      sources: {console: consoleDown(), db: db(quiet)},
      summary: 'The simultaneous-call limit was reached: peak 5 of 5 at 2026-11-24T09:00:00.000Z in the last 30 days; calls now unknown. Calls beyond it are refused silently.',
      expect(r) {
        expect(r.evidence.loopbackTrunks).toEqual([{number: '10001', name: 'Loopback', host: '127.0.0.1', loopbackBecause: '127.0.0.1 is a loopback address (127.0.0.0/8)', from: 'database'}])
      },
    },
  ],
  skip: [
    {
      name: 'the limit is unknown: the console does not report MaxSimCalls',
      now: NOW,
      sources: {console: v15Console({without: ['MaxSimCalls']}), db: db(quiet)},
      summary: 'The simultaneous-call limit is unknown (the console does not report MaxSimCalls in SystemStatus); seen: 1 call(s) active now, a peak of 5 simultaneous call(s) in the last 30 days (2026-11-24T09:00:00.000Z).',
    },
    {
      name: 'neither source',
      now: NOW,
      sources: {console: consoleDown(), db: unavailable('db', 'no database configured')},
      summary: /^Neither the calls now nor the peak are known: the console is unavailable \(connect ECONNREFUSED 127\.0\.0\.1:5000\); the database is unavailable \(no database configured\)\.$/,
    },
    {
      name: 'a missing column and no console: skip naming the column',
      now: NOW,
      sources: {console: consoleDown(), db: db(quiet, {...TABLES, cl_calls: ['id', 'end_time']})},
      summary: /cl_calls\.start_time not found in the database/,
    },
  ],
})
