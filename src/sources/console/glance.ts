/**
 * The PBX at a glance from the console's SystemStatus: FQDN, addresses, trunks and
 * extensions registered, calls active against the licence's limit, last backup,
 * licence and maintenance expiry. Each field a build does not report is null (shown
 * as "not known"), never guessed. `glanceForReport` fills the report's target after
 * the checks, only from a console a check already opened, bounded in time.
 */
import type {SourceContext, SourceDefinition} from '../../engine/context.js'
import {errorMessage} from '../../engine/errors.js'
import {withTimeout} from '../../lib/async.js'
import {availableLocalIps, publicIpOf, type SystemStatus} from './parse.js'
import type {ConsoleApi} from './session.js'

export interface Count {
  registered: number
  total: number
}

export interface PbxGlance {
  /** Where the glance was read. */
  from: string
  fqdn: string | null
  /** The public address (SystemStatus Ip or IpV4), the local one 3CX uses, and the local ones it offers. */
  ips: {public: string | null; local: string | null; available: string[]}
  /** SystemStatus TrunksRegistered / TrunksTotal. */
  trunks: Count | null
  /** SystemStatus ExtensionsRegistered / ExtensionsTotal. */
  extensions: Count | null
  /** SystemStatus CallsActive / MaxSimCalls (the licence's simultaneous calls). */
  calls: {active: number | null; limit: number | null}
  /** LastBackupDateTime as the console wrote it (the server's local offset). */
  lastBackup: string | null
  /** ExpirationDate (the licence) and MaintenanceExpiresAt, as written. */
  licenceExpiry: string | null
  maintenanceExpiry: string | null
}

export const GLANCE_FROM = 'console SystemStatus'
/** How long the report waits for SystemStatus when no check read it yet. */
export const GLANCE_TIMEOUT_MS = 5000

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null)
const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim().slice(0, 200) : null)
/** A .NET time that means never ("", null, 0001-01-01...) is null. */
const time = (v: unknown): string | null => {
  const t = text(v)
  return t === null || t.startsWith('0001-01-01') ? null : t
}
const count = (registered: unknown, total: unknown): Count | null => {
  const r = num(registered)
  const t = num(total)
  return r === null || t === null ? null : {registered: r, total: t}
}

export function pbxGlanceOf(status: SystemStatus): PbxGlance {
  return {
    from: GLANCE_FROM,
    fqdn: text(status.FQDN),
    ips: {public: publicIpOf(status) ?? text(status.IpV4), local: text(status.CurrentLocalIp), available: availableLocalIps(status).slice(0, 20)},
    trunks: count(status.TrunksRegistered, status.TrunksTotal),
    extensions: count(status.ExtensionsRegistered, status.ExtensionsTotal),
    calls: {active: num(status.CallsActive), limit: num(status.MaxSimCalls)},
    lastBackup: time(status.LastBackupDateTime),
    licenceExpiry: time(status.ExpirationDate),
    maintenanceExpiry: time(status.MaintenanceExpiresAt),
  }
}

/** The glance of an open console, bounded by `timeoutMs` (SystemStatus is memoised: usually no request at all). */
export async function glanceOfConsole(api: ConsoleApi, timeoutMs = GLANCE_TIMEOUT_MS): Promise<PbxGlance> {
  const status = await withTimeout(api.systemStatus(), timeoutMs, `SystemStatus did not answer within ${timeoutMs / 1000} s`)
  return pbxGlanceOf(status)
}

/**
 * The report's glance: read only when a check of this run opened the console (so a run never logs in
 * just for the header), else the reason it is not known.
 */
export async function glanceForReport(
  ctx: SourceContext & {sourceReports(): Promise<Array<{name: string; status: string}>>},
  consoleSource: SourceDefinition<ConsoleApi>,
  timeoutMs = GLANCE_TIMEOUT_MS,
): Promise<{ok: true; value: PbxGlance} | {ok: false; reason: string}> {
  const status = (await ctx.sourceReports()).find((r) => r.name === 'console')?.status
  if (status !== 'ok') return {ok: false, reason: status === 'unavailable' ? 'the console was unavailable' : 'no check in this run used the console'}
  try {
    return {ok: true, value: await glanceOfConsole(await ctx.use(consoleSource), timeoutMs)}
  } catch (error) {
    return {ok: false, reason: `the console's SystemStatus could not be read (${errorMessage(error)})`}
  }
}
