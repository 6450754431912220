/**
 * The Nagios plugin report (also read by Icinga, Naemon, Checkmk's local/MRPE
 * checks, Zabbix and Sensu): one status line with performance data, then one
 * line per result that is not a pass (the "long output").
 *
 *   TCX-DOCTOR CRITICAL - 1 fail, 1 warn on pbx1: install.ini-complete, api.stale-files | pass=3;;;0 warn=1;;;0 ...
 *   FAIL install.ini-complete: ...
 *   WARN api.stale-files: ...
 *
 * The state word follows the run's exit code (report.exitCode), which is also
 * the process exit code: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN. So which
 * statuses raise an alert is chosen with --fail-on, as for the CI gate.
 * A `|` in a value would start the performance data, so it is replaced; control
 * characters are shown as visible escapes (`inertLine`). When nothing could be
 * checked (verdict unknown), the status line says so with the reasons.
 */
import {STATUS_ORDER, isProblem} from '../src/engine/status.js'
import {pbxShort} from './pbx-summary.js'
import type {Status} from '../src/engine/check.js'
import type {Report} from '../src/engine/report.js'
import type {CheckResult} from '../src/engine/result.js'
import {inertLine} from '../src/lib/format.js'

export const NAGIOS_STATE: Record<number, string> = {0: 'OK', 1: 'WARNING', 2: 'CRITICAL', 3: 'UNKNOWN'}

/** Result statuses in the order the status line names them (worst first). */
/** Problems, worst first. */
const ORDER = STATUS_ORDER.filter(isProblem)
const MAX_IDS = 5
const MAX_LINE = 300

/** One line of plugin output: no `|` (it starts perfdata), no line breaks, bounded length. */
export function nagiosText(value: string, max = MAX_LINE): string {
  const flat = inertLine(value).replace(/\|/g, '/').replace(/[\r\n]+/g, ' ').replace(/\s+/g, ' ').trim()
  return flat.length > max ? `${flat.slice(0, max - 3)}...` : flat
}

/** A perfdata label: quoted when it holds anything beyond letters, digits, dot, dash and underscore. */
function perfLabel(label: string): string {
  return /^[A-Za-z0-9_.-]+$/.test(label) ? label : `'${label.replace(/'/g, '')}'`
}

export function nagiosPerfdata(report: Report): string {
  const s = report.summary
  const counts = (['pass', 'warn', 'fail', 'error', 'skip', 'waived'] as const).map((k) => `${perfLabel(k)}=${s[k]};;;0`)
  return [...counts, `duration=${(report.durationMs / 1000).toFixed(3)}s;;;0`].join(' ')
}

const counted = (r: CheckResult): boolean => r.waived === undefined

export function renderNagios(report: Report): string {
  const state = NAGIOS_STATE[report.exitCode] ?? 'UNKNOWN'
  const problems = ORDER.flatMap((status) => report.results.filter((r) => counted(r) && r.status === status))
  const tally = ORDER.map((status) => [status, problems.filter((r) => r.status === status).length] as const)
    .filter(([, n]) => n > 0)
    .map(([status, n]) => `${n} ${status}`)
  const passed = report.results.filter((r) => counted(r) && r.status === 'pass').length
  const skipped = report.results.filter((r) => counted(r) && r.status === 'skip').length
  const parts = tally.length > 0 ? tally : [`${passed} pass`, ...(skipped > 0 ? [`${skipped} skip`] : [])]
  if (report.summary.waived > 0) parts.push(`${report.summary.waived} waived`)
  const ids = problems.map((r) => r.id)
  const named = ids.length === 0 ? '' : `: ${ids.slice(0, MAX_IDS).join(', ')}${ids.length > MAX_IDS ? ` and ${ids.length - MAX_IDS} more` : ''}`
  const noChecks = report.results.length === 0 ? ' (no checks ran)' : ''
  const reasons = report.verdict?.state === 'unknown' ? [...new Set(report.verdict.reasons)] : []
  const pbx = pbxShort(report.target)
  const host = `${report.target.hostname}${pbx ? ` (${pbx})` : ''}`
  const what = report.verdict?.state === 'unknown'
    ? `nothing could be checked on ${host}${reasons.length > 0 ? `: ${reasons.join('; ')}` : ''}`
    : `${parts.join(', ')} on ${host}${named}${noChecks}`
  const first = `TCX-DOCTOR ${state} - ${nagiosText(what, 1000)} | ${nagiosPerfdata(report)}`
  const label: Record<Status, string> = {fail: 'FAIL', error: 'ERROR', warn: 'WARN', pass: 'PASS', skip: 'SKIP'}
  const long = [
    ...problems.map((r) => `${label[r.status]} ${r.id}: ${nagiosText(r.summary)}`),
    ...report.results.filter((r) => r.waived).map((r) => `WAIVED ${label[r.status]} ${r.id}: ${nagiosText(r.waived?.reason ?? '')}`),
    ...report.notices.filter((n) => n.level !== 'info').map((n) => `NOTE ${nagiosText(n.message)}`),
  ]
  return `${[first, ...long].join('\n')}\n`
}
