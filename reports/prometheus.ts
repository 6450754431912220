/**
 * The Prometheus report, in the text exposition format that node_exporter's
 * textfile collector reads (`--collector.textfile.directory`). Write it with
 * `--output /var/lib/node_exporter/textfile_collector/tcx_doctor.prom`: the run
 * writes a temp file in the same folder and renames it, so the collector never
 * reads half a file.
 *
 * Metrics (all gauges; docs/DELIVERY.md has alert examples, examples/prometheus/
 * fleet alerting rules):
 *   tcx_doctor_check_status{id,category,severity}   per check: STATUS_VALUE below (an enum, one series per check)
 *   tcx_doctor_check_state{id,category,severity,tcx_doctor_check_state}
 *                                                    the same status as an OpenMetrics state set: one series
 *                                                    per check and status, 1 for the check's status, else 0
 *   tcx_doctor_check_waived{id,category,severity}   1 when a waiver covers the result
 *   tcx_doctor_check_duration_seconds{id,category,severity}
 *   tcx_doctor_checks{status}                        results per status (waived ones included)
 *   tcx_doctor_checks_waived                         results covered by a waiver
 *   tcx_doctor_worst_status                          worst counted status, as STATUS_VALUE
 *   tcx_doctor_exit_code                             the run's exit code (0 ok, 1 warn, 2 fail, 3 error)
 *   tcx_doctor_run_duration_seconds
 *   tcx_doctor_last_run_timestamp_seconds            end of the run, Unix time (a value, not a sample timestamp)
 *   tcx_doctor_build_info{version}                   always 1
 *   tcx_doctor_pbx_info{version,platform,layout}     always 1: the 3CX seen ("unknown" where not told)
 *
 * Measured values (result.measurements), one gauge family per measurement name:
 *   tcx_doctor_<name>{id,...labels}                  the value; HELP from the first check that measures it
 *   tcx_doctor_<name>_threshold{id,...labels,level,bad}
 *                                                    the check's warn/fail threshold (level "warn"/"fail"),
 *                                                    bad "above", "below" or "outside" (|value| beyond it)
 * Two checks measuring the same name share one HELP/TYPE block. A measurement
 * whose family would be a built-in metric above, or whose name ends in
 * `_threshold` (the suffix of the threshold gauges), a second sample of a series already written, a name that
 * or a label name that is not lower snake case, and a NaN value are left out (and the thresholds of
 * one with a label named level or bad) with a `# tcx-doctor:`
 * comment line saying so: the collector would refuse the whole file for a
 * duplicate series or family, and a NaN is no measurement.
 *
 * The state set follows the OpenMetrics convention (the label is named after
 * the metric; exposed as a gauge in the text format). The enum
 * tcx_doctor_check_status keeps its meaning, so existing alerts on
 * `tcx_doctor_check_status >= 2` keep working.
 */
import {MEASUREMENT_NAME_PATTERN, STATUSES, type Measurement, type Status} from '../src/engine/check.js'
import {pbxFacts} from './pbx-summary.js'
import type {Report} from '../src/engine/report.js'
import type {CheckResult} from '../src/engine/result.js'

/** The value of tcx_doctor_check_status: 0 pass, 1 warn, 2 fail, 3 error (as Nagios), -1 skip (not applicable or not measurable). */
export const STATUS_VALUE: Record<Status, number> = {pass: 0, warn: 1, fail: 2, error: 3, skip: -1}

/** A label value: backslash, double quote and line feed escaped, as the exposition format requires. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')
}

/** HELP text: backslash and line feed escaped. */
export function escapeHelp(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')
}

type Labels = Record<string, string>

/** A sample value as Go's strconv.ParseFloat reads it (integers as is, no exponent surprises). */
function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN'
  if (value === Number.POSITIVE_INFINITY) return '+Inf'
  if (value === Number.NEGATIVE_INFINITY) return '-Inf'
  return String(value)
}

function sample(name: string, labels: Labels, value: number): string {
  const entries = Object.entries(labels)
  const labelText = entries.length > 0 ? `{${entries.map(([k, v]) => `${k}="${escapeLabelValue(v)}"`).join(',')}}` : ''
  return `${name}${labelText} ${formatValue(value)}`
}

