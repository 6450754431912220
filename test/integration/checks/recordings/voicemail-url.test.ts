/**
 * recordings.voicemail-url against a real PostgreSQL with the sample seed (one voicemail leg, no
 * recording_url), the same leg with a URL, then the demo's plants (two more voicemail legs without).
 */
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import check from '../../../../checks/recordings/voicemail-url.js'
import {defaultSettings, type Settings} from '../../../../src/config/settings.js'
import {resolveCheckOptions} from '../../../../src/engine/check-options.js'
import {RunContext} from '../../../../src/engine/context.js'
import type {CheckResult} from '../../../../src/engine/result.js'
import {runChecks} from '../../../../src/engine/runner.js'
import {sampleV20Root} from '../../../../src/demo/sample-live.js'
import {startTestPostgres, SAMPLE_QM_USER, type TestPostgres} from '../../../helpers/postgres.js'

let pg: TestPostgres
beforeAll(async () => {
  pg = await startTestPostgres()
}, 120_000)
afterAll(async () => pg?.stop())

async function run(): Promise<CheckResult> {
  const settings: Settings = {...defaultSettings('/'), dbUrl: pg.url(SAMPLE_QM_USER)}
  const ctx = new RunContext(settings, {checkOptions: resolveCheckOptions([check], {}).byId})
  try {
    const [result] = await runChecks([check], ctx, {timeoutMs: 20_000})
    return result!
  } finally {
    await ctx.close()
  }
}

describe('recordings.voicemail-url on the sample database', () => {
  it('the seed: its one voicemail leg has no recording_url', async () => {
    const r = await run()
    expect(r.status).toBe('warn')
    expect(r.summary).toBe('1 of 1 voicemail leg(s) in the last 7 days (100%) have no recording_url: integrations that fetch recordings by URL miss them.')
    expect(r.tables?.[0]?.rows.map((row) => row.slice(0, 2))).toEqual([['3', '999']])
  })

  it('the same leg with a URL passes', async () => {
    await pg.sql("UPDATE cl_participants SET recording_url = 'Recordings/999/vm-3.wav' WHERE id = 7")
    const r = await run()
    expect(r.status).toBe('pass')
    expect(r.measurements).toEqual([expect.objectContaining({name: 'voicemail_without_recording_url_ratio', value: 0})])
  })

  it('the v20 demo plants: two more voicemail legs without a URL', async () => {
    await pg.sql(readFileSync(join(sampleV20Root(), 'database', 'demo', 'routes-recordings.sql'), 'utf8'))
    const r = await run()
    expect(r.status).toBe('warn')
    expect(r.summary).toMatch(/^2 of 3 voicemail leg\(s\) in the last 7 days \(66\.7%\) have no recording_url/)
    expect(r.tables?.[0]?.rows.map((row) => row[0])).toEqual(['800002', '800001'])
  })

  it('legs older than the window are not counted', async () => {
    await pg.sql("UPDATE cl_participants SET start_time = now() - interval '30 days' WHERE id IN (7, 800002, 800004)")
    const r = await run()
    expect(r.status).toBe('skip')
    expect(r.summary).toMatch(/^No voicemail calls \(dn_type 5\) in the call log since /)
  })
})
