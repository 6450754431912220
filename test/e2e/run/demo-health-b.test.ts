/**
 * The built CLI's demos show the health checks' planted problems (src/demo/health-plants.ts):
 * `run --demo` an old backup and maintenance ending soon, `run --demo v20` automatic updates
 * off with an old last update, the audit log off, recordings near their quota and a large
 * blocklist; their measurements are in the JSON report with their thresholds.
 */
import {describe, expect, it} from 'vitest'
import {runCli, tempDir} from '../../helpers/cli.js'

interface Measurement {
  name: string
  value: number
  warn?: number
  fail?: number
  labels?: Record<string, string>
}
interface Report {
  results: Array<{id: string; status: string; summary: string; measurements?: Measurement[]}>
}

const HEALTH = ['pbx.backup', 'pbx.licence', 'pbx.updates', 'pbx.disk', 'security.blocklist', 'security.audit-log']

async function demo(args: string[]): Promise<Report> {
  const r = await runCli(['run', ...args, '--format', 'json', '--only', HEALTH.join(',')], {cwd: tempDir('tcx-demo-health-'), timeoutMs: 120_000})
  expect(r.stderr).toBe('')
  return JSON.parse(r.stdout) as Report
}
const result = (report: Report, id: string) => report.results.find((x) => x.id === id)!

describe('run --demo (v15.5)', () => {
  it('finds the 9-day-old backup and the maintenance that ends in 20 days; the v20-only checks say why they do not apply', async () => {
    const report = await demo(['--demo'])
    expect(report.results.map((x) => x.id).sort()).toEqual([...HEALTH].sort())
    expect(result(report, 'pbx.backup')).toMatchObject({status: 'fail', summary: expect.stringMatching(/^The last backup is 9 days old/)})
    expect(result(report, 'pbx.backup').measurements).toEqual([expect.objectContaining({name: 'backup_age_seconds', warn: 172_800, fail: 604_800})])
    expect(result(report, 'pbx.licence')).toMatchObject({status: 'warn', summary: expect.stringMatching(/^The maintenance expires in 20 days/)})
    expect(result(report, 'pbx.updates')).toMatchObject({status: 'skip', summary: expect.stringMatching(/^Not applicable: 3CX 15\.5\./)})
    expect(result(report, 'security.audit-log')).toMatchObject({status: 'skip', summary: expect.stringMatching(/^Not applicable: 3CX 15\.5\./)})
    expect(result(report, 'security.blocklist')).toMatchObject({status: 'skip', summary: expect.stringContaining('does not report the size of its IP blocklist')})
    // The console's DiskUsage, and this machine's volume of the sample's data folder.
    const disk = result(report, 'pbx.disk')
    expect(disk.measurements?.map((m) => m.labels)).toEqual(expect.arrayContaining([{from: 'console'}, {volume: expect.stringMatching(/sample-pbx.*Instance1.Data$/)}]))
  })
})

describe('run --demo v20', () => {
  it('finds updates off and old, the audit log off, recordings at 92% of the quota and 1240 blocked addresses', async () => {
    const report = await demo(['--demo', 'v20'])
    expect(result(report, 'pbx.updates')).toMatchObject({status: 'warn', summary: expect.stringMatching(/^Automatic updates are off .*the last successful update was 120 days ago/)})
    expect(result(report, 'security.audit-log')).toMatchObject({status: 'warn', summary: expect.stringContaining('The audit log is off')})
    expect(result(report, 'security.blocklist')).toMatchObject({status: 'fail', summary: expect.stringMatching(/^1240 IP addresses are blocked/)})
    expect(result(report, 'security.blocklist').measurements).toEqual([expect.objectContaining({name: 'blocklist_ips', value: 1240, warn: 100, fail: 1000})])
    const disk = result(report, 'pbx.disk')
    expect(disk.summary).toMatch(/recordings use 9\.2 GiB of their 10\.0 GiB quota \(92%\)/i)
    expect(disk.measurements).toEqual(expect.arrayContaining([expect.objectContaining({name: 'recording_quota_used_ratio', value: 0.92, warn: 0.8, fail: 0.95})]))
    expect(result(report, 'pbx.backup').status).toBe('pass')
    expect(result(report, 'pbx.licence').status).toBe('pass')
  })
})
