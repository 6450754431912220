/**
 * time.timezone-mismatch end to end: the CLI run with different TZ values (the
 * machine's zone as 3CX's services would see it) against 3CX's zone from
 * --tcx-timezone or from the real PostgreSQL `parameter` table.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {runCli, tempDir} from '../../helpers/cli.js'
import {startTestPostgres, SAMPLE_QM_USER, type TestPostgres} from '../../helpers/postgres.js'
import {resultOf, type JsonResult} from '../../helpers/report-schema.js'

type Result = JsonResult

async function runZone(tz: string, args: string[]): Promise<{result: Result; code: number | null}> {
  const r = await runCli(['run', '--only', 'time.timezone-mismatch', '--format', 'json', '--ntp-server', 'none', '--install-dir', tempDir('tcx-noinstall-'), ...args], {
    env: {TZ: tz},
  })
  return {result: resultOf(r, 'time.timezone-mismatch'), code: r.code}
}

/** The UTC offset of a zone right now, read independently of the code under test. */
const offsetNow = (zone: string): string =>
  new Intl.DateTimeFormat('en-US', {timeZone: zone, timeZoneName: 'longOffset'}).formatToParts(new Date()).find((p) => p.type === 'timeZoneName')!.value

describe('machine zone (TZ) against --tcx-timezone', () => {
  it('fails when the offsets differ now (Europe/Berlin vs Europe/London), exit code 2', async () => {
    const {result, code} = await runZone('Europe/Berlin', ['--tcx-timezone', 'Europe/London'])
    expect(result.status).toBe('fail')
    expect(result.summary).toMatch(/^Time zone mismatch: the machine is at UTC\+0[12]:00 \(Europe\/Berlin\), 3CX at UTC\+0[01]:00 \(Europe\/London\)\.$/)
    expect(result.evidence).toMatchObject({machineZone: 'Europe/Berlin', machineZoneFrom: 'TZ environment variable', tcxZone: 'Europe/London'})
    expect(result.details.join(' ')).toMatch(/activity log shows past or future dates/)
    expect(code).toBe(2)
  })

  it('warns when the zones agree today but not in summer (Europe/Berlin vs Africa/Lagos), fails when they already differ', async () => {
    const {result} = await runZone('Europe/Berlin', ['--tcx-timezone', 'Africa/Lagos'])
    if (offsetNow('Europe/Berlin') === offsetNow('Africa/Lagos')) {
      expect(result.status).toBe('warn')
      expect(result.summary).toMatch(/^Europe\/Berlin and Africa\/Lagos agree now \(UTC\+01:00\) but not from \d{4}-03-\d\d: then the machine is at UTC\+02:00 and 3CX at UTC\+01:00\.$/)
    } else {
      expect(result.status).toBe('fail')
    }
  })

  it('warns the other way round too (Africa/Lagos machine, Europe/Berlin 3CX)', async () => {
    const {result} = await runZone('Africa/Lagos', ['--tcx-timezone', 'Europe/Berlin'])
    expect(result.status).toBe(offsetNow('Europe/Berlin') === offsetNow('Africa/Lagos') ? 'warn' : 'fail')
    expect(result.evidence.machineZone).toBe('Africa/Lagos')
  })

  it('passes for two names with the same rules (Europe/Paris vs Europe/Berlin) and for the same zone', async () => {
    const paris = await runZone('Europe/Paris', ['--tcx-timezone', 'Europe/Berlin'])
    expect(paris.result.status).toBe('pass')
    expect(paris.code).toBe(0)
    const same = await runZone('America/New_York', ['--tcx-timezone', 'America/New_York'])
    expect(same.result.summary).toMatch(/^This machine and 3CX are both in America\/New_York \(UTC-0[45]:00 now\)\.$/)
  })

  it('skips when 3CX\'s zone cannot be learnt, saying how to give it, and the run is UNKNOWN', async () => {
    const {result, code} = await runZone('Europe/London', [])
    expect(result.status).toBe('skip')
    expect(result.summary).toMatch(/^3CX's time zone is not known: the database is not reachable \(.+\); give 3CX's zone with --tcx-timezone ZONE/)
    // Nothing could be checked: the run is UNKNOWN (exit 3), not a pass.
    expect(code).toBe(3)
  })

  it('refuses a --tcx-timezone that is not an IANA name, exit code 3', async () => {
    const r = await runCli(['run', '--only', 'time.timezone-mismatch', '--ntp-server', 'none', '--tcx-timezone', 'Mars/Olympus'])
    expect(r.code).toBe(3)
    expect(r.stderr).toContain('--tcx-timezone "Mars/Olympus" is neither an IANA time zone name (e.g. Europe/Berlin) nor a known Windows zone id')
  })
})

