/**
 * The console session behind one interface for both API dialects: v15-v18
 * (./session-v15.ts, a cookie from /api/login) and v20 (./session-v20.ts, a
 * bearer token for /xapi/v1). `openConsole` picks the dialect: forced by
 * `dialect`, else detected (a 404 on one login tries the other). GET only (plus
 * the login and token POSTs): nothing is ever changed.
 */
import {errorMessage} from '../../engine/errors.js'
import {consoleClient, DialectMismatch} from './client.js'
import {type ConsoleDialect, type PbxTime, type ServiceFact, type TrunkFact} from './facts.js'
import type {HttpAnswer} from './http.js'
import {consoleUnavailable, looksLikeHtml, snippet} from './messages.js'
import type {ActiveCalls, ServiceInfo, SystemStatus, Trunk} from './parse.js'
import {openV15Session} from './session-v15.js'
import {openV20Session} from './session-v20.js'

export interface ConsoleApi {
  /** e.g. "http://127.0.0.1:5000/" */
  readonly baseUrl: string
  /** Each GET at most once per run (memoised); failures throw SourceUnavailableError('console', one clear line). */
  systemStatus(): Promise<SystemStatus>
  /** Trunks in the v15 shape (v20: Host from Gateway.Host, IsRegistered from IsOnline, register times null). */
  trunkList(): Promise<Trunk[]>
  /** The PBX's `Now` and the calls (v20: Now is ServerNow of a call; an idle v20 PBX rejects, see pbxTime()). */
  activeCalls(): Promise<ActiveCalls>
  /** Services in the v15 shape (v20: Status as the v15 number, the string in StatusText). */
  serviceList(): Promise<ServiceInfo[]>
  /** The account used and where its URL and account came from (never the password). */
  readonly user: string
  readonly from: string
  /*
   * The members below are present on every ConsoleApi the console source opens; they are optional
   * so that hand-built fakes of the members above still type-check. Read them through
   * consoleFactsOf(api) (./index.ts), which derives them from the v15 members when absent.
   */
  /** The dialect spoken and how it was chosen ("forced by --console-api", "/api/login answered 404", ...). */
  readonly dialect?: ConsoleDialect
  readonly dialectFrom?: string
  /** What the source had to leave out (capped lists). */
  readonly notes?: readonly string[]
  /** Trunks with host, port and registration state, for both dialects. */
  trunks?(): Promise<TrunkFact[]>
  /** Services with a normalised state and memory. */
  services?(): Promise<ServiceFact[]>
  /** The services read again now (not memoised): to see whether a pending start or stop finished. */
  servicesAgain?(): Promise<ServiceFact[]>
  /** The PBX's time, or `now: null` with the reason (an idle v20 PBX). */
  pbxTime?(): Promise<PbxTime>
  /** A PBX parameter by name: its value, null when there is none, undefined when this dialect cannot tell (v15: ask the database). */
  parameter?(name: string): Promise<string | null | undefined>
}

export type ConsoleApiChoice = 'auto' | ConsoleDialect

export interface ConsoleTarget {
  baseUrl: string
  user: string
  password: string
  /** Where the URL and the account came from. */
  from: string
  timeoutMs: number
  insecure: boolean
  /** The dialect to speak (default auto). */
  dialect?: ConsoleApiChoice
  /** v20 service principal: log in with client credentials instead of the user. */
  clientId?: string
  clientSecret?: string
  /** What else says the console is v20 (e.g. "the database's VERSION 20.0.7.1080"): auto tries v20 first. */
  v20Hint?: string
  /** Called with every token and refresh token received, to redact them. */
  registerSecret?: (secret: string) => void
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

/** A base URL that names a v20 path (/xapi/..., /webclient/...): the console's root, and the hint. */
function v20Root(base: URL): URL | undefined {
  const m = /^(.*?)\/(xapi|webclient)(\/|$)/i.exec(base.pathname)
  return m ? new URL(`${m[1]}/`, base) : undefined
}

/** Logs in and returns the API; every failure is a SourceUnavailableError('console', one line). */
export async function openConsole(target: ConsoleTarget): Promise<ConsoleApi & {readonly requests: number}> {
  let base: URL
  try {
    base = new URL(target.baseUrl.endsWith('/') ? target.baseUrl : `${target.baseUrl}/`)
  } catch {
    fail(`the console URL "${target.baseUrl}" (from ${target.from}) is not a valid URL; give --console-url https://HOST:5001/`)
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') fail(`the console URL ${base.href} (from ${target.from}) is not http(s); give --console-url`)
  const choice = target.dialect ?? 'auto'
  const root = v20Root(base)
  if (root) base = root
  if (target.clientId !== undefined && choice === 'v15') {
    fail('--console-client-id is a v20 service principal, but --console-api v15 was given: a v15-v18 console has no service principals; drop one of them')
  }
  if (target.clientId !== undefined && !target.clientSecret) {
    fail(`--console-client-id "${target.clientId}" was given without its secret; give --console-client-secret (or TCX_CONSOLE_CLIENT_SECRET)`)
  }
  const client = consoleClient(base, {timeoutMs: target.timeoutMs, insecure: target.insecure})
  const open = (dialect: ConsoleDialect, from: string): Promise<ConsoleApi & {readonly requests: number}> =>
    dialect === 'v15' ? openV15Session(client, target, from) : openV20Session(client, target, from)

  if (choice !== 'auto') {
    try {
      return await open(choice, 'forced by --console-api')
    } catch (error) {
      if (!(error instanceof DialectMismatch)) throw error
      const other = choice === 'v15' ? 'v20' : 'v15'
      return fail(`${error.message} (--console-api ${choice} was given: try --console-api ${other} or auto; check --console-url / WEB_ROOT_LOCAL)`)
    }
  }
  const why = target.clientId !== undefined ? 'a service principal was given' : root ? `the URL names ${target.baseUrl.slice(0, 200)}` : target.v20Hint
  const order: ConsoleDialect[] = why ? ['v20', 'v15'] : ['v15', 'v20']
  const [first, second] = order as [ConsoleDialect, ConsoleDialect]
  try {
    return await open(first, why ? `auto: ${why}` : 'auto: /api/login worked')
  } catch (error) {
    if (!(error instanceof DialectMismatch)) throw error
    if (target.clientId !== undefined) {
      return fail(`${error.message}; a service principal (--console-client-id) needs a v20 console: check --console-url / WEB_ROOT_LOCAL`)
    }
    try {
      return await open(second, `auto: ${error.url.pathname} answered ${error.status}`)
    } catch (again) {
      if (!(again instanceof DialectMismatch)) throw again
      return fail(`${error.message}, and ${again.url.pathname} answered ${again.status}: nor a ${again.tried} one; check --console-url / WEB_ROOT_LOCAL`)
    }
  }
}
