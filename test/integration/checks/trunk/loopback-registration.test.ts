/**
 * trunk.loopback-registration against the console simulator: every status, the
 * loopback rules, the window option, and a missing source.
 */
import {afterEach, describe, expect, it} from 'vitest'
import check, {judgeTrunk, loopbackRule, trunkHostName} from '../../../../checks/trunk/loopback-registration.js'
import {defaultSettings, type Settings} from '../../../../src/config/settings.js'
import {resolveCheckOptions} from '../../../../src/engine/check-options.js'
import {RunContext} from '../../../../src/engine/context.js'
import type {CheckResult} from '../../../../src/engine/result.js'
import {runChecks} from '../../../../src/engine/runner.js'
import type {Trunk} from '../../../../src/sources/console/index.js'
import {DEFAULT_CONSOLE_PASSWORD, dotNetUtc, startConsoleSimulator, type ConsoleSimulatorOptions} from '../../../../src/demo/console-simulator.js'
import {freePort} from '../../../helpers/ports.js'

const running: Array<{stop(): Promise<void>}> = []
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()))
})

async function runAgainst(options: ConsoleSimulatorOptions, extra: Partial<Settings> = {}): Promise<CheckResult> {
  const sim = await startConsoleSimulator(options)
  running.push(sim)
  const settings: Settings = {...defaultSettings('/'), consoleUrl: sim.url, consoleUser: 'admin', consolePassword: DEFAULT_CONSOLE_PASSWORD, ...extra}
  const ctx = new RunContext(settings, {checkOptions: resolveCheckOptions([check], settings.checkOptions).byId})
  try {
    const [result] = await runChecks([check], ctx, {timeoutMs: 10_000})
    return result!
  } finally {
    await ctx.close()
  }
}

const ago = (minutes: number): string => dotNetUtc(new Date(Date.now() - minutes * 60_000))

describe('statuses', () => {
  it('pass: the loopback trunk is registered with a recent OK time', async () => {
    const r = await runAgainst({scenario: 'healthy', localIp: '127.0.0.1'})
    expect(r.status).toBe('pass')
    expect(r.summary).toBe('1 loopback trunk(s) registered with a recent OK time: Loopback.')
    expect(r.details.at(-1)).toMatch(/count twice against the simultaneous-call licence/)
  })

  it('warn: shown as not registered but the OK time is fresh: the display bug, "Refresh Registration"', async () => {
    const r = await runAgainst({scenario: 'loopback-display-bug', localIp: '127.0.0.1'})
    expect(r.status).toBe('warn')
    expect(r.summary).toMatch(/Loopback is shown as not registered but registered recently: the known display bug; click "Refresh Registration"/)
    const evidence = r.evidence as {loopbackTrunks: Array<Record<string, unknown>>; otherTrunks: string[]; windowMinutes: number}
    expect(evidence.loopbackTrunks).toHaveLength(1)
    expect(evidence.loopbackTrunks[0]).toMatchObject({
      name: 'Loopback',
      host: '127.0.0.1',
      loopbackBecause: '127.0.0.1 is a loopback address (127.0.0.0/8)',
      isRegistered: false,
      registerFailedTime: '',
      status: 'warn',
    })
    expect(evidence.loopbackTrunks[0]!.registerOkTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/)
    expect(evidence.loopbackTrunks[0]).toHaveProperty('registerSentTime')
    expect(evidence.otherTrunks).toEqual(['Carrier'])
    expect(evidence.windowMinutes).toBe(60)
  })

  it('fail: a failure after the last OK (trunk really failing)', async () => {
    const r = await runAgainst({scenario: 'loopback-failing', localIp: '127.0.0.1'})
    expect(r.status).toBe('fail')
    expect(r.summary).toBe('Loopback trunk registration really fails: Loopback.')
    expect(r.details[0]).toMatch(/registration failed at .*Z, after the last success at .*Z: registration really fails now/)
  })

  it('fail: never registered', async () => {
    const r = await runAgainst({scenario: 'loopback-never', localIp: '127.0.0.1'})
    expect(r.status).toBe('fail')
    expect(r.details[0]).toMatch(/never registered \(RegisterOkTime is empty; last failure .*\): the credentials or the host are wrong/)
  })

  it('fail: the last OK is older than the window; the window is configurable', async () => {
    const trunks: Array<Partial<Trunk>> = [{Name: 'Loop', Host: '127.0.0.1', IsRegistered: true, RegisterOkTime: ago(90), RegisterSentTime: ago(90), RegisterFailedTime: ''}]
    const stale = await runAgainst({trunks})
    expect(stale.status).toBe('fail')
    expect(stale.details[0]).toMatch(/last successful registration 90 min ago .*older than the 60 min re-registration window/)
    const wider = await runAgainst({trunks}, {checkOptions: {'trunk.loopback-registration': {windowMinutes: 120}}})
    expect(wider.status).toBe('pass')
    expect((wider.evidence as {windowMinutes: number}).windowMinutes).toBe(120)
  })

  it('the worst trunk decides when there are several loopback trunks', async () => {
    const r = await runAgainst({
      trunks: [
        {Name: 'Good', Host: '127.0.0.1:5060', IsRegistered: true, RegisterOkTime: ago(3)},
        {Name: 'Shown red', Host: 'pbx.example.com', IsRegistered: false, RegisterOkTime: ago(3)},
        {Name: 'Carrier', Host: 'sip.carrier.example', IsRegistered: true, RegisterOkTime: ago(3)},
      ],
    })
    expect(r.status).toBe('warn')
    expect((r.evidence as {loopbackTrunks: Array<{name: string; status: string; loopbackBecause: string}>}).loopbackTrunks).toEqual([
      expect.objectContaining({name: 'Good', status: 'pass', loopbackBecause: '127.0.0.1 is a loopback address (127.0.0.0/8)'}),
      expect.objectContaining({name: 'Shown red', status: 'warn', loopbackBecause: 'pbx.example.com is the PBX FQDN'}),
    ])
  })

  it('skip: no loopback trunk, listing the trunks seen', async () => {
    const r = await runAgainst({trunks: [{Name: 'Carrier', Host: 'sip.carrier.example', RegisterOkTime: ago(3)}, {Name: 'Backup', Host: '198.51.100.7'}]})
    expect(r.status).toBe('skip')
    expect(r.summary).toBe('No loopback trunk: none of the 2 trunk(s) points at this PBX (Carrier (sip.carrier.example), Backup (198.51.100.7)).')
  })

  it('skip: no console source (refused), with the clear line', async () => {
    const port = await freePort()
    const settings: Settings = {...defaultSettings('/'), consoleUrl: `http://127.0.0.1:${port}/`, consoleUser: 'admin', consolePassword: 'x-password'}
    // The config's checks.<id> entries, validated and merged over the check's defaults as `run` does.
    const ctx = new RunContext(settings, {checkOptions: resolveCheckOptions([check], settings.checkOptions).byId})
    const [r] = await runChecks([check], ctx, {timeoutMs: 10_000})
    await ctx.close()
    expect(r!.status).toBe('skip')
    expect(r!.summary).toBe(`Needs the console source: connection refused at http://127.0.0.1:${port}: is the "3CX PhoneSystem Nginx Server" service running, and is the URL right (--console-url)?`)
  })

  it('skip: the console answers 502', async () => {
    const r = await runAgainst({scenario: 'bad-gateway'})
    expect(r.status).toBe('skip')
    expect(r.summary).toMatch(/the 3CX web server is up but its backend is not/)
  })
})

