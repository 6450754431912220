/**
 * The 3CX management console API source (v15 to v18): POST /api/login, then GETs.
 * CONTRACT (other checks code against these names; keep them):
 *   consoleSource: SourceDefinition<ConsoleApi>
 *
 * Base URL: --console-url, else the database parameter WEB_ROOT_LOCAL.
 * Account: --console-user / --console-password (env TCX_CONSOLE_PASSWORD), else the
 * parameters WEBSERVERUSER / WEBSERVERPASS. Each GET at most once per run; on 401
 * one new login. GET only (plus the login POST): nothing is ever changed.
 * TLS: self-signed certificates are accepted for a loopback console, elsewhere only
 * with --insecure. Uses node:http(s) only.
 */
import http from 'node:http'
import https from 'node:https'
import type {SourceContext, SourceDefinition} from '../engine/context.js'
import {SourceUnavailableError, errorMessage, isSourceUnavailable} from '../engine/errors.js'
import {dbSource} from './database.js'

/** GET /api/SystemStatus, the fields tcx-doctor reads (others kept as is). */
export interface SystemStatus {
  Version?: string
  FQDN?: string
  /** e.g. "192.0.2.202 Static" */
  Ip?: string
  LocalIpValid?: boolean
  CurrentLocalIp?: string
  /** One or more addresses; the real API gives a string (possibly comma or space separated). */
  AvailableLocalIps?: string | string[]
  TrunksRegistered?: number
  TrunksTotal?: number
  HasNotRunningServices?: boolean
  LastBackupDateTime?: string
  [key: string]: unknown
}

export interface Trunk {
  Id: string
  Number: string
  Name: string
  Host: string
  Type: string
  SimCalls: string
  ExternalNumber: string
  IsRegistered: boolean
  /** ISO time or "" for never. */
  RegisterOkTime: string
  RegisterSentTime: string
  RegisterFailedTime: string
  CanBeDeleted: boolean
  [key: string]: unknown
}

export interface ActiveCalls {
  /** The PBX's own idea of the time, with its offset, e.g. "2020-12-23T16:16:47.4072367+00:00". */
  Now: string
  list: unknown[]
}

export interface ServiceInfo {
  Name: string
  DisplayName: string
  /** 4 running, 3 stop pending, 2 start pending, 1 stopped */
  Status: number
  [key: string]: unknown
}

export interface ConsoleApi {
  /** e.g. "http://127.0.0.1:5000/" */
  readonly baseUrl: string
  /** Each GET at most once per run (memoised); failures throw SourceUnavailableError('console', one clear line). */
  systemStatus(): Promise<SystemStatus>
  trunkList(): Promise<Trunk[]>
  activeCalls(): Promise<ActiveCalls>
  serviceList(): Promise<ServiceInfo[]>
  /** The account used and where its URL and account came from (never the password). */
  readonly user: string
  readonly from: string
}

/** Parses a console time (.NET style, up to 7 fractional digits, Z or an offset); "" or garbage gives undefined. */
export function parseConsoleTime(value: unknown): Date | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:?\d{2})?$/.exec(value.trim())
  if (!m) return undefined
  const fraction = (m[3] ?? '').padEnd(3, '0').slice(0, 3)
  const zone = m[4] ?? 'Z'
  const date = new Date(`${m[1]}T${m[2]}.${fraction}${zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone}`)
  return Number.isNaN(date.getTime()) ? undefined : date
}

/** AvailableLocalIps as a list (the API gives a string, comma, semicolon or space separated). */
export function availableLocalIps(status: SystemStatus): string[] {
  const raw = status.AvailableLocalIps
  const items = Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' ? raw.split(/[\s,;]+/) : []
  return items.map((s) => s.trim()).filter((s) => s !== '')
}

/** The address part of SystemStatus.Ip ("192.0.2.202 Static" -> "192.0.2.202"). */
export function publicIpOf(status: SystemStatus): string | undefined {
  return typeof status.Ip === 'string' ? status.Ip.trim().split(/\s+/)[0] || undefined : undefined
}

export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase()
  // IPv4-mapped forms too: URL writes [::ffff:127.0.0.1] as [::ffff:7f00:1].
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h) || /^::ffff:127\./.test(h) || /^::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(h)
}

export interface HttpAnswer {
  status: number
  headers: http.IncomingHttpHeaders
  body: string
}

export interface HttpOptions {
  method: 'GET' | 'POST'
  url: URL
  headers?: Record<string, string>
  body?: string
  timeoutMs: number
  /** Accept any TLS certificate. */
  insecureTls: boolean
}

const MAX_BODY = 20 * 1024 * 1024

