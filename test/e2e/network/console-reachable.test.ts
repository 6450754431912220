/**
 * network.console-reachable against real HTTP servers on 127.0.0.1 (200, 302,
 * 502, a closed port, a hanging one) and the console simulator (ServiceList
 * with a stopped, a starting service, nginx stopped; the 502 scenario);
 * network.ip-changed and network.multiple-nics against the simulator's
 * SystemStatus (LocalIpValid false, CurrentLocalIp not on this machine,
 * AvailableLocalIps with two addresses). Everything runs the built CLI.
 */
import http from 'node:http'
import type {AddressInfo} from 'node:net'
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, afterEach, describe, expect, it} from 'vitest'
import {DEFAULT_CONSOLE_PASSWORD, DEFAULT_CONSOLE_USER, firstLanIpv4, startConsoleSimulator, type ConsoleSimulator} from '../../../src/demo/console-simulator.js'
import type {ServiceInfo} from '../../../src/sources/console/index.js'
import {runCli, tempDir} from '../../helpers/cli.js'
import {resultOf, type JsonResult} from '../../helpers/report-schema.js'

type Result = JsonResult

const servers: http.Server[] = []
let simulator: ConsoleSimulator | undefined

afterEach(async () => {
  await simulator?.stop()
  simulator = undefined
})
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))))
})

/** A plain web server on 127.0.0.1 answering every request with `status`. */
async function server(status: number, headers: Record<string, string> = {}, hang = false): Promise<string> {
  const s = http.createServer((req, res) => {
    if (hang) return // never answers
    res.writeHead(status, {'Content-Type': 'text/html', ...headers})
    res.end(status === 502 ? '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>' : '<html></html>')
  })
  servers.push(s)
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()))
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}/`
}

/** A port on 127.0.0.1 where nothing listens (bound, then closed). */
async function closedPort(): Promise<string> {
  const s = http.createServer()
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()))
  const port = (s.address() as AddressInfo).port
  await new Promise<void>((r) => s.close(() => r()))
  return `http://127.0.0.1:${port}/`
}

async function run(check: string, args: string[]): Promise<{code: number | null; result: Result}> {
  const r = await runCli(['run', '--only', check, '--format', 'json', ...args], {timeoutMs: 60_000})
  return {code: r.code, result: resultOf(r, check)}
}

const account = ['--console-user', DEFAULT_CONSOLE_USER, '--console-password', DEFAULT_CONSOLE_PASSWORD]
const onSimulator = async (options: Parameters<typeof startConsoleSimulator>[0]): Promise<string[]> => {
  simulator = await startConsoleSimulator(options)
  return ['--console-url', simulator.url, ...account]
}

describe('network.console-reachable: the HTTP answer', () => {
  it('200: pass', async () => {
    const {result, code} = await run('network.console-reachable', ['--console-url', await server(200), ...account])
    expect(result.status, result.summary).toBe('pass')
    expect(code).toBe(0)
    expect(result.summary).toMatch(/answers HTTP 200/)
    expect(result.details[0]).toBe('Console URL from --console-url.')
    // A plain web server is no console API: the services part says why it was not checked.
    expect(result.details.join('\n')).toContain('The 3CX services were not checked (ServiceList)')
  })

  it('302 to the login page: pass, naming where it redirects', async () => {
    const {result} = await run('network.console-reachable', ['--console-url', await server(302, {Location: '/#/login'}), ...account])
    expect(result.status, result.summary).toBe('pass')
    expect(result.summary).toContain('answers HTTP 302 (to /#/login)')
  })

  it('502: fail with the multiple-NIC hint', async () => {
    const {result, code} = await run('network.console-reachable', ['--console-url', await server(502), ...account])
    expect(result.status, result.summary).toBe('fail')
    expect(code).toBe(2)
    expect(result.summary).toContain('HTTP 502 Bad Gateway')
    expect(result.summary).toContain('network.multiple-nics')
    expect(result.summary).toContain('remove the extra card, restore the original IP configuration, reboot')
  })

  it('refused: fail, nothing listens, is the Nginx service running?', async () => {
    const url = await closedPort()
    const {result} = await run('network.console-reachable', ['--console-url', url, ...account])
    expect(result.status, result.summary).toBe('fail')
    expect(result.summary).toBe(`nothing listens at ${url} (connection refused): is the "3CX PhoneSystem Nginx Server" service running?`)
  })

  it('a console that never answers: fail after the console timeout, not the check timeout', async () => {
    const url = await server(200, {}, true)
    const dir = tempDir('tcx-console-')
    const config = join(dir, 'tcx-doctor.config.json')
    writeFileSync(config, JSON.stringify({console: {timeoutSeconds: 1}}))
    const {result} = await run('network.console-reachable', ['--config', config, '--console-url', url, ...account])
    expect(result.status, result.summary).toBe('fail')
    expect(result.summary).toContain(`${url} did not answer within 1 s`)
  })

  it('no URL and no 3CX install: skip, saying how to give one', async () => {
    const dir = tempDir('tcx-empty-')
    const {result} = await run('network.console-reachable', ['--install-dir', dir])
    expect(result.status, result.summary).toBe('skip')
    expect(result.summary).toContain('give --console-url')
  })
})

