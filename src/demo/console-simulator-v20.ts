/**
 * A 3CX v20 management API simulator on 127.0.0.1 (node:http only): the user login
 * (POST /webclient/api/Login/GetAccessToken, a bearer token), the service principal
 * login (POST /connect/token, client credentials), the refresh of a user token
 * (POST /connect/token, grant_type=refresh_token) and the OData collections under
 * /xapi/v1 (SystemStatus, Trunks, ActiveCalls, Services, Parameters). The bodies
 * are in ./console-simulator-v20/bodies.ts, the query options in ./odata.ts.
 *
 * API (stable, as the v15.5 simulator's):
 *   const sim = await startConsoleSimulatorV20({scenario: 'loopback-offline', ...overrides})
 *   sim.url         // "http://127.0.0.1:PORT/"
 *   sim.requests    // every request seen: {method, path, query, authenticated, status, at}
 *   sim.update({...})
 *   await sim.stop()
 *
 * Scenarios (combine several with an array; explicit options win over them):
 *   healthy           everything online and running, one call in progress (the default)
 *   loopback-offline  the loopback trunk (Gateway Host 127.0.0.1) is IsOnline false
 *   idle              no call in progress: ActiveCalls.value is empty (no PBX time there)
 *   skewed-clock      ServerNow of the calls is `clockSkewMs` (default +7 min) off the clock
 *   service-stopped   the IVR service is "Stopped"
 *   carrier-offline   the Carrier trunk (a provider, not loopback) is IsOnline false (TrunksRegistered follows)
 *   system-extension-unregistered  HasUnregisteredSystemExtensions true, ExtensionsRegistered one lower (20 of 24)
 *   two-factor        the user account has two-factor authentication: GetAccessToken gives no token
 *   wrong-password    every user login and every client secret is refused
 *   expiring-token    the first access token expires after its first use (`expireTokenAfter` 1)
 *   bad-gateway       every request answers 502 with nginx's HTML page
 *   html              every request answers 200 with an HTML page
 *   ip-invalid, ip-elsewhere, multiple-nics   as in the v15.5 simulator (SystemStatus)
 *
 * Only GET is accepted under /xapi (405 otherwise, recorded); /api/login answers
 * 404 as a v20 server does, which is how a client tells the dialects apart.
 */
import {NGINX_502, send, startSimulatorServer} from './simulator-server.js'
import {randomBytes} from 'node:crypto'
import http from 'node:http'
import {DEFAULT_CONSOLE_PASSWORD, DEFAULT_CONSOLE_USER, firstLanIpv4, type CannedAnswer} from './console-simulator.js'
import {
  DEFAULT_V20_SERVICES,
  V20_LOGIN_FAILED,
  V20_LOGIN_TWO_FACTOR,
  oauthToken,
  v20ActiveCall,
  v20LoginSuccess,
  v20Parameters,
  v20ScenarioTrunks,
  v20SystemStatus,
  v20TrunkDefaults,
  type V20ActiveCall,
  type V20Gateway,
  type V20Parameter,
  type V20Service,
  type V20Trunk,
} from './console-simulator-v20/bodies.js'
import {ODataError, applyODataQuery, parseODataQuery} from './console-simulator-v20/odata.js'

export * from './console-simulator-v20/bodies.js'
export {applyODataQuery, parseODataQuery, ODataError, type ODataQuery} from './console-simulator-v20/odata.js'

export type V20Scenario =
  | 'healthy'
  | 'loopback-offline'
  | 'idle'
  | 'skewed-clock'
  | 'service-stopped'
  | 'two-factor'
  | 'wrong-password'
  | 'expiring-token'
  | 'bad-gateway'
  | 'html'
  | 'ip-invalid'
  | 'ip-elsewhere'
  | 'multiple-nics'
  | 'carrier-offline'
  | 'system-extension-unregistered'

export const V20_SCENARIOS: readonly V20Scenario[] = [
  'healthy',
  'loopback-offline',
  'idle',
  'skewed-clock',
  'service-stopped',
  'two-factor',
  'wrong-password',
  'expiring-token',
  'bad-gateway',
  'html',
  'ip-invalid',
  'ip-elsewhere',
  'multiple-nics',
  'carrier-offline',
  'system-extension-unregistered',
]

