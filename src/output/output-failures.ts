/**
 * A run whose report files could not all be written: exit code 3 (UNKNOWN to a monitoring
 * system); with `asNotices` each failure is also a notice, so a machine format on stdout says why
 * (the text format has the stderr lines right below it).
 */
import type {Report} from '../engine/report.js'

export function withOutputFailures(report: Report, failures: readonly string[], options: {asNotices: boolean}): Report {
  if (failures.length === 0) return report
  const notices = options.asNotices ? failures.map((message) => ({level: 'error' as const, message})) : []
  return {...report, exitCode: 3, notices: [...report.notices, ...notices]}
}
