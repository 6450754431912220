/**
 * The built CLI's demos: `--demo v20` diagnoses the Debian v20 sample (v20 console dialect,
 * version 20.x, the planted problems found, nothing but GET and the login sent to the
 * simulator), `info --demo v20`, a wrong word after --demo refused in one line, and
 * `--demo` alone (and `--demo v15`) still the v15.5 Windows sample.
 */
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {DEMO_REQUEST_LOG_ENV} from '../../../src/demo/demo-environment.js'
import {rolesOfIni} from '../../../src/demo/sample-database.js'
import {sampleV20IniPath} from '../../../src/demo/sample-live.js'
import {runCli, tempDir} from '../../helpers/cli.js'

interface Report {
  target: {platform?: string; installLayout?: {id: string}; version?: {text: string; major: number; from: string}}
  sources: Array<{name: string; status: string; detail: string}>
  results: Array<{id: string; status: string; summary: string; details?: string[]}>
}

const result = (r: Report, id: string) => r.results.find((x) => x.id === id)!
const source = (r: Report, name: string) => r.sources.find((x) => x.name === name)!

/** Every password of the v20 sample: the ini's accounts and the console's (the simulator's default). */
function v20SamplePasswords(): string[] {
  const roles = rolesOfIni(sampleV20IniPath())
  const ini = readFileSync(sampleV20IniPath(), 'utf8')
  const others = [...ini.matchAll(/^(?:confPass|pbxpass) = (.+)$/gm)].map((m) => m[1]!.trim())
  return [...roles.readOnly.map((x) => x.password), roles.master!.password, ...others, 'SampleConsolePw-3e8d12']
}

describe('run --demo v20', () => {
  it('diagnoses the v20 sample over the v20 dialect, finds the planted problems, and sends only GET and the login', async () => {
    const cwd = tempDir('tcx-demo20-')
    const requestLog = join(cwd, 'requests.json')
    const r = await runCli(['run', '--demo', 'v20', '--format', 'json'], {cwd, env: {[DEMO_REQUEST_LOG_ENV]: requestLog}, timeoutMs: 120_000})
    expect(r.stderr).toBe('')
    const report = JSON.parse(r.stdout) as Report

    expect(source(report, 'console')).toMatchObject({status: 'ok', detail: expect.stringMatching(/URL from parameter WEB_ROOT_LOCAL, user from parameter WEBSERVERUSER, password from parameter WEBSERVERPASS\); v20 API .*GET only$/)})
    expect(source(report, 'db').status).toBe('ok')
    expect(report.target.version).toMatchObject({major: 20, text: expect.stringMatching(/^20\.0\./), from: expect.stringMatching(/console|database|parameter/i)})
    expect(report.target.platform).toBe('debian')

    // The planted problems.
    expect(result(report, 'trunk.loopback-registration')).toMatchObject({status: 'warn', summary: expect.stringContaining('Loopback trunk Loopback is offline')})
    expect(result(report, 'network.console-reachable')).toMatchObject({status: 'fail', summary: expect.stringMatching(/3CXIVR01\) is stopped/)})
    expect(result(report, 'time.timezone-mismatch').status).toBe('fail')
    expect(result(report, 'time.ivr-timeouts')).toMatchObject({status: 'fail', summary: expect.stringContaining('40 min')})
    // No Call Control API on v20: the checks about its files have nothing to compare.
    expect(result(report, 'api.stale-files').status).toBe('skip')
    expect(result(report, 'install.ini-complete').status).toBe('pass')
    expect(r.code).toBe(2)

    const requests = JSON.parse(readFileSync(requestLog, 'utf8')) as Array<{method: string; path: string; status: number}>
    expect(requests.some((q) => q.method === 'GET' && q.path.startsWith('/xapi/v1/') && q.status === 200)).toBe(true)
    expect(requests.filter((q) => q.method !== 'GET')).toEqual([{method: 'POST', path: '/webclient/api/Login/GetAccessToken', status: 200}])
    // The v15-v18 API was never asked: the dialect came from the database's VERSION.
    expect(requests.some((q) => q.path.startsWith('/api/'))).toBe(false)

    const output = r.stdout + r.stderr + readFileSync(join(cwd, 'tcx-doctor-demo.html'), 'utf8')
    for (const secret of v20SamplePasswords()) expect(output).not.toContain(secret)
  })

  it('info --demo v20 shows the v20 sample: Debian, version 20.x, the v20 API', async () => {
    const r = await runCli(['info', '--demo', 'v20'], {timeoutMs: 120_000})
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^ {2}version: 20\.0\.\d+\.\d+$/m)
    expect(r.stdout).toMatch(/^ {2}platform: debian$/m)
    expect(r.stdout).toContain('examples/sample-pbx-v20/var/lib/3cxpbx/Bin/3CXPhoneSystem.ini')
    expect(r.stdout).toMatch(/api: "v20 API/)
    for (const secret of v20SamplePasswords()) expect(r.stdout + r.stderr).not.toContain(secret)
  })
})

describe('the word after --demo', () => {
  it.each([
    [['run', '--demo', 'v19']],
    [['info', '--demo=v21']],
  ])('%j is refused in one line naming the allowed values', async (args) => {
    const r = await runCli(args)
    expect(r.code).toBe(3)
    expect(r.stdout).toBe('')
    expect(r.stderr).toMatch(/^tcx-doctor: --demo v(19|21): no such sample PBX; the word after --demo is one of v15, v20 \(--demo alone is v15\)\n$/)
  })

  it('--demo-version takes only the known versions', async () => {
    const r = await runCli(['info', '--demo', '--demo-version', 'v18'])
    expect(r.code).toBe(3)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    expect(r.stderr).toMatch(/v15.*v20/)
  })

  it.each([[['--demo']], [['--demo', 'v15']]])('run %j is the v15.5 Windows sample, as before', async (demoArgs) => {
    const cwd = tempDir('tcx-demo15-')
    const r = await runCli(['run', ...demoArgs, '--format', 'json', '--only', 'install,trunk'], {cwd, timeoutMs: 120_000})
    const report = JSON.parse(r.stdout) as Report
    expect(report.target.version).toMatchObject({text: '15.5.10244.4', major: 15})
    expect(report.target.platform).toBe('windows')
    expect(report.target.installLayout?.id).toBe('windows-v15')
    expect(source(report, 'console').detail).not.toMatch(/v20 API/)
    expect(result(report, 'trunk.loopback-registration').status).toBe('warn')
    expect(result(report, 'install.ini-complete').status).toBe('pass')
  })
})
