/**
 * A 3CX v15.5 management console API simulator on 127.0.0.1 (node:http only).
 * Used by `npm run demo` and by the tests; answers shaped exactly like the v15.5
 * examples (times with seven fractional digits and Z, "" for never, TrunkList
 * numbers as strings, login answering the plain text AuthSuccess and a cookie).
 *
 * API (stable):
 *   const sim = await startConsoleSimulator({scenario: 'loopback-display-bug', ...overrides})
 *   sim.url                  // "http://127.0.0.1:PORT/"
 *   sim.requests             // every request seen: {method, path, authenticated, at}
 *   sim.update({...})        // change options while running (e.g. switch scenario)
 *   await sim.stop()
 *
 * Scenarios (combine several with an array; explicit options win over them):
 *   healthy               all trunks registered, OK times fresh (the default)
 *   loopback-display-bug  the loopback trunk shows not registered but its OK time is fresh
 *   loopback-failing      the loopback trunk's last OK is 3 h old and a failure came after it
 *   loopback-never        the loopback trunk never registered ("" OK time, recent failure)
 *   unauthorized          every login is refused (401)
 *   bad-gateway           every request answers 502 with nginx's HTML page
 *   html                  every request answers 200 with an HTML page
 *   invalid-json          API GETs answer 200 application/json with a truncated body
 *   slow                  every answer is delayed by `delayMs` (default 30 s)
 *   skewed-clock          ActiveCalls.Now is `clockSkewMs` (default +3 h) off the real time
 *   ip-invalid            SystemStatus.LocalIpValid is false
 *   ip-elsewhere          SystemStatus.CurrentLocalIp is 198.51.100.55 (an address no host has)
 *   multiple-nics         SystemStatus.AvailableLocalIps lists two addresses
 *   service-stopped       ServiceList shows the IVR service stopped (Status 1) and HasNotRunningServices true
 *   provider-trunk-down   the Carrier trunk is not registered: last OK 6 h ago, a failure 1 min ago (TrunksRegistered follows)
 *   system-extension-unregistered  HasUnregisteredSystemExtensions true, ExtensionsRegistered one lower (20 of 24)
 */
import {NGINX_502, send, startSimulatorServer} from './simulator-server.js'
import {randomBytes} from 'node:crypto'
import http from 'node:http'
import {networkInterfaces} from 'node:os'
import type {ServiceInfo, SystemStatus, Trunk} from '../sources/console/index.js'

export type SimulatorScenario =
  | 'healthy'
  | 'loopback-display-bug'
  | 'loopback-failing'
  | 'loopback-never'
  | 'unauthorized'
  | 'bad-gateway'
  | 'html'
  | 'invalid-json'
  | 'slow'
  | 'skewed-clock'
  | 'ip-invalid'
  | 'ip-elsewhere'
  | 'multiple-nics'
  | 'service-stopped'
  | 'provider-trunk-down'
  | 'system-extension-unregistered'

export const SIMULATOR_SCENARIOS: readonly SimulatorScenario[] = [
  'healthy',
  'loopback-display-bug',
  'loopback-failing',
  'loopback-never',
  'unauthorized',
  'bad-gateway',
  'html',
  'invalid-json',
  'slow',
  'skewed-clock',
  'ip-invalid',
  'ip-elsewhere',
  'multiple-nics',
  'service-stopped',
  'provider-trunk-down',
  'system-extension-unregistered',
]

/** A canned answer for one path (e.g. {'/api/TrunkList': {status: 502}}). */
export interface CannedAnswer {
  status: number
  body?: string
  contentType?: string
  /** Answer this many times, then behave normally again (default: always). */
  times?: number
}