function metric(name: string, help: string, samples: Array<[Labels, number]>): string[] {
  return [`# HELP ${name} ${escapeHelp(help)}`, `# TYPE ${name} gauge`, ...samples.map(([labels, value]) => sample(name, labels, value))]
}

const checkLabels = (r: CheckResult): Labels => ({id: r.id, category: r.category, severity: r.severity})

/** The metric families every report writes; a measurement may not take one of these names. */
export const BUILTIN_METRICS = [
  'tcx_doctor_check_status',
  'tcx_doctor_check_state',
  'tcx_doctor_check_waived',
  'tcx_doctor_check_duration_seconds',
  'tcx_doctor_checks',
  'tcx_doctor_checks_waived',
  'tcx_doctor_worst_status',
  'tcx_doctor_exit_code',
  'tcx_doctor_run_duration_seconds',
  'tcx_doctor_last_run_timestamp_seconds',
  'tcx_doctor_build_info',
  'tcx_doctor_pbx_info',
] as const

/** A measurement's label name: lower snake case, as the check API requires (never `__`-reserved or `id`). */
const LABEL_NAME = /^[a-z][a-z0-9_]{0,30}$/

/** The gauge family of a measurement name. */
export const measurementMetric = (name: string): string => `tcx_doctor_${name}`

interface Family {
  help: string
  samples: Array<[Labels, number]>
}

/** A line for what the file leaves out: a comment, so the collector skips it; no raw text of the check. */
const leftOut = (what: string): string => `# tcx-doctor: ${what.replace(/[\r\n]+/g, ' ')}`

/** The measured values as gauge families (see the header), and a comment for each one left out. */
export function measurementFamilies(results: CheckResult[]): {families: Map<string, Family>; notes: string[]} {
  const values = new Map<string, Family>()
  const thresholds = new Map<string, Family>()
  const seen = new Set<string>()
  const notes: string[] = []
  const measured: Array<[CheckResult, Measurement]> = results.flatMap((r) => (r.measurements ?? []).map((m) => [r, m] as [CheckResult, Measurement]))
  const taken = (family: string): boolean => (BUILTIN_METRICS as readonly string[]).includes(family)
  for (const [r, m] of measured) {
    const who = `check ${JSON.stringify(r.id).slice(0, 80)}`
    if (typeof m.name !== 'string' || !MEASUREMENT_NAME_PATTERN.test(m.name)) {
      notes.push(leftOut(`a measurement of ${who} has a name that is not lower snake case; not written`))
      continue
    }
    const family = measurementMetric(m.name)
    const thresholdFamily = `${family}_threshold`
    if (taken(family) || m.name.endsWith('_threshold')) {
      notes.push(leftOut(`measurement ${m.name} of ${who} would be a metric tcx-doctor writes itself; not written`))
      continue
    }
    if (typeof m.value !== 'number' || Number.isNaN(m.value)) {
      notes.push(leftOut(`measurement ${m.name} of ${who} has no value (NaN); not written`))
      continue
    }
    const own = Object.entries(m.labels ?? {})
    if (own.some(([k, v]) => !LABEL_NAME.test(k) || k === 'id' || typeof v !== 'string')) {
      notes.push(leftOut(`measurement ${m.name} of ${who} has a label that is not lower snake case (or is "id"); not written`))
      continue
    }
    const labels: Labels = {id: r.id, ...Object.fromEntries(own)}
    const key = JSON.stringify([family, Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1))])
    if (seen.has(key)) {
      notes.push(leftOut(`measurement ${m.name} of ${who} repeats a series already written (same labels); the first is kept`))
      continue
    }
    seen.add(key)
    const valueFamily = values.get(family) ?? {help: m.help, samples: []}
    valueFamily.samples.push([labels, m.value])
    values.set(family, valueFamily)
    const bad = m.bad ?? 'above'
    const hasLimits = [m.warn, m.fail].some((limit) => typeof limit === 'number' && Number.isFinite(limit))
    if (hasLimits && ('level' in labels || 'bad' in labels)) {
      notes.push(leftOut(`measurement ${m.name} of ${who} has a label named level or bad; its thresholds are not written`))
      continue
    }
    for (const level of ['warn', 'fail'] as const) {
      const limit = m[level]
      if (typeof limit !== 'number' || !Number.isFinite(limit)) continue
      const t = thresholds.get(thresholdFamily) ?? {
        help: `Threshold of ${family} at which the check warns or fails (level); bad: above it, below it, or outside -t..t.`,
        samples: [],
      }
      t.samples.push([{...labels, level, bad}, limit])
      thresholds.set(thresholdFamily, t)
    }
  }
  const families = new Map<string, Family>()
  for (const [name, f] of values) {
    families.set(name, f)
    const t = thresholds.get(`${name}_threshold`)
    if (t) families.set(`${name}_threshold`, t)
  }
  return {families, notes}
}

