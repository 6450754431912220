/**
 * pbx.call-capacity against a real PostgreSQL (embedded, the sample seed) with hand-made calls:
 * the peak computed exactly (overlaps, a loopback call counting twice, a call ending at the
 * instant another starts, a call of no length, calls spanning the window start), through the
 * db source's read-only session; a missing column is named.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import check, {PEAK_QUERY} from '../../../../checks/pbx/call-capacity.js'
import {runCheck} from '../../../helpers/check-tester.js'
import {startTestPostgres, type TestPostgres} from '../../../helpers/postgres.js'
import {consoleDown, v15Console} from '../../../unit/checks/pbx/fakes.js'
import {PARTY, addCall, addParties, minutes, openTestDatabase} from './call-log.js'

let pg: TestPostgres

/** The peak per day by sorting every event of the window (what PEAK_QUERY computes without the full sort). */
const PLAIN_SWEEP = `
WITH loopback_calls AS (
  SELECT DISTINCT p.call_id FROM cl_participants p JOIN cl_party_info pi ON pi.id = p.info_id
  WHERE pi.dn_type = 1 AND pi.dn = ANY ($4::text[]) AND p.start_time >= $3 AND p.start_time < $2
), calls AS (
  SELECT greatest(c.start_time, $1) AS s, c.end_time AS e, CASE WHEN l.call_id IS NULL THEN 1 ELSE 2 END AS w
  FROM cl_calls c LEFT JOIN loopback_calls l ON l.call_id = c.id
  WHERE c.start_time >= $3 AND c.start_time < $2 AND c.end_time > $1 AND c.end_time > c.start_time
), events AS (
  SELECT s AS t, w AS d FROM calls UNION ALL SELECT e, -w FROM calls
), running AS (
  SELECT t, d, sum(d) OVER (ORDER BY t, d) AS n FROM events
)
SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, max(n)::int AS peak,
       (max(ARRAY[n::float8, -extract(EPOCH FROM t)::float8]))[2] AS peak_epoch,
       count(*)::int AS calls, count(*) FILTER (WHERE d = 2)::int AS loopback_calls
FROM running WHERE d > 0 GROUP BY 1 ORDER BY 1`
const REAL_NOW = Date.now()
/** The overlap set (around T1) and the spanning set (around T2), far enough back not to meet the seed's calls. */
const T1 = new Date(REAL_NOW - 10 * 86_400_000)
const T2 = new Date(REAL_NOW - 20 * 86_400_000)
const T3 = new Date(REAL_NOW - 25 * 86_400_000)

beforeAll(async () => {
  pg = await startTestPostgres()
  await addParties(pg)
  // The overlap set: A [0, 60), B [10, 20) through the loopback trunk (counts 2), E [12, 25),
  // C [20, 30) starting as B ends (no overlap), D [15, 15) of no length. Up: 1 at 0, 3 at 10, 4 at 12, 3 at 20.
  await addCall(pg, minutes(T1, 0), minutes(T1, 60), [PARTY.extension, PARTY.carrierLine])
  await addCall(pg, minutes(T1, 10), minutes(T1, 20), [PARTY.extension, PARTY.loopbackLine])
  await addCall(pg, minutes(T1, 12), minutes(T1, 25), [PARTY.extension, PARTY.carrierLine])
  await addCall(pg, minutes(T1, 20), minutes(T1, 30), [PARTY.extension, PARTY.carrierLine])
  await addCall(pg, minutes(T1, 15), minutes(T1, 15), [PARTY.extension, PARTY.carrierLine])
  // The spanning set, window start T2: F [-120, 60) and G [-60, 30) were up at T2, H [-180, -90) ended
  // before it, K [10, 20). Up in the window: 2 from T2, 3 at T2+10.
  await addCall(pg, minutes(T2, -120), minutes(T2, 60), [PARTY.extension, PARTY.carrierLine])
  await addCall(pg, minutes(T2, -60), minutes(T2, 30), [PARTY.extension, PARTY.carrierLine])
  await addCall(pg, minutes(T2, -180), minutes(T2, -90), [PARTY.extension, PARTY.carrierLine])
  await addCall(pg, minutes(T2, 10), minutes(T2, 20), [PARTY.extension, PARTY.carrierLine])
  // The same overlap set as T1, but B through the carrier (counts once), and an open call (no end time).
  await addCall(pg, minutes(T3, 0), minutes(T3, 60), [PARTY.extension, PARTY.carrierLine])
  await addCall(pg, minutes(T3, 10), minutes(T3, 20), [PARTY.extension, PARTY.carrierLine])
  await addCall(pg, minutes(T3, 12), minutes(T3, 25), [PARTY.extension, PARTY.carrierLine])
  await addCall(pg, minutes(T3, 20), minutes(T3, 30), [PARTY.extension, PARTY.carrierLine])
  await addCall(pg, minutes(T3, 5), null, [PARTY.extension, PARTY.carrierLine])
}, 120_000)
afterAll(async () => {
  await pg?.stop()
})

/** The check at `now` over `hours` of call log, the v15.5 console saying MaxSimCalls `limit` and no call now. */
async function runAt(now: Date, hours: number, limit: number, extra: {console?: unknown; trunks?: Array<Record<string, unknown>>} = {}) {
  const db = await openTestDatabase(pg)
  try {
    const consoleApi = extra.console ?? v15Console({systemStatus: {MaxSimCalls: limit, CallsActive: 0}, ...(extra.trunks ? {trunks: extra.trunks} : {})})
    return await runCheck(check, {now, options: {windowDays: hours / 24, ...(extra.console ? {maxSimCalls: limit} : {})}, sources: {db, console: consoleApi, host: new Error('not asked')}})
  } finally {
    await db.close()
  }
}

