/** A small report whose results carry measurements, for the monitoring formats' tests. */
import type {Measurement} from '../../../src/engine/check.js'
import type {Report} from '../../../src/engine/report.js'
import type {CheckResult} from '../../../src/engine/result.js'

export function measuredResult(id: string, status: CheckResult['status'], measurements: Measurement[]): CheckResult {
  return {
    id,
    title: `Check ${id}`,
    category: id.split('.')[0]!,
    severity: 'major',
    status,
    summary: `${id} is ${status}`,
    details: [],
    evidence: {},
    tables: [],
    measurements,
    remediation: 'fix it',
    durationMs: 12,
  }
}

export function measuredReport(results: CheckResult[], overrides: Partial<Report> = {}): Report {
  const count = (s: CheckResult['status']): number => results.filter((r) => r.status === s).length
  return {
    schemaVersion: 1,
    tool: {name: 'tcx-doctor', version: '0.0.0'},
    startedAt: '2026-11-26T04:00:00.000Z',
    durationMs: 1234,
    target: {hostname: 'pbx1', layout: 'debian'},
    sources: [],
    summary: {pass: count('pass'), warn: count('warn'), fail: count('fail'), skip: count('skip'), error: count('error'), waived: 0, worst: count('fail') > 0 ? 'fail' : count('warn') > 0 ? 'warn' : 'pass'},
    verdict: {state: count('fail') + count('warn') > 0 ? 'problems' : 'ok', reasons: []},
    results,
    notices: [],
    exitCode: count('fail') > 0 ? 2 : count('warn') > 0 ? 1 : 0,
    failOn: 'fail',
    ...overrides,
  }
}