export interface ConsoleSimulatorOptions {
  scenario?: SimulatorScenario | SimulatorScenario[]
  /** Listen address (default 127.0.0.1) and port (default 0: a free one). */
  host?: string
  port?: number
  /** The console account (default admin / SampleConsolePw-3e8d12). */
  username?: string
  password?: string
  /** The simulator's clock (default: the real time). Relative times are computed from it. */
  now?: () => Date
  /** Offset of ActiveCalls.Now from the clock (skewed-clock). */
  clockSkewMs?: number
  /** The UTC offset written in ActiveCalls.Now, in minutes (default 0: "+00:00"). */
  utcOffsetMinutes?: number
  /** Delay before every answer (slow). */
  delayMs?: number
  /** The address 3CX sees as its own (CurrentLocalIp, and the loopback trunk's Host); default: this machine's first IPv4 LAN address, else 127.0.0.1. */
  localIp?: string
  /** Fields merged over the generated SystemStatus. */
  systemStatus?: Partial<SystemStatus>
  /** The whole trunk list (replaces the generated one); entries are completed with defaults. */
  trunks?: Array<Partial<Trunk>>
  /** The service list (replaces the default four services). */
  services?: ServiceInfo[]
  /** ActiveCalls.list entries. */
  activeCalls?: unknown[]
  /** Canned answers by path (after login checks), e.g. {'/api/ServiceList': {status: 502}}. */
  answers?: Record<string, CannedAnswer>
  /** After this many authenticated GETs, the session expires once (the next GET answers 401). */
  expireSessionAfter?: number
}

export interface SimulatorRequest {
  method: string
  path: string
  authenticated: boolean
  status: number
  at: Date
}

export interface ConsoleSimulator {
  /** Base URL with a trailing slash, e.g. "http://127.0.0.1:40123/". */
  url: string
  port: number
  username: string
  password: string
  requests: SimulatorRequest[]
  /** Merge new options (scenario, overrides) into the running simulator. */
  update(options: ConsoleSimulatorOptions): void
  stop(): Promise<void>
}

export const DEFAULT_CONSOLE_USER = 'admin'
export const DEFAULT_CONSOLE_PASSWORD = 'SampleConsolePw-3e8d12'

/** .NET style UTC time: seven fractional digits and Z, e.g. 2026-11-26T02:58:11.1230000Z. */
export function dotNetUtc(date: Date): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$10000Z')
}

