/**
 * routing.outbound-rules against a real PostgreSQL with the sample schema and seed, then the demo's
 * plants (examples/sample-pbx/database/demo/routes-recordings.sql), then with probed columns dropped:
 * the check reads through the read-only account of [QMDatabase], as on a PBX.
 */
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import check from '../../../../checks/routing/outbound-rules.js'
import {defaultSettings, type Settings} from '../../../../src/config/settings.js'
import {resolveCheckOptions} from '../../../../src/engine/check-options.js'
import {RunContext} from '../../../../src/engine/context.js'
import type {CheckResult} from '../../../../src/engine/result.js'
import {runChecks} from '../../../../src/engine/runner.js'
import {sampleDatabaseSqlDir} from '../../../../src/demo/sample-database.js'
import {startTestPostgres, SAMPLE_QM_USER, type TestPostgres} from '../../../helpers/postgres.js'

const PLANTS = readFileSync(join(sampleDatabaseSqlDir(), 'demo', 'routes-recordings.sql'), 'utf8')

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

// One database, changed step by step: the tests run in order.
describe('routing.outbound-rules on the sample database', () => {
  it('the clean seed: four rules, every strip fits', async () => {
    const r = await run()
    expect(r.status, r.details.join('\n')).toBe('pass')
    expect(r.summary).toBe('4 outbound route(s) of 4 rule(s): every strip fits.')
    expect(r.evidence).toMatchObject({
      columnsUsed: {
        outboundroute: {rule: 'fkidoutboundrule', strip: 'strip', id: 'idoutboundroute', gateway: 'fkidgateway'},
        outboundrule: {id: 'idoutboundrule', name: 'rulename', prefix: 'prefix', lengths: 'numberlengthranges'},
      },
      extensionLengths: [{digits: 3, extensions: 3}],
    })
    expect(r.tables?.[0]?.rows[3]).toEqual(['Branch office (4)', '4', 'Loopback', 1, 'numbers starting with 8, 5 digits', '-'])
  })

  it('the demo plants: strip 11, strip 6 on 5-digit numbers, a 3-digit rule', async () => {
    await pg.sql(PLANTS)
    const r = await run()
    expect(r.status).toBe('fail')
    expect(r.summary).toBe(
      '3 of 4 outbound rule(s) have problems: 1 route(s) strip more digits than any number they match (calls fail with 404); 1 route(s) strip more than 9 digits (lost when the rule is saved in the console); 1 rule(s) match numbers as long as the extensions (dialed as internal calls).',
    )
    const lines = r.details.join('\n')
    expect(lines).toContain('rule "International" (id 2), route 800001 via Loopback: strips 11 digits, more than the 9 the console allows')
    expect(lines).toContain('rule "Branch office" (id 4), route 800002 via Loopback: strips 6 digits, but the rule matches only numbers starting with 8, 5 digits')
    expect(lines).toContain('rule "Branch 2xx" (id 3) (numbers starting with 2, 3 digits): its length condition includes 3 digits, as long as the extension numbers')
    expect(r.measurements).toEqual([expect.objectContaining({name: 'outbound_rules_with_problems', value: 3, max: 4})])
  })

  it('without the length column: strips judged against the console limit only, and what was not judged is named', async () => {
    await pg.sql('ALTER TABLE outboundrule DROP COLUMN numberlengthranges')
    const r = await run()
    expect(r.status).toBe('warn')
    expect(r.summary).toBe('1 of 4 outbound rule(s) have problems: 1 route(s) strip more than 9 digits (lost when the rule is saved in the console).')
    expect(r.details).toContain("Not judged: outboundrule has no length column (probed numberlengthranges, numberlength, lengthranges, numlength): strips against the numbers' length not judged.")
  })

  it('without outboundroute.strip: skipped, naming the column', async () => {
    await pg.sql('ALTER TABLE outboundroute DROP COLUMN strip')
    const r = await run()
    expect(r.status).toBe('skip')
    expect(r.summary).toBe('The outbound routes cannot be read: column outboundroute.strip not found in the 3CX database.')
  })

  it('without the tables: skipped, naming outboundroute', async () => {
    await pg.sql('DROP TABLE outboundroute; DROP TABLE outboundrule')
    const r = await run()
    expect(r.status).toBe('skip')
    expect(r.summary).toBe('The outbound routes cannot be read: table outboundroute not found in the 3CX database.')
  })
})
