/**
 * One read-only PostgreSQL session (one client, not a pool): read-only
 * (default_transaction_read_only=on in the startup options, verified after
 * connecting), with a statement_timeout and a connect timeout.
 */
import pg from 'pg'
import {SourceUnavailableError, errorMessage, isSourceUnavailable} from '../../engine/errors.js'
import {isSecretKey} from '../../engine/secrets.js'
import {connectFailureMessage, queryError} from './messages.js'
import {describeTarget, type DbTarget} from './target.js'

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

