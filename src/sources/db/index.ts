/**
 * The 3CX database source (PostgreSQL, port 5480, database_single), read-only.
 * CONTRACT (other checks code against these names; keep them):
 *   dbSource: SourceDefinition<Database>
 *
 * Connection, first found wins: --db-url (config `db.url`); the ini's [QMDatabase]
 * (DBHost, DBPort, DBName, dbUser, dbPassword); the ini's [DbAdminREADONLY]
 * (User, Password, with the QMDatabase DBName); v18 Bin/config.json (DbHost,
 * DbPort, DbUser, DbPassword, DbName). The master account ([CfgServerProfile])
 * is never used unless the user passes it in --db-url.
 *
 * One client (not a pool) per run. Every session is read-only
 * (default_transaction_read_only=on in the startup options, verified after
 * connecting), with a statement_timeout and a connect timeout.
 */
import {readFileSync} from 'node:fs'
import pg from 'pg'
import type {SourceContext, SourceDefinition} from '../../engine/context.js'
import {SourceUnavailableError, errorMessage, isSourceUnavailable} from '../../engine/errors.js'
import {isSecretKey} from '../../engine/secrets.js'
import {truncate} from '../../lib/format.js'
import {splitVersion} from '../console/parse.js'
import {installSource, type Install} from '../install.js'

export interface Database {
  /** Which account and where, without the password, e.g. "logsreader_single@127.0.0.1:5480/database_single from [QMDatabase] of <ini>". */
  readonly description: string
  /** Runs a bounded, read-only query (statement_timeout applies). */
  query<T extends Record<string, unknown> = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>
  /** True when the table exists (information_schema probe, memoised). */
  hasTable(table: string): Promise<boolean>
  /** The columns of `columns` that the table lacks (all when the table is missing). */
  missingColumns(table: string, columns: string[]): Promise<string[]>
  /** A value from the `parameter` table by exact name, or undefined. */
  parameter(name: string): Promise<string | undefined>
  /** Rows of `parameter` whose name matches an ILIKE pattern (e.g. '%ZONE%'), secrets masked by the caller's redaction. */
  parametersLike(pattern: string): Promise<Array<{name: string; value: string}>>
  /** The server's now() as a Date. */
  serverNow(): Promise<Date>
  /** Host the database runs on (for "is it on this machine?"). */
  readonly host: string
  /** Port, database name and account used (never the password). */
  readonly port: number
  readonly database: string
  readonly user: string
  /** Where the connection settings came from, e.g. "[QMDatabase] of /var/lib/3cxpbx/Bin/3CXPhoneSystem.ini" or "--db-url". */
  readonly from: string
  /** The server's version string (SHOW server_version). */
  readonly serverVersion: string
  /**
   * Throws SourceUnavailableError('db', 'table X not found ...' / 'column X.Y not found ...') when the
   * table or one of the columns is missing in this 3CX version, so the check is skipped with that reason.
   */
  requireColumns(table: string, columns: string[]): Promise<void>
}

/** Where to connect, as found; `password` stays out of every message. */
export interface DbTarget {
  host: string
  port: number
  database: string
  user: string
  password?: string
  /** Where these settings came from. */
  from: string
  /** A full URL given by the user (--db-url); parsed by pg itself. */
  url?: string
}

const DEFAULT_PORT = 5480
const DEFAULT_DATABASE = 'database_single'