describe('what makes a trunk a loopback trunk', () => {
  const status = {FQDN: 'PBX.example.com', CurrentLocalIp: '10.20.30.40', AvailableLocalIps: '10.20.30.40,10.20.30.41', Ip: '203.0.113.10 Static'}
  const host = new Map([['192.168.77.5', 'eth0']])
  it('names the rule', () => {
    expect(loopbackRule('127.0.0.1', status, host)).toBe('127.0.0.1 is a loopback address (127.0.0.0/8)')
    expect(loopbackRule('127.8.9.10:5060', status, host)).toBe('127.8.9.10 is a loopback address (127.0.0.0/8)')
    expect(loopbackRule('192.168.77.5', status, host)).toBe('192.168.77.5 is an address of this host (eth0)')
    expect(loopbackRule('pbx.example.com:5060', status, host)).toBe('pbx.example.com is the PBX FQDN')
    expect(loopbackRule('10.20.30.40', status, host)).toBe("10.20.30.40 is 3CX's CurrentLocalIp")
    expect(loopbackRule('10.20.30.41', status, host)).toBe("10.20.30.41 is one of 3CX's AvailableLocalIps")
    expect(loopbackRule('203.0.113.10', status, host)).toBe("203.0.113.10 is 3CX's public Ip")
    expect(loopbackRule('sip.carrier.example', status, host)).toBeUndefined()
    expect(loopbackRule('', status, host)).toBeUndefined()
  })
  it('reads host forms', () => {
    expect(trunkHostName('[::1]:5060')).toBe('::1')
    expect(trunkHostName('sip:Pbx.Example.com:5060')).toBe('pbx.example.com')
    expect(trunkHostName('fe80::1')).toBe('fe80::1')
  })
  it('judges by the three times, not by IsRegistered alone', () => {
    const now = new Date('2026-11-26T03:00:00Z')
    const t = (o: Partial<Trunk>): Trunk => ({Id: '1', Number: '1', Name: 'L', Host: '127.0.0.1', Type: 'Provider', SimCalls: '1', ExternalNumber: '', IsRegistered: false, RegisterOkTime: '', RegisterSentTime: '', RegisterFailedTime: '', CanBeDeleted: true, ...o})
    const hour = 3600_000
    expect(judgeTrunk(t({RegisterOkTime: '2026-11-26T02:55:40.0000000Z'}), now, hour).status).toBe('warn')
    expect(judgeTrunk(t({IsRegistered: true, RegisterOkTime: '2026-11-26T02:55:40.0000000Z'}), now, hour).status).toBe('pass')
    // An old failure before a recent OK does not count against it.
    expect(judgeTrunk(t({RegisterOkTime: '2026-11-26T02:55:40.0000000Z', RegisterFailedTime: '2026-11-26T01:00:00.0000000Z'}), now, hour).status).toBe('warn')
    expect(judgeTrunk(t({RegisterOkTime: '2026-11-26T02:55:40.0000000Z', RegisterFailedTime: '2026-11-26T02:56:00.0000000Z'}), now, hour).status).toBe('fail')
    expect(judgeTrunk(t({IsRegistered: true, RegisterOkTime: '2026-11-26T01:30:00.0000000Z'}), now, hour).status).toBe('fail')
    expect(judgeTrunk(t({IsRegistered: true}), now, hour).status).toBe('fail')
  })
})
