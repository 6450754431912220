/**
 * The console source's v20 dialect against the v20 simulator (real HTTP on
 * 127.0.0.1): user login, service principal, 2FA refusal, wrong password, a token
 * refreshed once, dialect detection both ways, a forced dialect, 401/502/HTML,
 * the normalised facts, the cap on collections, GET only, tokens redacted.
 */
import {afterEach, describe, expect, it} from 'vitest'
import {defaultSettings, type Settings} from '../../../../src/config/settings.js'
import {RunContext} from '../../../../src/engine/context.js'
import {isSourceUnavailable, type SourceUnavailableError} from '../../../../src/engine/errors.js'
import {DEFAULT_CONSOLE_PASSWORD, startConsoleSimulator} from '../../../../src/demo/console-simulator.js'
import {
  DEFAULT_V20_CLIENT_ID,
  DEFAULT_V20_CLIENT_SECRET,
  startConsoleSimulatorV20,
  type ConsoleSimulatorV20,
  type ConsoleSimulatorV20Options,
} from '../../../../src/demo/console-simulator-v20.js'
import {BAD_GATEWAY, consoleFacts, consoleSource, openConsole, type ConsoleApi, type ConsoleTarget} from '../../../../src/sources/console/index.js'

const running: Array<{stop(): Promise<void>}> = []
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()))
})
async function sim(options: ConsoleSimulatorV20Options = {}): Promise<ConsoleSimulatorV20> {
  const s = await startConsoleSimulatorV20(options)
  running.push(s)
  return s
}

const target = (s: {url: string}, extra: Partial<ConsoleTarget> = {}): ConsoleTarget => ({
  baseUrl: s.url,
  user: 'admin',
  password: DEFAULT_CONSOLE_PASSWORD,
  from: 'the test',
  timeoutMs: 2000,
  insecure: false,
  ...extra,
})

async function failure(promise: Promise<unknown>): Promise<SourceUnavailableError> {
  try {
    await promise
  } catch (error) {
    if (isSourceUnavailable(error)) return error
    throw error
  }
  throw new Error('unexpectedly worked')
}
const everything = async (api: ConsoleApi): Promise<unknown> =>
  Promise.all([api.systemStatus(), api.trunkList(), api.serviceList(), api.trunks!(), api.services!(), api.pbxTime!(), api.parameter!('VERSION')])

