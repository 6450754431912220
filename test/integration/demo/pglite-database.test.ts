/**
 * The demo's database (PGlite on a socket) as the tool's db source sees it: the seed is there,
 * the session is read-only, a query that runs too long is given up by the client (PGlite accepts
 * statement_timeout but does not enforce it), MAX_CONNECTIONS sessions at once work and one
 * more is closed by the server, and stop() frees the port.
 */
import {createConnection} from 'node:net'
import pg from 'pg'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {MAX_CONNECTIONS, startPgliteDatabase, type PgliteSampleDatabase} from '../../../src/demo/pglite-database.js'
import {openDatabase} from '../../../src/sources/db/session.js'

let db: PgliteSampleDatabase

beforeAll(async () => {
  db = await startPgliteDatabase({extraSql: ["INSERT INTO parameter (idparameter, name, value, description, parametertype) VALUES (900, 'TEST_PLANT', 'planted', 'test', 0)"]})
}, 120_000)
afterAll(async () => {
  await db?.stop()
})

const target = (user = 'logsreader_single') => ({host: db.host, port: db.port, database: db.database, user, password: db.roles.find((r) => r.user === user)?.password ?? '', from: 'test'})

describe('the demo database on PGlite', () => {
  it('serves the seed and the extra SQL through the db source, in a read-only session', async () => {
    const session = await openDatabase(target(), {timeoutMs: 5000})
    try {
      expect(session.serverVersion).toMatch(/^\d+\.\d+/)
      expect(await session.parameter('TEST_PLANT')).toBe('planted')
      expect(await session.hasTable('cl_calls')).toBe(true)
      await expect(session.query("UPDATE parameter SET value = 'x' WHERE name = 'TEST_PLANT'")).rejects.toThrow(/read-only/)
      expect(await session.parameter('TEST_PLANT')).toBe('planted')
      expect((await session.serverNow()) instanceof Date).toBe(true)
    } finally {
      await session.close()
    }
    expect(db.timings.createMs).toBeGreaterThan(0)
  })

  it('gives up a query that runs past the timeout on the client side (statement_timeout is not enforced by PGlite)', async () => {
    const session = await openDatabase(target(), {timeoutMs: 300})
    try {
      const shown = await session.query<{t: string}>("SELECT current_setting('statement_timeout') AS t")
      // PGlite does not apply the start-up parameters the db source sends (statement_timeout among them).
      expect(shown[0]!.t).toBe('0')
      await expect(session.query('SELECT pg_sleep(3)')).rejects.toThrow(/did not finish|timeout/i)
    } finally {
      await session.close()
    }
  })

  it(`takes ${MAX_CONNECTIONS} sessions at once; one more is closed by the server`, async () => {
    const clients: pg.Client[] = []
    try {
      for (let i = 0; i < MAX_CONNECTIONS; i++) {
        const client = new pg.Client({connectionString: db.url('phonesystem_readonly'), connectionTimeoutMillis: 10_000})
        client.on('error', () => {})
        await client.connect()
        clients.push(client)
      }
      const rows = await Promise.all(clients.map(async (c, i) => (await c.query<{n: number}>('SELECT $1::int AS n', [i])).rows[0]!.n))
      expect(rows).toEqual(clients.map((_, i) => i))
      const extra = new pg.Client({connectionString: db.url('phonesystem_readonly'), connectionTimeoutMillis: 10_000})
      extra.on('error', () => {})
      await expect(extra.connect()).rejects.toThrow()
      await extra.end().catch(() => {})
    } finally {
      await Promise.all(clients.map((c) => c.end().catch(() => {})))
    }
    // The slots are free again.
    const again = await openDatabase(target(), {timeoutMs: 5000})
    await again.close()
  })

  it('stop() closes the port', async () => {
    const other = await startPgliteDatabase({seed: false})
    await other.stop()
    const refused = await new Promise<boolean>((resolve) => {
      const socket = createConnection({host: '127.0.0.1', port: other.port})
      socket.once('connect', () => {
        socket.destroy()
        resolve(false)
      })
      socket.once('error', () => resolve(true))
    })
    expect(refused).toBe(true)
  }, 120_000)
})
