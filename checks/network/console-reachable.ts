import {defineCheck, fail, pass, skip, warn, worstStatus, type CheckContext, type CheckOutcome, type Status} from '../../src/index.js'
import {errorMessage, isSourceUnavailable} from '../../src/engine/errors.js'
import {consoleSource, httpRequest, isLoopbackHost, type ServiceInfo} from '../../src/sources/console-api.js'
import {dbSource} from '../../src/sources/database.js'
import {installSource} from '../../src/index.js'

/** Where the console listens when nothing says otherwise (defaults of the two layouts, on this machine). */
export const DEFAULT_CONSOLE_URLS = {
  windows: ['http://127.0.0.1:5000/', 'https://127.0.0.1:5001/'],
  debian: ['http://127.0.0.1:5015/'],
} as const

export const SERVICE_STATUS: Record<number, string> = {
  1: 'stopped',
  2: 'starting',
  3: 'stopping',
  4: 'running',
  5: 'continuing',
  6: 'pausing',
  7: 'paused',
}

interface Candidates {
  urls: string[]
  from: string
  notes: string[]
}

async function consoleUrls(ctx: CheckContext): Promise<Candidates | {skip: string}> {
  if (ctx.settings.consoleUrl) return {urls: [ctx.settings.consoleUrl], from: '--console-url', notes: []}
  const notes: string[] = []
  try {
    const db = await ctx.use(dbSource)
    const root = await db.parameter('WEB_ROOT_LOCAL')
    if (root && /^https?:\/\//i.test(root.trim())) return {urls: [root.trim()], from: 'parameter WEB_ROOT_LOCAL', notes}
    notes.push(root ? `WEB_ROOT_LOCAL "${root}" is not a URL` : 'the database has no WEB_ROOT_LOCAL parameter')
  } catch (error) {
    if (!isSourceUnavailable(error)) throw error
    notes.push(`WEB_ROOT_LOCAL unknown: ${error.message}`)
  }
  let layout: 'windows' | 'debian'
  try {
    layout = (await ctx.use(installSource)).layout
  } catch (error) {
    if (!isSourceUnavailable(error)) throw error
    return {skip: `no console URL and no 3CX install on this machine (${error.message}); give --console-url to check a console elsewhere`}
  }
  return {urls: [...DEFAULT_CONSOLE_URLS[layout]], from: `the default ${layout === 'windows' ? 'Windows' : 'Debian'} port(s) on this machine`, notes}
}

interface Probe {
  url: string
  status?: number
  location?: string
  error?: string
  code?: string
}

async function probe(url: string, ctx: CheckContext): Promise<Probe> {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return {url, error: `"${url}" is not a URL`}
  }
  try {
    const answer = await httpRequest({
      method: 'GET',
      url: parsed,
      timeoutMs: ctx.settings.consoleTimeoutMs ?? 5000,
      // Only the reachability is asked here; a self-signed certificate on this machine is normal for 3CX.
      insecureTls: isLoopbackHost(parsed.hostname) || ctx.settings.insecure === true,
    })
    const location = answer.headers.location
    return {url, status: answer.status, ...(typeof location === 'string' ? {location} : {})}
  } catch (error) {
    const code = (error as {code?: string}).code
    return {url, error: errorMessage(error), ...(code ? {code} : {})}
  }
}

function outcomeOfProbe(p: Probe, timeoutMs: number): {status: Status; line: string} {
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
  docs: 'docs/checks/network.md#networkconsole-reachable',
  sources: ['console', 'db', 'install'],
  timeoutMs: 30_000,
  async run(ctx) {
    const candidates = await consoleUrls(ctx)
    if ('skip' in candidates) return skip(`Not checked: ${candidates.skip}.`)
    const timeoutMs = ctx.settings.consoleTimeoutMs ?? 5000
    const probes: Probe[] = []
    for (const url of candidates.urls) {
      const p = await probe(url, ctx)
      probes.push(p)
      if (p.code !== 'ECONNREFUSED') break
    }
    // With several default ports, the one that answered decides; all refused: the first line says so.
    const decisive = probes.find((p) => p.code !== 'ECONNREFUSED') ?? probes[0]!
    const http = outcomeOfProbe(decisive, timeoutMs)
    const refusedToo = probes.filter((p) => p !== decisive && p.code === 'ECONNREFUSED').map((p) => `nothing listens at ${p.url}`)
    const details: string[] = [`Console URL from ${candidates.from}.`, ...candidates.notes, ...refusedToo]
    const evidence: Record<string, unknown> = {urlFrom: candidates.from, probes}

    const statuses: Status[] = [http.status]
    const lines = [http.line]
    try {
      const api = await ctx.use(consoleSource)
      const services = await api.serviceList()
      evidence.services = services.map((s) => ({name: s.Name, displayName: s.DisplayName, status: s.Status, state: SERVICE_STATUS[s.Status] ?? String(s.Status)}))
      const sp = serviceProblems(services)
      statuses.push(sp.status)
      if (sp.lines.length > 0) lines.push(...sp.lines)
      else details.push(`All ${services.length} 3CX services listed by the console are running.`)
    } catch (error) {
      if (!isSourceUnavailable(error)) throw error
      details.push(`The 3CX services were not checked (ServiceList): ${error.message}`)
    }
    const status = worstStatus(statuses)
    const outcome: (s: string, e: Pick<CheckOutcome, 'details' | 'evidence'>) => CheckOutcome = status === 'fail' ? fail : status === 'warn' ? warn : pass
    const summary = lines.join('; ')
    return outcome(/[.?!]$/.test(summary) ? summary : `${summary}.`, {details, evidence})
  },
})