/** Requests that were not a GET (the logins and token requests included). */
const posts = (s: ConsoleSimulatorV20): string[] => s.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`)

describe('user login and the normalised facts', () => {
  it('auto: /api/login answers 404, so the v20 login is used; each resource once, GET only', async () => {
    const s = await sim({localIp: '192.0.2.20'})
    const api = await openConsole(target(s))
    expect(api.dialect).toBe('v20')
    expect(api.dialectFrom).toBe('auto: /api/login answered 404')
    await everything(api)
    await everything(api)
    expect(posts(s)).toEqual(['POST /api/login', 'POST /webclient/api/Login/GetAccessToken'])
    const gets = s.requests.filter((r) => r.method === 'GET').map((r) => r.path)
    expect(gets.sort()).toEqual(['/xapi/v1/ActiveCalls', '/xapi/v1/Parameters', '/xapi/v1/Services', '/xapi/v1/SystemStatus', '/xapi/v1/Trunks'])
    expect(s.requests.every((r) => r.status !== 405)).toBe(true)
    expect(s.requests.filter((r) => r.path.startsWith('/xapi')).every((r) => r.authenticated)).toBe(true)
  })

  it('system status keeps the v15 names and the v20 extras, without the OData annotation', async () => {
    const s = await sim()
    const status = await (await openConsole(target(s))).systemStatus()
    expect(status).not.toHaveProperty('@odata.context')
    expect(status).toMatchObject({Version: '20.0.7.1080', TrunksRegistered: 2, TrunksTotal: 2, OS: 'Linux', IsAuditLogEnabled: true})
  })

  it('trunks: host and port from the expanded Gateway, registration from IsOnline, no register times (null, not "")', async () => {
    const s = await sim({scenario: 'loopback-offline'})
    const api = await openConsole(target(s))
    expect(s.requests.length).toBeGreaterThan(0)
    const facts = await api.trunks!()
    expect(facts).toEqual([
      expect.objectContaining({id: '12', number: '10000', name: 'Carrier', host: 'sip.carrier.example', port: 5060, registered: true, registeredFrom: 'IsOnline'}),
      expect.objectContaining({id: '13', name: 'Loopback', host: '127.0.0.1', port: 5060, registered: false, registerOkTime: null, registerTimesKnown: false}),
    ])
    const v15 = await api.trunkList()
    expect(v15[1]).toMatchObject({Id: '13', Name: 'Loopback', Host: '127.0.0.1', IsRegistered: false, RegisterOkTime: null, RegisterFailedTime: null, SimCalls: '4'})
    expect(s.requests.find((r) => r.path === '/xapi/v1/Trunks')!.query).toMatch(/\$expand=Gateway/)
  })

  it('services: the string states normalised, memory kept, and the v15 numbers for serviceList()', async () => {
    const s = await sim({scenario: 'service-stopped'})
    const api = await openConsole(target(s))
    const ivr = (await api.services!()).find((x) => x.name === '3CXIVR01')
    expect(ivr).toEqual({name: '3CXIVR01', displayName: '3CX PhoneSystem 01 IVR Server', state: 'stopped', status: 'Stopped', memoryBytes: 0})
    expect((await api.services!()).filter((x) => x.state === 'running')).toHaveLength(3)
    const v15 = await api.serviceList()
    expect(v15.map((x) => x.Status)).toEqual([4, 1, 4, 4])
    expect(v15[1]).toMatchObject({StatusText: 'Stopped'})
  })

  it('the PBX time is ServerNow of a call; an idle PBX says so as data, and activeCalls() is one line', async () => {
    const now = new Date('2026-12-01T10:00:00.000Z')
    const busy = await sim({scenario: 'skewed-clock', now: () => now})
    const time = await (await openConsole(target(busy))).pbxTime!()
    expect(time).toEqual({now: '2026-12-01T10:07:00.0000000+00:00', from: 'ServerNow of an active call'})
    expect((await (await openConsole(target(busy))).activeCalls()).Now).toBe('2026-12-01T10:07:00.0000000+00:00')

    const idle = await sim({scenario: 'idle'})
    const api = await openConsole(target(idle))
    expect(await api.pbxTime!()).toEqual({now: null, from: 'ServerNow of an active call', reason: expect.stringMatching(/^no call in progress: a v20 PBX tells its time only as ServerNow/)})
    expect((await failure(api.activeCalls())).message).toMatch(/\/xapi\/v1\/ActiveCalls gives no PBX time: no call in progress/)
  })

  it('parameters by name (quotes doubled in the filter); null for an unknown one', async () => {
    const s = await sim({parameters: [{Id: 9, Name: "ODD'NAME", Value: 'x', Description: ''}]})
    const api = await openConsole(target(s))
    expect(await api.parameter!('VERSION')).toBe('20.0.7.1080')
    expect(await api.parameter!("ODD'NAME")).toBe('x')
    expect(await api.parameter!('NO_SUCH')).toBeNull()
    expect(s.requests.filter((r) => r.path === '/xapi/v1/Parameters').map((r) => decodeURIComponent(r.query))).toContain("$filter=Name eq 'ODD''NAME'&$top=2")
  })

  it('a collection is read with a bounded $top and capped at 1000 items, with a note', async () => {
    const s = await sim({trunks: Array.from({length: 1005}, (_, i) => ({Id: i + 1, Number: String(20000 + i)}))})
    const api = await openConsole(target(s))
    expect(await api.trunks!()).toHaveLength(1000)
    expect(s.requests.find((r) => r.path === '/xapi/v1/Trunks')!.query).toMatch(/\$top=1001/)
    expect(api.notes).toEqual(['more than 1000 trunks: only the first 1000 were read'])
  })
})

describe('login failures: one line each', () => {
  it('a two-factor account is refused, saying what to use instead', async () => {
    const s = await sim({scenario: 'two-factor'})
    const error = await failure(openConsole(target(s)))
    expect(error.message).toBe(
      `the management console at ${new URL(s.url).origin} refused the login of "admin" (from the test): this account uses two-factor authentication, which tcx-doctor cannot answer; ` +
        'use a service principal (--console-client-id and --console-client-secret) or an account without 2FA',
    )
  })

  it('a wrong password', async () => {
    const s = await sim()
    const error = await failure(openConsole(target(s, {password: 'wrong'})))
    expect(error.message).toMatch(/refused the login of "admin" \(from the test\): wrong user or password \(the console said "AuthFailed"\); give --console-user and --console-password/)
    expect(error.message).not.toContain('wrong-password-value')
  })

  it('502 from nginx and an HTML page are the usual lines', async () => {
    const bad = await sim({scenario: 'bad-gateway'})
    expect((await failure(openConsole(target(bad, {dialect: 'v20'})))).message).toBe(
      `login failed: ${BAD_GATEWAY.replace('%s', `${new URL(bad.url).origin}/webclient/api/Login/GetAccessToken`)}`,
    )
    const html = await sim({scenario: 'html'})
    expect((await failure(openConsole(target(html, {dialect: 'v20'})))).message).toMatch(/GetAccessToken answered an HTML page instead of JSON/)
  })

  it('a GET answering 401 even with a new token: one line, one renewal, no loop', async () => {
    const s = await sim({answers: {'/xapi/v1/Services': {status: 401}}})
    const api = await openConsole(target(s))
    expect((await failure(api.services!())).message).toMatch(/answered 401 for \/xapi\/v1\/Services even with a new token; the account may lack admin rights$/)
    expect(s.requests.filter((r) => r.path === '/connect/token')).toHaveLength(1)
    expect(s.requests.filter((r) => r.path === '/xapi/v1/Services')).toHaveLength(2)
  })

  it('a 502 on one GET', async () => {
    const s = await sim({answers: {'/xapi/v1/Trunks': {status: 502, body: '<html>502</html>', contentType: 'text/html'}}})
    const api = await openConsole(target(s))
    expect((await failure(api.trunkList())).message).toMatch(/^the 3CX web server is up but its backend is not \(HTTP 502 from http:\/\/127\.0\.0\.1:\d+\/xapi\/v1\/Trunks\)/)
    expect((await api.systemStatus()).Version).toBe('20.0.7.1080')
  })
})

describe('token expiry', () => {
  it('expiring-token: the expired token is refreshed once with the refresh token, then every GET works', async () => {
    const s = await sim({scenario: 'expiring-token'})
    const api = await openConsole(target(s))
    await api.systemStatus()
    await Promise.all([api.trunks!(), api.services!(), api.pbxTime!()])
    const refreshes = s.requests.filter((r) => r.path === '/connect/token')
    expect(refreshes).toHaveLength(1)
    expect(posts(s).filter((p) => p.endsWith('GetAccessToken'))).toHaveLength(1)
    // Every GET that met the expired token was answered after the one refresh.
    const expired = s.requests.filter((r) => r.status === 401)
    expect(expired.length).toBeGreaterThanOrEqual(1)
    for (const r of expired) expect(s.requests.some((later) => later.path === r.path && later.status === 200 && later.at >= r.at)).toBe(true)
  })

  it('a token that expired on the clock is renewed once for concurrent GETs', async () => {
    let now = new Date('2026-12-01T10:00:00Z')
    const s = await sim({now: () => now, tokenLifetimeMs: 60_000})
    const api = await openConsole(target(s))
    await api.systemStatus()
    now = new Date(now.getTime() + 120_000)
    await Promise.all([api.trunks!(), api.services!(), api.pbxTime!(), api.parameter!('VERSION')])
    expect(s.requests.filter((r) => r.path === '/connect/token')).toHaveLength(1)
    expect(s.requests.filter((r) => r.path.endsWith('GetAccessToken'))).toHaveLength(1)
  })

  it('a refused refresh falls back to one new login, and the GET goes on', async () => {
    const s = await sim({scenario: 'expiring-token', refuseRefresh: true})
    const api = await openConsole(target(s))
    await api.systemStatus()
    expect((await api.trunks!()).length).toBe(2)
    expect(posts(s)).toEqual(['POST /api/login', 'POST /webclient/api/Login/GetAccessToken', 'POST /connect/token', 'POST /webclient/api/Login/GetAccessToken'])
  })
})

describe('service principal', () => {
  it('logs in with client credentials (no user login), GETs with its token', async () => {
    const s = await sim()
    const api = await openConsole(target(s, {user: '', password: '', clientId: DEFAULT_V20_CLIENT_ID, clientSecret: DEFAULT_V20_CLIENT_SECRET}))
    expect(api.dialect).toBe('v20')
    expect(api.dialectFrom).toBe('auto: a service principal was given')
    expect(api.user).toBe(`service principal ${DEFAULT_V20_CLIENT_ID}`)
    await everything(api)
    expect(posts(s)).toEqual(['POST /connect/token'])
  })

  it('a wrong secret is one line; a principal without its secret too', async () => {
    const s = await sim()
    const error = await failure(openConsole(target(s, {clientId: DEFAULT_V20_CLIENT_ID, clientSecret: 'not-the-secret'})))
    expect(error.message).toMatch(/refused the service principal "tcxdoctor" \(invalid_client\): wrong client id or secret, or no API access .*give --console-client-id and --console-client-secret \(or TCX_CONSOLE_CLIENT_SECRET\)$/)
    expect(error.message).not.toContain('not-the-secret')
    expect((await failure(openConsole(target(s, {clientId: 'x'})))).message).toMatch(/was given without its secret; give --console-client-secret/)
  })

  it('an expired principal token is renewed by a new client-credentials request', async () => {
    const s = await sim({scenario: 'expiring-token'})
    const api = await openConsole(target(s, {clientId: DEFAULT_V20_CLIENT_ID, clientSecret: DEFAULT_V20_CLIENT_SECRET}))
    await api.systemStatus()
    await api.trunks!()
    expect(posts(s)).toEqual(['POST /connect/token', 'POST /connect/token'])
  })
})

describe('dialect detection', () => {
  it('auto on a v15.5 console stays v15 and never asks the v20 paths', async () => {
    const v15 = await startConsoleSimulator()
    running.push(v15)
    const api = await openConsole(target(v15))
    expect(api.dialect).toBe('v15')
    expect(api.dialectFrom).toBe('auto: /api/login worked')
    expect(await api.parameter!('VERSION')).toBeUndefined()
    expect((await api.services!())[0]).toMatchObject({state: 'running', status: 4})
    expect((await api.trunks!())[1]).toMatchObject({registeredFrom: 'IsRegistered', registerTimesKnown: true})
    expect(v15.requests.some((r) => /xapi|webclient|connect/.test(r.path))).toBe(false)
  })

  it('a v20 hint (the URL path, the database VERSION) tries v20 first: no /api/login at all', async () => {
    const s = await sim()
    const byUrl = await openConsole(target({url: `${s.url}xapi/v1/`}))
    expect(byUrl.dialectFrom).toMatch(/^auto: the URL names http:\/\/127\.0\.0\.1:\d+\/xapi\/v1\/$/)
    expect(byUrl.baseUrl).toBe(s.url)
    const byVersion = await openConsole(target(s, {v20Hint: "the database's VERSION 20.0.7.1080"}))
    expect(byVersion.dialectFrom).toBe("auto: the database's VERSION 20.0.7.1080")
    expect(s.requests.some((r) => r.path === '/api/login')).toBe(false)
  })

  it('the other way round: a v20 hint on a v15.5 console falls back to v15 when the v20 login is not there (405 from the v15.5 simulator)', async () => {
    const v15 = await startConsoleSimulator()
    running.push(v15)
    const api = await openConsole(target(v15, {v20Hint: 'a test hint'}))
    expect(api.dialect).toBe('v15')
    expect(api.dialectFrom).toBe('auto: /webclient/api/Login/GetAccessToken answered 405')
  })

  it('forced dialects: v20 is used without trying /api/login; the wrong one forced is one line naming the other', async () => {
    const s = await sim()
    const api = await openConsole(target(s, {dialect: 'v20'}))
    expect(api.dialectFrom).toBe('forced by --console-api')
    expect(s.requests.some((r) => r.path === '/api/login')).toBe(false)
    expect((await failure(openConsole(target(s, {dialect: 'v15'})))).message).toMatch(
      /\/api\/login answered 404: this is not a 3CX v15-v18 management console \(--console-api v15 was given: try --console-api v20 or auto/,
    )
    const v15 = await startConsoleSimulator()
    running.push(v15)
    expect((await failure(openConsole(target(v15, {dialect: 'v20'})))).message).toMatch(
      /GetAccessToken answered 405: this is not a 3CX v20 management console \(--console-api v20 was given: try --console-api v15 or auto/,
    )
    expect((await failure(openConsole(target(v15, {dialect: 'v15', clientId: 'x', clientSecret: 'y'})))).message).toMatch(/--console-client-id is a v20 service principal/)
  })
})

describe('the source in a run context', () => {
  const settings = (extra: Partial<Settings>): Settings => ({...defaultSettings('/'), ...extra})

  it('describe() and info name the dialect; tokens and the password are registered and never in the output', async () => {
    const s = await sim()
    const ctx = new RunContext(settings({consoleUrl: s.url, consoleUser: 'admin', consolePassword: DEFAULT_CONSOLE_PASSWORD, consoleApi: 'auto'}))
    const api = await ctx.use(consoleSource)
    const info = JSON.stringify(await consoleFacts(api))
    const detail = (await ctx.sourceReports()).find((r) => r.name === 'console')?.detail
    expect(detail).toBe(
      `logged in as admin at ${s.url} (URL from --console-url/config, user from --console-user/config, password from --console-password/config); v20 API (auto: /api/login answered 404); GET only`,
    )
    expect(info).toContain('"api":"v20 API (auto: /api/login answered 404)"')
    expect(info).toContain('"registerTimes":"not given by this API version"')
    expect(s.issuedTokens.length).toBeGreaterThanOrEqual(2)
    for (const token of [...s.issuedTokens, DEFAULT_CONSOLE_PASSWORD]) {
      expect(info).not.toContain(token)
      expect(ctx.secrets.redact(`x ${token} y`)).toBe('x ******** y')
    }
    await ctx.close()
  })

  it('a service principal from the env vars; the client secret is registered', async () => {
    const s = await sim()
    process.env.TCX_CONSOLE_CLIENT_ID = DEFAULT_V20_CLIENT_ID
    process.env.TCX_CONSOLE_CLIENT_SECRET = DEFAULT_V20_CLIENT_SECRET
    try {
      const ctx = new RunContext(settings({consoleUrl: s.url}))
      const api = await ctx.use(consoleSource)
      expect(api.user).toBe('service principal tcxdoctor')
      expect(api.from).toBe('URL from --console-url/config, client id from TCX_CONSOLE_CLIENT_ID, secret from TCX_CONSOLE_CLIENT_SECRET')
      expect(ctx.secrets.redact(DEFAULT_V20_CLIENT_SECRET)).toBe('********')
      expect(ctx.secrets.redact(s.issuedTokens[0]!)).toBe('********')
      await ctx.close()
    } finally {
      delete process.env.TCX_CONSOLE_CLIENT_ID
      delete process.env.TCX_CONSOLE_CLIENT_SECRET
    }
  })

  it('--console-api v15 on a v20 console: the source is unavailable with one line', async () => {
    const s = await sim()
    const ctx = new RunContext(settings({consoleUrl: s.url, consoleUser: 'admin', consolePassword: DEFAULT_CONSOLE_PASSWORD, consoleApi: 'v15'}))
    const error = await failure(ctx.use(consoleSource))
    expect(error.message).toMatch(/try --console-api v20 or auto/)
    await ctx.close()
  })
})
