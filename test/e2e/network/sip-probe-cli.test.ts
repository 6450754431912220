/**
 * `run --sip-probe` through the built CLI against sipp as a registrar and the
 * console simulator: the trunk password from the config never shows.
 */
import {mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {DEFAULT_CONSOLE_PASSWORD, dotNetUtc, startConsoleSimulator, type ConsoleSimulator} from '../../../src/demo/console-simulator.js'
import {runCli, tempDir} from '../../helpers/cli.js'
import {sippAvailable, startSippRegistrar, type SippRegistrar} from '../../helpers/sipp.js'

const USER = '10001'
const PASSWORD = 'LoopTrunkPw-8812aa'

describe.skipIf(!sippAvailable())('run --sip-probe against sipp', () => {
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