export function renderPrometheus(report: Report): string {
  const finishedMs = new Date(report.startedAt).getTime() + report.durationMs
  const pbx = pbxFacts(report.target)
  const lines = [
    ...metric(
      'tcx_doctor_check_status',
      'Result of each tcx-doctor check: 0 pass, 1 warn, 2 fail, 3 error, -1 skip.',
      report.results.map((r) => [checkLabels(r), STATUS_VALUE[r.status]]),
    ),
    ...metric(
      'tcx_doctor_check_state',
      'Result of each tcx-doctor check as a state set: 1 for the status the check has, 0 for the others.',
      report.results.flatMap((r) => STATUSES.map((s): [Labels, number] => [{...checkLabels(r), tcx_doctor_check_state: s}, r.status === s ? 1 : 0])),
    ),
    ...metric(
      'tcx_doctor_check_waived',
      '1 when a waiver in the config covers the check result (it then does not count for the exit code).',
      report.results.map((r) => [checkLabels(r), r.waived ? 1 : 0]),
    ),
    ...metric(
      'tcx_doctor_check_duration_seconds',
      'How long each check took.',
      report.results.map((r) => [checkLabels(r), r.durationMs / 1000]),
    ),
    ...metric(
      'tcx_doctor_checks',
      'Number of check results per status (waived results included).',
      (['pass', 'warn', 'fail', 'error', 'skip'] as const).map((s) => [{status: s}, report.summary[s]]),
    ),
    ...metric('tcx_doctor_checks_waived', 'Number of check results covered by a waiver.', [[{}, report.summary.waived]]),
    ...metric('tcx_doctor_worst_status', 'Worst status among results not waived: 0 pass, 1 warn, 2 fail, 3 error, -1 when every check was skipped or none ran.', [
      [{}, STATUS_VALUE[report.summary.worst]],
    ]),
    ...metric('tcx_doctor_exit_code', 'Exit code of the run: 0 ok, 1 warn, 2 fail, 3 error (depends on --fail-on).', [[{}, report.exitCode]]),
    ...metric('tcx_doctor_run_duration_seconds', 'Duration of the whole tcx-doctor run.', [[{}, report.durationMs / 1000]]),
    ...metric('tcx_doctor_last_run_timestamp_seconds', 'Unix time at which the last tcx-doctor run finished.', [
      [{}, Number.isNaN(finishedMs) ? Number.NaN : finishedMs / 1000],
    ]),
    ...metric('tcx_doctor_build_info', 'Version of tcx-doctor that wrote this file (always 1).', [[{version: report.tool.version}, 1]]),
    ...metric('tcx_doctor_pbx_info', 'The 3CX seen: version, platform and install layout ("unknown" when not told; always 1).', [
      [{version: pbx.version ?? 'unknown', platform: pbx.platform?.toLowerCase() ?? 'unknown', layout: pbx.layout ?? 'unknown'}, 1],
    ]),
  ]
  const measured = measurementFamilies(report.results)
  for (const [name, family] of measured.families) lines.push(...metric(name, family.help, family.samples))
  lines.push(...measured.notes)
  return `${lines.join('\n')}\n`
}
