/**
 * The v20 management API session. Login as a user (POST
 * /webclient/api/Login/GetAccessToken, JSON {Username, Password, SecurityCode})
 * or, when a client id is given, as a service principal (POST /connect/token,
 * client credentials). Then GETs under /xapi/v1 with `Authorization: Bearer`,
 * each resource at most once per run (memoised). On 401 the token is renewed
 * once (the refresh token, else a new login) and the GET sent once more. Every
 * token is registered as a secret. A 404 on the user login is a DialectMismatch.
 */
import {DialectMismatch, type ConsoleClient} from './client.js'
import {answerProblem, consoleUnavailable, snippet} from './messages.js'
import {
  MAX_COLLECTION_ITEMS,
  parameterValue,
  parseODataCollection,
  parseV20SystemStatus,
  v20ActiveCallsAsV15,
  v20PbxTime,
  v20ServiceAsV15,
  v20ServiceFact,
  v20TrunkAsV15,
  v20TrunkFact,
  type Collection,
} from './parse-v20.js'
import {parseJsonAnswer, type ConsoleApi, type ConsoleTarget} from './session.js'

const fail: (message: string) => never = consoleUnavailable
const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v)
/** The client id of 3CX's own web client, which the refresh grant names [unknown: see the v20 fixture README]. */
export const WEBCLIENT_ID = 'Webclient'

const LOGIN_PATH = 'webclient/api/Login/GetAccessToken'
const TOKEN_PATH = 'connect/token'
const TOP = `$top=${MAX_COLLECTION_ITEMS + 1}`

