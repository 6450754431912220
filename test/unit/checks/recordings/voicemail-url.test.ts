/**
 * recordings.voicemail-url through the check tester: a fake database answering the check's one
 * query with the window's counts and the newest voicemail legs without recording_url.
 */
import {expect} from 'vitest'
import check, {PARTICIPANT_COLUMNS, PARTY_INFO_COLUMNS} from '../../../../checks/recordings/voicemail-url.js'
import {testCheck, unavailable} from '../../../helpers/check-tester.js'
import {fakeDb} from '../time/fakes.js'

const NOW = new Date('2026-11-26T04:00:00Z')
const CALL_LOG = {cl_participants: PARTICIPANT_COLUMNS, cl_party_info: PARTY_INFO_COLUMNS}

const leg = (stats: {legs: number; without: number}, l?: {id: number; call: number; start: string}) => ({
  voicemail_legs: stats.legs,
  without_url: stats.without,
  id: l?.id ?? null,
  call_id: l?.call ?? null,
  start_time: l ? new Date(l.start) : null,
  dn: l ? '999' : null,
})

const db = (rows: Array<Record<string, unknown>>, tables: Record<string, string[]> = CALL_LOG) => fakeDb({tables, answers: [{when: 'WITH legs', rows}]})

/** The demo: the seed's voicemail leg and the two planted ones, all without recording_url. */
const demo = () =>
  db([
    leg({legs: 3, without: 3}, {id: 800004, call: 800002, start: '2026-11-26T01:00:20Z'}),
    leg({legs: 3, without: 3}, {id: 800002, call: 800001, start: '2026-11-25T23:00:20Z'}),
    leg({legs: 3, without: 3}, {id: 7, call: 3, start: '2026-11-25T22:30:25Z'}),
  ])

testCheck(check, {
  pass: [
    {
      name: 'every voicemail leg has a recording_url',
      now: NOW,
      sources: {db: db([leg({legs: 4, without: 0})])},
      summary: '0 of 4 voicemail leg(s) in the last 7 days (0%) have no recording_url, not above 50%.',
      expect(r) {
        expect(r.tables).toEqual([])
        expect(r.measurements).toEqual([expect.objectContaining({name: 'voicemail_without_recording_url_ratio', value: 0, unit: 'ratio', warn: 0.5, bad: 'above', min: 0, max: 1})])
      },
    },
    {
      name: 'one of four without (25%), at the default threshold',
      now: NOW,
      sources: {db: db([leg({legs: 4, without: 1}, {id: 9, call: 5, start: '2026-11-25T10:00:00Z'})])},
      summary: '1 of 4 voicemail leg(s) in the last 7 days (25%) have no recording_url, not above 50%.',
      expect: (r) => expect(r.tables?.[0]?.rows).toEqual([['5', '999', '2026-11-25T10:00:00.000Z']]),
    },
  ],
  warn: [
    {
      name: 'the demo: three voicemail legs, none with a recording_url',
      now: NOW,
      sources: {db: demo()},
      summary: '3 of 3 voicemail leg(s) in the last 7 days (100%) have no recording_url: integrations that fetch recordings by URL miss them.',
      expect(r) {
        expect(r.details[0]).toMatch(/^3CX leaves cl_participants.recording_url NULL when a call reaches voicemail/)
        expect(r.tables?.[0]).toMatchObject({title: 'Voicemail legs without recording_url (the newest 5)', columns: ['call', 'voicemail', 'started']})
        expect(r.tables?.[0]?.rows.map((row) => row[0])).toEqual(['800002', '800001', '3'])
        expect(r.measurements?.[0]).toMatchObject({value: 1})
        expect(r.evidence).toMatchObject({since: '2026-11-19T04:00:00.000Z', voicemailLegs: 3, withoutRecordingUrl: 3})
      },
    },
    {
      name: 'warnAboveRatio 0.2 and days 1: one of four warns; the window follows the option',
      now: NOW,
      options: {warnAboveRatio: 0.2, days: 1},
      sources: {db: db([leg({legs: 4, without: 1}, {id: 9, call: 5, start: '2026-11-25T10:00:00Z'})])},
      summary: '1 of 4 voicemail leg(s) in the last 1 days (25%) have no recording_url',
      expect: (r) => expect(r.evidence).toMatchObject({since: '2026-11-25T04:00:00.000Z'}),
    },
  ],
  skip: [
    {name: 'no voicemail calls in the window', now: NOW, sources: {db: db([leg({legs: 0, without: 0})])}, summary: 'No voicemail calls (dn_type 5) in the call log since 2026-11-19 (7 days): nothing to judge.'},
    {
      name: 'no recording_url column: skipped, naming it',
      sources: {db: db([], {...CALL_LOG, cl_participants: ['id', 'call_id', 'info_id', 'start_time']})},
      summary: 'The call log cannot be read: column cl_participants.recording_url not found in the 3CX database',
    },
    {name: 'no database', sources: {db: unavailable('db', 'password authentication failed for logsreader_single')}, summary: /password authentication failed/},
  ],
})
