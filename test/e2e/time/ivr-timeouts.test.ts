/**
 * time.ivr-timeouts against the real PostgreSQL (embedded, seeded with the
 * sample PBX): IVR legs that timed out properly, ones that lasted 40 minutes,
 * the IVR timeout found in the database, and schemas without the call log.
 */
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {runCli, tempDir} from '../../helpers/cli.js'
import {startTestPostgres, SAMPLE_QM_USER, type TestPostgres} from '../../helpers/postgres.js'
import {resultOf, type JsonResult} from '../../helpers/report-schema.js'

type Result = JsonResult

let pg: TestPostgres

beforeAll(async () => {
  pg = await startTestPostgres()
})
afterAll(async () => {
  await pg?.stop()
})

async function runIvr(config?: Record<string, unknown>): Promise<{result: Result; code: number | null}> {
  const args = ['run', '--only', 'time.ivr-timeouts', '--format', 'json', '--ntp-server', 'none', '--install-dir', tempDir('tcx-noinstall-'), '--db-url', pg.url(SAMPLE_QM_USER)]
  if (config) {
    const file = join(tempDir('tcx-cfg-'), 'c.json')
    writeFileSync(file, JSON.stringify({checks: {'time.ivr-timeouts': config}}))
    args.push('--config', file)
  }
  const r = await runCli(args)
  return {result: resultOf(r, 'time.ivr-timeouts'), code: r.code}
}

/** An IVR leg (party info 2 is the sample's IVR 800) of a new call. */
async function addIvrLeg(id: number, startedAgo: string, lasted: string | null): Promise<void> {
  await pg.sql(
    `INSERT INTO cl_calls (id, start_time, end_time, is_answered) VALUES ($1, now() - $2::interval, ${lasted === null ? 'NULL' : 'now() - $2::interval + $3::interval'}, true)`,
    lasted === null ? [id, startedAgo] : [id, startedAgo, lasted],
  )
  await pg.sql(
    `INSERT INTO cl_participants (id, call_id, info_id, role, is_inbound, start_time, answer_time, end_time)
     VALUES ($1, $1, 2, 2, false, now() - $2::interval, now() - $2::interval, ${lasted === null ? 'NULL' : 'now() - $2::interval + $3::interval'})`,
    lasted === null ? [id, startedAgo] : [id, startedAgo, lasted],
  )
}

