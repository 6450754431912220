/**
 * The demo's database: PGlite (PostgreSQL compiled to WASM, npm @electric-sql/pglite, an
 * optional dependency) in memory, served on 127.0.0.1 by @electric-sql/pglite-socket, so the
 * tool's own db source connects to it with `pg` exactly as to a real 3CX database. Seeded
 * with the same SQL as the real PostgreSQL of the tests (./sample-database.ts).
 *
 * How PGlite differs from a PostgreSQL server, and what that means here:
 *  - One database and one backend: every connection, whatever database and user it names,
 *    reaches the same session as the superuser "postgres"; no password is asked. So the
 *    sample ini's accounts are not created as roles, and session settings (the db source's
 *    read-only session characteristics) are shared by all connections.
 *  - The socket server multiplexes connections onto that backend one query at a time, up to
 *    MAX_CONNECTIONS; one more is closed at once by the server. A run opens one.
 *  - statement_timeout is accepted but not enforced (no timer signals in WASM); the db
 *    source's client-side query timeout still bounds every wait.
 *  - Nothing is written to disk: the data folder is in memory ("memory://").
 */
import {UsageError} from '../engine/errors.js'
import {SAMPLE_DATABASE, rolesOfIni, sampleIniPath, sampleSeedSql, type SampleDatabase, type SampleDatabaseOptions} from './sample-database.js'

/** Connections the socket server accepts at once (the tool opens one per run; tests and `info` share the limit). */
export const MAX_CONNECTIONS = 8

/** The one line `--demo` prints when the optional packages are missing. */
export const PGLITE_MISSING =
  '--demo needs the optional packages @electric-sql/pglite and @electric-sql/pglite-socket, which are not installed (installed with --omit=optional?): reinstall tcx-doctor without --omit=optional'

type PgliteModule = typeof import('@electric-sql/pglite')
type SocketModule = typeof import('@electric-sql/pglite-socket')

/** The two optional packages, or a UsageError with PGLITE_MISSING when either is absent. */
export async function loadPglite(): Promise<{PGlite: PgliteModule['PGlite']; PGLiteSocketServer: SocketModule['PGLiteSocketServer']}> {
  try {
    const [{PGlite}, {PGLiteSocketServer}] = await Promise.all([import('@electric-sql/pglite'), import('@electric-sql/pglite-socket')])
    return {PGlite, PGLiteSocketServer}
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') throw new UsageError(PGLITE_MISSING)
    throw error
  }
}

/** How long each start-up step took (ms): PGlite's start, the seed SQL, the socket server's listen. */
export interface PgliteTimings {
  createMs: number
  seedMs: number
  listenMs: number
}

export interface PgliteSampleDatabase extends SampleDatabase {
  readonly timings: PgliteTimings
}

export async function startPgliteDatabase(options: Omit<SampleDatabaseOptions, 'onLog'> = {}): Promise<PgliteSampleDatabase> {
  const {PGlite, PGLiteSocketServer} = await loadPglite()
  const started = performance.now()
  const db = await PGlite.create({dataDir: 'memory://'})
  const created = performance.now()
  const server = new PGLiteSocketServer({db, host: '127.0.0.1', port: options.port ?? 0, maxConnections: MAX_CONNECTIONS})
  const stop = async (): Promise<void> => {
    await server.stop().catch(() => {})
    if (!db.closed) await db.close().catch(() => {})
  }
  try {
    for (const text of sampleSeedSql(options)) await db.exec(text)
  } catch (error) {
    await stop()
    throw new Error(`the sample database could not be seeded: ${error instanceof Error ? error.message : String(error)}`)
  }
  const seeded = performance.now()
  try {
    await server.start()
  } catch (error) {
    await stop()
    throw new Error(`the sample database could not listen on 127.0.0.1: ${error instanceof Error ? error.message : String(error)}`)
  }
  const port = Number(server.getServerConn().split(':').pop())
  const listening = performance.now()
  const superuser = {user: 'postgres', password: ''}
  const roles = rolesOfIni(options.iniFile ?? sampleIniPath())
  const all = [...roles.readOnly, ...(roles.master ? [roles.master] : [])]
  return {
    host: '127.0.0.1',
    port,
    database: SAMPLE_DATABASE,
    dataDir: 'memory://',
    superuser,
    roles: all,
    timings: {createMs: created - started, seedMs: seeded - created, listenMs: listening - seeded},
    url(user?: string) {
      const role = user === undefined ? superuser : (all.find((r) => r.user === user) ?? {user, password: ''})
      return `postgres://${encodeURIComponent(role.user)}:${encodeURIComponent(role.password)}@127.0.0.1:${port}/${SAMPLE_DATABASE}`
    },
    async sql<T extends Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]> {
      if (params !== undefined) return (await db.query<T>(text, params)).rows
      const results = await db.exec(text)
      return (results[results.length - 1]?.rows ?? []) as T[]
    },
    stop,
  }
}
