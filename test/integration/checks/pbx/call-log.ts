/**
 * Planting calls into the real test PostgreSQL for the pbx checks: a call of cl_calls with
 * its legs in cl_participants (party infos of cl_party_info), at explicit times. Ids from
 * 800000 up, away from the sample seed's and the demo's.
 */
import type {TestPostgres} from '../../../helpers/postgres.js'
import {SAMPLE_QM_PASSWORD, SAMPLE_QM_USER} from '../../../helpers/postgres.js'
import {openDatabase} from '../../../../src/sources/db/index.js'

/** Party infos the tests use: an extension, the loopback trunk's line 10001 (the seed's gateway 127.0.0.1), an IVR; the seed's 1 is the carrier line 10000. */
export const PARTY = {extension: 800001, loopbackLine: 800002, ivr: 800003, carrierLine: 1} as const

export async function addParties(pg: TestPostgres): Promise<void> {
  await pg.sql(`INSERT INTO cl_party_info (id, dn_type, dn, caller_number, display_name) VALUES
    (${PARTY.extension}, 0, '100', '100', 'Ada'), (${PARTY.loopbackLine}, 1, '10001', '10001', 'Loopback'), (${PARTY.ivr}, 6, '800', '800', 'Main menu')`)
}

let nextId = 800_100

/** One call from `start` to `end` (null: no end time) with one leg per party, each leg as long as the call. */
export async function addCall(pg: TestPostgres, start: Date, end: Date | null, parties: number[]): Promise<number> {
  const id = nextId
  nextId += 10
  await pg.sql('INSERT INTO cl_calls (id, start_time, end_time, is_answered) VALUES ($1, $2, $3, true)', [id, start, end])
  for (const [i, info] of parties.entries()) {
    await pg.sql('INSERT INTO cl_participants (id, call_id, info_id, role, is_inbound, start_time, end_time) VALUES ($1, $2, $3, $4, false, $5, $6)', [id + i, id, info, i + 1, start, end])
  }
  return id
}

export const minutes = (base: Date, m: number): Date => new Date(base.getTime() + m * 60_000)

/** A read-only session of the db source on the test server, as the sample's [QMDatabase] account. */
export function openTestDatabase(pg: TestPostgres) {
  return openDatabase({host: '127.0.0.1', port: pg.port, database: 'database_single', user: SAMPLE_QM_USER, password: SAMPLE_QM_PASSWORD, from: 'the test'}, {timeoutMs: 15_000})
}