/** One HTTP request, bounded in time and size; network failures reject with the node error (code kept). */
export function httpRequest(options: HttpOptions): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const isHttps = options.url.protocol === 'https:'
    const lib = isHttps ? https : http
    const body = options.body === undefined ? undefined : Buffer.from(options.body)
    let settled = false
    const done = (error: Error | undefined, answer?: HttpAnswer): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      if (error) reject(error)
      else resolve(answer!)
    }
    const req = lib.request(
      options.url,
      {
        method: options.method,
        headers: {
          Accept: 'application/json, text/plain, */*',
          'User-Agent': 'tcx-doctor',
          ...(body ? {'Content-Length': String(body.length)} : {}),
          ...options.headers,
        },
        ...(isHttps ? {rejectUnauthorized: !options.insecureTls} : {}),
      },
      (res) => {
        const chunks: Buffer[] = []
        let size = 0
        res.on('data', (chunk: Buffer) => {
          size += chunk.length
          if (size > MAX_BODY) {
            req.destroy(Object.assign(new Error(`answer larger than ${MAX_BODY / 1024 / 1024} MB`), {code: 'ETOOBIG'}))
            return
          }
          chunks.push(chunk)
        })
        res.on('end', () => done(undefined, {status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8')}))
        res.on('error', (error) => done(error))
      },
    )
    const timer = setTimeout(() => {
      const error = Object.assign(new Error(`no answer within ${options.timeoutMs / 1000} s`), {code: 'ETIMEDOUT'})
      req.destroy(error)
      done(error)
    }, options.timeoutMs)
    req.on('error', (error) => done(error))
    req.end(body)
  })
}

export interface ConsoleTarget {
  baseUrl: string
  user: string
  password: string
  /** Where the URL and the account came from. */
  from: string
  timeoutMs: number
  insecure: boolean
}

/** One clear line for a network failure talking to the console. */
export function networkFailureMessage(error: unknown, url: URL, timeoutMs: number): string {
  const code = (error as {code?: string}).code
  const where = url.origin
  if (code === 'ECONNREFUSED') return `connection refused at ${where}: is the "3CX PhoneSystem Nginx Server" service running, and is the URL right (--console-url)?`
  if (code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT') {
    return `the management console at ${where} did not answer ${url.pathname} within ${timeoutMs / 1000} s; it is overloaded or the URL is wrong (raise console.timeoutSeconds in the config if the PBX is slow)`
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `console host ${url.hostname} not found; check WEB_ROOT_LOCAL or give --console-url`
  if (code === 'ECONNRESET' || code === 'EPIPE') return `the management console at ${where} closed the connection on ${url.pathname}; is this the 3CX console port (http vs https)?`
  if (code === 'EPROTO' || /wrong version number|packet length too long/i.test(errorMessage(error))) {
    return `TLS handshake with ${where} failed (${errorMessage(error)}); use http:// or https:// as the console really serves`
  }
  if (code && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/i.test(code)) {
    return `the console at ${where} has a TLS certificate that is not trusted (${code}); it is not on this machine, so pass --insecure to accept it`
  }
  if (code === 'ETOOBIG') return `the console at ${where} sent an oversized answer for ${url.pathname}`
  return `cannot reach the management console at ${where}${url.pathname}: ${errorMessage(error)}`
}

const BAD_GATEWAY =
  'the 3CX web server is up but its backend is not (HTTP 502 from %s): the 3CX services behind nginx are stopped or failing; ' +
  'a common cause is a network card added after install (see network.multiple-nics): remove it, restore the original IP configuration and reboot'

function looksLikeHtml(answer: HttpAnswer): boolean {
  const type = String(answer.headers['content-type'] ?? '')
  return /text\/html/i.test(type) || /^\s*</.test(answer.body)
}

function snippet(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > 60 ? `${flat.slice(0, 60)}...` : flat
}

/** The error of a non-successful answer, one line. */
export function answerProblem(answer: HttpAnswer, url: URL): string | undefined {
  if (answer.status === 502) return BAD_GATEWAY.replace('%s', url.origin + url.pathname)
  if (answer.status === 503 || answer.status === 504) {
    return `the 3CX web server at ${url.origin} answered HTTP ${answer.status} for ${url.pathname}: its backend is starting, stopped or overloaded; check the 3CX services`
  }
  if (answer.status === 404) return `${url.origin}${url.pathname} answered 404: this is not a 3CX v15-v18 management console (check --console-url / WEB_ROOT_LOCAL)`
  if (answer.status < 200 || answer.status >= 300) return `${url.origin}${url.pathname} answered HTTP ${answer.status} (${snippet(answer.body) || 'no body'})`
  return undefined
}

/** Parses a JSON body; HTML or invalid JSON become one clear line. */
export function parseJsonAnswer(answer: HttpAnswer, url: URL): unknown {
  if (looksLikeHtml(answer)) {
    return fail(`${url.origin}${url.pathname} answered an HTML page instead of JSON: the URL is not the 3CX management console API (a login page, a proxy or another web server); check --console-url / WEB_ROOT_LOCAL`)
  }
  try {
    return JSON.parse(answer.body.replace(/^\uFEFF/, ''))
  } catch (error) {
    return fail(`${url.origin}${url.pathname} answered invalid JSON (${errorMessage(error)}; starts with ${JSON.stringify(snippet(answer.body))}); the console or a proxy in front of it is misbehaving`)
  }
}

function fail(message: string): never {
  throw new SourceUnavailableError('console', message)
}

const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v))

