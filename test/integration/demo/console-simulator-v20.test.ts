/**
 * The v20 management API simulator over real HTTP on 127.0.0.1: both logins, the
 * refresh, 401 without a token, expiry, OData query options, 405 on non-GET, the
 * scenarios, and answers shaped like the recorded-shape fixtures.
 */
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import {
  DEFAULT_V20_CLIENT_SECRET,
  V20_SCENARIOS,
  V20_WEBCLIENT_ID,
  startConsoleSimulatorV20,
  type ConsoleSimulatorV20,
  type ConsoleSimulatorV20Options,
} from '../../../src/demo/console-simulator-v20.js'
import {parseConsoleTime} from '../../../src/sources/console/parse.js'

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'pbx-sources', 'console-api-v20')
const fixture = (name: string): unknown => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8'))

const running: ConsoleSimulatorV20[] = []
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()))
})
async function sim(options: ConsoleSimulatorV20Options = {}): Promise<ConsoleSimulatorV20> {
  const s = await startConsoleSimulatorV20(options)
  running.push(s)
  return s
}

interface Answer {
  status: number
  headers: Headers
  text: string
  json: () => Record<string, unknown>
}
async function call(s: ConsoleSimulatorV20, path: string, init: RequestInit = {}): Promise<Answer> {
  const res = await fetch(new URL(path, s.url), init)
  const text = await res.text()
  return {status: res.status, headers: res.headers, text, json: () => JSON.parse(text) as Record<string, unknown>}
}
const userLogin = (s: ConsoleSimulatorV20, password = s.password): Promise<Answer> =>
  call(s, 'webclient/api/Login/GetAccessToken', {
    method: 'POST',
    headers: {'Content-Type': 'application/json'},
    body: JSON.stringify({Username: s.username, Password: password, SecurityCode: ''}),
  })
const tokenForm = (s: ConsoleSimulatorV20, form: Record<string, string>): Promise<Answer> =>
  call(s, 'connect/token', {method: 'POST', headers: {'Content-Type': 'application/x-www-form-urlencoded'}, body: new URLSearchParams(form).toString()})
async function bearer(s: ConsoleSimulatorV20): Promise<string> {
  const answer = await userLogin(s)
  return (answer.json().Token as {access_token: string}).access_token
}
const get = (s: ConsoleSimulatorV20, path: string, token: string): Promise<Answer> => call(s, path, {headers: {Authorization: `Bearer ${token}`}})
const values = (a: Answer): Array<Record<string, unknown>> => a.json().value as Array<Record<string, unknown>>

