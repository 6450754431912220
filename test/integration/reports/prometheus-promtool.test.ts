/**
 * The Prometheus textfile as Prometheus' own linter reads it: `promtool check metrics`
 * (Debian package prometheus) on the reports of both demo PBXes and on a report whose checks
 * measure the same names, clash with built-in metrics and carry hostile label values. It must
 * pass with no lint problem; a file promtool refuses shows the test can fail.
 */
import {beforeAll, describe, expect, it} from 'vitest'
import {renderPrometheus} from '../../../reports/prometheus.js'
import {measure} from '../../../src/engine/check.js'
import type {Report} from '../../../src/engine/report.js'
import {measuredReport, measuredResult} from '../../unit/reports/measured-report.js'
import {demoReport, type DemoName} from './demo-reports.js'
import {runTool, toolMissing} from './system-tool.js'

const missing = toolMissing('promtool', ['--version'], 'prometheus')
const checkMetrics = (text: string) => runTool('promtool', ['check', 'metrics'], {input: text})

const demos: Partial<Record<DemoName, Report>> = {}
beforeAll(async () => {
  if (missing) return
  for (const v of ['v15', 'v20'] as const) demos[v] = await demoReport(v)
}, 120_000)

describe.skipIf(missing !== undefined)(`promtool check metrics${missing ? ` (${missing})` : ''}`, () => {
  for (const v of ['v15', 'v20'] as const) {
    it(`passes the --demo ${v} textfile, which holds the measured clock offsets with their thresholds`, () => {
      const text = renderPrometheus(demos[v]!)
      expect(text).toMatch(/^tcx_doctor_clock_offset_seconds\{id="time.clock-drift",clock="machine",from="sntp"\} -?\d/m)
      expect(text).toMatch(/^tcx_doctor_clock_offset_seconds_threshold\{id="time.clock-drift",clock="machine",from="sntp",level="fail",bad="outside"\} 30$/m)
      expect(text).toMatch(/^tcx_doctor_check_state\{id="time.clock-drift",category="time",severity="[a-z]+",tcx_doctor_check_state="pass"\} 1$/m)
      expect(checkMetrics(text)).toEqual({code: 0, stdout: '', stderr: ''})
    })
  }

  it('passes a report with shared names, refused clashes, NaN and hostile label values', () => {
    const hostile = 'C:\\3CX "x"\nnext } { = , \u0000\u001b[2J'
    const m = (name: string, value: number, labels: Record<string, string> = {}) =>
      measure(name, value, name.endsWith('_bytes') ? 'bytes' : name.endsWith('_seconds') ? 'seconds' : name.endsWith('_ratio') ? 'ratio' : 'count', {help: `help of ${name} ${hostile}`, warn: 1, fail: 2, labels})
    const report = measuredReport([
      measuredResult('host.disk-free', 'warn', [m('disk_free_bytes', 4e9, {volume: hostile}), m('disk_free_ratio', 0.04, {volume: hostile})]),
      measuredResult('plugin.disk', 'pass', [m('disk_free_bytes', 9e10, {volume: '/'}), m('exit_code', 5), m('checks', 1), m('calls_limit', Number.NaN)]),
      measuredResult('backup.age', 'fail', [m('backup_age_seconds', 9e5)]),
    ])
    const text = renderPrometheus(report)
    expect(text).toContain('# tcx-doctor: ')
    expect(checkMetrics(text)).toEqual({code: 0, stdout: '', stderr: ''})
  })

  it('refuses a file with a metric family in two places (so a pass above means something)', () => {
    const text = renderPrometheus(demos.v15!)
    const broken = `${text}# HELP tcx_doctor_exit_code again\n# TYPE tcx_doctor_exit_code gauge\ntcx_doctor_exit_code{x="1"} 1\n`
    expect(checkMetrics(broken).code).not.toBe(0)
  })
})
