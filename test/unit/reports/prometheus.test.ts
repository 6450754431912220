/**
 * The Prometheus textfile: measured values as gauges with their thresholds, one HELP/TYPE
 * block per name across checks, names that would clash with tcx-doctor's own metrics or
 * repeat a series left out (with a comment), and the status as an OpenMetrics state set
 * beside the enum.
 */
import {describe, expect, it} from 'vitest'
import {BUILTIN_METRICS, renderPrometheus, STATUS_VALUE} from '../../../reports/prometheus.js'
import {measure, STATUSES} from '../../../src/engine/check.js'
import {measuredReport, measuredResult} from './measured-report.js'

const offset = (value: number, clock: string) =>
  measure('clock_offset_seconds', value, 'seconds', {help: 'How far a clock is ahead (+) or behind (-).', warn: 1, fail: 30, bad: 'outside', labels: {clock}})
const diskFree = (value: number) => measure('disk_free_bytes', value, 'bytes', {help: 'Free space on the volume.', warn: 5e9, fail: 1e9, bad: 'below', min: 0, max: 1e11, labels: {volume: '/var/lib/3cxpbx'}})

const lines = (text: string, prefix: string) => text.split('\n').filter((l) => l.startsWith(prefix))

describe('measured values', () => {
  it('one gauge per measured value, labelled with the check id and its labels, with warn/fail threshold gauges', () => {
    const text = renderPrometheus(measuredReport([measuredResult('host.disk-free', 'warn', [diskFree(4.5e9)])]))
    expect(lines(text, 'tcx_doctor_disk_free_bytes')).toEqual([
      'tcx_doctor_disk_free_bytes{id="host.disk-free",volume="/var/lib/3cxpbx"} 4500000000',
      'tcx_doctor_disk_free_bytes_threshold{id="host.disk-free",volume="/var/lib/3cxpbx",level="warn",bad="below"} 5000000000',
      'tcx_doctor_disk_free_bytes_threshold{id="host.disk-free",volume="/var/lib/3cxpbx",level="fail",bad="below"} 1000000000',
    ])
    expect(text).toContain('# HELP tcx_doctor_disk_free_bytes Free space on the volume.\n# TYPE tcx_doctor_disk_free_bytes gauge\n')
  })

  it('the same name from two checks shares one HELP/TYPE block, its samples together', () => {
    const text = renderPrometheus(
      measuredReport([
        measuredResult('time.clock-drift', 'pass', [offset(0.2, 'machine'), offset(-2, 'database')]),
        measuredResult('host.disk-free', 'pass', [diskFree(5e10)]),
        measuredResult('plugin.ntp', 'pass', [offset(0.5, 'machine')]),
      ]),
    )
    expect(lines(text, '# HELP tcx_doctor_clock_offset_seconds ')).toHaveLength(1)
    expect(lines(text, '# TYPE tcx_doctor_clock_offset_seconds ')).toHaveLength(1)
    const block = text.slice(text.indexOf('# TYPE tcx_doctor_clock_offset_seconds gauge'))
    expect(block.split('\n').slice(1, 4)).toEqual([
      'tcx_doctor_clock_offset_seconds{id="time.clock-drift",clock="machine"} 0.2',
      'tcx_doctor_clock_offset_seconds{id="time.clock-drift",clock="database"} -2',
      'tcx_doctor_clock_offset_seconds{id="plugin.ntp",clock="machine"} 0.5',
    ])
    expect(lines(text, 'tcx_doctor_clock_offset_seconds_threshold')).toHaveLength(6)
  })

  it('a measurement without thresholds gets no threshold gauge; a NaN value is left out with a comment', () => {
    const calls = measure('calls_peak', 7, 'count', {help: 'Most calls at once.'})
    const nan = measure('calls_limit', Number.NaN, 'count', {help: 'Licensed calls.'})
    const text = renderPrometheus(measuredReport([measuredResult('license.calls', 'pass', [calls, nan])]))
    expect(lines(text, 'tcx_doctor_calls_peak')).toEqual(['tcx_doctor_calls_peak{id="license.calls"} 7'])
    expect(text).not.toContain('tcx_doctor_calls_limit')
    expect(text).toContain('# tcx-doctor: measurement calls_limit of check "license.calls" has no value (NaN); not written')
  })

  it('a name that would be a built-in metric, or another measurement\'s threshold family, is refused, the rest written', () => {
    const clash = (name: string) => measure(name, 1, 'count', {help: 'clash'})
    const text = renderPrometheus(
      measuredReport([
        measuredResult('plugin.evil', 'pass', [clash('exit_code'), clash('check_status'), clash('checks'), clash('clock_offset_seconds_threshold'), offset(3, 'machine')]),
      ]),
    )
    for (const name of ['exit_code', 'check_status', 'checks', 'clock_offset_seconds_threshold']) {
      expect(text).toContain(`# tcx-doctor: measurement ${name} of check "plugin.evil" would be a metric tcx-doctor writes itself; not written`)
    }
    expect(lines(text, '# HELP tcx_doctor_exit_code ')).toHaveLength(1)
    expect(text).toContain('tcx_doctor_exit_code 0\n')
    expect(text).not.toMatch(/^tcx_doctor_exit_code\{/m)
    expect(text).not.toContain('HELP tcx_doctor_clock_offset_seconds_threshold clash')
    expect(lines(text, 'tcx_doctor_clock_offset_seconds{')).toEqual(['tcx_doctor_clock_offset_seconds{id="plugin.evil",clock="machine"} 3'])
    // Every built-in name is refused, also the state set's.
    for (const family of BUILTIN_METRICS) {
      const t = renderPrometheus(measuredReport([measuredResult('plugin.evil', 'pass', [clash(family.replace(/^tcx_doctor_/, ''))])]))
      expect(lines(t, `# HELP ${family} `)).toHaveLength(1)
      expect(t).toContain('would be a metric tcx-doctor writes itself')
    }
  })

  it('a repeated series (same name, id and labels) keeps the first sample only: the collector refuses a file with duplicates', () => {
    const text = renderPrometheus(measuredReport([measuredResult('time.clock-drift', 'pass', [offset(1, 'machine'), offset(2, 'machine')])]))
    expect(lines(text, 'tcx_doctor_clock_offset_seconds{')).toEqual(['tcx_doctor_clock_offset_seconds{id="time.clock-drift",clock="machine"} 1'])
    expect(lines(text, 'tcx_doctor_clock_offset_seconds_threshold{')).toHaveLength(2)
    expect(text).toContain('repeats a series already written (same labels); the first is kept')
  })

  it('a label named level or bad keeps its value but not its thresholds (they would collide)', () => {
    const m = measure('queue_wait_seconds', 4, 'seconds', {help: 'Wait.', warn: 5, labels: {level: 'gold'}})
    const text = renderPrometheus(measuredReport([measuredResult('queue.wait', 'pass', [m])]))
    expect(lines(text, 'tcx_doctor_queue_wait_seconds')).toEqual(['tcx_doctor_queue_wait_seconds{id="queue.wait",level="gold"} 4'])
    expect(text).toContain('has a label named level or bad; its thresholds are not written')
  })

  it('a name that is not lower snake case (a plugin that bypassed validation) is never written as a metric name', () => {
    const bad = {name: 'x{y="1"} 2\nevil', help: 'h', value: 1, unit: 'count' as const}
    const text = renderPrometheus(measuredReport([measuredResult('plugin.x', 'pass', [bad])]))
    expect(text).not.toContain('evil')
    expect(text).toContain('# tcx-doctor: a measurement of check "plugin.x" has a name that is not lower snake case; not written')
  })

  it('a label name that is not lower snake case, or "id", leaves the measurement out: it would break the line or the series', () => {
    const bad = (labels: Record<string, string>) => ({name: 'queue_wait_seconds', help: 'h', value: 1, unit: 'seconds' as const, labels})
    const cases: Array<Record<string, string>> = [{'x"} 1\nevil{a': 'v'}, {__name__: 'v'}, {id: 'other'}, {Upper: 'v'}]
    for (const labels of cases) {
      const text = renderPrometheus(measuredReport([measuredResult('plugin.x', 'pass', [bad(labels)])]))
      expect(text).not.toContain('tcx_doctor_queue_wait_seconds')
      expect(text).not.toContain('evil')
      expect(text).toContain('has a label that is not lower snake case (or is "id"); not written')
    }
  })

    it('label values and HELP are escaped', () => {
    const m = measure('disk_free_ratio', 0.5, 'ratio', {help: 'Free \\ share\nof the volume', labels: {volume: 'C:\\3CX "data"\nx'}})
    const text = renderPrometheus(measuredReport([measuredResult('host.disk-free', 'pass', [m])]))
    expect(text).toContain('# HELP tcx_doctor_disk_free_ratio Free \\\\ share\\nof the volume\n')
    expect(text).toContain('tcx_doctor_disk_free_ratio{id="host.disk-free",volume="C:\\\\3CX \\"data\\"\\nx"} 0.5\n')
  })
})

describe('the check status as an OpenMetrics state set', () => {
  it('one series per check and status, 1 for the status the check has; the enum keeps its values', () => {
    const results = STATUSES.map((s) => measuredResult(`demo.${s}`, s, []))
    const text = renderPrometheus(measuredReport(results))
    for (const r of results) {
      const states = lines(text, `tcx_doctor_check_state{id="${r.id}"`)
      expect(states).toEqual(STATUSES.map((s) => `tcx_doctor_check_state{id="${r.id}",category="demo",severity="major",tcx_doctor_check_state="${s}"} ${s === r.status ? 1 : 0}`))
      expect(lines(text, `tcx_doctor_check_status{id="${r.id}"`)).toEqual([`tcx_doctor_check_status{id="${r.id}",category="demo",severity="major"} ${STATUS_VALUE[r.status]}`])
    }
  })
})
