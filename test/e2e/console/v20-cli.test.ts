/**
 * The built CLI against the v20 simulator: --console-api, a service principal from
 * --console-client-id and TCX_CONSOLE_CLIENT_SECRET, the 2FA refusal, `info`
 * naming the dialect; no token, refresh token, password or client secret in any
 * output, and nothing but GET (plus the login POSTs) sent.
 */
import {afterEach, describe, expect, it} from 'vitest'
import {startConsoleSimulatorV20, type ConsoleSimulatorV20, type V20Scenario} from '../../../src/demo/console-simulator-v20.js'
import {runCli, type CliResult} from '../../helpers/cli.js'

let sim: ConsoleSimulatorV20 | undefined
afterEach(async () => {
  await sim?.stop()
  sim = undefined
})

async function cli(scenario: V20Scenario, args: (url: string) => string[], env: NodeJS.ProcessEnv = {}): Promise<{r: CliResult; s: ConsoleSimulatorV20}> {
  const s = await startConsoleSimulatorV20({scenario, localIp: '127.0.0.1'})
  sim = s
  const r = await runCli(args(s.url), {env: {TCX_CONSOLE_PASSWORD: s.password, ...env}})
  const output = r.stdout + r.stderr
  for (const secret of [...s.issuedTokens, s.password, s.clientSecret]) expect(output).not.toContain(secret)
  for (const q of s.requests) if (q.method !== 'GET') expect(['/api/login', '/webclient/api/Login/GetAccessToken', '/connect/token']).toContain(q.path)
  return {r, s}
}
const sourceOf = (r: CliResult, name: string): {status: string; detail: string} =>
  (JSON.parse(r.stdout) as {sources: Array<{name: string; status: string; detail: string}>}).sources.find((x) => x.name === name)!

describe('the CLI on a v20 console', () => {
  it('--console-api v20 with a user: the console source names the dialect', async () => {
    const {r, s} = await cli('healthy', (url) => ['run', '--only', 'network.console-reachable', '--format', 'json', '--console-url', url, '--console-user', 'admin', '--console-api', 'v20'])
    expect(sourceOf(r, 'console')).toMatchObject({status: 'ok', detail: expect.stringContaining('v20 API (forced by --console-api); GET only')})
    expect(s.requests.some((q) => q.path === '/api/login')).toBe(false)
  })

  it('a service principal from --console-client-id and TCX_CONSOLE_CLIENT_SECRET', async () => {
    const {r, s} = await cli('healthy', (url) => ['run', '--only', 'network.console-reachable', '--format', 'json', '--console-url', url, '--console-client-id', 'tcxdoctor'], {
      TCX_CONSOLE_CLIENT_SECRET: 'SampleClientSecret-7f41c0',
    })
    expect(sourceOf(r, 'console').detail).toMatch(/^logged in as service principal tcxdoctor at .* secret from TCX_CONSOLE_CLIENT_SECRET\); v20 API \(auto: a service principal was given\); GET only$/)
    expect(s.requests.filter((q) => q.method === 'POST').map((q) => q.path)).toEqual(['/connect/token'])
  })

  it('a two-factor account: the console is unavailable with the one line that says what to do', async () => {
    const {r} = await cli('two-factor', (url) => ['run', '--only', 'network.console-reachable', '--format', 'json', '--console-url', url, '--console-user', 'admin'])
    expect(sourceOf(r, 'console')).toMatchObject({status: 'unavailable', detail: expect.stringMatching(/this account uses two-factor authentication.*use a service principal \(--console-client-id/)})
  })

  it('--console-api with a value it does not know is a usage error', async () => {
    const r = await runCli(['info', '--console-api', 'v19'])
    expect(r.code).not.toBe(0)
    expect(r.stderr).toMatch(/console-api/)
  })

  it('info shows the dialect and the trunks without register times', async () => {
    const {r} = await cli('idle', (url) => ['info', '--console-url', url, '--console-user', 'admin', '--ntp-server', 'none'])
    expect(r.stdout).toContain('api: "v20 API (auto: /api/login answered 404)"')
    expect(r.stdout).toContain('registerTimes: not given by this API version')
    expect(r.stdout).toMatch(/pbxNow: "unknown: no call in progress/)
  })
})
