/**
 * The database's section in `tcx-doctor info`. Values read from the database are
 * cut at MAX_SHOWN_VALUE characters.
 */
import {truncate} from '../../lib/format.js'
import {splitVersion} from '../console/parse.js'
import type {Database} from './session.js'

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
