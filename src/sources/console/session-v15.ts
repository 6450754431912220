/**
 * The v15-v18 console session: POST /api/login (JSON {Username, Password}) sets a
 * session cookie, then GETs under /api, each resource at most once per run
 * (memoised); on 401 one new login, then the GET once more. A 404 on the login
 * is a DialectMismatch (the console may be v20).
 */
import type {ConsoleClient} from './client.js'
import {DialectMismatch} from './client.js'
import {serviceFact, v15PbxTime, v15TrunkFact} from './facts.js'
import {answerProblem, consoleUnavailable, looksLikeHtml, snippet} from './messages.js'
import {parseActiveCalls, parseServiceList, parseSystemStatus, parseTrunkList} from './parse.js'
import {parseJsonAnswer, type ConsoleApi, type ConsoleTarget} from './session.js'

const fail: (message: string) => never = consoleUnavailable

export async function openV15Session(client: ConsoleClient, target: ConsoleTarget, dialectFrom: string): Promise<ConsoleApi & {readonly requests: number}> {
  const {base} = client
  const login = async (): Promise<void> => {
    client.cookies.clear()
    const {answer, url} = await client.send({method: 'POST', path: 'api/login', body: JSON.stringify({Username: target.user, Password: target.password})})
    if (answer.status === 404 || answer.status === 405) {
      throw new DialectMismatch(url, answer.status, 'v15-v18')
    }
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
    if (client.cookies.size === 0) fail(`the management console at ${url.origin} accepted the login but set no session cookie; a proxy may strip it`)
  }

  const get = async (path: string): Promise<unknown> => {
    let {answer, url} = await client.send({method: 'GET', path})
    if (answer.status === 401) {
      await login()
      ;({answer, url} = await client.send({method: 'GET', path}))
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
  const trunkList = memo('api/TrunkList', parseTrunkList)
  const serviceList = memo('api/ServiceList', parseServiceList)
  const activeCalls = memo('api/ActiveCalls', parseActiveCalls)
  return {
    baseUrl: base.href,
    user: target.user,
    from: target.from,
    dialect: 'v15',
    dialectFrom,
    notes: [],
    get requests() {
      return client.requests
    },
    systemStatus: memo('api/SystemStatus', parseSystemStatus),
    trunkList,
    activeCalls,
    serviceList,
    trunks: async () => (await trunkList()).map(v15TrunkFact),
    services: async () => (await serviceList()).map(serviceFact),
    servicesAgain: async () => parseServiceList(await get('api/ServiceList'), `${base.origin}/api/ServiceList`).map(serviceFact),
    pbxTime: async () => v15PbxTime(await activeCalls()),
    // The v15-v18 console has no parameter resource: the caller reads the database.
    parameter: () => Promise.resolve(undefined),
  }
}
