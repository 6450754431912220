/**
 * The built CLI's demos find the planted health problems (trunk.registration,
 * pbx.extensions-registered, pbx.services) on v15.5 and v20, show the PBX at a glance
 * in the report's target and header, and `info --demo` opens with the glance.
 */
import {describe, expect, it} from 'vitest'
import {runCli, tempDir} from '../../helpers/cli.js'

interface Report {
  target: {glance?: {trunks: {registered: number; total: number} | null; extensions: {registered: number; total: number} | null; fqdn: string | null}}
  results: Array<{id: string; status: string; summary: string; measurements: Array<{name: string; value: number; labels?: Record<string, string>}>}>
}

const result = (r: Report, id: string) => r.results.find((x) => x.id === id)!
const value = (r: Report, id: string, name: string) => result(r, id).measurements.find((m) => m.name === name)?.value

describe.each([
  ['v15', [] as string[], 'registered'],
  ['v20', ['v20'], 'online'],
])('run --demo %s', (_name, version, word) => {
  it('finds the planted trunk, system extension and service problems, and carries the glance', async () => {
    const cwd = tempDir('tcx-demo-health-')
    const r = await runCli(['run', '--demo', ...version, '--only', 'trunk,pbx', '--format', 'json'], {cwd, timeoutMs: 120_000})
    expect(r.stderr).toBe('')
    const report = JSON.parse(r.stdout) as Report
    expect(result(report, 'trunk.registration')).toMatchObject({status: 'fail', summary: `0 of 2 trunk(s) ${word}; not ${word}: Carrier.`})
    expect(value(report, 'trunk.registration', 'trunks_registered')).toBe(0)
    expect(result(report, 'pbx.extensions-registered')).toMatchObject({status: 'fail', summary: '20 of 24 extension(s) registered (83.3%); a system extension is NOT registered.'})
    expect(result(report, 'pbx.services')).toMatchObject({status: 'fail', summary: '1 of 4 3CX service(s) not running: 3CX PhoneSystem 01 IVR Server (stopped).'})
    expect(value(report, 'pbx.services', 'services_not_running')).toBe(1)
    // The glance agrees with what the checks found.
    expect(report.target.glance).toMatchObject({fqdn: 'pbx.example.com', trunks: {registered: 0, total: 2}, extensions: {registered: 20, total: 24}})
    expect(r.code).toBe(2)
  })
})

describe('the glance in the text header and in info', () => {
  it('run --demo prints it under the header line', async () => {
    const r = await runCli(['run', '--demo', '--only', 'pbx', '--fail-on', 'never', '--format', 'text'], {cwd: tempDir('tcx-demo-glance-'), timeoutMs: 120_000})
    expect(r.stdout.split('\n')[1]).toMatch(/^ {2}FQDN pbx\.example\.com; IPs 203\.0\.113\.10 public, \S+ local; trunks 0 of 2 registered; extensions 20 of 24 registered; calls 1 active of 16; last backup \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC\+01:00; licence expiry not known; maintenance until \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC\+00:00$/)
  })

  it('info --demo opens with the PBX at a glance', async () => {
    const r = await runCli(['info', '--demo'], {timeoutMs: 120_000})
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/\n# PBX at a glance \(source: install, version, console, ok\)\nPBX at a glance:\n {2}version: 15\.5\.10244\.4 \(.+\)\n {2}platform: Windows \(windows-v15 layout\)\n {2}fqdn: pbx\.example\.com\n/)
    expect(r.stdout).toMatch(/^ {2}trunks: 0 of 2 registered$/m)
    expect(r.stdout).toMatch(/^ {2}licenceExpiry: not known$/m)
  })
})