/** Which connection to use, first found wins (see the file comment). Throws SourceUnavailableError when none is found. */
export function findDbTarget(settings: SourceContext['settings'], install: Install | undefined, installProblem?: string): DbTarget {
  const override = (t: DbTarget): DbTarget => {
    const host = settings.dbHost ?? t.host
    const port = settings.dbPort ?? t.port
    const moved = host !== t.host || port !== t.port
    return {...t, host, port, from: moved ? `${t.from}, with host/port ${host}:${port} from the settings` : t.from}
  }
  if (settings.dbUrl) {
    let url: URL
    try {
      url = new URL(settings.dbUrl)
    } catch {
      throw new SourceUnavailableError('db', '--db-url is not a valid URL; give postgres://USER:PASSWORD@HOST:5480/database_single')
    }
    return {
      host: decodeURIComponent(url.hostname.replace(/^\[|\]$/g, '')) || '127.0.0.1',
      port: url.port ? Number(url.port) : DEFAULT_PORT,
      database: decodeURIComponent(url.pathname.replace(/^\//, '')) || DEFAULT_DATABASE,
      user: decodeURIComponent(url.username),
      ...(url.password ? {password: decodeURIComponent(url.password)} : {}),
      from: '--db-url',
      url: settings.dbUrl,
    }
  }
  if (!install) {
    throw new SourceUnavailableError(
      'db',
      `no database connection settings: ${installProblem ?? 'no 3CX install found'}; give --db-url postgres://USER:PASSWORD@HOST:5480/database_single`,
    )
  }
  const {ini} = install
  const qmHost = ini.get('QMDatabase', 'DBHost') || '127.0.0.1'
  const qmPort = Number(ini.get('QMDatabase', 'DBPort') || DEFAULT_PORT)
  const qmName = ini.get('QMDatabase', 'DBName') || DEFAULT_DATABASE
  const qmUser = ini.get('QMDatabase', 'dbUser')
  if (qmUser) {
    const password = ini.get('QMDatabase', 'dbPassword')
    return override({host: qmHost, port: qmPort, database: qmName, user: qmUser, ...(password ? {password} : {}), from: `[QMDatabase] of ${ini.path}`})
  }
  const roUser = ini.get('DbAdminREADONLY', 'User')
  if (roUser) {
    const password = ini.get('DbAdminREADONLY', 'Password')
    return override({host: qmHost, port: qmPort, database: qmName, user: roUser, ...(password ? {password} : {}), from: `[DbAdminREADONLY] of ${ini.path}`})
  }
  if (install.configJsonPath) {
    let json: Record<string, unknown>
    try {
      json = JSON.parse(readFileSync(install.configJsonPath, 'utf8').replace(/^\uFEFF/, '')) as Record<string, unknown>
    } catch (error) {
      throw new SourceUnavailableError('db', `${install.configJsonPath} could not be read as JSON (${errorMessage(error)}); give --db-url instead`)
    }
    const get = (key: string): string | undefined => {
      const found = Object.entries(json ?? {}).find(([k]) => k.toLowerCase() === key.toLowerCase())?.[1]
      return found === undefined || found === null ? undefined : String(found)
    }
    const user = get('DbUser')
    if (user) {
      const password = get('DbPassword')
      return override({
        host: get('DbHost') || '127.0.0.1',
        port: Number(get('DbPort') || DEFAULT_PORT),
        database: get('DbName') || DEFAULT_DATABASE,
        user,
        ...(password ? {password} : {}),
        from: install.configJsonPath,
      })
    }
  }
  throw new SourceUnavailableError(
    'db',
    `no read-only database account in ${ini.path} ([QMDatabase] dbUser, [DbAdminREADONLY] User)${install.configJsonPath ? ` nor in ${install.configJsonPath}` : ''}; the master account is never used by itself: give --db-url`,
  )
}

/** The account and place, never the password. */
export function describeTarget(t: DbTarget): string {
  const host = t.host.includes(':') ? `[${t.host}]` : t.host
  return `${t.user || '(default user)'}@${host}:${t.port}/${t.database} from ${t.from}`
}

/** One clear line for a connection failure. */
export function connectFailureMessage(error: unknown, t: DbTarget, timeoutMs: number): string {
  const where = `${t.host}:${t.port}`
  const who = `user ${t.user || '(default)'}, from ${t.from}`
  const e = error as {code?: string; message?: string}
  const message = errorMessage(error)
  if (e.code === 'ECONNREFUSED') {
    return `connection refused at ${where} (${who}): is the "3CX PhoneSystem Database Server" service running and the port right?`
  }
  if (e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN') return `database host ${t.host} not found (${who}); check DBHost or --db-url`
  if (e.code === 'EHOSTUNREACH' || e.code === 'ENETUNREACH') return `database host ${where} unreachable (${who}); check the network and DBHost`
  if (e.code === '28P01' || /password authentication failed/i.test(message)) {
    return `password authentication failed for ${t.user} at ${where} (from ${t.from}): the password there is wrong or the account was changed; correct it or give --db-url`
  }
  if (e.code === '28000') return `the database at ${where} refused ${t.user} (${message}); check pg_hba.conf or use another account with --db-url`
  if (e.code === '3D000') return `database "${t.database}" does not exist at ${where} (${who}); check DBName or --db-url`
  if (e.code === '53300') return `the database at ${where} has no free connection slots (${message}); try again later`
  if (/timeout|timed out/i.test(message)) {
    return `no PostgreSQL answer from ${where} within ${timeoutMs / 1000} s (${who}): something accepts connections there but does not answer like the 3CX database; check the port`
  }
  if (/SASL|SCRAM|client password must be a string/i.test(message)) {
    return `the database at ${where} wants a password for ${t.user} and none (or a wrong one) was given (from ${t.from}); give --db-url with the password`
  }
  if (e.code === 'ECONNRESET' || e.code === 'EPIPE' || /unexpected|Connection terminated|not a function|Unknown message/i.test(message)) {
    return `the server at ${where} did not answer like PostgreSQL (${message}; ${who}); is this the 3CX database port (5480)?`
  }
  return `cannot connect to the database at ${where} (${who}): ${message}`
}

/** Turns a query error into a clear line; a missing table or column becomes SourceUnavailableError (the check skips). */
function queryError(error: unknown, sql: string, timeoutMs: number): Error {
  if (isSourceUnavailable(error)) return error
  const e = error as {code?: string}
  const message = errorMessage(error)
  const short = sql.replace(/\s+/g, ' ').trim().slice(0, 80)
  if (e.code === '42P01') return new SourceUnavailableError('db', `table not found in this 3CX version: ${message} (query: ${short})`)
  if (e.code === '42703') return new SourceUnavailableError('db', `column not found in this 3CX version: ${message} (query: ${short})`)
  if (e.code === '42501') return new SourceUnavailableError('db', `the database account may not read this: ${message}; use an account with read access (--db-url)`)
  if (e.code === '57014' || /query read timeout/i.test(message)) {
    return new Error(`database query did not finish within ${timeoutMs / 1000} s (statement_timeout): ${short}`)
  }
  if (e.code === '25006') return new Error(`refused a write in the read-only database session (${message}); tcx-doctor never writes to the PBX`)
  return new Error(`database query failed: ${message} (query: ${short})`)
}

/** Opens one read-only session; the caller closes it. Exported for tests and `info`. */
export async function openDatabase(target: DbTarget, options: {timeoutMs: number; registerSecret?: (s: string) => void}): Promise<Database & {close(): Promise<void>}> {
  const {timeoutMs} = options
  if (target.password) options.registerSecret?.(target.password)
  const config: pg.ClientConfig = {
    ...(target.url ? {connectionString: target.url} : {}),
    host: target.host,
    port: target.port,
    database: target.database,
    ...(target.user ? {user: target.user} : {}),
    ...(target.password === undefined ? {} : {password: target.password}),
    connectionTimeoutMillis: timeoutMs,
    statement_timeout: timeoutMs,
    query_timeout: timeoutMs + 1000,
    application_name: 'tcx-doctor',
    options: '-c default_transaction_read_only=on',
  }
  const client = new pg.Client(config)
  // A server that dies later must not crash the run: errors reach the next query instead.
  client.on('error', () => {})
  let timer: NodeJS.Timeout | undefined
  const hardTimeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('connect timeout')), timeoutMs + 500)
  })
  let serverVersion = ''
  try {
    await Promise.race([client.connect(), hardTimeout])
    // Whatever a URL's own options said: this session is read-only, and we verify it.
    const check = await Promise.race([
      (async () => {
        await client.query('SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY')
        await client.query('SET default_transaction_read_only = on')
        return client.query<{ro: string; version: string}>("SELECT current_setting('transaction_read_only') AS ro, current_setting('server_version') AS version")
      })(),
      hardTimeout,
    ])
    const row = check.rows[0]
    if (row?.ro !== 'on') {
      throw new SourceUnavailableError('db', `the database session at ${target.host}:${target.port} could not be made read-only; tcx-doctor refuses to read through it`)
    }
    serverVersion = row.version
  } catch (error) {
    clearTimeout(timer)
    void client.end().catch(() => {})
    ;(client as unknown as {connection?: {stream?: {destroy(): void}}}).connection?.stream?.destroy()
    if (isSourceUnavailable(error)) throw error
    throw new SourceUnavailableError('db', connectFailureMessage(error, target, timeoutMs))
  }
  clearTimeout(timer)

  let broken: string | undefined
  client.on('error', (error) => {
    broken = errorMessage(error)
  })
  // One client, one query at a time: checks ask in parallel, so queries wait their turn here.
  let queue: Promise<unknown> = Promise.resolve()
  const run = <T extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]> => {
    const next = queue.then(async () => {
      if (broken) throw new SourceUnavailableError('db', `the database connection to ${target.host}:${target.port} was lost (${broken})`)
      try {
        const result = await client.query<T>(sql, params as unknown[] | undefined)
        return result.rows
      } catch (error) {
        throw queryError(error, sql, timeoutMs)
      }
    })
    queue = next.catch(() => {})
    return next
  }

  const columnsOf = new Map<string, Promise<Set<string> | undefined>>()
  const columns = (table: string): Promise<Set<string> | undefined> => {
    const key = table.toLowerCase()
    let found = columnsOf.get(key)
    if (!found) {
      found = (async () => {
        const tables = await run<{n: string}>(
          `SELECT count(*)::text AS n FROM information_schema.tables WHERE table_schema = ANY (current_schemas(false)) AND lower(table_name) = $1`,
          [key],
        )
        if (Number(tables[0]?.n ?? 0) === 0) return undefined
        const rows = await run<{column_name: string}>(
          `SELECT column_name FROM information_schema.columns WHERE table_schema = ANY (current_schemas(false)) AND lower(table_name) = $1`,
          [key],
        )
        return new Set(rows.map((r) => r.column_name.toLowerCase()))
      })()
      columnsOf.set(key, found)
    }
    return found
  }
  const missingColumns = async (table: string, wanted: string[]): Promise<string[]> => {
    const have = await columns(table)
    return have ? wanted.filter((c) => !have.has(c.toLowerCase())) : [...wanted]
  }
  const requireColumns = async (table: string, wanted: string[]): Promise<void> => {
    const have = await columns(table)
    if (!have) throw new SourceUnavailableError('db', `table ${table} not found in the 3CX database (this 3CX version may not have it)`)
    const missing = wanted.filter((c) => !have.has(c.toLowerCase()))
    if (missing.length > 0) {
      throw new SourceUnavailableError('db', `column ${missing.map((c) => `${table}.${c}`).join(', ')} not found in the 3CX database (this 3CX version may not have it)`)
    }
  }
  const register = (name: string, value: string | null | undefined): void => {
    if (value && isSecretKey(name)) options.registerSecret?.(value)
  }
  const parameterCache = new Map<string, Promise<string | undefined>>()

  return {
    description: describeTarget(target),
    host: target.host,
    port: target.port,
    database: target.database,
    user: target.user,
    from: target.from,
    serverVersion,
    query: run,
    hasTable: async (table) => (await columns(table)) !== undefined,
    missingColumns,
    requireColumns,
    parameter(name: string): Promise<string | undefined> {
      let found = parameterCache.get(name)
      if (!found) {
        found = (async () => {
          await requireColumns('parameter', ['name', 'value'])
          const rows = await run<{value: string | null}>('SELECT value FROM parameter WHERE name = $1 LIMIT 1', [name])
          const value = rows[0]?.value ?? undefined
          register(name, value)
          return value === null ? undefined : value
        })()
        parameterCache.set(name, found)
      }
      return found
    },
    async parametersLike(pattern: string) {
      await requireColumns('parameter', ['name', 'value'])
      const rows = await run<{name: string; value: string | null}>('SELECT name, value FROM parameter WHERE name ILIKE $1 ORDER BY name LIMIT 200', [pattern])
      for (const r of rows) register(r.name, r.value)
      return rows.map((r) => ({name: r.name, value: r.value ?? ''}))
    },
    async serverNow() {
      const rows = await run<{now: Date}>('SELECT now() AS now')
      const now = rows[0]?.now
      if (!(now instanceof Date)) throw new Error('the database did not return its time')
      return now
    },
    async close() {
      await Promise.race([client.end().catch(() => {}), new Promise((r) => setTimeout(r, 2000).unref())])
    },
  }
}