/** The keys and JSON types of a body, recursively (values ignored); arrays by their first item. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.length === 0 ? [] : [shape(value[0])]
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shape(v)]).sort(([a], [b]) => String(a).localeCompare(String(b))))
  return value === null ? 'null' : typeof value
}

describe('v20 simulator: logins', () => {
  it('a user login gives the GetAccessToken wrapper with a bearer token that opens /xapi', async () => {
    const s = await sim()
    const answer = await userLogin(s)
    expect(answer.status).toBe(200)
    expect(shape(answer.json())).toEqual(shape(fixture('GetAccessToken.json')))
    const token = (answer.json().Token as {access_token: string}).access_token
    expect((await get(s, 'xapi/v1/SystemStatus', token)).status).toBe(200)
  })

  it('a wrong password gives the AuthFailed shape and no token', async () => {
    const s = await sim()
    const answer = await userLogin(s, 'wrong')
    expect(answer.json()).toEqual(fixture('GetAccessToken-AuthFailed.json'))
    expect(s.issuedTokens).toEqual([])
  })

  it('the wrong-password scenario refuses even the right password, and the client secret', async () => {
    const s = await sim({scenario: 'wrong-password'})
    expect((await userLogin(s)).json().Status).toBe('AuthFailed')
    const oauth = await tokenForm(s, {client_id: s.clientId, client_secret: s.clientSecret, grant_type: 'client_credentials'})
    expect(oauth.status).toBe(401)
  })

  it('a two-factor account answers so that a client can tell 2FA is required', async () => {
    const s = await sim({scenario: 'two-factor'})
    const body = (await userLogin(s)).json()
    expect(body).toEqual(fixture('GetAccessToken-TwoFactor.json'))
    expect(body.TwoFactorAuth).not.toBeNull()
    expect(s.issuedTokens).toEqual([])
  })

  it('a service principal gets a bearer token (expires_in in seconds); a wrong secret 401 and an unknown client 400 with an OAuth error', async () => {
    const s = await sim({tokenLifetimeMs: 30 * 60_000})
    const ok = await tokenForm(s, {client_id: s.clientId, client_secret: DEFAULT_V20_CLIENT_SECRET, grant_type: 'client_credentials'})
    expect(ok.status).toBe(200)
    expect(shape(ok.json())).toEqual(shape(fixture('connect-token.json')))
    expect(ok.json().expires_in).toBe(1800)
    expect((await get(s, 'xapi/v1/Trunks', ok.json().access_token as string)).status).toBe(200)
    const wrong = await tokenForm(s, {client_id: s.clientId, client_secret: 'nope', grant_type: 'client_credentials'})
    expect(wrong.status).toBe(401)
    expect(wrong.json()).toMatchObject({error: 'invalid_client'})
    const unknown = await tokenForm(s, {client_id: 'someone', client_secret: s.clientSecret, grant_type: 'client_credentials'})
    expect(unknown.status).toBe(400)
    expect(shape(unknown.json())).toEqual(shape(fixture('connect-token-invalid_client.json')))
  })

  it('a user token expires on the simulator clock and the refresh token gives a new one, once', async () => {
    let now = new Date('2026-12-01T10:00:00Z')
    const s = await sim({now: () => now, tokenLifetimeMs: 60_000})
    const login = (await userLogin(s)).json().Token as {access_token: string; refresh_token: string}
    expect((await get(s, 'xapi/v1/Services', login.access_token)).status).toBe(200)
    now = new Date(now.getTime() + 61_000)
    const expired = await get(s, 'xapi/v1/Services', login.access_token)
    expect(expired.status).toBe(401)
    expect(expired.headers.get('www-authenticate')).toMatch(/^Bearer/)
    const refreshed = await tokenForm(s, {client_id: V20_WEBCLIENT_ID, grant_type: 'refresh_token', refresh_token: login.refresh_token})
    expect(refreshed.status).toBe(200)
    expect(shape(refreshed.json())).toEqual(shape(fixture('connect-token-refresh.json')))
    expect((await get(s, 'xapi/v1/Services', refreshed.json().access_token as string)).status).toBe(200)
    const again = await tokenForm(s, {client_id: V20_WEBCLIENT_ID, grant_type: 'refresh_token', refresh_token: login.refresh_token})
    expect(again.status).toBe(400)
    expect(again.json()).toMatchObject({error: 'invalid_grant'})
  })

  it('expiring-token: the first token answers once, then 401; a new token keeps working', async () => {
    const s = await sim({scenario: 'expiring-token'})
    const first = await bearer(s)
    expect((await get(s, 'xapi/v1/SystemStatus', first)).status).toBe(200)
    expect((await get(s, 'xapi/v1/SystemStatus', first)).status).toBe(401)
    const second = await bearer(s)
    for (let i = 0; i < 3; i++) expect((await get(s, 'xapi/v1/SystemStatus', second)).status).toBe(200)
  })
})

describe('v20 simulator: the API', () => {
  it('401 without a token, with a made-up token, and the v15 /api/login is 404', async () => {
    const s = await sim()
    expect((await call(s, 'xapi/v1/SystemStatus')).status).toBe(401)
    expect((await get(s, 'xapi/v1/Trunks', 'made-up')).status).toBe(401)
    expect((await call(s, 'api/login', {method: 'POST', body: '{}'})).status).toBe(404)
    expect((await call(s, 'api/login')).status).toBe(404)
    expect(s.requests.filter((r) => r.path.startsWith('/xapi')).every((r) => !r.authenticated && r.status === 401)).toBe(true)
  })

  it('any method other than GET under /xapi answers 405 and is recorded', async () => {
    const s = await sim()
    const token = await bearer(s)
    for (const method of ['POST', 'PATCH', 'PUT', 'DELETE']) {
      const answer = await call(s, 'xapi/v1/Trunks(12)', {method, headers: {Authorization: `Bearer ${token}`}, body: method === 'DELETE' ? null : '{}'})
      expect(answer.status).toBe(405)
    }
    expect(s.requests.filter((r) => r.status === 405).map((r) => r.method)).toEqual(['POST', 'PATCH', 'PUT', 'DELETE'])
  })

  it('each resource has the fixture shape', async () => {
    const s = await sim()
    const token = await bearer(s)
    const pairs: Array<[string, string]> = [
      ['xapi/v1/SystemStatus', 'SystemStatus.json'],
      ['xapi/v1/Trunks?$expand=Gateway', 'Trunks.json'],
      ['xapi/v1/ActiveCalls', 'ActiveCalls.json'],
      ['xapi/v1/Services', 'Services.json'],
      ["xapi/v1/Parameters?$filter=Name eq 'VERSION'", 'Parameters-VERSION.json'],
    ]
    for (const [path, file] of pairs) {
      const answer = await get(s, path, token)
      expect(answer.status, path).toBe(200)
      expect(shape(answer.json()), path).toEqual(shape(fixture(file)))
    }
  })

  it('OData: Gateway only when expanded, $top, $select, $filter, $count, and 400 for what it cannot parse', async () => {
    const s = await sim({trunks: Array.from({length: 7}, (_, i) => ({Id: 20 + i, IsOnline: i % 2 === 0}))})
    const token = await bearer(s)
    expect(values(await get(s, 'xapi/v1/Trunks', token))[0]).not.toHaveProperty('Gateway')
    expect(values(await get(s, 'xapi/v1/Trunks?$expand=Gateway', token))[0]).toHaveProperty('Gateway.Host')
    expect(values(await get(s, 'xapi/v1/Trunks?$top=3', token)).map((t) => t.Id)).toEqual([20, 21, 22])
    expect(values(await get(s, 'xapi/v1/Trunks?$top=2&$skip=6', token)).map((t) => t.Id)).toEqual([26])
    expect(values(await get(s, 'xapi/v1/Trunks?$select=Id,IsOnline', token))[0]).toEqual({Id: 20, IsOnline: true})
    expect(values(await get(s, 'xapi/v1/Trunks?$filter=IsOnline eq false', token)).map((t) => t.Id)).toEqual([21, 23, 25])
    const counted = (await get(s, 'xapi/v1/Trunks?$top=1&$count=true', token)).json()
    expect(counted['@odata.count']).toBe(7)
    const params = values(await get(s, "xapi/v1/Parameters?$filter=Name eq 'VERSION'", token))
    expect(params).toEqual([expect.objectContaining({Name: 'VERSION', Value: '20.0.7.1080'})])
    expect((await get(s, 'xapi/v1/Trunks?$filter=Name like x', token)).status).toBe(400)
    expect((await get(s, 'xapi/v1/Trunks?$expand=Nothing', token)).status).toBe(400)
    expect((await get(s, 'xapi/v1/NoSuchThing', token)).status).toBe(404)
  })
})

describe('v20 simulator: scenarios', () => {
  it('knows every scenario it documents', () => {
    expect(V20_SCENARIOS).toHaveLength(15)
  })

  it('healthy: all trunks online, services Running, one call whose ServerNow is the clock', async () => {
    const now = new Date('2026-12-01T10:00:00.000Z')
    const s = await sim({now: () => now})
    const token = await bearer(s)
    expect(values(await get(s, 'xapi/v1/Trunks', token)).every((t) => t.IsOnline === true)).toBe(true)
    expect(values(await get(s, 'xapi/v1/Services', token)).every((x) => x.Status === 'Running')).toBe(true)
    const calls = values(await get(s, 'xapi/v1/ActiveCalls', token))
    expect(calls).toHaveLength(1)
    expect(parseConsoleTime(calls[0]!.ServerNow)?.getTime()).toBe(now.getTime())
    expect((await get(s, 'xapi/v1/SystemStatus', token)).json()).toMatchObject({HasNotRunningServices: false, TrunksRegistered: 2, TrunksTotal: 2})
  })

  it('loopback-offline: the trunk whose Gateway Host is 127.0.0.1 is offline', async () => {
    const s = await sim({scenario: 'loopback-offline'})
    const token = await bearer(s)
    const offline = values(await get(s, "xapi/v1/Trunks?$expand=Gateway&$filter=IsOnline eq false", token))
    expect(offline.map((t) => (t.Gateway as {Host: string}).Host)).toEqual(['127.0.0.1'])
    expect((await get(s, 'xapi/v1/SystemStatus', token)).json()).toMatchObject({TrunksRegistered: 1, TrunksTotal: 2})
  })

  it('idle: an empty value and no top-level Now', async () => {
    const s = await sim({scenario: 'idle'})
    const body = (await get(s, 'xapi/v1/ActiveCalls', await bearer(s))).json()
    expect(body.value).toEqual([])
    expect(body).not.toHaveProperty('Now')
  })

  it('skewed-clock: ServerNow is 7 minutes ahead (or clockSkewMs), in the given offset', async () => {
    const now = new Date('2026-12-01T10:00:00.000Z')
    const s = await sim({scenario: 'skewed-clock', now: () => now, utcOffsetMinutes: 60})
    const token = await bearer(s)
    const first = values(await get(s, 'xapi/v1/ActiveCalls', token))[0]!
    expect(first.ServerNow).toMatch(/\+01:00$/)
    expect(parseConsoleTime(first.ServerNow)!.getTime() - now.getTime()).toBe(7 * 60_000)
    s.update({clockSkewMs: -120_000})
    const second = values(await get(s, 'xapi/v1/ActiveCalls', token))[0]!
    expect(parseConsoleTime(second.ServerNow)!.getTime() - now.getTime()).toBe(-120_000)
  })

  it('service-stopped: the IVR is "Stopped" and SystemStatus says services are not running', async () => {
    const s = await sim({scenario: 'service-stopped'})
    const token = await bearer(s)
    const stopped = values(await get(s, "xapi/v1/Services?$filter=Status eq 'Stopped'", token))
    expect(stopped.map((x) => x.Name)).toEqual(['3CXIVR01'])
    expect((await get(s, 'xapi/v1/SystemStatus', token)).json().HasNotRunningServices).toBe(true)
  })

  it('bad-gateway: 502 with nginx HTML on every path, logins included', async () => {
    const s = await sim({scenario: 'bad-gateway'})
    for (const answer of [await userLogin(s), await call(s, 'xapi/v1/SystemStatus')]) {
      expect(answer.status).toBe(502)
      expect(answer.text).toContain('<center>nginx</center>')
    }
  })

  it('html: 200 with an HTML page on every path', async () => {
    const s = await sim({scenario: 'html'})
    const answer = await userLogin(s)
    expect(answer.status).toBe(200)
    expect(answer.headers.get('content-type')).toMatch(/text\/html/)
  })

  it('ip-elsewhere, ip-invalid and multiple-nics change SystemStatus as in the v15.5 simulator', async () => {
    const s = await sim({scenario: ['ip-elsewhere', 'ip-invalid', 'multiple-nics'], localIp: '192.0.2.20'})
    const status = (await get(s, 'xapi/v1/SystemStatus', await bearer(s))).json()
    expect(status).toMatchObject({CurrentLocalIp: '198.51.100.55', LocalIpValid: false, AvailableLocalIps: '192.0.2.20, 10.99.0.2'})
  })

  it('canned answers replace one path (a number of times), after the token check', async () => {
    const s = await sim({answers: {'/xapi/v1/Services': {status: 503, body: 'busy', contentType: 'text/plain', times: 1}}})
    const token = await bearer(s)
    expect((await call(s, 'xapi/v1/Services')).status).toBe(401)
    expect((await get(s, 'xapi/v1/Services', token)).status).toBe(503)
    expect((await get(s, 'xapi/v1/Services', token)).status).toBe(200)
  })
})
