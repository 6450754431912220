/**
 * The one data model every reporter renders. JSON is its direct image;
 * reports/report.schema.json describes it (fields may be added, none removed or renamed).
 */
import {STATUS_ORDER, type Status} from './status.js'
import type {SourceReport} from './context.js'
import type {CheckResult} from './result.js'

export const SCHEMA_VERSION = 1

export interface Target {
  hostname: string
  installDir?: string
  layout?: string
  iniFile?: string
  dataDir?: string
  /** Install folders searched when none was given. */
  triedInstallDirs?: string[]
  [key: string]: unknown
}

export interface Summary {
  pass: number
  warn: number
  fail: number
  skip: number
  error: number
  /** Results covered by a waiver (also counted under their status). */
  waived: number
  /** The worst status among results that count (not waived): fail > error > warn > pass > skip. */
  worst: Status
}

export interface Notice {
  level: 'info' | 'warning' | 'error'
  message: string
}

/**
 * What the run as a whole says. `unknown` when nothing could be checked (no result was pass,
 * warn or fail) or a required check or source did not give a verdict: the gate cannot pass then.
 */
export interface Verdict {
  state: 'ok' | 'problems' | 'unknown'
  /** For `unknown`: why (each a line, e.g. "no 3CX install found: tried /var/lib/3cxpbx"). */
  reasons: string[]
}

export interface Report {
  schemaVersion: typeof SCHEMA_VERSION
  tool: {name: string; version: string}
  startedAt: string
  durationMs: number
  target: Target
  sources: SourceReport[]
  summary: Summary
  verdict: Verdict
  results: CheckResult[]
  /** Problems of the run itself (a plugin that did not load, an unknown --only id). */
  notices: Notice[]
  exitCode: number
  failOn: string
}

export function summarize(results: CheckResult[]): Summary {
  const summary: Summary = {pass: 0, warn: 0, fail: 0, skip: 0, error: 0, waived: 0, worst: 'skip'}
  for (const r of results) {
    summary[r.status] += 1
    if (r.waived) summary.waived += 1
  }
  const counted = new Set(results.filter((r) => !r.waived).map((r) => r.status))
  summary.worst = STATUS_ORDER.find((s) => counted.has(s)) ?? (results.length > 0 ? 'pass' : 'skip')
  return summary
}

/** The run's verdict: `unknown` when no result was pass, warn or fail (nothing could be checked). */
export function verdictOf(results: CheckResult[]): Verdict {
  const looked = results.some((r) => r.status === 'pass' || r.status === 'warn' || r.status === 'fail')
  if (!looked) {
    const reasons = [...new Set(results.filter((r) => r.status === 'skip' || r.status === 'error').map((r) => r.summary))]
    return {state: 'unknown', reasons: reasons.length > 0 ? reasons : ['no check was selected']}
  }
  const problems = results.some((r) => !r.waived && (r.status === 'warn' || r.status === 'fail' || r.status === 'error'))
  return {state: problems ? 'problems' : 'ok', reasons: []}
}
