/**
 * The console session: POST /api/login, then GETs, each resource at most once
 * per run (memoised); on 401 one new login, then the GET once more. GET only
 * (plus the login POST): nothing is ever changed. TLS: self-signed certificates
 * are accepted for a loopback console, elsewhere only with --insecure.
 */
import {errorMessage} from '../../engine/errors.js'
import {isLoopbackHost} from '../../lib/net.js'
import {httpRequest, type HttpAnswer} from './http.js'
import {answerProblem, consoleUnavailable, looksLikeHtml, networkFailureMessage, snippet} from './messages.js'
import {
  parseActiveCalls,
  parseServiceList,
  parseSystemStatus,
  parseTrunkList,
  type ActiveCalls,
  type ServiceInfo,
  type SystemStatus,
  type Trunk,
} from './parse.js'

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

export interface ConsoleTarget {
  baseUrl: string
  user: string
  password: string
  /** Where the URL and the account came from. */
  from: string
  timeoutMs: number
  insecure: boolean
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

const fail: (message: string) => never = consoleUnavailable

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