describe('network.console-reachable: the 3CX services (simulator ServiceList)', () => {
  const services = (changes: Record<string, number>): ServiceInfo[] =>
    [
      {Name: '3CXPhoneSystem01', DisplayName: '3CX PhoneSystem 01 SIP Server', Status: 4},
      {Name: '3CXIVR01', DisplayName: '3CX PhoneSystem 01 IVR Server', Status: 4},
      {Name: 'nginx', DisplayName: '3CX PhoneSystem Nginx Server', Status: 4},
      {Name: 'postgresql', DisplayName: '3CX PhoneSystem Database Server', Status: 4},
    ].map((s) => ({...s, Status: changes[s.Name] ?? s.Status}))

  it('healthy: pass, all services running', async () => {
    const {result} = await run('network.console-reachable', await onSimulator({scenario: 'healthy'}))
    expect(result.status, result.summary).toBe('pass')
    expect(result.details.join('\n')).toContain('All 4 3CX services listed by the console are running.')
    expect(result.evidence.services).toHaveLength(4)
  })

  it('service-stopped: fail naming the stopped service', async () => {
    const {result} = await run('network.console-reachable', await onSimulator({scenario: 'service-stopped'}))
    expect(result.status, result.summary).toBe('fail')
    expect(result.summary).toMatch(/3CX PhoneSystem 01 IVR Server \(3CXIVR01\) is stopped/)
  })

  it('nginx stopped: fail naming nginx and what it causes', async () => {
    const {result} = await run('network.console-reachable', await onSimulator({services: services({nginx: 1})}))
    expect(result.status, result.summary).toBe('fail')
    expect(result.summary).toContain('3CX PhoneSystem Nginx Server (nginx) is stopped: the console answers 502 without it')
  })

  it('a service starting and one stopping: warn', async () => {
    const {result, code} = await run('network.console-reachable', await onSimulator({services: services({postgresql: 2, '3CXIVR01': 3})}))
    expect(result.status, result.summary).toBe('warn')
    expect(code).toBe(1)
    expect(result.summary).toContain('3CX PhoneSystem Database Server (postgresql) is starting')
    expect(result.summary).toContain('(3CXIVR01) is stopping')
  })

  it('bad-gateway: the simulator answers 502 everywhere: fail with the multiple-NIC hint, services unknown', async () => {
    const {result} = await run('network.console-reachable', await onSimulator({scenario: 'bad-gateway'}))
    expect(result.status, result.summary).toBe('fail')
    expect(result.summary).toContain('HTTP 502')
    expect(result.details.join('\n')).toContain('The 3CX services were not checked')
  })
})

describe('SystemStatus from the simulator', () => {
  // The simulator's CurrentLocalIp defaults to this machine's first LAN address.
  it('ip-changed: CurrentLocalIp is on this machine: pass', async () => {
    const {result} = await run('network.ip-changed', await onSimulator({scenario: 'healthy'}))
    expect(result.status, result.summary).toBe('pass')
    expect(result.summary).toContain('and 3CX reports LocalIpValid')
    expect(result.evidence.expected).toEqual([{address: firstLanIpv4(), from: "the console's CurrentLocalIp"}])
    expect(result.evidence.localIpValid).toBe(true)
  })

  it('ip-changed: LocalIpValid false: fail saying 3CX reports it', async () => {
    const {result} = await run('network.ip-changed', await onSimulator({scenario: 'ip-invalid'}))
    expect(result.status, result.summary).toBe('fail')
    expect(result.summary).toMatch(/^3CX reports LocalIpValid = false/)
  })

  it('ip-changed: CurrentLocalIp not on this machine: fail naming the expected and the present addresses', async () => {
    // ping disabled as well: tests never ping anything but loopback and their own namespaces.
    const dir = tempDir('tcx-ipc-')
    const config = join(dir, 'tcx-doctor.config.json')
    writeFileSync(config, JSON.stringify({checks: {'network.ip-changed': {ping: false}}}))
    const {result} = await run('network.ip-changed', ['--config', config, ...(await onSimulator({scenario: 'ip-elsewhere'}))])
    expect(result.status, result.summary).toBe('fail')
    expect(result.summary).toContain("198.51.100.55 (the console's CurrentLocalIp) is not on this machine")
    expect(result.summary).toMatch(/This machine has .+\./)
    expect(result.evidence.ping).toEqual({'198.51.100.55': {status: 'not-pinged', reason: 'ping disabled by checks."network.ip-changed".ping = false'}})
  })

  it('ip-changed: CurrentLocalIp on loopback but not on this host: fail, and loopback answers ping', async () => {
    const {result} = await run('network.ip-changed', await onSimulator({localIp: '127.0.0.77'}))
    expect(result.status, result.summary).toBe('fail')
    expect(result.summary).toContain('something else answers ping at 127.0.0.77')
  })

  it('multiple-nics: AvailableLocalIps with two addresses is at least a warning', async () => {
    const {result} = await run('network.multiple-nics', await onSimulator({scenario: 'multiple-nics'}))
    expect(['warn', 'fail']).toContain(result.status)
    expect(result.evidence.availableLocalIps).toHaveLength(2)
    if (result.status === 'warn') expect(result.summary).toContain("the console's AvailableLocalIps lists 2 addresses")
  })
})