/** A TrunkList entry with its documented types (numbers as strings, times as strings, "" for never). */
export function normalizeTrunk(raw: Record<string, unknown>): Trunk {
  return {
    ...raw,
    Id: str(raw.Id),
    Number: str(raw.Number),
    Name: str(raw.Name),
    Host: str(raw.Host),
    Type: str(raw.Type),
    SimCalls: str(raw.SimCalls),
    ExternalNumber: str(raw.ExternalNumber),
    IsRegistered: raw.IsRegistered === true || raw.IsRegistered === 'true',
    RegisterOkTime: str(raw.RegisterOkTime),
    RegisterSentTime: str(raw.RegisterSentTime),
    RegisterFailedTime: str(raw.RegisterFailedTime),
    CanBeDeleted: raw.CanBeDeleted === true,
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v)

export function parseTrunkList(body: unknown, where: string): Trunk[] {
  const list = isRecord(body) ? body.list : body
  if (!Array.isArray(list)) fail(`${where} did not hold a trunk list ({"list": [...]}); this console version is not supported`)
  return list.filter(isRecord).map(normalizeTrunk)
}

export function parseServiceList(body: unknown, where: string): ServiceInfo[] {
  const list = isRecord(body) && Array.isArray(body.list) ? body.list : body
  if (!Array.isArray(list)) fail(`${where} did not hold a service list ([...]); this console version is not supported`)
  return list.filter(isRecord).map((s) => ({...s, Name: str(s.Name), DisplayName: str(s.DisplayName), Status: Number(s.Status)}))
}

export function parseActiveCalls(body: unknown, where: string): ActiveCalls {
  if (!isRecord(body)) fail(`${where} did not hold {"Now": ..., "list": [...]}; this console version is not supported`)
  return {...body, Now: str(body.Now), list: Array.isArray(body.list) ? body.list : []}
}

export function parseSystemStatus(body: unknown, where: string): SystemStatus {
  if (!isRecord(body)) fail(`${where} did not hold a JSON object; this console version is not supported`)
  return body as SystemStatus
}

/** Logs in and returns the API; every failure is a SourceUnavailableError('console', one line). */
export async function openConsole(target: ConsoleTarget): Promise<ConsoleApi & {requests: number}> {
  let base: URL
  try {
    base = new URL(target.baseUrl.endsWith('/') ? target.baseUrl : `${target.baseUrl}/`)
  } catch {
    fail(`the console URL "${target.baseUrl}" (from ${target.from}) is not a valid URL; give --console-url https://HOST:5001/`)
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') fail(`the console URL ${base.href} (from ${target.from}) is not http(s); give --console-url`)
  const insecureTls = isLoopbackHost(base.hostname) || target.insecure
  const cookies = new Map<string, string>()
  let requests = 0

  const send = async (method: 'GET' | 'POST', path: string, body?: string): Promise<{answer: HttpAnswer; url: URL}> => {
    const url = new URL(path, base)
    requests++
    try {
      const answer = await httpRequest({
        method,
        url,
        timeoutMs: target.timeoutMs,
        insecureTls,
        headers: {
          ...(cookies.size > 0 ? {Cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ')} : {}),
          ...(body === undefined ? {} : {'Content-Type': 'application/json'}),
        },
        ...(body === undefined ? {} : {body}),
      })
      for (const line of answer.headers['set-cookie'] ?? []) {
        const pair = line.split(';')[0] ?? ''
        const eq = pair.indexOf('=')
        if (eq > 0) cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim())
      }
      return {answer, url}
    } catch (error) {
      return fail(networkFailureMessage(error, url, target.timeoutMs))
    }
  }

  const login = async (): Promise<void> => {
    cookies.clear()
    const {answer, url} = await send('POST', 'api/login', JSON.stringify({Username: target.user, Password: target.password}))
    if (answer.status === 401 || answer.status === 403 || (answer.status === 200 && /AuthFail|Incorrect|Invalid/i.test(answer.body))) {
      fail(`the management console at ${url.origin} refused the login of "${target.user}" (from ${target.from}): wrong user or password; give --console-user and --console-password (or TCX_CONSOLE_PASSWORD)`)
    }
    const problem = answerProblem(answer, url)
    if (problem) fail(`login failed: ${problem}`)
    const text = answer.body.trim().replace(/^"|"$/g, '')
    if (text !== 'AuthSuccess') {
      if (looksLikeHtml(answer)) parseJsonAnswer(answer, url)
      fail(`the management console at ${url.origin} answered the login with ${JSON.stringify(snippet(answer.body))} instead of AuthSuccess; is this a 3CX v15-v18 console?`)
    }
    if (cookies.size === 0) fail(`the management console at ${url.origin} accepted the login but set no session cookie; a proxy may strip it`)
  }

  const get = async (path: string): Promise<unknown> => {
    let {answer, url} = await send('GET', path)
    if (answer.status === 401) {
      await login()
      ;({answer, url} = await send('GET', path))
      if (answer.status === 401) fail(`the management console at ${url.origin} answered 401 for ${url.pathname} even after a new login; the account may lack admin rights`)
    }
    const problem = answerProblem(answer, url)
    if (problem) fail(problem)
    return parseJsonAnswer(answer, url)
  }

  const memo = <T>(path: string, parse: (body: unknown, where: string) => T): (() => Promise<T>) => {
    let promise: Promise<T> | undefined
    return () => {
      promise ??= get(path).then((body) => parse(body, `${base.origin}/${path}`))
      return promise
    }
  }

  await login()
  return {
    baseUrl: base.href,
    user: target.user,
    from: target.from,
    get requests() {
      return requests
    },
    systemStatus: memo('api/SystemStatus', parseSystemStatus),
    trunkList: memo('api/TrunkList', parseTrunkList),
    activeCalls: memo('api/ActiveCalls', parseActiveCalls),
    serviceList: memo('api/ServiceList', parseServiceList),
  }
}

/** Where the console is and which account to use: flags/config first, then the database parameters. */
export async function findConsoleTarget(ctx: SourceContext): Promise<ConsoleTarget> {
  const {settings} = ctx
  const envPassword = process.env.TCX_CONSOLE_PASSWORD
  let dbProblem: string | undefined
  const param = async (name: string): Promise<string | undefined> => {
    if (dbProblem) return undefined
    try {
      const db = await ctx.use(dbSource)
      return await db.parameter(name)
    } catch (error) {
      dbProblem = errorMessage(error)
      return undefined
    }
  }
  const fromParts: string[] = []
  let baseUrl = settings.consoleUrl
  if (baseUrl) fromParts.push('URL from --console-url/config')
  else {
    baseUrl = await param('WEB_ROOT_LOCAL')
    if (!baseUrl) {
      fail(
        dbProblem
          ? `no console URL: --console-url not given and the database could not tell WEB_ROOT_LOCAL (${dbProblem})`
          : 'no console URL: --console-url not given and the database has no WEB_ROOT_LOCAL parameter; give --console-url',
      )
    }
    fromParts.push('URL from parameter WEB_ROOT_LOCAL')
  }
  let user = settings.consoleUser
  if (user) fromParts.push('user from --console-user/config')
  else {
    user = await param('WEBSERVERUSER')
    if (!user) {
      fail(`no console user: --console-user not given and the database could not tell WEBSERVERUSER${dbProblem ? ` (${dbProblem})` : ''}`)
    }
    fromParts.push('user from parameter WEBSERVERUSER')
  }
  let password = settings.consolePassword ?? envPassword
  if (password !== undefined) {
    // oclif hands TCX_CONSOLE_PASSWORD over as the flag's value: tell them apart by comparing.
    fromParts.push(envPassword !== undefined && password === envPassword ? 'password from TCX_CONSOLE_PASSWORD' : 'password from --console-password/config')
  }
  else {
    password = await param('WEBSERVERPASS')
    if (password === undefined) {
      fail(`no console password: --console-password (or TCX_CONSOLE_PASSWORD) not given and the database could not tell WEBSERVERPASS${dbProblem ? ` (${dbProblem})` : ''}`)
    }
    fromParts.push('password from parameter WEBSERVERPASS')
  }
  ctx.secrets.add(password)
  return {
    baseUrl,
    user,
    password,
    from: fromParts.join(', '),
    timeoutMs: settings.consoleTimeoutMs ?? 5000,
    insecure: settings.insecure === true,
  }
}

/** The console source: checks call `await ctx.use(consoleSource)`. */
export const consoleSource: SourceDefinition<ConsoleApi> = {
  name: 'console',
  async open(ctx: SourceContext): Promise<ConsoleApi> {
    try {
      return await openConsole(await findConsoleTarget(ctx))
    } catch (error) {
      if (isSourceUnavailable(error)) throw error
      throw new SourceUnavailableError('console', errorMessage(error))
    }
  },
  describe: (api) => `logged in as ${api.user} at ${api.baseUrl} (${api.from}); GET only`,
}
