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
 * One client (not a pool) per run, read-only (./session.ts); where to connect in
 * ./target.ts, the one-line messages in ./messages.ts, the `info` section in ./info.ts.
 */
import type {SourceContext, SourceDefinition} from '../../engine/context.js'
import {errorMessage} from '../../engine/errors.js'
import {installSource, type Install} from '../install/index.js'
import {databaseFacts} from './info.js'
import {openDatabase, type Database} from './session.js'
import {findDbTarget} from './target.js'

export {findDbTarget, describeTarget, type DbTarget} from './target.js'
export {connectFailureMessage, queryError, MAX_SERVER_TEXT} from './messages.js'
export {openDatabase, type Database} from './session.js'
export {databaseFacts, MAX_SHOWN_VALUE} from './info.js'

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