describe('pbx.call-capacity on a real call log', () => {
  it('finds the exact peak of the overlap set: 4 at A+B(twice)+E, the loopback trunk from the console', async () => {
    const r = await runAt(minutes(T1, 120), 12, 4)
    expect(r.status, r.summary).toBe('fail')
    expect(r.evidence).toMatchObject({peak: 4, peakAt: minutes(T1, 12).toISOString(), callsInWindow: 4, loopbackCalls: 1, limit: 4})
    expect(r.summary).toBe(`The simultaneous-call limit was reached: peak 4 of 4 at ${minutes(T1, 12).toISOString()} in the last 0.5 days; 0 of 4 call(s) active now. Calls beyond it are refused silently.`)
  })

  it('finds the loopback trunk in the database (gateway 127.0.0.1) when the console is down', async () => {
    const r = await runAt(minutes(T1, 120), 12, 5, {console: consoleDown()})
    expect(r.evidence).toMatchObject({peak: 4, limit: 5, limitFrom: 'maxSimCalls in the config'})
    expect(r.evidence.loopbackTrunks).toEqual([{number: '10001', name: 'Loopback', host: '127.0.0.1', loopbackBecause: '127.0.0.1 is a loopback address (127.0.0.0/8)', from: 'database'}])
    expect(r.status).toBe('warn')
  })

  it('counts the same calls once without a loopback leg, and leaves out calls without an end time', async () => {
    const r = await runAt(minutes(T3, 120), 12, 4)
    expect(r.evidence).toMatchObject({peak: 3, peakAt: minutes(T3, 12).toISOString(), callsInWindow: 4, loopbackCalls: 0})
    expect(r.status).toBe('pass')
  })

  it('counts calls up at the window start from the start, not those that ended before it', async () => {
    const r = await runAt(minutes(T2, 120), 2, 16)
    expect(r.evidence).toMatchObject({since: T2.toISOString(), peak: 3, peakAt: minutes(T2, 10).toISOString(), callsInWindow: 3})
    // A window 30 minutes later: only F is still up then, G ended at T2+30.
    const later = await runAt(minutes(T2, 120), 1.5, 16)
    expect(later.evidence).toMatchObject({peak: 1, peakAt: minutes(T2, 30).toISOString(), callsInWindow: 1})
  })

  it('gives the same peaks as a plain sweep of every event, on 3000 calls of whole seconds with many ties', async () => {
    // Calls over two days around T4: starts on whole seconds, 1 s to 30 min long; every 7th has a loopback leg.
    // Noon UTC, so that the window (from T4 + 10 h) and the calls (to T4 + 48 h) always cover three UTC days.
    const T4 = new Date(Math.floor((REAL_NOW - 28 * 86_400_000) / 86_400_000) * 86_400_000 + 12 * 3_600_000)
    await pg.sql(`INSERT INTO cl_calls (id, start_time, end_time, is_answered)
      SELECT 810000 + g, $1::timestamptz + ((g * 7919) % 172800) * interval '1 second',
             $1::timestamptz + ((g * 7919) % 172800) * interval '1 second' + (1 + (g * 104729) % 1800) * interval '1 second', true
      FROM generate_series(0, 2999) g`, [T4])
    await pg.sql(`INSERT INTO cl_participants (id, call_id, info_id, role, is_inbound, start_time, end_time)
      SELECT c.id, c.id, CASE WHEN c.id % 7 = 0 THEN ${PARTY.loopbackLine} ELSE ${PARTY.carrierLine} END, 1, true, c.start_time, c.end_time
      FROM cl_calls c WHERE c.id BETWEEN 810000 AND 812999`)
    const db = await openTestDatabase(pg)
    try {
      const now = minutes(T4, 3 * 1440)
      const params = [minutes(T4, 600), now, minutes(T4, 600 - 1440), ['10001']]
      const fast = await db.query(PEAK_QUERY, params)
      const plain = await db.query(PLAIN_SWEEP, params)
      expect(fast.length).toBe(3)
      expect(fast.map((d) => ({...d, peak_epoch: Number(d.peak_epoch)}))).toEqual(plain.map((d) => ({...d, peak_epoch: Number(d.peak_epoch)})))
    } finally {
      await db.close()
    }
  })

  it('runs in the read-only session (writing is refused there)', async () => {
    const db = await openTestDatabase(pg)
    try {
      expect(await db.query<{transaction_read_only: string}>('SHOW transaction_read_only')).toEqual([{transaction_read_only: 'on'}])
      const rows = await db.query(PEAK_QUERY, [minutes(T1, -600), minutes(T1, 120), minutes(T1, -2040), ['10001']])
      expect(rows.length).toBeGreaterThan(0)
      await expect(db.query('INSERT INTO cl_calls (id, start_time) VALUES (899999, now())')).rejects.toThrow(/read-only/)
    } finally {
      await db.close()
    }
  })

  it('skips naming a missing column when the console is down too', async () => {
    await pg.sql('ALTER TABLE cl_calls RENAME COLUMN end_time TO ended_at')
    try {
      const r = await runAt(minutes(T1, 120), 12, 4, {console: consoleDown()})
      expect(r.status).toBe('skip')
      expect(r.summary).toContain('the call log cannot be read: cl_calls.end_time not found in the database')
      expect(r.evidence.missing).toEqual(['cl_calls.end_time'])
    } finally {
      await pg.sql('ALTER TABLE cl_calls RENAME COLUMN ended_at TO end_time')
    }
  })
})