/** The database source: checks call `await ctx.use(dbSource)`. */
export const dbSource: SourceDefinition<Database> = {
  name: 'db',
  async open(ctx: SourceContext): Promise<Database> {
    const {settings} = ctx
    let install: Install | undefined
    let installProblem: string | undefined
    if (!settings.dbUrl) {
      try {
        install = await ctx.use(installSource)
      } catch (error) {
        installProblem = errorMessage(error)
      }
    }
    const target = findDbTarget(settings, install, installProblem)
    return openDatabase(target, {timeoutMs: settings.dbTimeoutMs ?? 5000, registerSecret: (s) => ctx.secrets.add(s)})
  },
  async close(db) {
    await (db as Database & {close?: () => Promise<void>}).close?.()
  },
  describe: (db) => `${db.description} (read-only session, PostgreSQL ${db.serverVersion})`,
  info: {title: 'Database', collect: (db) => databaseFacts(db)},
}

/** The longest database value shown in `info` (a hostile row cannot flood the output). */
export const MAX_SHOWN_VALUE = 200

/** The `tcx-doctor info` section: connection, PostgreSQL and 3CX versions, console parameters, time zone parameters, gateways. */
export async function databaseFacts(db: Database): Promise<Record<string, unknown>> {
  const shown = (value: string | undefined | null): string | null => (value === undefined || value === null ? null : truncate(value, MAX_SHOWN_VALUE))
  const facts: Record<string, unknown> = {
    connection: db.description,
    readOnlySession: true,
    postgresqlVersion: db.serverVersion,
  }
  const tables = ['parameter', 'dn', 'extension', 'gateway', 'externalline', 'cl_calls', 'cl_participants', 'cl_party_info', 'cl_segments']
  const present = await Promise.all(tables.map(async (t) => [t, await db.hasTable(t)] as const))
  facts.tablesMissing = present.filter(([, ok]) => !ok).map(([t]) => t)
  if (await db.hasTable('parameter')) {
    const full = await db.parameter('VERSION')
    const {version, build} = splitVersion(full)
    Object.assign(facts, {
      pbxVersion: shown(full),
      version: shown(version),
      build: shown(build),
      webRootLocal: shown(await db.parameter('WEB_ROOT_LOCAL')),
      consoleUser: shown(await db.parameter('WEBSERVERUSER')),
      timeZoneParameters: Object.fromEntries((await db.parametersLike('%ZONE%')).map((p) => [p.name, shown(p.value)])),
    })
  }
  if ((await db.missingColumns('gateway', ['name', 'host'])).length === 0) {
    const rows = await db.query<{name: string; host: string | null}>('SELECT name, host FROM gateway ORDER BY name LIMIT 100')
    facts.gateways = rows.map((r) => truncate(`${r.name} (${r.host ?? 'no host'})`, MAX_SHOWN_VALUE))
  }
  facts.serverTime = (await db.serverNow()).toISOString()
  return facts
}
