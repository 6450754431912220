/**
 * The console API source against the simulator (a real HTTP server on 127.0.0.1)
 * and against bodies shaped exactly like real 3CX v15.5 answers.
 */
import {execFileSync} from 'node:child_process'
import {readFileSync} from 'node:fs'
import http from 'node:http'
import https from 'node:https'
import type {AddressInfo} from 'node:net'
import {join} from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import {defaultSettings, type Settings} from '../../../../src/config/settings.js'
import {RunContext} from '../../../../src/engine/context.js'
import {isSourceUnavailable, type SourceUnavailableError} from '../../../../src/engine/errors.js'
import {
  consoleSource,
  httpRequest,
  networkFailureMessage,
  openConsole,
  type ConsoleTarget,
} from '../../../../src/sources/console/index.js'
import {DEFAULT_CONSOLE_PASSWORD, dotNetUtc, dotNetWithOffset, startConsoleSimulator, type ConsoleSimulator} from '../../../../src/demo/console-simulator.js'
import {freePort} from '../../../helpers/ports.js'
import {ROOT, tempDir} from '../../../helpers/cli.js'

const EXAMPLES = join(ROOT, 'test', 'fixtures', 'pbx-sources', 'console-api-v15.5')
const example = (name: string): unknown => JSON.parse(readFileSync(join(EXAMPLES, name), 'utf8'))

const running: Array<{stop(): Promise<void>}> = []
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()))
})

async function sim(options: Parameters<typeof startConsoleSimulator>[0] = {}): Promise<ConsoleSimulator> {
  const s = await startConsoleSimulator(options)
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

async function openError(t: ConsoleTarget): Promise<SourceUnavailableError> {
  try {
    const api = await openConsole(t)
    await Promise.all([api.systemStatus(), api.trunkList(), api.activeCalls(), api.serviceList()])
  } catch (error) {
    if (isSourceUnavailable(error)) return error
    throw error
  }
  throw new Error('the console unexpectedly worked')
}

describe('v15.5 bodies from the simulator', () => {
  it('the simulator answers in exactly these shapes', async () => {
    const s = await sim({now: () => new Date('2026-11-26T03:00:00.123Z'), localIp: '10.20.30.40', scenario: 'loopback-display-bug'})
    const api = await openConsole(target(s))
    const raw = await httpRequest({method: 'GET', url: new URL('api/TrunkList', s.url), timeoutMs: 2000, insecureTls: false, headers: {}})
    expect(raw.status).toBe(401) // no cookie, no data
    const trunks = await api.trunkList()
    const realKeys = Object.keys((example('TrunkList.json') as {list: object[]}).list[0]!).sort()
    expect(Object.keys(trunks[0]!).sort()).toEqual(realKeys)
    expect(trunks[1]).toMatchObject({Host: '10.20.30.40', IsRegistered: false, RegisterOkTime: '2026-11-26T02:56:00.1230000Z', RegisterFailedTime: ''})
    for (const t of trunks) for (const k of ['Id', 'Number', 'SimCalls']) expect(typeof t[k]).toBe('string')
    const status = await api.systemStatus()
    expect(Object.keys(status).sort()).toEqual(Object.keys(example('SystemStatus.json') as object).sort())
    expect(status.Ip).toBe('203.0.113.10 Static')
    expect((await api.activeCalls()).Now).toBe('2026-11-26T03:00:00.1230000+00:00')
    expect(dotNetWithOffset(new Date('2026-11-26T03:02:47.407Z'), 60)).toBe('2026-11-26T04:02:47.4070000+01:00')
    expect(dotNetUtc(new Date('2026-11-26T02:58:11Z'))).toBe('2026-11-26T02:58:11.0000000Z')
  })
})

describe('login, memoised GETs, re-login', () => {
  it('logs in with POST /api/login, then GETs each resource at most once, never anything but GET', async () => {
    const s = await sim()
    const api = await openConsole(target(s))
    await Promise.all([api.systemStatus(), api.systemStatus(), api.trunkList(), api.trunkList(), api.activeCalls(), api.serviceList()])
    await api.trunkList()
    expect(s.requests.map((r) => `${r.method} ${r.path} ${r.status}`).sort()).toEqual(
      ['GET /api/ActiveCalls 200', 'GET /api/ServiceList 200', 'GET /api/SystemStatus 200', 'GET /api/TrunkList 200', 'POST /api/login 200'].sort(),
    )
    expect(s.requests.filter((r) => r.method !== 'GET').map((r) => r.path)).toEqual(['/api/login'])
  })

  it('logs in again once when the session expires (401), then goes on', async () => {
    const s = await sim({expireSessionAfter: 1})
    const api = await openConsole(target(s))
    await api.systemStatus()
    const trunks = await api.trunkList()
    expect(trunks.length).toBe(2)
    expect(s.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      'POST /api/login 200',
      'GET /api/SystemStatus 200',
      'GET /api/TrunkList 401',
      'POST /api/login 200',
      'GET /api/TrunkList 200',
    ])
  })

  it('a GET answering 401 even after the new login: one line, no loop', async () => {
    const s = await sim({answers: {'/api/ServiceList': {status: 401}}})
    const api = await openConsole(target(s))
    await expect(api.serviceList()).rejects.toThrow(/answered 401 for \/api\/ServiceList even after a new login; the account may lack admin rights$/)
    expect(s.requests.filter((r) => r.path === '/api/login')).toHaveLength(2)
  })
})

