/**
 * The sample PBX's live parts for `--demo`: a seeded database (PGlite served on a
 * socket, ./pglite-database.ts) and a console API simulator, both on 127.0.0.1. The database is found the way
 * 3CX's own tools find it, through [QMDatabase] of the sample ini, with only the
 * port replaced (settings dbHost/dbPort); the console is found through the
 * database's WEB_ROOT_LOCAL, WEBSERVERUSER and WEBSERVERPASS parameters.
 *
 *  - v15 (`--demo`): the v15.5 simulator (scenarios loopback-display-bug, provider-trunk-down,
 *    system-extension-unregistered, service-stopped) over the clean
 *    seed plus examples/sample-pbx/database/demo/problems.sql.
 *  - v20 (`--demo v20`): the v20 simulator (scenarios loopback-offline, service-stopped,
 *    carrier-offline, system-extension-unregistered)
 *    over the same schema and seed plus examples/sample-pbx-v20/database/*.sql and its
 *    demo/problems.sql, with TIMEZONEID set to a zone unlike this machine's in both.
 */
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import type {Settings} from '../config/settings.js'
import type {DemoVersion} from '../config/setting-definitions.js'
import {UsageError} from '../engine/errors.js'
import {packageRoot} from '../engine/version.js'
import {startConsoleSimulator} from './console-simulator.js'
import {startConsoleSimulatorV20} from './console-simulator-v20.js'
import {v15HealthPlants, v20HealthPlants} from './health-plants.js'
import {startPgliteDatabase} from './pglite-database.js'
import {sampleDatabaseSqlDir, type SampleDatabase} from './sample-database.js'

/** A request the demo's console simulator saw (both simulators record these fields). */
export interface DemoConsoleRequest {
  method: string
  path: string
  status: number
}

export interface SampleLive {
  database: SampleDatabase
  console: {url: string; requests: DemoConsoleRequest[]; stop(): Promise<void>}
  stop(): Promise<void>
}

export function sampleV20Root(): string {
  return join(packageRoot(), 'examples', 'sample-pbx-v20')
}

export function sampleV20InstallDir(): string {
  return join(sampleV20Root(), 'var', 'lib', '3cxpbx')
}

export function sampleV20IniPath(): string {
  return join(sampleV20InstallDir(), 'Bin', '3CXPhoneSystem.ini')
}

const sqlLiteral = (value: string): string => `'${value.replace(/'/g, "''")}'`

/** The UTC offset of a zone at `at`, as Intl writes it ("GMT+01:00"). */
function offsetOf(zone: string, at: Date): string {
  const parts = new Intl.DateTimeFormat('en-US', {timeZone: zone, timeZoneName: 'longOffset'}).formatToParts(at)
  return parts.find((p) => p.type === 'timeZoneName')?.value ?? ''
}

/** The zones the v20 demo may plant as 3CX's; the first whose offset now differs from this machine's is used. */
export const DEMO_V20_ZONES = ['Europe/Berlin', 'America/New_York', 'Asia/Tokyo'] as const

/** A time zone whose UTC offset now is not this machine's (the zone this process runs in). */
export function zoneUnlikeMachine(now: Date = new Date(), machineZone: string = Intl.DateTimeFormat().resolvedOptions().timeZone): string {
  const machine = offsetOf(machineZone, now)
  return DEMO_V20_ZONES.find((z) => offsetOf(z, now) !== machine) ?? DEMO_V20_ZONES[0]
}

const sqlFile = (...parts: string[]): string => readFileSync(join(...parts), 'utf8')

async function startDatabase(extraSql: string[], iniFile?: string): Promise<SampleDatabase> {
  try {
    return await startPgliteDatabase({extraSql, ...(iniFile ? {iniFile} : {})})
  } catch (error) {
    if (error instanceof UsageError) throw error
    throw new UsageError(`--demo could not start the sample database: ${error instanceof Error ? error.message : String(error)}`)
  }
}

async function startV15(): Promise<Omit<SampleLive, 'stop'>> {
  // The call of demo/problems.sql that never ended (pbx.stuck-calls), still listed as active, established 9 h ago.
  const stuckCall = {Id: 31, Caller: 'Ext.101 Grace', Callee: '+15550142', Status: 'Talking', LastChangeStatus: new Date(Date.now() - 9 * 3600_000).toISOString(), EstablishedAt: new Date(Date.now() - 9 * 3600_000).toISOString()}
  const sim = await startConsoleSimulator({scenario: ['loopback-display-bug', 'provider-trunk-down', 'system-extension-unregistered', 'service-stopped'], activeCalls: [stuckCall]})
  // The health checks' planted problems (src/demo/health-plants.ts): an old backup, maintenance ending soon.
  sim.update({systemStatus: v15HealthPlants(new Date())})
  try {
    const database = await startDatabase([
      `UPDATE parameter SET value = ${sqlLiteral(sim.url)} WHERE name = 'WEB_ROOT_LOCAL'`,
      sqlFile(sampleDatabaseSqlDir(), 'demo', 'problems.sql'),
      sqlFile(sampleDatabaseSqlDir(), 'demo', 'routes-recordings.sql'),
    ])
    return {database, console: sim}
  } catch (error) {
    await sim.stop()
    throw error
  }
}

async function startV20(): Promise<Omit<SampleLive, 'stop'>> {
  const sim = await startConsoleSimulatorV20({scenario: ['loopback-offline', 'service-stopped', 'carrier-offline', 'system-extension-unregistered']})
  // The health checks' planted problems (src/demo/health-plants.ts): updates, audit log, recording quota, blocklist.
  sim.update({systemStatus: v20HealthPlants(new Date())})
  const zone = zoneUnlikeMachine()
  // The simulator's Parameters say what the database says: its own URL and the planted zone.
  sim.update({
    parameters: [
      {Id: 2, Name: 'WEB_ROOT_LOCAL', Value: sim.url, Description: 'Local web root'},
      {Id: 3, Name: 'TIMEZONEID', Value: zone, Description: 'Time zone of the PBX'},
    ],
  })
  const dir = join(sampleV20Root(), 'database')
  try {
    const database = await startDatabase(
      [
        sqlFile(dir, '02-seed-v20.sql'),
        `UPDATE parameter SET value = ${sqlLiteral(sim.url)} WHERE name = 'WEB_ROOT_LOCAL'`,
        `UPDATE parameter SET value = ${sqlLiteral(sim.username)} WHERE name = 'WEBSERVERUSER'`,
        `UPDATE parameter SET value = ${sqlLiteral(sim.password)} WHERE name = 'WEBSERVERPASS'`,
        `INSERT INTO parameter (idparameter, name, value, description, parametertype) VALUES (9, 'TIMEZONEID', ${sqlLiteral(zone)}, 'Time zone of the phone system', 0)`,
        sqlFile(dir, 'demo', 'problems.sql'),
        sqlFile(dir, 'demo', 'routes-recordings.sql'),
      ],
      sampleV20IniPath(),
    )
    return {database, console: sim}
  } catch (error) {
    await sim.stop()
    throw error
  }
}

/** Starts the database and the console simulator of one sample and points `settings` at the database (mutates it). */
export async function startSampleLive(settings: Pick<Settings, 'dbHost' | 'dbPort'>, version: DemoVersion = 'v15'): Promise<SampleLive> {
  const {database, console: sim} = version === 'v20' ? await startV20() : await startV15()
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
