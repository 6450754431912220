/**
 * The built-in checks that use the console, run against the v20 simulator and,
 * for the same situation, the v15.5 simulator: what the source normalises must
 * make a check decide alike on both dialects. Where a check still reads a v15-only
 * fact, the gap is pinned with `it.fails` (it flips when the check learns v20).
 * Both simulators record every request: on v20 nothing but GET and the login POST.
 */
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest'
import consoleReachable from '../../../../checks/network/console-reachable.js'
import ipChanged from '../../../../checks/network/ip-changed.js'
import multipleNics from '../../../../checks/network/multiple-nics.js'
import pbxClockSkew from '../../../../checks/time/pbx-clock-skew.js'
import loopbackRegistration from '../../../../checks/trunk/loopback-registration.js'
import {defaultSettings, type Settings} from '../../../../src/config/settings.js'
import {resolveCheckOptions} from '../../../../src/engine/check-options.js'
import type {Check} from '../../../../src/engine/check.js'
import {RunContext} from '../../../../src/engine/context.js'
import type {CheckResult} from '../../../../src/engine/result.js'
import {runChecks} from '../../../../src/engine/runner.js'
import {DEFAULT_CONSOLE_PASSWORD, startConsoleSimulator, type ConsoleSimulatorOptions, type SimulatorScenario} from '../../../../src/demo/console-simulator.js'
import {startConsoleSimulatorV20, type ConsoleSimulatorV20, type ConsoleSimulatorV20Options, type V20Scenario} from '../../../../src/demo/console-simulator-v20.js'
import {startSntpResponder, type SntpResponder} from '../../../../src/demo/sntp-responder.js'

let ntp: SntpResponder
beforeAll(async () => {
  ntp = await startSntpResponder({offsetMs: 0})
})
afterAll(async () => {
  await ntp?.stop()
})
const running: Array<{stop(): Promise<void>}> = []
const v20Sims: ConsoleSimulatorV20[] = []
afterEach(async () => {
  // Whatever a check asked, the v20 console saw only GETs and the user login.
  for (const s of v20Sims.splice(0)) {
    for (const r of s.requests) if (r.method !== 'GET') expect(['/api/login', '/webclient/api/Login/GetAccessToken', '/connect/token']).toContain(r.path)
    expect(s.requests.some((r) => r.status === 405)).toBe(false)
  }
  await Promise.all(running.splice(0).map((s) => s.stop()))
})

async function run(check: Check, url: string, extra: Partial<Settings> = {}): Promise<CheckResult> {
  const settings: Settings = {...defaultSettings('/'), consoleUrl: url, consoleUser: 'admin', consolePassword: DEFAULT_CONSOLE_PASSWORD, ntpServers: [ntp.spec], ...extra}
  const ctx = new RunContext(settings, {checkOptions: resolveCheckOptions([check], settings.checkOptions).byId})
  try {
    const [result] = await runChecks([check], ctx, {timeoutMs: 15_000})
    return result!
  } finally {
    await ctx.close()
  }
}
async function onV15(check: Check, options: ConsoleSimulatorOptions, extra: Partial<Settings> = {}): Promise<CheckResult> {
  const s = await startConsoleSimulator(options)
  running.push(s)
  return run(check, s.url, extra)
}
async function onV20(check: Check, options: ConsoleSimulatorV20Options, extra: Partial<Settings> = {}): Promise<{result: CheckResult; sim: ConsoleSimulatorV20}> {
  const s = await startConsoleSimulatorV20(options)
  running.push(s)
  v20Sims.push(s)
  return {result: await run(check, s.url, extra), sim: s}
}
/** The same situation on both dialects gives the same status and summary. */
async function alike(check: Check, v15: ConsoleSimulatorOptions, v20: ConsoleSimulatorV20Options): Promise<{v15: CheckResult; v20: CheckResult}> {
  const a = await onV15(check, v15)
  const {result: b} = await onV20(check, v20)
  expect(b.status, `${check.id}: ${b.summary}`).toBe(a.status)
  // The same verdict in the same words, but for the URL and the name of the PBX's time (v20: an active call's ServerNow).
  const plain = (text: string): string => text.replace(/http:\/\/127\.0\.0\.1:\d+/g, 'URL').replace("the console's ServerNow", "the console's Now")
  expect(plain(b.summary)).toBe(plain(a.summary))
  return {v15: a, v20: b}
}
const same = (v15: SimulatorScenario, v20: V20Scenario, extra: object = {}): [ConsoleSimulatorOptions, ConsoleSimulatorV20Options] => [
  {scenario: v15, ...extra},
  {scenario: v20, ...extra},
]