export const DEFAULT_V20_CLIENT_ID = 'tcxdoctor'
export const DEFAULT_V20_CLIENT_SECRET = 'SampleClientSecret-7f41c0'
/** The client id the web client uses when it refreshes a user token [unknown: decided]. */
export const V20_WEBCLIENT_ID = 'Webclient'

export interface ConsoleSimulatorV20Options {
  scenario?: V20Scenario | V20Scenario[]
  host?: string
  port?: number
  /** The user account (default admin / SampleConsolePw-3e8d12, as the v15.5 simulator). */
  username?: string
  password?: string
  /** The service principal (default tcxdoctor / SampleClientSecret-7f41c0). */
  clientId?: string
  clientSecret?: string
  /** The simulator's clock (default: the real time); token lifetimes are measured on it. */
  now?: () => Date
  /** Offset of ServerNow from the clock (skewed-clock: +7 min). */
  clockSkewMs?: number
  /** The UTC offset written in ServerNow, in minutes (default 0). */
  utcOffsetMinutes?: number
  /** Delay before every answer. */
  delayMs?: number
  /** The address 3CX sees as its own (CurrentLocalIp); default this machine's first IPv4 LAN address. */
  localIp?: string
  /** Fields merged over the generated SystemStatus. */
  systemStatus?: Record<string, unknown>
  /** The whole trunk list (replaces the generated one); entries completed with defaults. */
  trunks?: Array<Partial<Omit<V20Trunk, 'Gateway'>> & {Gateway?: Partial<V20Gateway>}>
  services?: V20Service[]
  /** The calls in progress (replaces the generated one; [] is an idle PBX). */
  activeCalls?: V20ActiveCall[]
  /** Parameters added to (or replacing by name) VERSION, WEB_ROOT_LOCAL, TIMEZONEID. */
  parameters?: V20Parameter[]
  /** Canned answers by path (after the token check), e.g. {'/xapi/v1/Services': {status: 502}}. */
  answers?: Record<string, CannedAnswer>
  /** Lifetime of every access token on the simulator's clock (default 60 min). */
  tokenLifetimeMs?: number
  /** The first access token expires after this many authenticated GETs (expiring-token: 1). */
  expireTokenAfter?: number
  /** Refuse every refresh grant (400 invalid_grant), as a server might for web-client tokens [unknown]. */
  refuseRefresh?: boolean
}

export interface V20Request {
  method: string
  path: string
  /** The raw query string without "?" ("" when none). */
  query: string
  /** A valid bearer token came with it. */
  authenticated: boolean
  status: number
  at: Date
}

export interface ConsoleSimulatorV20 {
  url: string
  port: number
  username: string
  password: string
  clientId: string
  clientSecret: string
  requests: V20Request[]
  /** Every access and refresh token issued (tests look for them in outputs). */
  issuedTokens: string[]
  update(options: ConsoleSimulatorV20Options): void
  stop(): Promise<void>
}

const HTML_PAGE = '<!DOCTYPE html><html><head><title>3CX Web Client</title></head><body><app-root></app-root></body></html>'

const COLLECTIONS = new Set(['Trunks', 'ActiveCalls', 'Services', 'Parameters'])

function scenarioSet(options: ConsoleSimulatorV20Options): Set<V20Scenario> {
  const s = options.scenario
  return new Set(s === undefined ? ['healthy'] : Array.isArray(s) ? s : [s])
}

interface IssuedToken {
  expiresAt: number
  uses: number
  /** Only the first token issued can be the expiring one. */
  first: boolean
  expired: boolean
}