describe('each bad answer is one clear line', () => {
  it('wrong password (401 on login)', async () => {
    const s = await sim()
    const error = await openError(target(s, {password: 'wrong-password-123'}))
    expect(error.message).toBe(
      `the management console at ${s.url.replace(/\/$/, '')} refused the login of "admin" (from the test): wrong user or password; give --console-user and --console-password (or TCX_CONSOLE_PASSWORD)`,
    )
    expect(error.message).not.toContain('wrong-password-123')
  })

  it('the unauthorized scenario refuses even the right password', async () => {
    const s = await sim({scenario: 'unauthorized'})
    expect((await openError(target(s))).message).toMatch(/refused the login of "admin"/)
  })

  it('502: the web server is up but its backend is not', async () => {
    const s = await sim({scenario: 'bad-gateway'})
    const error = await openError(target(s))
    expect(error.message).toMatch(/^login failed: the 3CX web server is up but its backend is not \(HTTP 502 from http:\/\/127\.0\.0\.1:\d+\/api\/login\): .*multiple-nics/)
  })

  it('502 on one GET only', async () => {
    const s = await sim({answers: {'/api/TrunkList': {status: 502, body: '<html>502</html>', contentType: 'text/html'}}})
    const api = await openConsole(target(s))
    await expect(api.systemStatus()).resolves.toMatchObject({Version: '15.5.10244.4'})
    await expect(api.trunkList()).rejects.toThrow(/^the 3CX web server is up but its backend is not \(HTTP 502 from http:\/\/127\.0\.0\.1:\d+\/api\/TrunkList\)/)
  })

  it('an HTML page instead of JSON', async () => {
    const s = await sim({scenario: 'html'})
    const error = await openError(target(s))
    expect(error.message).toMatch(/\/api\/login answered an HTML page instead of JSON: the URL is not the 3CX management console API/)
  })

  it('an HTML page on a GET after a good login', async () => {
    const s = await sim({answers: {'/api/SystemStatus': {status: 200, body: '<!DOCTYPE html><html></html>', contentType: 'text/html'}}})
    const api = await openConsole(target(s))
    await expect(api.systemStatus()).rejects.toThrow(/\/api\/SystemStatus answered an HTML page instead of JSON/)
  })

  it('invalid JSON', async () => {
    const s = await sim({scenario: 'invalid-json'})
    const error = await openError(target(s))
    expect(error.message).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/\w+ answered invalid JSON \(.*; starts with "\{\\"list\\": \[\{\\"Id\\": \\"12\\", \\"Name\\": \\"Carr"\); the console or a proxy in front of it is misbehaving$/)
  })

  it('a console that does not answer in time', async () => {
    const s = await sim({scenario: 'slow', delayMs: 5000})
    const started = Date.now()
    const error = await openError(target(s, {timeoutMs: 600}))
    expect(Date.now() - started).toBeLessThan(3000)
    expect(error.message).toMatch(/^the management console at http:\/\/127\.0\.0\.1:\d+ did not answer \/api\/login within 0\.6 s/)
  })

  it('a refused connection', async () => {
    const port = await freePort()
    const error = await openError({...target({url: `http://127.0.0.1:${port}/`})})
    expect(error.message).toBe(`connection refused at http://127.0.0.1:${port}: is the "3CX PhoneSystem Nginx Server" service running, and is the URL right (--console-url)?`)
  })

  it('a 404 says this is not a 3CX console', async () => {
    const plain = http.createServer((_, res) => {
      res.writeHead(404)
      res.end()
    })
    await new Promise<void>((r) => plain.listen(0, '127.0.0.1', r))
    running.push({stop: () => new Promise<void>((r) => plain.close(() => r()))})
    const url = `http://127.0.0.1:${(plain.address() as AddressInfo).port}/`
    expect((await openError(target({url}))).message).toMatch(/\/api\/login answered 404: this is not a 3CX v15-v18 management console/)
  })

  it('an invalid URL', async () => {
    expect((await openError(target({url: 'http://'}))).message).toMatch(/^the console URL "http:\/\/" \(from the test\) is not a valid URL/)
  })
})

describe('TLS: self-signed accepted on loopback only', () => {
  it('accepts a self-signed certificate on 127.0.0.1, and names an untrusted one elsewhere', async () => {
    const dir = tempDir('tcx-tls-')
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=pbx.example.com'], {stdio: 'ignore'})
    const backend = await sim()
    // A TLS front (like 3CX's nginx on 5001) that forwards to the simulator.
    const front = https.createServer({key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem'))}, (req, res) => {
      const upstream = http.request(new URL(req.url ?? '/', backend.url), {method: req.method, headers: req.headers}, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers)
        up.pipe(res)
      })
      req.pipe(upstream)
    })
    await new Promise<void>((r) => front.listen(0, '127.0.0.1', r))
    running.push({stop: () => (front.closeAllConnections(), new Promise<void>((r) => front.close(() => r())))})
    const url = `https://127.0.0.1:${(front.address() as AddressInfo).port}/`
    const api = await openConsole(target({url}))
    expect((await api.systemStatus()).Version).toBe('15.5.10244.4')
    // The same server judged as if it were not on loopback: verification is on and fails with one line.
    const error = await httpRequest({method: 'GET', url: new URL(url), timeoutMs: 2000, insecureTls: false}).catch((e: unknown) => e)
    expect(networkFailureMessage(error, new URL(url), 2000)).toMatch(/has a TLS certificate that is not trusted \(DEPTH_ZERO_SELF_SIGNED_CERT\); it is not on this machine, so pass --insecure to accept it$/)
  })
})