describe("3CX's zone from the parameter table (real PostgreSQL)", () => {
  let pg: TestPostgres
  beforeAll(async () => {
    pg = await startTestPostgres()
  })
  afterAll(async () => {
    await pg?.stop()
  })
  const setZoneParameters = async (rows: Array<[string, string]>): Promise<void> => {
    await pg.sql("DELETE FROM parameter WHERE name ILIKE '%ZONE%'")
    for (const [i, [name, value]] of rows.entries()) {
      await pg.sql('INSERT INTO parameter (idparameter, name, value) VALUES ($1, $2, $3)', [900 + i, name, value])
    }
  }

  it('reads a Windows zone id (W. Europe Standard Time = Europe/Berlin) and fails against a London machine', async () => {
    await setZoneParameters([['TIMEZONE', 'W. Europe Standard Time']])
    const {result} = await runZone('Europe/London', ['--db-url', pg.url(SAMPLE_QM_USER)])
    expect(result.status).toBe('fail')
    expect(result.evidence).toMatchObject({tcxZone: 'Europe/Berlin', tcxZoneFrom: 'parameter TIMEZONE = "W. Europe Standard Time" (Windows zone id)'})
    expect(result.evidence.zoneParameters).toEqual([{name: 'TIMEZONE', value: 'W. Europe Standard Time'}])
  })

  it('passes when the machine is in the same zone as the parameter says', async () => {
    await setZoneParameters([['TIMEZONEID', 'Europe/Berlin']])
    const {result} = await runZone('Europe/Berlin', ['--db-url', pg.url(SAMPLE_QM_USER)])
    expect(result.status).toBe('pass')
  })

  it('judges every readable zone setting and reports the worst', async () => {
    await setZoneParameters([
      ['TIMEZONEID', 'Europe/Berlin'],
      ['SERVER_TIMEZONE', 'GMT Standard Time'],
    ])
    const {result} = await runZone('Europe/Berlin', ['--db-url', pg.url(SAMPLE_QM_USER)])
    expect(result.status).toBe('fail')
    expect(result.evidence.tcxZone).toBe('Europe/London')
    expect(result.details.join(' ')).toMatch(/Also: This machine and 3CX are both in Europe\/Berlin/)
  })

  it('skips, showing what it found, when the zone setting is not a name it can read', async () => {
    await setZoneParameters([['TIMEZONE', '(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna']])
    const {result} = await runZone('Europe/Berlin', ['--db-url', pg.url(SAMPLE_QM_USER)])
    expect(result.status).toBe('skip')
    expect(result.summary).toContain('the parameter table has TIMEZONE = "(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna", none of which is a zone name tcx-doctor can read')
  })

  it('skips when no parameter name contains ZONE (the sample database), and --tcx-timezone then decides', async () => {
    await setZoneParameters([])
    const {result} = await runZone('Europe/Berlin', ['--db-url', pg.url(SAMPLE_QM_USER)])
    expect(result.status).toBe('skip')
    expect(result.summary).toContain('the parameter table has no setting whose name contains ZONE')
    const given = await runZone('Europe/Berlin', ['--db-url', pg.url(SAMPLE_QM_USER), '--tcx-timezone', 'Europe/London'])
    expect(given.result.status).toBe('fail')
  })
})