export async function startConsoleSimulatorV20(initial: ConsoleSimulatorV20Options = {}): Promise<ConsoleSimulatorV20> {
  let options: ConsoleSimulatorV20Options = {...initial}
  const username = initial.username ?? DEFAULT_CONSOLE_USER
  const password = initial.password ?? DEFAULT_CONSOLE_PASSWORD
  const clientId = initial.clientId ?? DEFAULT_V20_CLIENT_ID
  const clientSecret = initial.clientSecret ?? DEFAULT_V20_CLIENT_SECRET
  const accessTokens = new Map<string, IssuedToken>()
  const refreshTokens = new Set<string>()
  const issuedTokens: string[] = []
  const requests: V20Request[] = []
  const cannedUsed = new Map<string, number>()

  const clock = (): Date => (options.now ?? (() => new Date()))()
  const token = (): string => {
    const t = randomBytes(32).toString('base64url')
    issuedTokens.push(t)
    return t
  }
  const issueAccess = (): {access: string; lifetimeMs: number} => {
    const access = token()
    const lifetimeMs = options.tokenLifetimeMs ?? 60 * 60_000
    accessTokens.set(access, {expiresAt: clock().getTime() + lifetimeMs, uses: 0, first: accessTokens.size === 0, expired: false})
    return {access, lifetimeMs}
  }

  const json = (res: http.ServerResponse, status: number, value: unknown, extra: Record<string, string> = {}): void =>
    send(res, status, JSON.stringify(value), 'application/json; charset=utf-8', extra)

  const handle = (req: http.IncomingMessage, res: http.ServerResponse, body: string): void => {
    const set = scenarioSet(options)
    const url = new URL(req.url ?? '/', 'http://simulator.invalid')
    const path = url.pathname
    const lower = path.toLowerCase()
    const method = req.method ?? 'GET'
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1]
    const held = bearer === undefined ? undefined : accessTokens.get(bearer)
    let authenticated = held !== undefined && !held.expired && held.expiresAt > clock().getTime()
    const record = (status: number): void => {
      requests.push({method, path, query: url.search.replace(/^\?/, ''), authenticated, status, at: new Date()})
    }
    const reply = (status: number, value: unknown, extra: Record<string, string> = {}): void => {
      record(status)
      json(res, status, value, extra)
    }
    if (set.has('bad-gateway')) {
      record(502)
      return send(res, 502, NGINX_502, 'text/html')
    }
    if (set.has('html')) {
      record(200)
      return send(res, 200, HTML_PAGE, 'text/html; charset=utf-8')
    }

    if (lower === '/webclient/api/login/getaccesstoken') {
      if (method !== 'POST') return reply(405, {Message: `The requested resource does not support http method '${method}'.`})
      let given: {Username?: unknown; Password?: unknown; SecurityCode?: unknown} = {}
      try {
        given = JSON.parse(body) as typeof given
      } catch {
        return reply(400, {Message: 'The request is invalid.'})
      }
      if (set.has('wrong-password') || given.Username !== username || given.Password !== password) return reply(200, V20_LOGIN_FAILED)
      if (set.has('two-factor')) return reply(200, V20_LOGIN_TWO_FACTOR)
      const {access} = issueAccess()
      const refresh = token()
      refreshTokens.add(refresh)
      return reply(200, v20LoginSuccess(access, refresh))
    }

    if (lower === '/connect/token') {
      if (method !== 'POST') return reply(405, {error: 'invalid_request', error_description: 'The specified HTTP method is not valid.'})
      const form = new URLSearchParams(body)
      const grant = form.get('grant_type')
      if (grant === 'client_credentials') {
        if (form.get('client_id') !== clientId) return reply(400, {error: 'invalid_client', error_description: 'The specified client_id is invalid.'})
        if (set.has('wrong-password') || form.get('client_secret') !== clientSecret) {
          return reply(401, {error: 'invalid_client', error_description: 'The specified client credentials are invalid.'})
        }
        const {access, lifetimeMs} = issueAccess()
        return reply(200, oauthToken(access, Math.round(lifetimeMs / 1000)), {'Cache-Control': 'no-store'})
      }
      if (grant === 'refresh_token') {
        const given = form.get('refresh_token') ?? ''
        if (options.refuseRefresh || !refreshTokens.has(given)) return reply(400, {error: 'invalid_grant', error_description: 'The specified refresh token is invalid.'})
        refreshTokens.delete(given)
        const {access, lifetimeMs} = issueAccess()
        const refresh = token()
        refreshTokens.add(refresh)
        return reply(200, oauthToken(access, Math.round(lifetimeMs / 1000), refresh), {'Cache-Control': 'no-store'})
      }
      return reply(400, {error: 'unsupported_grant_type', error_description: 'The specified grant_type is not supported.'})
    }

    if (!lower.startsWith('/xapi/')) {
      if (lower.startsWith('/api/')) {
        // The v15-v18 API (/api/login, /api/SystemStatus, ...) is gone in v20: 404 whatever the method.
        record(404)
        return send(res, 404, '', 'text/plain')
      }
      if (method !== 'GET') {
        record(405)
        return send(res, 405, '', 'text/plain')
      }
      // The web client's page is served to anyone, as nginx does.
      record(200)
      return send(res, 200, HTML_PAGE, 'text/html; charset=utf-8')
    }
    if (method !== 'GET') return reply(405, {error: {code: '', message: `The HTTP method '${method}' is not allowed here: tcx-doctor must only read.`}})
    if (!authenticated) return reply(401, {error: {code: '', message: 'Unauthorized'}}, {'WWW-Authenticate': 'Bearer'})
    held!.uses++
    const expireAfter = options.expireTokenAfter ?? (set.has('expiring-token') ? 1 : undefined)
    if (expireAfter !== undefined && held!.first && held!.uses > expireAfter) {
      held!.expired = true
      authenticated = false
      return reply(401, {error: {code: '', message: 'Unauthorized'}}, {'WWW-Authenticate': 'Bearer error="invalid_token", error_description="The token expired"'})
    }
    const canned = Object.entries(options.answers ?? {}).find(([p]) => p.toLowerCase() === lower)
    if (canned) {
      const [p, answer] = canned
      const used = cannedUsed.get(p) ?? 0
      if (answer.times === undefined || used < answer.times) {
        cannedUsed.set(p, used + 1)
        record(answer.status)
        return send(res, answer.status, answer.body ?? '', answer.contentType ?? 'application/json; charset=utf-8')
      }
    }

    const now = clock()
    const ip = options.localIp ?? firstLanIpv4()
    const trunks = options.trunks ? options.trunks.map(v20TrunkDefaults) : v20ScenarioTrunks(!set.has('loopback-offline'), !set.has('carrier-offline'))
    const services =
      options.services ?? (set.has('service-stopped') ? DEFAULT_V20_SERVICES.map((s) => (s.Name === '3CXIVR01' ? {...s, Status: 'Stopped' as const, MemoryUsed: 0, ThreadCount: 0, HandleCount: 0} : s)) : DEFAULT_V20_SERVICES)
    const skew = options.clockSkewMs ?? (set.has('skewed-clock') ? 7 * 60_000 : 0)
    const calls = options.activeCalls ?? (set.has('idle') ? [] : [v20ActiveCall(now, new Date(now.getTime() + skew), options.utcOffsetMinutes ?? 0)])
    const base = `http://${req.headers.host ?? '127.0.0.1'}/xapi/v1/`
    const name = path.replace(/^\/xapi\/v1\//i, '')

    let query
    try {
      query = parseODataQuery(url.searchParams)
    } catch (error) {
      return reply(400, {error: {code: '', message: (error as Error).message}})
    }
    if (name === 'SystemStatus') {
      const status = v20SystemStatus({
        now,
        localIp: ip,
        availableLocalIps: set.has('multiple-nics') ? `${ip}, 10.99.0.2` : ip,
        currentLocalIp: set.has('ip-elsewhere') ? '198.51.100.55' : ip,
        localIpValid: !set.has('ip-invalid'),
        trunks,
        services,
        callsActive: calls.length,
        systemExtensionUnregistered: set.has('system-extension-unregistered'),
      })
      return reply(200, {'@odata.context': `${base}$metadata#SystemStatus`, ...status, ...options.systemStatus})
    }
    if (COLLECTIONS.has(name)) {
      const items: Array<Record<string, unknown>> =
        name === 'Trunks' ? trunks : name === 'ActiveCalls' ? calls : name === 'Services' ? services : v20Parameters(options.parameters)
      try {
        const {value, count} = applyODataQuery(items, query, name === 'Trunks' ? ['Gateway'] : [])
        return reply(200, {'@odata.context': `${base}$metadata#${name}`, ...(query.count ? {'@odata.count': count} : {}), value})
      } catch (error) {
        if (error instanceof ODataError) return reply(400, {error: {code: '', message: error.message}})
        throw error
      }
    }
    return reply(404, {error: {code: '', message: `No HTTP resource was found that matches the request URI '${path}'.`}})
  }

  const server = await startSimulatorServer(handle, {...(initial.host ? {host: initial.host} : {}), ...(initial.port ? {port: initial.port} : {}), delayMs: () => options.delayMs ?? 0})
  return {
    url: server.url,
    port: server.port,
    username,
    password,
    clientId,
    clientSecret,
    requests,
    issuedTokens,
    update(next) {
      options = {...options, ...next}
    },
    stop: () => server.stop(),
  }
}
