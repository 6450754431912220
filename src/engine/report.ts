/**
 * The one data model every reporter renders. JSON is its direct image;
 * reports/report.schema.json describes it (fields may be added, none removed or renamed).
 */
import {STATUS_ORDER, type Status} from './status.js'
import {matchesCheckPattern} from '../config/check-patterns.js'
import type {SourceReport} from './context.js'
import type {CheckResult} from './result.js'
import type {PbxGlance} from '../sources/console/glance.js'

export const SCHEMA_VERSION = 1

export interface Target {
  hostname: string
  installDir?: string
  layout?: string
  iniFile?: string
  dataDir?: string
  /** Install folders searched when none was given. */
  triedInstallDirs?: string[]
  /** The PBX at a glance from the console's SystemStatus (src/sources/console/glance.ts), when a check opened the console. */
  glance?: PbxGlance
  /** Why there is no glance (e.g. "no check in this run used the console"). */
  glanceUnknown?: string
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

/** The sources that read 3CX itself: a run that reached none of them has not looked at the PBX. */
export const PBX_SOURCES = ['install', 'db', 'console'] as const

/**
 * The root causes among unavailable sources, one line each: a source whose reason only repeats
 * another's (db "no database connection settings: no 3CX install found ...") is left out.
 */
export function rootCauses(sources: readonly SourceReport[]): string[] {
  const down = sources.filter((s) => s.status === 'unavailable')
  return down.filter((s) => !down.some((other) => other !== s && other.detail !== s.detail && s.detail.includes(other.detail))).map((s) => `${s.name}: ${s.detail}`)
}

/** Why nothing could be checked: the root causes, then the other reasons checks gave (each once). */
function nothingCheckedReasons(results: readonly CheckResult[], sources: readonly SourceReport[]): string[] {
  if (results.length === 0) return ['no check was selected']
  const roots = rootCauses(sources)
  const details = sources.filter((s) => s.status === 'unavailable').map((s) => s.detail)
  const others = results.filter((r) => (r.status === 'skip' || r.status === 'error') && !details.some((d) => r.summary.includes(d))).map((r) => `${r.id}: ${r.summary}`)
  return [...roots, ...others]
}

/**
 * The run's verdict, `unknown` (the gate cannot pass) when
 * - no result was pass, warn or fail: nothing could be checked;
 * - none of 3CX's own sources (install, db, console) could be read though a check needed one (asked
 *   with `ctx.use`, so it skipped): what passed did not look at the PBX. A source only tried
 *   (`ctx.tryUse`, e.g. network.multiple-nics asking the console for its addresses) does not count:
 *   that check judged without it. `needed` names the sources checks asked for with `ctx.use`
 *   (every source when not given);
 * - a requirement (`--require`, `--require-checks`) is unmet.
 * Each reason is listed once. Otherwise `problems` when a result that counts is warn, fail or
 * error, else `ok`.
 */
export function verdictOf(
  results: CheckResult[],
  sources: readonly SourceReport[] = [],
  requirements?: Requirements,
  needed?: ReadonlySet<string>,
): Verdict {
  const reasons: string[] = []
  if (!results.some(gaveVerdict)) reasons.push(...nothingCheckedReasons(results, sources))
  else {
    const pbx = sources.filter((s) => (PBX_SOURCES as readonly string[]).includes(s.name))
    const neededDown = pbx.filter((s) => s.status === 'unavailable' && (needed === undefined || needed.has(s.name)))
    if (neededDown.length > 0 && !pbx.some((s) => s.status === 'ok')) {
      reasons.push(...rootCauses(pbx).map((r) => `3CX could not be read: ${r}`))
    }
  }
  if (requirements) reasons.push(...unmetRequirements(results, sources, requirements))
  if (reasons.length > 0) return {state: 'unknown', reasons: [...new Set(reasons)]}
  const problems = results.some((r) => !r.waived && (r.status === 'warn' || r.status === 'fail' || r.status === 'error'))
  return {state: problems ? 'problems' : 'ok', reasons: []}
}
