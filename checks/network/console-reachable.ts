import {
  consoleReachabilitySource,
  consoleSource,
  defineCheck,
  outcome,
  skip,
  table,
  worstStatus,
  isSourceUnavailable,
  type CheckContext,
  type ConsoleProbe,
  type ServiceInfo,
  type Status,
} from '../../src/index.js'

/** Service states as the check words them. */
export const SERVICE_STATUS: Record<number, string> = {
  1: 'stopped',
  2: 'starting',
  3: 'stopping',
  4: 'running',
  5: 'continuing',
  6: 'pausing',
  7: 'paused',
}

/** The verdict of one HTTP answer (or network error), one line. */
export function outcomeOfProbe(p: ConsoleProbe, timeoutMs: number): {status: Status; line: string} {
  if (p.status !== undefined) {
    if (p.status >= 200 && p.status < 400) return {status: 'pass', line: `${p.url} answers HTTP ${p.status}${p.location ? ` (to ${p.location})` : ''}`}
    if (p.status === 502) {
      return {
        status: 'fail',
        line:
          `${p.url} answers HTTP 502 Bad Gateway: nginx runs but the 3CX services behind it do not. A network card added after the install ` +
          'stops the "3CX PhoneSystem Nginx Server" backend this way (see network.multiple-nics): remove the extra card, restore the original IP configuration, reboot',
      }
    }
    if (p.status === 503 || p.status === 504) return {status: 'fail', line: `${p.url} answers HTTP ${p.status}: the 3CX services behind nginx are starting, stopped or overloaded`}
    if (p.status >= 500) return {status: 'fail', line: `${p.url} answers HTTP ${p.status}: the console is broken`}
    return {status: 'warn', line: `${p.url} answers HTTP ${p.status}: something listens, but not like the 3CX console (check --console-url / WEB_ROOT_LOCAL)`}
  }
  if (p.code === 'ECONNREFUSED') return {status: 'fail', line: `nothing listens at ${p.url} (connection refused): is the "3CX PhoneSystem Nginx Server" service running?`}
  if (p.code === 'ETIMEDOUT') return {status: 'fail', line: `${p.url} did not answer within ${timeoutMs / 1000} s: the console hangs, or a firewall drops the connection`}
  return {status: 'fail', line: `${p.url} could not be reached: ${p.error ?? 'unknown error'}`}
}

/** Service problems from ServiceList: stopped = fail, starting/stopping/paused = warn. */
export function serviceProblems(services: ServiceInfo[]): {status: Status; lines: string[]} {
  const lines: string[] = []
  const statuses: Status[] = []
  for (const s of services) {
    if (s.Status === 4) continue
    const state = SERVICE_STATUS[s.Status] ?? `in state ${s.Status}`
    const name = `${s.DisplayName || s.Name} (${s.Name})`
    const role = s.Name === 'nginx' ? ': the console answers 502 without it' : s.Name === 'postgresql' ? ': 3CX cannot work without its database' : ''
    statuses.push(s.Status === 1 ? 'fail' : 'warn')
    lines.push(`${name} is ${state}${role}`)
  }
  return {status: statuses.length > 0 ? worstStatus(statuses) : 'pass', lines}
}

/** The console's ServiceList, or why it could not be read (no login, or the GET failed). */
async function readServices(ctx: CheckContext): Promise<{ok: true; list: ServiceInfo[]} | {ok: false; reason: string}> {
  const api = await ctx.tryUse(consoleSource)
  if (!api.ok) return {ok: false, reason: api.reason}
  try {
    return {ok: true, list: await api.value.serviceList()}
  } catch (error) {
    if (!isSourceUnavailable(error)) throw error
    return {ok: false, reason: error.message}
  }
}

/**
 * network.console-reachable: the management console answers on its URL, and
 * the 3CX services it lists are running.
 */
