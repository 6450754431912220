import {expect} from 'vitest'
import stuckCalls, {CALL_COLUMNS, LEG_COLUMNS, PARTY_COLUMNS, oldActiveCalls} from '../../../../checks/pbx/stuck-calls.js'
import {testCheck, unavailable} from '../../../helpers/check-tester.js'
import {v20FixtureConsole} from '../../sources/console/v20-fixture-console.js'
import {consoleDown, fakeDb, v15Console} from './fakes.js'
import {SourceUnavailableError} from '../../../../src/engine/errors.js'
import {describe, it} from 'vitest'

const NOW = new Date('2026-11-26T04:00:00Z')
const TABLES = {cl_participants: LEG_COLUMNS, cl_party_info: PARTY_COLUMNS, cl_calls: CALL_COLUMNS}

/** Rows of the open-legs query: the stats, and the oldest legs (or none). */
function legRows(stats: {stuck: number; ivr?: number; openCalls?: number; oldest: string | null}, ...legs: Array<{id: number; callId: number; start: string; dnType: number; dn: string}>) {
  const head = {stuck_legs: stats.stuck, ivr_open_legs: stats.ivr ?? 0, oldest_start: stats.oldest ? new Date(stats.oldest) : null, open_calls: stats.openCalls ?? 0}
  if (legs.length === 0) return [{...head, id: null, call_id: null, start_time: null, dn_type: null, dn: null}]
  return legs.map((l) => ({...head, id: l.id, call_id: l.callId, start_time: new Date(l.start), dn_type: l.dnType, dn: l.dn}))
}

const clean = () => fakeDb({tables: TABLES, answers: [{when: 'WITH open_legs', rows: legRows({stuck: 0, oldest: null})}]})
const stuck = () =>
  fakeDb({
    tables: TABLES,
    answers: [
      {
        when: 'WITH open_legs',
        rows: legRows(
          {stuck: 2, ivr: 1, openCalls: 1, oldest: '2026-11-25T16:00:00Z'},
          {id: 700101, callId: 700100, start: '2026-11-25T16:00:00Z', dnType: 0, dn: '101'},
          {id: 700102, callId: 700100, start: '2026-11-25T16:30:00Z', dnType: 1, dn: '10000'},
        ),
      },
    ],
  })
const talking = (id: number, establishedAt: string) => ({Id: id, Caller: 'Ext.100 Ada', Callee: '+15550199', Status: 'Talking', LastChangeStatus: establishedAt, EstablishedAt: establishedAt})