describe('the source in a run context', () => {
  const settings = (extra: Partial<Settings>): Settings => ({...defaultSettings('/'), ...extra})

  it('uses --console-url and --console-user/--console-password, registers the password, and says where each came from', async () => {
    const s = await sim()
    const ctx = new RunContext(settings({consoleUrl: s.url, consoleUser: 'admin', consolePassword: DEFAULT_CONSOLE_PASSWORD}))
    const api = await ctx.use(consoleSource)
    expect(api.baseUrl).toBe(s.url)
    expect(ctx.secrets.redact(DEFAULT_CONSOLE_PASSWORD)).toBe('********')
    const detail = (await ctx.sourceReports()).find((r) => r.name === 'console')?.detail
    expect(detail).toBe(`logged in as admin at ${s.url} (URL from --console-url/config, user from --console-user/config, password from --console-password/config); v15-v18 API (auto: /api/login worked); GET only`)
    await ctx.close()
  })

  it('takes the password from TCX_CONSOLE_PASSWORD when no flag gives it', async () => {
    const s = await sim()
    process.env.TCX_CONSOLE_PASSWORD = DEFAULT_CONSOLE_PASSWORD
    try {
      const ctx = new RunContext(settings({consoleUrl: s.url, consoleUser: 'admin'}))
      const api = await ctx.use(consoleSource)
      expect(api.from).toContain('password from TCX_CONSOLE_PASSWORD')
      await ctx.close()
    } finally {
      delete process.env.TCX_CONSOLE_PASSWORD
    }
  })

  it('without --console-url and without a database, says both', async () => {
    const port = await freePort()
    const ctx = new RunContext(settings({dbUrl: `postgres://u:p@127.0.0.1:${port}/database_single`, dbTimeoutMs: 1000}))
    await expect(ctx.use(consoleSource)).rejects.toThrow(
      `no console URL: --console-url not given and the database could not tell WEB_ROOT_LOCAL (connection refused at 127.0.0.1:${port} (user u, from --db-url): is the "3CX PhoneSystem Database Server" service running and the port right?)`,
    )
    await ctx.close()
  })
})
