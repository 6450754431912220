/**
 * `tcx-doctor info` sections of the database and console API sources: version and
 * build, FQDN, public and local IPs as 3CX sees them, trunks with registration
 * times, service states. Each section names its source; secrets are redacted by
 * the command.
 */
import type {InfoProvider} from './collect-info.js'
import {dbSource} from '../sources/database.js'
import {availableLocalIps, consoleSource, publicIpOf} from '../sources/console-api.js'

const SERVICE_STATES: Record<number, string> = {1: 'stopped', 2: 'start pending', 3: 'stop pending', 4: 'running', 5: 'continue pending', 6: 'pause pending', 7: 'paused'}

/** "15.5.10244.4" -> {version: "15.5", build: "10244.4"}. */
export function splitVersion(full: string | undefined): {version: string | null; build: string | null} {
  if (!full) return {version: null, build: null}
  const parts = full.trim().split('.')
  return parts.length >= 3 ? {version: parts.slice(0, 2).join('.'), build: parts.slice(2).join('.')} : {version: full, build: null}
}

export const databaseInfo: InfoProvider = {
  title: 'Database',
  source: 'db',
  async collect(ctx) {
    const db = await ctx.use(dbSource)
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
        pbxVersion: full ?? null,
        version,
        build,
        webRootLocal: (await db.parameter('WEB_ROOT_LOCAL')) ?? null,
        consoleUser: (await db.parameter('WEBSERVERUSER')) ?? null,
        timeZoneParameters: Object.fromEntries((await db.parametersLike('%ZONE%')).map((p) => [p.name, p.value])),
      })
    }
    if ((await db.missingColumns('gateway', ['name', 'host'])).length === 0) {
      const rows = await db.query<{name: string; host: string | null}>('SELECT name, host FROM gateway ORDER BY name LIMIT 100')
      facts.gateways = rows.map((r) => `${r.name} (${r.host ?? 'no host'})`)
    }
    facts.serverTime = (await db.serverNow()).toISOString()
    return facts
  },
}

export const consoleInfo: InfoProvider = {
  title: 'Management console',
  source: 'console',
  async collect(ctx) {
    const api = await ctx.use(consoleSource)
    const [status, trunks, services, calls] = await Promise.all([
      api.systemStatus(),
      api.trunkList(),
      api.serviceList().catch((error: unknown) => (error instanceof Error ? error : new Error(String(error)))),
      api.activeCalls().catch((error: unknown) => (error instanceof Error ? error : new Error(String(error)))),
    ])
    const {version, build} = splitVersion(status.Version)
    return {
      url: api.baseUrl,
      account: `${api.user} (${api.from})`,
      pbxVersion: status.Version ?? null,
      version,
      build,
      fqdn: status.FQDN ?? null,
      publicIp: publicIpOf(status) ?? null,
      publicIpAs3cxSaysIt: status.Ip ?? null,
      currentLocalIp: status.CurrentLocalIp ?? null,
      availableLocalIps: availableLocalIps(status),
      localIpValid: status.LocalIpValid ?? null,
      trunksRegistered: `${status.TrunksRegistered ?? '?'} of ${status.TrunksTotal ?? '?'}`,
      hasNotRunningServices: status.HasNotRunningServices ?? null,
      lastBackup: status.LastBackupDateTime ?? null,
      pbxNow: calls instanceof Error ? `unknown: ${calls.message}` : calls.Now,
      activeCalls: calls instanceof Error ? null : calls.list.length,
      trunks: trunks.map((t) => ({
        name: t.Name,
        number: t.Number,
        host: t.Host,
        registered: t.IsRegistered,
        registerOkTime: t.RegisterOkTime || 'never',
        registerSentTime: t.RegisterSentTime || 'never',
        registerFailedTime: t.RegisterFailedTime || 'never',
      })),
      services:
        services instanceof Error
          ? `unknown: ${services.message}`
          : services.map((s) => `${s.DisplayName || s.Name}: ${SERVICE_STATES[s.Status] ?? `status ${s.Status}`}`),
    }
  },
}