testCheck(stuckCalls, {
  pass: [
    {
      name: 'v15.5: no open leg, the recorded console idle',
      now: NOW,
      sources: {db: clean(), console: v15Console()},
      summary: 'No call open for more than 4 h in the call log (last 7 days) or among the active calls.',
      expect(r) {
        expect(r.measurements.map((m) => [m.name, m.value, m.warn])).toEqual([
          ['stuck_call_legs', 0, 1],
          ['oldest_open_call_seconds', 0, 14_400],
        ])
        expect(r.evidence).toMatchObject({since: '2026-11-19T04:00:00.000Z', cutoff: '2026-11-26T00:00:00.000Z'})
      },
    },
    {
      name: 'v20 fixture: a call established 90 s before ServerNow is not stuck',
      now: new Date('2026-12-01T10:16:00Z'),
      sources: {db: clean(), console: v20FixtureConsole()},
      summary: /^No call open for more than 4 h/,
    },
    {
      name: 'v20 idle PBX: ActiveCalls gives no time, CallsActive 0 says there is none',
      now: NOW,
      sources: {db: clean(), console: v20FixtureConsole({activeCalls: [], systemStatus: {CallsActive: 0}})},
      summary: /^No call open/,
    },
    {
      name: 'database unavailable: the console alone',
      now: NOW,
      sources: {db: unavailable('db', 'no database configured'), console: v15Console()},
      summary: 'No call open for more than 4 h among the active calls.',
      expect(r) {
        expect(r.details).toContain('Call log: unknown (the database is unavailable (no database configured)).')
        expect(r.measurements.map((m) => m.name)).toEqual(['oldest_open_call_seconds'])
      },
    },
    {
      name: 'open IVR legs are left to time.ivr-timeouts',
      now: NOW,
      sources: {db: fakeDb({tables: TABLES, answers: [{when: 'WITH open_legs', rows: legRows({stuck: 0, ivr: 2, oldest: null})}]}), console: v15Console()},
      expect(r) {
        expect(r.details).toContain('2 open IVR leg(s) (dn_type 6) are left to time.ivr-timeouts, which covers IVRs that never time out.')
      },
    },
  ],
  warn: [
    {
      name: 'two legs of a call that never ended, 12 h ago',
      now: NOW,
      sources: {db: stuck(), console: v15Console()},
      summary: 'Stuck calls: 2 call-log leg(s) without an end time older than 4 h; the oldest open for 12 h.',
      expect(r) {
        expect(r.tables[0]!.rows).toEqual([
          ['call-log leg', '700100/700101', 'extension 101', '2026-11-25T16:00:00.000Z', '12 h'],
          ['call-log leg', '700100/700102', 'external line 10000', '2026-11-25T16:30:00.000Z', '11 h 30 min'],
        ])
        expect(r.measurements.find((m) => m.name === 'oldest_open_call_seconds')?.value).toBe(43_200)
        expect(r.details).toContain('1 call(s) of cl_calls in that range have no end time either.')
      },
    },
    {
      name: 'v15.5: an active call established 6 h before the PBX Now',
      now: NOW,
      sources: {db: clean(), console: v15Console({activeCalls: {Now: '2026-11-26T05:00:00.0000000+01:00', list: [talking(7, '2026-11-25T22:00:00.0000000Z'), talking(8, '2026-11-26T03:59:00.0000000Z')]}})},
      summary: 'Stuck calls: 1 active call(s) established more than 4 h ago; the oldest open for 6 h.',
      expect(r) {
        expect(r.tables[0]!.rows[0]).toEqual(['active call', '7', 'Ext.100 Ada to +15550199', '2026-11-25T22:00:00.0000000Z', '6 h'])
      },
    },
    {
      name: 'v20: an active call established 5 h before ServerNow',
      now: NOW,
      sources: {db: clean(), console: v20FixtureConsole({activeCalls: [{...talking(4711, '2026-11-25T23:00:00Z'), ServerNow: '2026-11-26T04:00:00.0000000+00:00'}]})},
      summary: /1 active call\(s\) established more than 4 h ago; the oldest open for 5 h/,
    },
    {
      name: 'a shorter olderThanHours',
      now: NOW,
      options: {olderThanHours: 0.01},
      sources: {db: clean(), console: v15Console({activeCalls: {Now: '2026-11-26T04:00:00Z', list: [talking(9, '2026-11-26T03:58:00Z')]}})},
      summary: /1 active call\(s\) established more than 0\.01 h ago/,
    },
  ],
  skip: [
    {
      name: 'neither source',
      now: NOW,
      sources: {db: unavailable('db', 'no database configured'), console: consoleDown()},
      summary: 'Neither the call log nor the active calls can be read: the database is unavailable (no database configured); the console is unavailable (connect ECONNREFUSED 127.0.0.1:5000).',
    },
    {
      name: 'a missing column and the ActiveCalls GET failing: the column is named',
      now: NOW,
      sources: {db: fakeDb({tables: {...TABLES, cl_participants: ['id', 'call_id', 'start_time', 'end_time']}}), console: v15Console({activeCalls: new SourceUnavailableError('console', 'GET /api/ActiveCalls answered 500')})},
      summary: /cl_participants\.info_id not found in the database; ActiveCalls failed: GET \/api\/ActiveCalls answered 500\.$/,
    },
  ],
})

describe('oldActiveCalls', () => {
  it('measures against the PBX Now, counts items without a time apart, oldest first', () => {
    const r = oldActiveCalls([talking(1, '2026-11-25T20:00:00Z'), talking(2, '2026-11-25T18:00:00Z'), {Id: 3, EstablishedAt: ''}, null], '2026-11-26T04:00:00Z', new Date(0), 4 * 3600_000)
    expect(r.calls.map((c) => [c.id, c.seconds])).toEqual([
      ['2', 36_000],
      ['1', 28_800],
    ])
    expect(r.undated).toBe(1)
    expect(r.reference).toBe("the PBX's Now (2026-11-26T04:00:00Z)")
  })
  it("falls back to this machine's time without a Now", () => {
    const r = oldActiveCalls([talking(1, '2026-11-25T20:00:00Z')], '', new Date('2026-11-25T21:00:00Z'), 4 * 3600_000)
    expect(r.calls).toEqual([])
    expect(r.reference).toBe("this machine's time (the console gave no Now)")
  })
})