export default defineCheck({
  id: 'network.console-reachable',
  title: 'Management console reachable and 3CX services running',
  severity: 'major',
  description:
    'GETs the 3CX management console (--console-url, else the WEB_ROOT_LOCAL parameter, else the layout\'s default on this machine: ' +
    'http://127.0.0.1:5000/ or https://127.0.0.1:5001/ on Windows, http://127.0.0.1:5015/ on Debian) with a short timeout, and reads the ' +
    'console\'s ServiceList. HTTP 502 means nginx runs but 3CX behind it does not, the classic sign of a network card added after the install; ' +
    'a refused connection means the "3CX PhoneSystem Nginx Server" service is not running.',
  remediation:
    'On 502: check network.multiple-nics, remove the extra card, restore the original IP configuration and reboot. On a refused connection: start ' +
    'the "3CX PhoneSystem Nginx Server" service (Windows services.msc; Debian `systemctl status nginx`). Start any 3CX service that is stopped; ' +
    'give --console-url if the console listens elsewhere.',
  docs: 'docs/checks/network.md#networkconsole-reachable-management-console-reachable-and-3cx-services-running',
  sources: ['console-reachability', 'console', 'db', 'install'],
  versions: {
    15: {applies: 'yes', decides: 'GET of the console URL (WEB_ROOT_LOCAL or the layout\'s default); ServiceList states as numbers', sure: 'confirmed'},
    16: {applies: 'yes', decides: 'as v15.5; Linux console on HTTP 5000 / HTTPS 5001 (WEB_ROOT_LOCAL)', sure: 'confirmed'},
    18: {applies: 'yes', decides: 'as v16', sure: 'confirmed'},
    20: {applies: 'yes', decides: 'GET of the console URL; /xapi/v1/Services with states as strings (Running, Stopped, ...)', cannotTell: 'the console\'s port when WEB_ROOT_LOCAL is absent (the v20 default is not known)', sure: 'reported'},
  },
  timeoutMs: 30_000,
  async run(ctx) {
    const reach = await ctx.tryUse(consoleReachabilitySource)
    if (!reach.ok) return skip(`Not checked: ${reach.reason.replace(/\.$/, '')}.`)
    const {probes, timeoutMs} = reach.value
    // With several default ports, the one that answered decides; all refused: the first line says so.
    const decisive = probes.find((p) => p.code !== 'ECONNREFUSED') ?? probes[0]
    if (!decisive) return skip('Not checked: no console URL to try.')
    const http = outcomeOfProbe(decisive, timeoutMs)
    const refusedToo = probes.filter((p) => p !== decisive && p.code === 'ECONNREFUSED').map((p) => `nothing listens at ${p.url}`)
    const details: string[] = [`Console URL from ${reach.value.from}.`, ...reach.value.notes, ...refusedToo]
    const evidence: Record<string, unknown> = {urlFrom: reach.value.from, probes}
    const tables = [table('Console URLs tried', ['url', 'answer'], probes.map((p) => [p.url, p.status !== undefined ? `HTTP ${p.status}${p.location ? ` to ${p.location}` : ''}` : (p.error ?? 'no answer')]))]

    const statuses: Status[] = [http.status]
    const lines = [http.line]
    const services = await readServices(ctx)
    if (services.ok) {
      evidence.services = services.list.map((s) => ({name: s.Name, displayName: s.DisplayName, status: s.Status, state: SERVICE_STATUS[s.Status] ?? String(s.Status)}))
      tables.push(table('3CX services', ['name', 'service', 'state'], services.list.map((s) => [s.DisplayName || s.Name, s.Name, SERVICE_STATUS[s.Status] ?? `state ${s.Status}`])))
      const sp = serviceProblems(services.list)
      statuses.push(sp.status)
      if (sp.lines.length > 0) lines.push(...sp.lines)
      else details.push(`All ${services.list.length} 3CX services listed by the console are running.`)
    } else {
      details.push(`The 3CX services were not checked (ServiceList): ${services.reason}`)
    }
    const status = worstStatus(statuses)
    const summary = lines.join('; ')
    return outcome(status, /[.?!]$/.test(summary) ? summary : `${summary}.`, {details, evidence, tables})
  },
})
