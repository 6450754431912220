/**
 * The 3CX database source (PostgreSQL, port 5480, database_single), read-only.
 * CONTRACT (other checks code against these names; keep them):
 *   dbSource: SourceDefinition<Database>
 * Implementation: see issue 4 (connection order --db-url, [QMDatabase], [DbAdminREADONLY], config.json).
 */
import type {SourceDefinition} from '../engine/context.js'
import {SourceUnavailableError} from '../engine/errors.js'

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
}

export const dbSource: SourceDefinition<Database> = {
  name: 'db',
  async open(): Promise<Database> {
    throw new SourceUnavailableError('db', 'the database source is not implemented yet')
  },
}