describe('time.ivr-timeouts', () => {
  it('passes on the sample call log: one IVR leg of 12 s, timeout from parameter IVRTIMEOUT', async () => {
    const {result, code} = await runIvr()
    expect(result.status, JSON.stringify(result)).toBe('pass')
    expect(result.summary).toBe('1 IVR leg(s) in the last 7 days all ended in time (longest 12 s).')
    expect(result.evidence).toMatchObject({ivrLegs: 1, longLegs: 0, ivrTimeoutSeconds: 10, limitSeconds: 310, ivrTimeoutFrom: 'parameter IVRTIMEOUT in the database (read as seconds)'})
    expect(result.evidence.timeoutColumnsFound).toEqual(['parameter IVRTIMEOUT = "10"'])
    expect(code).toBe(0)
  })

  it('skips when the window holds no IVR call', async () => {
    const {result} = await runIvr({days: 0.01})
    expect(result.status).toBe('skip')
    expect(result.summary).toMatch(/^No IVR calls \(dn_type 6\) in the call log since \d{4}-\d\d-\d\d \(0\.01 days\): nothing to judge\.$/)
  })

  it('fails on IVR legs that lasted 40 minutes; ignores legs in time, legs outside the window, and open legs', async () => {
    await addIvrLeg(100, '3 hours', '40 minutes')
    await addIvrLeg(101, '2 days', '41 minutes 30 seconds')
    await addIvrLeg(102, '1 day', '3 minutes')
    await addIvrLeg(103, '10 days', '40 minutes')
    await addIvrLeg(104, '20 minutes', null)
    const {result, code} = await runIvr()
    expect(result.status).toBe('fail')
    expect(result.summary).toBe('2 of 5 IVR leg(s) in the last 7 days lasted far longer than the IVR timeout; the longest 41 min 30 s.')
    expect(result.evidence).toMatchObject({ivrLegs: 5, longLegs: 2, openLegs: 1, longestSeconds: 2490})
    const examples = result.evidence.examples as Array<{participantId: string; callId: string; ivr: string; seconds: number; start: string; end: string}>
    expect(examples.map((e) => [e.participantId, e.seconds, e.ivr])).toEqual([
      ['101', 2490, '800'],
      ['100', 2400, '800'],
    ])
    expect(Date.parse(examples[0]!.end) - Date.parse(examples[0]!.start)).toBe(2_490_000)
    const details = result.details.join('\n')
    expect(details).toMatch(/IVR 800: call 101, \d{4}-.* to \d{4}-.*, 41 min 30 s\./)
    expect(details).toMatch(/1 IVR leg\(s\) in the window have no end time/)
    expect(code).toBe(2)
  })

  it('uses the configured timeout and margin', async () => {
    const {result} = await runIvr({ivrTimeoutSeconds: 60, marginSeconds: 3600})
    expect(result.status).toBe('pass')
    expect(result.evidence).toMatchObject({ivrTimeoutSeconds: 60, ivrTimeoutFrom: 'ivrTimeoutSeconds in the config', limitSeconds: 3660})
    const tight = await runIvr({ivrTimeoutSeconds: 10, marginSeconds: 60})
    expect(tight.result.evidence).toMatchObject({longLegs: 3})
  })

  it('reads the IVR timeout from a timeout column of an ivr table when there is one', async () => {
    await pg.sql('CREATE TABLE ivr (fkiddn integer PRIMARY KEY, name varchar(64), timeout integer)')
    await pg.sql("INSERT INTO ivr VALUES (20, 'Main menu', 15), (21, 'After hours', 2400)")
    try {
      const {result} = await runIvr()
      // 2400 s + 300 s margin = 45 min: the 40- and 41.5-minute legs are within it.
      expect(result.evidence).toMatchObject({ivrTimeoutSeconds: 2400, limitSeconds: 2700, longLegs: 0})
      expect(result.evidence.ivrTimeoutFrom).toBe('the largest ivr.timeout in the database (2 row(s), read as seconds)')
      expect(result.evidence.timeoutColumnsFound).toEqual(['ivr.timeout (integer)'])
      expect(result.status).toBe('pass')
    } finally {
      await pg.sql('DROP TABLE ivr')
    }
  })

  it('skips naming the column when the call log lacks one', async () => {
    await pg.sql('ALTER TABLE cl_party_info RENAME COLUMN dn_type TO dn_kind')
    try {
      const {result} = await runIvr()
      expect(result.status).toBe('skip')
      expect(result.summary).toBe('The call log cannot be read: column cl_party_info.dn_type not found in the 3CX database (this 3CX version may not have it).')
    } finally {
      await pg.sql('ALTER TABLE cl_party_info RENAME COLUMN dn_kind TO dn_type')
    }
  })

  it('skips naming the table when the call log table is missing', async () => {
    await pg.sql('ALTER TABLE cl_participants RENAME TO cl_participants_old')
    try {
      const {result} = await runIvr()
      expect(result.status).toBe('skip')
      expect(result.summary).toBe('The call log cannot be read: table cl_participants not found in the 3CX database (this 3CX version may not have it).')
    } finally {
      await pg.sql('ALTER TABLE cl_participants_old RENAME TO cl_participants')
    }
  })
})

describe('the IVR timeout from a dnprop property', () => {
  it('reads the largest IVR timeout property when neither an ivr table nor a parameter has one', async () => {
    await pg.sql("UPDATE parameter SET name = 'IVR_PROMPT_VOLUME' WHERE name = 'IVRTIMEOUT'")
    await pg.sql("INSERT INTO dnprop (iddnprop, fkiddn, name, value) VALUES (90, 20, 'IVR_TIMEOUT', '20'), (91, 20, 'IVR_TIMEOUT_ACTION', 'hangup')")
    try {
      const {result} = await runIvr()
      expect(result.evidence).toMatchObject({ivrTimeoutSeconds: 20, ivrTimeoutFrom: 'the largest dnprop IVR_TIMEOUT in the database (read as seconds)'})
      expect(result.evidence.timeoutColumnsFound).toEqual(['dnprop IVR_TIMEOUT (1 row(s))', 'dnprop IVR_TIMEOUT_ACTION (1 row(s))'])
      await pg.sql('DELETE FROM dnprop WHERE iddnprop IN (90, 91)')
      const none = await runIvr()
      expect(none.result.evidence).toMatchObject({ivrTimeoutSeconds: 10, timeoutColumnsFound: []})
      expect(none.result.evidence.ivrTimeoutFrom).toMatch(/^tcx-doctor's default \(10 s; no IVR timeout found in the database\)$/)
      expect(none.result.details.join(' ')).toMatch(/No IVR timeout in the database: no column named like \*timeout\* in a table named like \*ivr\*, no parameter or dnprop named like \*IVR\*TIMEOUT\*\./)
    } finally {
      await pg.sql("UPDATE parameter SET name = 'IVRTIMEOUT' WHERE name = 'IVR_PROMPT_VOLUME'")
      await pg.sql('DELETE FROM dnprop WHERE iddnprop IN (90, 91)')
    }
  })
})
