/**
 * The one data model every reporter renders. JSON is its direct image;
 * reports/report.schema.json describes it (fields may be added, none removed or renamed).
 */
import {STATUS_ORDER, type Status} from './status.js'
import {matchesCheckPattern} from '../config/check-patterns.js'
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

/** What a gate demands of a run besides "something was checked" (`--require`, `--require-checks`). */
export interface Requirements {
  /** Source names that must be `ok` in the report's sources. */
  sources: readonly string[]
  /** Check ids or patterns whose checks must each give pass, warn or fail. */
  checks: readonly string[]
  /** Every known check id (built-ins and plugins), to tell "not selected" from "no such check". */
  knownIds: readonly string[]
}

const gaveVerdict = (r: CheckResult): boolean => r.status === 'pass' || r.status === 'warn' || r.status === 'fail'

/** Why each unmet requirement is unmet, one line each. */
export function unmetRequirements(results: readonly CheckResult[], sources: readonly SourceReport[], req: Requirements): string[] {
  const reasons: string[] = []
  for (const name of req.sources) {
    const source = sources.find((s) => s.name === name)
    if (!source) reasons.push(`required source ${name}: no selected check uses it (sources: ${sources.map((s) => s.name).join(', ') || 'none'})`)
    else if (source.status === 'unavailable') reasons.push(`required source ${name} is unavailable: ${source.detail}`)
    else if (source.status === 'not-used') reasons.push(`required source ${name} was not used: ${source.detail}`)
  }
  for (const pattern of req.checks) {
    const known = req.knownIds.filter((id) => matchesCheckPattern(pattern, id))
    if (known.length === 0) {
      reasons.push(`required check ${pattern}: no check has this id; \`tcx-doctor list\` shows the ids`)
      continue
    }
    for (const id of known) {
      const result = results.find((r) => r.id === id)
      if (!result) reasons.push(`required check ${id} was not selected (--only/--skip)`)
      else if (!gaveVerdict(result)) reasons.push(`required check ${id} gave no verdict (${result.status}): ${result.summary}`)
    }
  }
  return reasons
}

/**
 * The run's verdict: `unknown` when no result was pass, warn or fail (nothing could be checked)
 * or a requirement is unmet; each reason once. Otherwise `problems` when a result that counts
 * is warn, fail or error, else `ok`.
 */
export function verdictOf(results: CheckResult[], sources: readonly SourceReport[] = [], requirements?: Requirements): Verdict {
  const reasons: string[] = []
  if (!results.some(gaveVerdict)) {
    const why = results.filter((r) => r.status === 'skip' || r.status === 'error').map((r) => r.summary)
    reasons.push(...(why.length > 0 ? why : results.length === 0 ? ['no check was selected'] : []))
  }
  if (requirements) reasons.push(...unmetRequirements(results, sources, requirements))
  if (reasons.length > 0) return {state: 'unknown', reasons: [...new Set(reasons)]}
  const problems = results.some((r) => !r.waived && (r.status === 'warn' || r.status === 'fail' || r.status === 'error'))
  return {state: problems ? 'problems' : 'ok', reasons: []}
}