export async function openV20Session(client: ConsoleClient, target: ConsoleTarget, dialectFrom: string): Promise<ConsoleApi & {readonly requests: number}> {
  const {base} = client
  const principal = target.clientId !== undefined
  const secret = (value: unknown): string => {
    const s = typeof value === 'string' ? value : ''
    if (s !== '') target.registerSecret?.(s)
    return s
  }
  let access = ''
  let refresh = ''
  const notes: string[] = []

  const tokenFrom = (body: unknown, url: URL, what: string): void => {
    const token = isRecord(body) ? secret(body.access_token) : ''
    if (token === '') fail(`the management console at ${url.origin} answered ${what} without an access_token; is this a 3CX v20 console?`)
    access = token
    if (isRecord(body) && typeof body.refresh_token === 'string') refresh = secret(body.refresh_token)
  }

  const loginUser = async (): Promise<void> => {
    const {answer, url} = await client.send({
      method: 'POST',
      path: LOGIN_PATH,
      body: JSON.stringify({Username: target.user, Password: target.password, SecurityCode: ''}),
    })
    if (answer.status === 404 || answer.status === 405) {
      throw new DialectMismatch(url, answer.status, 'v20')
    }
    const refused = `the management console at ${url.origin} refused the login of "${target.user}" (from ${target.from})`
    if (answer.status === 401 || answer.status === 403) fail(`${refused}: wrong user or password; give --console-user and --console-password (or TCX_CONSOLE_PASSWORD)`)
    const problem = answerProblem(answer, url, 'v20')
    if (problem) fail(`login failed: ${problem}`)
    const body = parseJsonAnswer(answer, url)
    if (!isRecord(body) || typeof body.Status !== 'string') {
      fail(`the management console at ${url.origin} answered the login with ${JSON.stringify(snippet(answer.body))} instead of {"Status": ...}; is this a 3CX v20 console?`)
    }
    const status = body.Status
    const twoFactor = (body.TwoFactorAuth !== null && body.TwoFactorAuth !== undefined) || /two.?factor|2fa|securitycode|totp/i.test(status)
    if (twoFactor && status !== 'AuthSuccess') {
      fail(
        `${refused}: this account uses two-factor authentication, which tcx-doctor cannot answer; ` +
          'use a service principal (--console-client-id and --console-client-secret) or an account without 2FA',
      )
    }
    if (status !== 'AuthSuccess') {
      fail(`${refused}: wrong user or password (the console said ${JSON.stringify(status.slice(0, 40))}); give --console-user and --console-password (or TCX_CONSOLE_PASSWORD)`)
    }
    tokenFrom(body.Token, url, 'the login')
  }

  const tokenRequest = (form: Record<string, string>) =>
    client.send({method: 'POST', path: TOKEN_PATH, body: new URLSearchParams(form).toString(), contentType: 'application/x-www-form-urlencoded'})

  const loginPrincipal = async (): Promise<void> => {
    const {answer, url} = await tokenRequest({client_id: target.clientId ?? '', client_secret: target.clientSecret ?? '', grant_type: 'client_credentials'})
    if (answer.status === 400 || answer.status === 401 || answer.status === 403) {
      const body = (() => {
        try {
          return JSON.parse(answer.body) as unknown
        } catch {
          return undefined
        }
      })()
      const error = isRecord(body) && typeof body.error === 'string' ? body.error.slice(0, 40) : `HTTP ${answer.status}`
      fail(
        `the management console at ${url.origin} refused the service principal "${target.clientId}" (${error}): wrong client id or secret, ` +
          'or no API access (an Enterprise licence feature); give --console-client-id and --console-client-secret (or TCX_CONSOLE_CLIENT_SECRET)',
      )
    }
    if (answer.status === 404) throw new DialectMismatch(url, answer.status, 'v20')
    const problem = answerProblem(answer, url, 'v20')
    if (problem) fail(`login failed: ${problem}`)
    tokenFrom(parseJsonAnswer(answer, url), url, 'the token request')
  }

  /** A new token: the service principal logs in again; a user uses the refresh token, else logs in again. */
  const renew = async (): Promise<void> => {
    if (principal) return loginPrincipal()
    if (refresh !== '') {
      const spent = refresh
      refresh = ''
      const {answer, url} = await tokenRequest({client_id: WEBCLIENT_ID, grant_type: 'refresh_token', refresh_token: spent})
      if (answer.status === 200) {
        try {
          return tokenFrom(parseJsonAnswer(answer, url), url, 'the refresh')
        } catch {
          // An odd refresh answer: a full login below.
        }
      }
    }
    return loginUser()
  }
  let renewing: Promise<void> | undefined
  /** Renews the token once for everyone who saw `failed` expire (concurrent GETs share one renewal). */
  const renewAfter = async (failed: string): Promise<void> => {
    if (access !== failed) return
    renewing ??= renew().finally(() => {
      renewing = undefined
    })
    await renewing
  }

  const get = async (path: string): Promise<unknown> => {
    const send = () => client.send({method: 'GET', path, headers: {Authorization: `Bearer ${access}`}})
    const used = access
    let {answer, url} = await send()
    if (answer.status === 401) {
      await renewAfter(used)
      ;({answer, url} = await send())
      if (answer.status === 401) fail(`the management console at ${url.origin} answered 401 for ${url.pathname} even with a new token; the account may lack admin rights`)
    }
    const problem = answerProblem(answer, url, 'v20')
    if (problem) fail(problem)
    return parseJsonAnswer(answer, url)
  }

  const memo = <T>(path: string, parse: (body: unknown, where: string) => T): (() => Promise<T>) => {
    let promise: Promise<T> | undefined
    return () => {
      promise ??= get(path).then((body) => parse(body, `${base.origin}/${path.split('?')[0]}`))
      return promise
    }
  }
  const collection = (path: string, what: string): (() => Promise<Collection>) =>
    memo(path, (body, where) => {
      const c = parseODataCollection(body, where)
      if (c.capped) notes.push(`more than ${MAX_COLLECTION_ITEMS} ${what}: only the first ${MAX_COLLECTION_ITEMS} were read`)
      return c
    })

  if (principal) await loginPrincipal()
  else await loginUser()

  const trunkItems = collection(`xapi/v1/Trunks?$expand=Gateway&${TOP}`, 'trunks')
  const serviceItems = collection(`xapi/v1/Services?${TOP}`, 'services')
  const callItems = collection(`xapi/v1/ActiveCalls?${TOP}`, 'active calls')
  const parameters = new Map<string, Promise<string | null>>()
  return {
    baseUrl: base.href,
    user: principal ? `service principal ${target.clientId}` : target.user,
    from: target.from,
    dialect: 'v20',
    dialectFrom,
    notes,
    get requests() {
      return client.requests
    },
    systemStatus: memo('xapi/v1/SystemStatus', parseV20SystemStatus),
    trunkList: async () => (await trunkItems()).items.map(v20TrunkAsV15),
    serviceList: async () => (await serviceItems()).items.map(v20ServiceAsV15),
    activeCalls: async () => {
      const calls = (await callItems()).items
      const v15 = v20ActiveCallsAsV15(calls)
      if (v15) return v15
      return fail(`${base.origin}/xapi/v1/ActiveCalls gives no PBX time: ${v20PbxTime(calls).reason ?? 'none'}`)
    },
    trunks: async () => (await trunkItems()).items.map(v20TrunkFact),
    services: async () => (await serviceItems()).items.map(v20ServiceFact),
    servicesAgain: async () => parseODataCollection(await get(`xapi/v1/Services?${TOP}`), `${base.origin}/xapi/v1/Services`).items.map(v20ServiceFact),
    pbxTime: async () => v20PbxTime((await callItems()).items),
    parameter: (name: string) => {
      let p = parameters.get(name)
      if (!p) {
        const filter = encodeURIComponent(`Name eq '${name.slice(0, 200).replace(/'/g, "''")}'`)
        p = memo(`xapi/v1/Parameters?$filter=${filter}&$top=2`, parseODataCollection)().then((c) => parameterValue(c, name))
        parameters.set(name, p)
      }
      return p
    },
  }
}