/** .NET style time with an offset, e.g. 2026-11-26T04:02:47.4070000+01:00 (the clock's instant shown in that offset). */
export function dotNetWithOffset(date: Date, offsetMinutes: number): string {
  const shifted = new Date(date.getTime() + offsetMinutes * 60_000)
  const sign = offsetMinutes < 0 ? '-' : '+'
  const abs = Math.abs(offsetMinutes)
  const offset = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`
  return shifted.toISOString().replace(/\.(\d{3})Z$/, `.$10000${offset}`)
}

/** This machine's first non-internal IPv4 address, else 127.0.0.1. */
export function firstLanIpv4(): string {
  for (const addresses of Object.values(networkInterfaces())) {
    for (const a of addresses ?? []) if (a.family === 'IPv4' && !a.internal) return a.address
  }
  return '127.0.0.1'
}

export const DEFAULT_SERVICES: ServiceInfo[] = [
  {Name: '3CXPhoneSystem01', DisplayName: '3CX PhoneSystem 01 SIP Server', Status: 4, CpuUsage: 1, MemoryUsed: 52428800},
  {Name: '3CXIVR01', DisplayName: '3CX PhoneSystem 01 IVR Server', Status: 4, CpuUsage: 0, MemoryUsed: 20971520},
  {Name: 'nginx', DisplayName: '3CX PhoneSystem Nginx Server', Status: 4, CpuUsage: 0, MemoryUsed: 8388608},
  {Name: 'postgresql', DisplayName: '3CX PhoneSystem Database Server', Status: 4, CpuUsage: 0, MemoryUsed: 41943040},
]

const HTML_PAGE = '<!DOCTYPE html><html><head><title>3CX Phone System Management Console</title></head><body><app-root></app-root></body></html>'

function scenarios(options: ConsoleSimulatorOptions): Set<SimulatorScenario> {
  const s = options.scenario
  return new Set(s === undefined ? ['healthy'] : Array.isArray(s) ? s : [s])
}

function trunkDefaults(partial: Partial<Trunk>, index: number): Trunk {
  return {
    Id: String(12 + index),
    Number: String(10000 + index),
    Name: `Trunk ${index + 1}`,
    Host: 'sip.carrier.example',
    Type: 'Provider',
    SimCalls: '4',
    ExternalNumber: '',
    IsRegistered: true,
    RegisterOkTime: '',
    RegisterSentTime: '',
    RegisterFailedTime: '',
    CanBeDeleted: true,
    ...partial,
  }
}

/** The generated trunk list for a scenario: a carrier trunk and a loopback trunk to `localIp`. */
export function scenarioTrunks(set: Set<SimulatorScenario>, now: Date, localIp: string): Trunk[] {
  const ago = (minutes: number): string => dotNetUtc(new Date(now.getTime() - minutes * 60_000))
  const carrierState: Partial<Trunk> = set.has('provider-trunk-down')
    ? {IsRegistered: false, RegisterOkTime: ago(360), RegisterSentTime: ago(1), RegisterFailedTime: ago(1)}
    : {IsRegistered: true, RegisterOkTime: ago(7), RegisterSentTime: ago(7)}
  const carrier = trunkDefaults({Id: '12', Number: '10000', Name: 'Carrier', Host: 'sip.carrier.example', SimCalls: '8', ExternalNumber: '+15550100', ...carrierState}, 0)
  let loopback: Partial<Trunk> = {IsRegistered: true, RegisterOkTime: ago(5), RegisterSentTime: ago(5), RegisterFailedTime: ''}
  if (set.has('loopback-display-bug')) loopback = {IsRegistered: false, RegisterOkTime: ago(4), RegisterSentTime: ago(4), RegisterFailedTime: ''}
  if (set.has('loopback-failing')) loopback = {IsRegistered: false, RegisterOkTime: ago(180), RegisterSentTime: ago(2), RegisterFailedTime: ago(2)}
  if (set.has('loopback-never')) loopback = {IsRegistered: false, RegisterOkTime: '', RegisterSentTime: ago(1), RegisterFailedTime: ago(1)}
  return [carrier, trunkDefaults({Id: '13', Number: '10001', Name: 'Loopback', Host: localIp, SimCalls: '4', ...loopback}, 1)]
}

export async function startConsoleSimulator(initial: ConsoleSimulatorOptions = {}): Promise<ConsoleSimulator> {
  let options: ConsoleSimulatorOptions = {...initial}
  const username = initial.username ?? DEFAULT_CONSOLE_USER
  const password = initial.password ?? DEFAULT_CONSOLE_PASSWORD
  const sessions = new Set<string>()
  const requests: SimulatorRequest[] = []
  const cannedUsed = new Map<string, number>()
  let authenticatedGets = 0
  let expired = false

  const clock = (): Date => (options.now ?? (() => new Date()))()
  const localIp = (): string => options.localIp ?? firstLanIpv4()

  const systemStatus = (set: Set<SimulatorScenario>, trunks: Trunk[], services: ServiceInfo[]): SystemStatus => {
    const ip = localIp()
    const registered = trunks.filter((t) => t.IsRegistered).length
    return {
      FQDN: 'pbx.example.com',
      WebMeetingFQDN: 'pbx-example-com.3cx.net',
      Version: '15.5.10244.4',
      Activated: true,
      MaxSimCalls: 16,
      ExtensionsRegistered: set.has('system-extension-unregistered') ? 20 : 21,
      ExtensionsTotal: 24,
      Ip: '203.0.113.10 Static',
      LocalIpValid: !set.has('ip-invalid'),
      CurrentLocalIp: set.has('ip-elsewhere') ? '198.51.100.55' : ip,
      AvailableLocalIps: set.has('multiple-nics') ? `${ip}, 10.99.0.2` : ip,
      HasUnregisteredSystemExtensions: set.has('system-extension-unregistered'),
      HasNotRunningServices: services.some((s) => s.Status !== 4),
      TrunksRegistered: registered,
      TrunksTotal: trunks.length,
      CallsActive: (options.activeCalls ?? []).length,
      DiskUsage: 31,
      LastBackupDateTime: dotNetWithOffset(new Date(clock().getTime() - 25 * 3600_000), 60),
      MaintenanceExpiresAt: '2027-03-01T12:00:00+00:00',
      OutboundRules: 4,
      ProductCode: '3CXPSPROF',
      ...options.systemStatus,
    }
  }

  const json = (res: http.ServerResponse, value: unknown): void => send(res, 200, JSON.stringify(value), 'application/json; charset=utf-8')

  const handle = (req: http.IncomingMessage, res: http.ServerResponse, body: string): void => {
    const set = scenarios(options)
    const path = (req.url ?? '/').split('?')[0] ?? '/'
    const cookie = /(?:^|;\s*)\.AspNetCore\.Cookies=([^;]+)/.exec(req.headers.cookie ?? '')?.[1]
    const authenticated = cookie !== undefined && sessions.has(cookie)
    const record = (status: number): void => {
      requests.push({method: req.method ?? 'GET', path, authenticated, status, at: new Date()})
    }
    if (set.has('bad-gateway')) {
      record(502)
      return send(res, 502, NGINX_502, 'text/html')
    }
    if (set.has('html')) {
      record(200)
      return send(res, 200, HTML_PAGE, 'text/html; charset=utf-8')
    }
    if (path.toLowerCase() === '/api/login') {
      if (req.method !== 'POST') {
        record(405)
        return send(res, 405, '', 'text/plain')
      }
      let given: {Username?: unknown; Password?: unknown} = {}
      try {
        given = JSON.parse(body) as typeof given
      } catch {
        // a malformed login is a refused login
      }
      if (set.has('unauthorized') || given.Username !== username || given.Password !== password) {
        record(401)
        return send(res, 401, 'Unauthorized', 'text/plain')
      }
      const session = randomBytes(24).toString('base64url')
      sessions.add(session)
      record(200)
      return send(res, 200, 'AuthSuccess', 'text/plain; charset=utf-8', {'Set-Cookie': `.AspNetCore.Cookies=${session}; path=/; samesite=lax; httponly`})
    }
    if (req.method !== 'GET') {
      record(405)
      return send(res, 405, '', 'text/plain')
    }
    if (!path.toLowerCase().startsWith('/api/')) {
      // The console's web app (login page) is served to anyone, as nginx does.
      record(200)
      return send(res, 200, HTML_PAGE, 'text/html; charset=utf-8')
    }
    if (!authenticated) {
      record(401)
      return send(res, 401, '', 'text/plain')
    }
    authenticatedGets++
    if (options.expireSessionAfter !== undefined && !expired && authenticatedGets > options.expireSessionAfter) {
      expired = true
      sessions.clear()
      record(401)
      return send(res, 401, '', 'text/plain')
    }
    const canned = Object.entries(options.answers ?? {}).find(([p]) => p.toLowerCase() === path.toLowerCase())
    if (canned) {
      const [p, answer] = canned
      const used = cannedUsed.get(p) ?? 0
      if (answer.times === undefined || used < answer.times) {
        cannedUsed.set(p, used + 1)
        record(answer.status)
        return send(res, answer.status, answer.body ?? '', answer.contentType ?? 'application/json; charset=utf-8')
      }
    }
    if (set.has('invalid-json') && path.startsWith('/api/')) {
      record(200)
      return send(res, 200, '{"list": [{"Id": "12", "Name": "Carr', 'application/json; charset=utf-8')
    }
    const now = clock()
    const trunks = options.trunks ? options.trunks.map(trunkDefaults) : scenarioTrunks(set, now, localIp())
    const services =
      options.services ?? (set.has('service-stopped') ? DEFAULT_SERVICES.map((s) => (s.Name === '3CXIVR01' ? {...s, Status: 1, CpuUsage: 0, MemoryUsed: 0} : s)) : DEFAULT_SERVICES)
    record(200)
    switch (path) {
      case '/api/SystemStatus':
        return json(res, systemStatus(set, trunks, services))
      case '/api/TrunkList':
        return json(res, {list: trunks, isRefreshTrunksRegistrationProhibited: false})
      case '/api/ActiveCalls': {
        const skew = options.clockSkewMs ?? (set.has('skewed-clock') ? 3 * 3600_000 : 0)
        return json(res, {Now: dotNetWithOffset(new Date(now.getTime() + skew), options.utcOffsetMinutes ?? 0), list: options.activeCalls ?? []})
      }
      case '/api/ServiceList':
        return json(res, services)
      default:
        requests[requests.length - 1]!.status = 404
        return send(res, 404, '', 'text/plain')
    }
  }

  const server = await startSimulatorServer(handle, {...(initial.host ? {host: initial.host} : {}), ...(initial.port ? {port: initial.port} : {}), delayMs: () => options.delayMs ?? (scenarios(options).has('slow') ? 30_000 : 0)})
  return {
    url: server.url,
    port: server.port,
    username,
    password,
    requests,
    update(next) {
      options = {...options, ...next}
    },
    stop: () => server.stop(),
  }
}
