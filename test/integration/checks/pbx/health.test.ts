/**
 * The health checks (pbx.backup, pbx.licence, pbx.updates, pbx.disk, security.blocklist,
 * security.audit-log) in one run against each console simulator, over HTTP with a real
 * login: first as the simulators answer by default, then with the demos' planted
 * problems (src/demo/health-plants.ts). The volumes are the samples' own folders.
 */
import {join} from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import pbxBackup from '../../../../checks/pbx/backup.js'
import pbxDisk from '../../../../checks/pbx/disk.js'
import pbxLicence from '../../../../checks/pbx/licence.js'
import pbxUpdates from '../../../../checks/pbx/updates.js'
import securityAuditLog from '../../../../checks/security/audit-log.js'
import securityBlocklist from '../../../../checks/security/blocklist.js'
import {defaultSettings, type Settings} from '../../../../src/config/settings.js'
import {resolveCheckOptions} from '../../../../src/engine/check-options.js'
import {RunContext} from '../../../../src/engine/context.js'
import type {CheckResult} from '../../../../src/engine/result.js'
import {runChecks} from '../../../../src/engine/runner.js'
import {DEFAULT_CONSOLE_PASSWORD, startConsoleSimulator} from '../../../../src/demo/console-simulator.js'
import {startConsoleSimulatorV20} from '../../../../src/demo/console-simulator-v20.js'
import {v15HealthPlants, v20HealthPlants} from '../../../../src/demo/health-plants.js'
import {sampleV20InstallDir} from '../../../../src/demo/sample-live.js'
import {SAMPLE_INSTALL} from '../../../helpers/cli.js'

const CHECKS = [pbxBackup, pbxLicence, pbxUpdates, pbxDisk, securityBlocklist, securityAuditLog]
const running: Array<{stop(): Promise<void>}> = []
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()))
})

async function runAll(url: string, installDir: string, extra: Partial<Settings> = {}): Promise<Record<string, CheckResult>> {
  const settings: Settings = {
    ...defaultSettings('/'),
    consoleUrl: url,
    consoleUser: 'admin',
    consolePassword: DEFAULT_CONSOLE_PASSWORD,
    installDir,
    dataDir: join(installDir, 'Instance1', 'Data'),
    ...extra,
  }
  const ctx = new RunContext(settings, {checkOptions: resolveCheckOptions(CHECKS, settings.checkOptions).byId})
  try {
    const results = await runChecks(CHECKS, ctx, {timeoutMs: 15_000})
    return Object.fromEntries(results.map((r) => [r.id, r]))
  } finally {
    await ctx.close()
  }
}

/** The console's row of pbx.disk's table (this machine's volumes depend on the machine running the test). */
const consoleRow = (r: CheckResult) => r.tables?.[0]?.rows.find((row) => row[1] === 'console')

describe('the v15.5 simulator', () => {
  it('as it answers by default: a backup 25 h old, maintenance far off; no update, audit-log or blocklist fields', async () => {
    const sim = await startConsoleSimulator({scenario: 'healthy'})
    running.push(sim)
    const r = await runAll(sim.url, SAMPLE_INSTALL)
    expect(r['pbx.backup']).toMatchObject({status: 'pass', summary: expect.stringMatching(/^The last backup is 2[45] h/)})
    expect(r['pbx.licence']).toMatchObject({status: 'pass', summary: 'The licence is in order: maintenance until 2027-03-01.'})
    expect(r['pbx.updates']).toMatchObject({status: 'skip', summary: expect.stringMatching(/^Not applicable: 3CX 15\.5\.10244\.4 \(SystemStatus\.Version/)})
    expect(r['security.audit-log']).toMatchObject({status: 'skip', summary: expect.stringMatching(/^Not applicable: 3CX 15\.5\.10244\.4/)})
    expect(r['security.blocklist']).toMatchObject({status: 'skip', summary: expect.stringContaining('does not report the size of its IP blocklist')})
    expect(consoleRow(r['pbx.disk']!)).toEqual(['PBX disk', 'console', 'not reported', 'not reported', '69%', 'pass'])
    expect(r['pbx.disk']!.tables?.[0]?.rows.some((row) => String(row[1]).startsWith('this machine (data, recordings;'))).toBe(true)
  })

  it('with the demo plants: the backup 9 days old fails, maintenance within 20 days warns', async () => {
    const sim = await startConsoleSimulator({scenario: 'loopback-display-bug', systemStatus: v15HealthPlants(new Date())})
    running.push(sim)
    const r = await runAll(sim.url, SAMPLE_INSTALL)
    expect(r['pbx.backup']).toMatchObject({status: 'fail', summary: expect.stringMatching(/^The last backup is 9 days old \(.*\+01:00\)\.$/)})
    expect(r['pbx.backup']!.measurements?.[0]).toMatchObject({name: 'backup_age_seconds', warn: 172_800, fail: 604_800})
    expect(r['pbx.licence']).toMatchObject({status: 'warn', summary: expect.stringMatching(/^The maintenance expires in 20 days \(\d{4}-\d\d-\d\d\)\.$/)})
  })
})

describe('the v20 simulator', () => {
  it('as it answers by default: every health check passes on the console side', async () => {
    const sim = await startConsoleSimulatorV20({scenario: 'healthy'})
    running.push(sim)
    const r = await runAll(sim.url, sampleV20InstallDir(), {consoleApi: 'v20'})
    for (const id of ['pbx.backup', 'pbx.licence', 'pbx.updates', 'security.blocklist', 'security.audit-log']) expect(r[id]!.status, `${id}: ${r[id]!.summary}`).toBe('pass')
    expect(r['pbx.licence']!.details).toContain('ExpirationDate is null: the licence has no end date (a perpetual licence).')
    expect(consoleRow(r['pbx.disk']!)).toEqual(['PBX disk', 'console', '38.0 GiB', '55.1 GiB', '69%', 'pass'])
    expect(r['pbx.disk']!.measurements?.find((m) => m.name === 'recording_quota_used_ratio')).toMatchObject({value: 0.0001, warn: 0.8, fail: 0.95})
    expect(sim.requests.filter((q) => q.method !== 'GET').map((q) => q.path)).toEqual(['/webclient/api/Login/GetAccessToken'])
  })

  it('with the demo plants: updates off and old, audit log off, recordings at 92% of the quota, 1240 blocked addresses', async () => {
    const sim = await startConsoleSimulatorV20({scenario: ['loopback-offline', 'service-stopped'], systemStatus: v20HealthPlants(new Date())})
    running.push(sim)
    const r = await runAll(sim.url, sampleV20InstallDir(), {consoleApi: 'v20'})
    expect(r['pbx.updates']).toMatchObject({status: 'warn', summary: expect.stringMatching(/^Automatic updates are off \(AutoUpdateEnabled is false\); the last successful update was 120 days ago/)})
    expect(r['security.audit-log']).toMatchObject({status: 'warn', summary: 'The audit log is off: who changed what in the management console is not recorded.'})
    expect(r['security.blocklist']).toMatchObject({status: 'fail', summary: expect.stringMatching(/^1240 IP addresses are blocked/)})
    expect(['warn', 'fail']).toContain(r['pbx.disk']!.status)
    expect(r['pbx.disk']!.summary).toMatch(/recordings use 9\.2 GiB of their 10\.0 GiB quota \(92%\)/i)
    expect(r['pbx.backup']!.status).toBe('pass')
    expect(r['pbx.licence']!.status).toBe('pass')
  })
})
