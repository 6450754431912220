/**
 * Runs checks in parallel, each bounded by its time limit. A throw or a timeout
 * becomes `error` for that check only; a missing source becomes `skip`.
 * Results come back in the order the checks were given, whatever order they finish in.
 *
 * The time limit of a check: `--timeout` when given (it caps every check), else the
 * check's own `timeoutMs`, else 10 s.
 */
import {DEFAULT_CHECK_TIMEOUT_MS} from '../config/settings.js'
import {isStatus, measurementProblems, MAX_MEASUREMENTS, type Check, type CheckOutcome} from './check.js'
import type {RunContext} from './context.js'
import {errorMessage, isSourceUnavailable} from './errors.js'
import type {CheckResult} from './result.js'
import {formatDuration} from '../lib/format.js'

export interface RunOptions {
  /** The limit for every check (`--timeout`); undefined lets each check use its own default. */
  timeoutMs?: number
  /** Called as each check completes (completion order). */
  onResult?: (result: CheckResult) => void
  /** Include stack traces of thrown errors in details. */
  debug?: boolean
}

class CheckTimeout extends Error {}

/** The time limit a check runs under, and where it came from. */
export function timeLimitOf(check: Check, timeoutMs: number | undefined): {ms: number; from: 'flag' | 'check' | 'default'} {
  if (timeoutMs !== undefined) return {ms: timeoutMs, from: 'flag'}
  if (check.timeoutMs !== undefined) return {ms: check.timeoutMs, from: 'check'}
  return {ms: DEFAULT_CHECK_TIMEOUT_MS, from: 'default'}
}

export async function runChecks(checks: readonly Check[], ctx: RunContext, options: RunOptions): Promise<CheckResult[]> {
  return Promise.all(
    checks.map(async (check) => {
      const result = await runOne(check, ctx, options)
      options.onResult?.(result)
      return result
    }),
  )
}

export async function runOne(check: Check, ctx: RunContext, options: RunOptions): Promise<CheckResult> {
  const limit = timeLimitOf(check, options.timeoutMs)
  const controller = new AbortController()
  const checkCtx = ctx.forCheck(check.id, controller.signal, check.options?.defaults)
  const started = performance.now()
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort(new CheckTimeout())
      reject(new CheckTimeout())
    }, limit.ms)
  })
  let outcome: CheckOutcome
  try {
    outcome = await Promise.race([
      (async () => {
        const reason = await check.appliesTo?.(checkCtx)
        if (typeof reason === 'string') return {status: 'skip', summary: `Not applicable: ${reason}`} satisfies CheckOutcome
        return check.run(checkCtx)
      })(),
      timeout,
    ])
    outcome = validOutcome(outcome)
  } catch (error) {
    outcome = outcomeOfError(error, limit, options.debug === true)
  } finally {
    clearTimeout(timer)
  }
  return {
    id: check.id,
    title: check.title,
    category: check.category,
    severity: check.severity,
    status: outcome.status,
    summary: outcome.summary,
    details: outcome.details ?? [],
    evidence: outcome.evidence ?? {},
    tables: outcome.tables ?? [],
    measurements: outcome.measurements ?? [],
    remediation: check.remediation,
    ...(check.docs === undefined ? {} : {docs: check.docs}),
    durationMs: Math.round(performance.now() - started),
  }
}

function validOutcome(outcome: unknown): CheckOutcome {
  const o = outcome as Partial<CheckOutcome> | null | undefined
  if (!o || typeof o !== 'object' || !isStatus(o.status) || typeof o.summary !== 'string') {
    let shown: string
    try {
      shown = JSON.stringify(outcome)?.slice(0, 120) ?? 'undefined'
    } catch {
      shown = typeof outcome
    }
    return {status: 'error', summary: `The check returned a malformed result (${shown}): it must return {status, summary}.`}
  }
  if (o.details !== undefined && !(Array.isArray(o.details) && o.details.every((d) => typeof d === 'string'))) {
    return {status: 'error', summary: 'The check returned details that are not a list of strings.'}
  }
  if (o.evidence !== undefined && (o.evidence === null || typeof o.evidence !== 'object' || Array.isArray(o.evidence))) {
    return {status: 'error', summary: 'The check returned evidence that is not an object.'}
  }
  if (o.tables !== undefined && !(Array.isArray(o.tables) && o.tables.every(isTable))) {
    return {status: 'error', summary: 'The check returned tables that are not {title, columns, rows} with rows of JSON scalars.'}
  }
  if (o.measurements !== undefined) {
    if (!Array.isArray(o.measurements)) return {status: 'error', summary: 'The check returned measurements that are not a list.'}
    if (o.measurements.length > MAX_MEASUREMENTS) return {status: 'error', summary: `The check returned ${o.measurements.length} measurements; at most ${MAX_MEASUREMENTS} are allowed.`}
    for (const [i, m] of o.measurements.entries()) {
      const problems = measurementProblems(m)
      if (problems.length > 0) return {status: 'error', summary: `The check returned an invalid measurement #${i + 1}: ${problems.join('; ')}.`}
    }
  }
  return o as CheckOutcome
}

function isTable(t: unknown): boolean {
  if (!t || typeof t !== 'object') return false
  const {title, columns, rows} = t as Record<string, unknown>
  const scalar = (c: unknown) => c === null || ['string', 'number', 'boolean'].includes(typeof c)
  return (
    typeof title === 'string' &&
    Array.isArray(columns) &&
    columns.every((c) => typeof c === 'string') &&
    Array.isArray(rows) &&
    rows.every((r) => Array.isArray(r) && r.every(scalar))
  )
}

function outcomeOfError(error: unknown, limit: {ms: number; from: 'flag' | 'check' | 'default'}, debug: boolean): CheckOutcome {
  if (error instanceof CheckTimeout) {
    const why =
      limit.from === 'flag'
        ? 'the --timeout given; raise it if the PBX is slow'
        : `this check's default limit; --timeout SECONDS (or config timeoutSeconds) sets the limit of every check`
    return {status: 'error', summary: `The check did not finish within ${formatDuration(limit.ms)} (${why}).`}
  }
  if (isSourceUnavailable(error)) {
    const tried = Array.isArray(error.tried) ? error.tried : []
    return {status: 'skip', summary: `Needs the ${error.source} source: ${error.message}`, details: tried.map((t) => `tried: ${t}`)}
  }
  const details = debug && error instanceof Error && error.stack ? error.stack.split('\n').slice(1).map((l) => l.trim()) : []
  return {status: 'error', summary: `The check failed unexpectedly: ${errorMessage(error)}`, details}
}
