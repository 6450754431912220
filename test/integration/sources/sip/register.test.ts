/**
 * `--sip-probe`: a SIP REGISTER with the trunk's credentials, tested against sipp
 * as a registrar that checks digest auth (its verifyauth action), with the right
 * and a wrong password.
 */
import {mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import check from '../../../../checks/trunk/loopback-registration.js'
import {defaultSettings, type Settings} from '../../../../src/config/settings.js'
import {resolveCheckOptions} from '../../../../src/engine/check-options.js'
import {RunContext} from '../../../../src/engine/context.js'
import {runChecks} from '../../../../src/engine/runner.js'
import {DEFAULT_CONSOLE_PASSWORD, dotNetUtc, startConsoleSimulator, type ConsoleSimulator} from '../../../../src/demo/console-simulator.js'
import {digestAuthorization, parseDigestChallenge, sipRegisterProbe} from '../../../../src/sources/sip/index.js'
import {runCli, tempDir} from '../../../helpers/cli.js'
import {freeUdpPort, sippAvailable, startSippRegistrar, type SippRegistrar} from '../../../helpers/sipp.js'

const USER = '10001'
const PASSWORD = 'LoopTrunkPw-8812aa'
const haveSipp = sippAvailable()

describe('digest authentication (RFC 2617)', () => {
  it('computes the RFC 2617 example response', () => {
    const challenge = parseDigestChallenge('Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"')!
    expect(challenge).toMatchObject({realm: 'testrealm@host.com', nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093'})
    const header = digestAuthorization(challenge, {user: 'Mufasa', password: 'Circle Of Life', method: 'GET', uri: '/dir/index.html', cnonce: '0a4f113b', nc: '00000001'})
    expect(header).toContain('response="6629fae49393a05397450978507c4ef1"')
    expect(header).toContain('opaque="5ccc069c403ebaf9f0171e9517f40e41"')
    expect(parseDigestChallenge('Basic realm="x"')).toBeUndefined()
  })
})

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

  it('run --sip-probe end to end: the trunk password from the config never shows', async () => {
    const dir = tempDir('tcx-sip-')
    mkdirSync(dir, {recursive: true})
    writeFileSync(
      join(dir, 'tcx-doctor.config.json'),
      JSON.stringify({console: {url: sim.url, user: 'admin'}, checks: {'trunk.loopback-registration': {sipProbe: {credentials: {Loopback: {password: PASSWORD}}}}}}),
    )
    const result = await runCli(['run', '--sip-probe', '--only', 'trunk', '--format', 'json', '--ntp-server', 'none'], {cwd: dir, env: {TCX_CONSOLE_PASSWORD: DEFAULT_CONSOLE_PASSWORD}})
    const report = JSON.parse(result.stdout) as {results: Array<{status: string; details: string[]}>}
    expect(report.results[0]!.status).toBe('warn')
    expect(report.results[0]!.details.join('\n')).toContain('accepted the credentials of 10001 (200 OK)')
    expect(result.stdout + result.stderr).not.toContain(PASSWORD)
    expect(result.stdout + result.stderr).not.toContain(DEFAULT_CONSOLE_PASSWORD)
  })
})
