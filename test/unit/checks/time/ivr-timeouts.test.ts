import {expect} from 'vitest'
import ivrTimeouts, {PARTICIPANT_COLUMNS, PARTY_INFO_COLUMNS} from '../../../../checks/time/ivr-timeouts.js'
import {testCheck, unavailable} from '../../../helpers/check-tester.js'
import {fakeDb} from './fakes.js'

const NOW = new Date('2026-11-26T04:00:00Z')
const CALL_LOG = {cl_participants: PARTICIPANT_COLUMNS, cl_party_info: PARTY_INFO_COLUMNS, parameter: ['name', 'value'], dnprop: ['name', 'value']}
const IVRTIMEOUT = [{name: 'IVRTIMEOUT', value: '10'}]

/** A row of the check's query: the window's counts, and one long leg (or none). */
function ivrRow(stats: {ivrLegs: number; longLegs: number; openLegs?: number; longest: number | null}, leg?: {id: number; callId: number; start: string; seconds: number}) {
  return {
    ivr_legs: stats.ivrLegs,
    long_legs: stats.longLegs,
    open_legs: stats.openLegs ?? 0,
    longest_seconds: stats.longest,
    id: leg?.id ?? null,
    call_id: leg?.callId ?? null,
    start_time: leg ? new Date(leg.start) : null,
    end_time: leg ? new Date(Date.parse(leg.start) + leg.seconds * 1000) : null,
    dn: leg ? '800' : null,
    seconds: leg?.seconds ?? null,
  }
}

/** The sample PBX's call log: one IVR leg of 12 s. */
const sample = () => fakeDb({tables: CALL_LOG, parameters: IVRTIMEOUT, answers: [{when: 'WITH legs', rows: [ivrRow({ivrLegs: 1, longLegs: 0, longest: 12})]}]})
const longLegs = () =>
  fakeDb({
    tables: CALL_LOG,
    parameters: IVRTIMEOUT,
    answers: [
      {
        when: 'WITH legs',
        rows: [
          ivrRow({ivrLegs: 9, longLegs: 3, openLegs: 1, longest: 2490}, {id: 5003, callId: 503, start: '2026-11-25T10:00:00Z', seconds: 2490}),
          ivrRow({ivrLegs: 9, longLegs: 3, openLegs: 1, longest: 2490}, {id: 5001, callId: 501, start: '2026-11-24T09:00:00Z', seconds: 2400}),
          ivrRow({ivrLegs: 9, longLegs: 3, openLegs: 1, longest: 2490}, {id: 5002, callId: 502, start: '2026-11-23T08:00:00Z', seconds: 2400}),
        ],
      },
    ],
  })

testCheck(ivrTimeouts, {
  pass: [
    {
      name: 'the sample call log: one IVR leg of 12 s, timeout from parameter IVRTIMEOUT',
      now: NOW,
      sources: {db: sample()},
      summary: '1 IVR leg(s) in the last 7 days all ended in time (longest 12 s).',
      expect(r) {
        expect(r.evidence).toMatchObject({ivrLegs: 1, longLegs: 0, ivrTimeoutSeconds: 10, limitSeconds: 310, since: '2026-11-19T04:00:00.000Z'})
        expect(r.evidence.ivrTimeoutFrom).toBe('parameter IVRTIMEOUT in the database (read as seconds)')
        expect(r.details[0]).toBe('IVR timeout 10 s from parameter IVRTIMEOUT in the database (read as seconds); a leg counts as "far too long" above 5 min 10 s (timeout + 5 min).')
      },
    },
    {
      name: 'the configured timeout and margin, not the database',
      now: NOW,
      sources: {db: sample()},
      options: {ivrTimeoutSeconds: 60, marginSeconds: 3600, days: 1},
      expect(r) {
        expect(r.evidence).toMatchObject({ivrTimeoutSeconds: 60, ivrTimeoutFrom: 'ivrTimeoutSeconds in the config', limitSeconds: 3660, since: '2026-11-25T04:00:00.000Z'})
      },
    },
  ],
  fail: [
    {
      name: 'three IVR legs of 40 minutes and more',
      now: NOW,
      sources: {db: longLegs()},
      summary: '3 of 9 IVR leg(s) in the last 7 days lasted far longer than the IVR timeout; the longest 41 min 30 s.',
      expect(r) {
        expect(r.tables?.[0]).toMatchObject({columns: ['call', 'IVR', 'started', 'lasted']})
        expect(r.tables?.[0]?.rows).toEqual([
          ['503', '800', '2026-11-25T10:00:00.000Z', '41 min 30 s'],
          ['501', '800', '2026-11-24T09:00:00.000Z', '40 min'],
          ['502', '800', '2026-11-23T08:00:00.000Z', '40 min'],
        ])
        expect(r.details.join('\n')).toContain('1 IVR leg(s) in the window have no end time')
        expect(r.evidence.examples).toHaveLength(3)
      },
    },
  ],
  skip: [
    {
      name: 'no IVR call in the window',
      now: NOW,
      sources: {db: fakeDb({tables: CALL_LOG, parameters: IVRTIMEOUT, answers: [{when: 'WITH legs', rows: [ivrRow({ivrLegs: 0, longLegs: 0, longest: null})]}]})},
      summary: 'No IVR calls (dn_type 6) in the call log since 2026-11-19 (7 days): nothing to judge.',
    },
    {
      name: 'the call log lacks a column (through db.requireColumns)',
      sources: {db: fakeDb({tables: {...CALL_LOG, cl_party_info: ['id', 'dn_kind', 'dn']}})},
      summary: 'The call log cannot be read: column cl_party_info.dn_type not found in the 3CX database (this 3CX version may not have it).',
    },
    {
      name: 'the call log table is missing',
      sources: {db: fakeDb({tables: {cl_party_info: PARTY_INFO_COLUMNS}})},
      summary: /^The call log cannot be read: table cl_participants not found/,
    },
    {name: 'no database', sources: {db: unavailable('db', 'connection refused')}, summary: 'connection refused'},
  ],
})
