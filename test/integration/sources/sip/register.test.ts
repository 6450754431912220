/**
 * `--sip-probe`: a SIP REGISTER with the trunk's credentials, tested against sipp
 * as a registrar that checks digest auth (its verifyauth action), with the right
 * and a wrong password; the check with --sip-probe in a run context.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import check from '../../../../checks/trunk/loopback-registration.js'
import {defaultSettings, type Settings} from '../../../../src/config/settings.js'
import {resolveCheckOptions} from '../../../../src/engine/check-options.js'
import {RunContext} from '../../../../src/engine/context.js'
import {runChecks} from '../../../../src/engine/runner.js'
import {DEFAULT_CONSOLE_PASSWORD, dotNetUtc, startConsoleSimulator, type ConsoleSimulator} from '../../../../src/demo/console-simulator.js'
import {sipRegisterProbe} from '../../../../src/sources/sip/index.js'
import {freeUdpPort, sippAvailable, startSippRegistrar, type SippRegistrar} from '../../../helpers/sipp.js'

const USER = '10001'
const PASSWORD = 'LoopTrunkPw-8812aa'
const haveSipp = sippAvailable()

describe.skipIf(!haveSipp)('against sipp as a registrar (verifyauth)', () => {
  let registrar: SippRegistrar
  let sim: ConsoleSimulator
  beforeAll(async () => {
    registrar = await startSippRegistrar({user: USER, password: PASSWORD})
    const ok = dotNetUtc(new Date(Date.now() - 4 * 60_000))
    sim = await startConsoleSimulator({
      trunks: [{Name: 'Loopback', Number: USER, Host: `127.0.0.1:${registrar.port}`, IsRegistered: false, RegisterOkTime: ok, RegisterSentTime: ok, RegisterFailedTime: ''}],
    })
  })
  afterAll(async () => {
    await sim?.stop()
    await registrar?.stop()
  })

  it('the right password: 200 after the challenge', async () => {
    const r = await sipRegisterProbe({host: '127.0.0.1', port: registrar.port, user: USER, password: PASSWORD, timeoutMs: 3000})
    expect(r).toMatchObject({outcome: 'accepted', status: 200, answers: ['401 Unauthorized', '200 OK']})
  })

  it('a wrong password: 403', async () => {
    const r = await sipRegisterProbe({host: '127.0.0.1', port: registrar.port, user: USER, password: 'not-it', timeoutMs: 3000})
    expect(r).toMatchObject({outcome: 'rejected', status: 403, answers: ['401 Unauthorized', '403 Forbidden']})
    expect(r.reason).toBe(`127.0.0.1:${registrar.port} rejected the credentials of ${USER} (403 Forbidden)`)
  })

  it('nothing listening: a clear line within the bound', async () => {
    const port = await freeUdpPort()
    const started = Date.now()
    const r = await sipRegisterProbe({host: '127.0.0.1', port, user: USER, password: PASSWORD, timeoutMs: 1500})
    expect(r.outcome).toBe('no-answer')
    expect(r.reason).toMatch(new RegExp(`^(nothing listens for SIP at 127\\.0\\.0\\.1:${port} \\(UDP port unreachable\\)|no SIP answer from 127\\.0\\.0\\.1:${port} \\(UDP\\) within 1\\.5 s)`))
    expect(Date.now() - started).toBeLessThan(2500)
  })

  async function runWith(password: string | undefined): Promise<{status: string; details: string[]; evidence: Record<string, unknown>}> {
    const settings: Settings = {
      ...defaultSettings('/'),
      consoleUrl: sim.url,
      consoleUser: 'admin',
      consolePassword: DEFAULT_CONSOLE_PASSWORD,
      sipProbe: true,
      checkOptions: password === undefined ? {} : {'trunk.loopback-registration': {sipProbe: {credentials: {Loopback: {password}}, timeoutSeconds: 3}}},
    }
    // The config's checks.<id> entries, validated and merged over the check's defaults as `run` does.
    const ctx = new RunContext(settings, {checkOptions: resolveCheckOptions([check], settings.checkOptions).byId})
    const [r] = await runChecks([check], ctx, {timeoutMs: 10_000})
    await ctx.close()
    return r!
  }

  it('the check with --sip-probe: right credentials confirm the display bug (warn), wrong ones make it fail', async () => {
    const good = await runWith(PASSWORD)
    expect(good.status).toBe('warn')
    expect(good.details).toContain(`Loopback, SIP probe: 127.0.0.1:${registrar.port} accepted the credentials of ${USER} (200 OK).`)
    const trunk = (good.evidence.loopbackTrunks as Array<Record<string, unknown>>)[0]!
    expect(trunk.sipProbe).toEqual({target: `127.0.0.1:${registrar.port}`, outcome: 'accepted', status: 200, answers: ['401 Unauthorized', '200 OK']})

    const bad = await runWith('wrong-one-123')
    expect(bad.status).toBe('fail')
    expect(bad.details.join('\n')).toMatch(/the PBX refused a REGISTER with the configured credentials just now/)

    const none = await runWith(undefined)
    expect(none.status).toBe('warn')
    expect(none.details.join('\n')).toMatch(/no credentials for "Loopback" in the config .*: no REGISTER sent/)
  })
})
