/**
 * The Prometheus report, in the text exposition format that node_exporter's
 * textfile collector reads (`--collector.textfile.directory`). Write it with
 * `--output /var/lib/node_exporter/textfile_collector/tcx_doctor.prom`: the run
 * writes a temp file in the same folder and renames it, so the collector never
 * reads half a file.
 *
 * Metrics (all gauges; docs/DELIVERY.md has alert examples):
 *   tcx_doctor_check_status{id,category,severity}   per check: STATUS_VALUE below
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
 */
import type {Status} from '../src/engine/check.js'
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
  return `${lines.join('\n')}\n`
}