describe('network.console-reachable on v20', () => {
  it('healthy: services running, as on v15', async () => {
    const {v20} = await alike(consoleReachable, ...same('healthy', 'healthy'))
    expect(v20.status).toBe('pass')
  })

  it('a stopped service (the string "Stopped") fails as Status 1 does on v15', async () => {
    const {v20} = await alike(consoleReachable, ...same('service-stopped', 'service-stopped'))
    expect(v20.status).toBe('fail')
    expect(v20.summary).toContain('3CX PhoneSystem 01 IVR Server (3CXIVR01) is stopped')
  })

  it('502 from nginx, as on v15', async () => {
    const {v20} = await alike(consoleReachable, ...same('bad-gateway', 'bad-gateway'))
    expect(v20.status).toBe('fail')
  })
})

describe('network.ip-changed and network.multiple-nics on v20 (SystemStatus has the v15 names)', () => {
  for (const [v15, v20] of [
    ['healthy', 'healthy'],
    ['ip-elsewhere', 'ip-elsewhere'],
    ['ip-invalid', 'ip-invalid'],
  ] as const) {
    it(`ip-changed, ${v20}`, async () => {
      await alike(ipChanged, ...same(v15, v20, {localIp: '127.0.0.1'}))
    })
  }
  for (const scenario of ['healthy', 'multiple-nics'] as const) {
    it(`multiple-nics, ${scenario}`, async () => {
      await alike(multipleNics, ...same(scenario, scenario, {localIp: '127.0.0.1'}))
    })
  }
})

describe('time.pbx-clock-skew on v20', () => {
  it('a PBX clock 7 minutes ahead (ServerNow of a call) fails as the v15 Now does', async () => {
    const {v20} = await alike(pbxClockSkew, {scenario: 'skewed-clock', clockSkewMs: 7 * 60_000}, {scenario: 'skewed-clock'})
    expect(v20.status).toBe('fail')
    expect(v20.details.join('\n')).toMatch(/The console's active call says ServerNow = .*: 3CX is 7\.0 min ahead of the real time/)
  })

  it('a PBX clock on time passes, as on v15', async () => {
    await alike(pbxClockSkew, {scenario: 'healthy'}, {scenario: 'healthy'})
  })

  it('an idle v20 PBX: the console gives no time, and the check says why instead of judging a missing Now', async () => {
    const {result} = await onV20(pbxClockSkew, {scenario: 'idle'})
    expect(result.status).not.toBe('fail')
    expect(JSON.stringify(result)).toMatch(/no call in progress: a v20 PBX tells its time only as ServerNow of an active call/)
    expect(JSON.stringify(result)).not.toMatch(/is not a date and time/)
  })
})

describe('trunk.loopback-registration on v20', () => {
  it('finds the loopback trunk from Gateway.Host and reads its state from IsOnline', async () => {
    const {result} = await onV20(loopbackRegistration, {scenario: 'loopback-offline'})
    const evidence = result.evidence as {loopbackTrunks: Array<Record<string, unknown>>; otherTrunks: string[]}
    expect(evidence.loopbackTrunks).toEqual([
      expect.objectContaining({name: 'Loopback', host: '127.0.0.1', isRegistered: false, registerOkTime: null, registerFailedTime: null}),
    ])
    expect(evidence.otherTrunks).toEqual(['Carrier'])
    expect(result.status).toBe('warn')
  })

  // v20 gives IsOnline and no register times: an online loopback trunk passes, an offline one warns (cannot tell the display bug).
  it('passes an online v20 loopback trunk (decided from IsOnline: v20 gives no register times)', async () => {
    const {result} = await onV20(loopbackRegistration, {scenario: 'healthy'})
    expect(result.status).toBe('pass')
    expect(result.summary).toMatch(/loopback trunk\(s\) online/)
  })

  it('warns on an offline v20 loopback trunk, saying it cannot tell a real failure from the display bug', async () => {
    const {result} = await onV20(loopbackRegistration, {scenario: 'loopback-offline'})
    expect(result.status).toBe('warn')
    expect(result.summary).toMatch(/offline; this console gives no register times/)
    expect(result.details.join('\n')).toMatch(/--sip-probe/)
  })
})
