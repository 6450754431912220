/**
 * pbx.stuck-calls against a real PostgreSQL (embedded, the sample seed) with planted open legs:
 * old ones are named oldest first, recent ones, ones outside the window and IVR legs are not
 * counted as stuck; a missing column is named.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import check from '../../../../checks/pbx/stuck-calls.js'
import {runCheck} from '../../../helpers/check-tester.js'
import {startTestPostgres, type TestPostgres} from '../../../helpers/postgres.js'
import {consoleDown, v15Console} from '../../../unit/checks/pbx/fakes.js'
import {PARTY, addCall, addParties, minutes, openTestDatabase} from './call-log.js'

let pg: TestPostgres
const NOW = new Date()
const hoursAgo = (h: number): Date => minutes(NOW, -h * 60)
let oldest = 0
let older = 0

beforeAll(async () => {
  pg = await startTestPostgres()
  await addParties(pg)
  oldest = await addCall(pg, hoursAgo(30), null, [PARTY.extension, PARTY.carrierLine])
  older = await addCall(pg, hoursAgo(6), null, [PARTY.extension])
  await addCall(pg, hoursAgo(2), null, [PARTY.extension]) // open, but not for 4 h yet
  await addCall(pg, hoursAgo(10 * 24), null, [PARTY.extension]) // outside the 7-day window
  await addCall(pg, hoursAgo(5), null, [PARTY.ivr]) // an IVR leg: time.ivr-timeouts
  await addCall(pg, hoursAgo(8), hoursAgo(7), [PARTY.extension, PARTY.carrierLine]) // ended
}, 120_000)
afterAll(async () => {
  await pg?.stop()
})

async function run(consoleApi: unknown = v15Console({activeCalls: {Now: NOW.toISOString(), list: []}})) {
  const db = await openTestDatabase(pg)
  try {
    return await runCheck(check, {now: NOW, sources: {db, console: consoleApi}})
  } finally {
    await db.close()
  }
}

describe('pbx.stuck-calls on a real call log', () => {
  it('names the open legs older than 4 h in the window, oldest first; IVR legs apart', async () => {
    const r = await run()
    expect(r.status, r.summary).toBe('warn')
    expect(r.summary).toBe('Stuck calls: 3 call-log leg(s) without an end time older than 4 h; the oldest open for 30 h.')
    const log = r.evidence.callLog as {stuckLegs: number; ivrOpenLegs: number; openCalls: number; oldest: Array<{callId: string; participantId: string; dnType: number; dn: string}>}
    expect(log).toMatchObject({stuckLegs: 3, ivrOpenLegs: 1, openCalls: 3})
    expect(log.oldest.map((l) => [l.callId, l.participantId, l.dnType, l.dn])).toEqual([
      [String(oldest), String(oldest), 0, '100'],
      [String(oldest), String(oldest + 1), 1, '10000'],
      [String(older), String(older), 0, '100'],
    ])
    expect(r.measurements.find((m) => m.name === 'stuck_call_legs')?.value).toBe(3)
    expect(r.measurements.find((m) => m.name === 'oldest_open_call_seconds')?.value).toBe(30 * 3600)
    expect(r.details).toContain('1 open IVR leg(s) (dn_type 6) are left to time.ivr-timeouts, which covers IVRs that never time out.')
  })

  it('passes with a limit above every open leg', async () => {
    const db = await openTestDatabase(pg)
    try {
      const r = await runCheck(check, {now: NOW, options: {olderThanHours: 48}, sources: {db, console: consoleDown()}})
      expect(r.status, r.summary).toBe('pass')
      expect(r.summary).toBe('No call open for more than 48 h in the call log (last 7 days).')
    } finally {
      await db.close()
    }
  })

  it('skips naming a missing column when the console is down too', async () => {
    await pg.sql('ALTER TABLE cl_participants RENAME COLUMN end_time TO ended_at')
    try {
      const r = await run(consoleDown())
      expect(r.status).toBe('skip')
      expect(r.summary).toContain('the call log cannot be read: cl_participants.end_time not found in the database')
    } finally {
      await pg.sql('ALTER TABLE cl_participants RENAME COLUMN ended_at TO end_time')
    }
  })
})
