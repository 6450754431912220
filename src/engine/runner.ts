/**
 * Runs checks in parallel, each bounded by its timeout. A throw or a timeout
 * becomes `error` for that check only; a missing source becomes `skip`.
 * Results come back in the order the checks were given, whatever order they finish in.
 */
import {STATUSES, type Check, type CheckOutcome} from './check.js'
import type {RunContext} from './context.js'
import {errorMessage, isSourceUnavailable} from './errors.js'
import type {CheckResult} from './result.js'

export interface RunOptions {
  /** Default timeout for a check that sets none. */
  timeoutMs: number
  /** Called as each check completes (completion order). */
  onResult?: (result: CheckResult) => void
  /** Include stack traces of thrown errors in details. */
  debug?: boolean
}

class CheckTimeout extends Error {}

export async function runChecks(checks: readonly Check[], ctx: RunContext, options: RunOptions): Promise<CheckResult[]> {
  return Promise.all(
    checks.map(async (check) => {
      const result = await runOne(check, ctx, options)
      options.onResult?.(result)
      return result
    }),
  )
}

async function runOne(check: Check, ctx: RunContext, options: RunOptions): Promise<CheckResult> {
  const timeoutMs = check.timeoutMs ?? options.timeoutMs
  const controller = new AbortController()
  const checkCtx = ctx.forCheck(check.id, controller.signal)
  const started = performance.now()
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort(new CheckTimeout())
      reject(new CheckTimeout())
    }, timeoutMs)
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
    outcome = outcomeOfError(error, timeoutMs, options.debug === true)
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
    remediation: check.remediation,
    ...(check.docs === undefined ? {} : {docs: check.docs}),
    durationMs: Math.round(performance.now() - started),
  }
}

function validOutcome(outcome: unknown): CheckOutcome {
  const o = outcome as Partial<CheckOutcome> | null | undefined
  if (!o || typeof o !== 'object' || !STATUSES.includes(o.status as never) || typeof o.summary !== 'string') {
    return {
      status: 'error',
      summary: `The check returned a malformed result (${JSON.stringify(outcome)?.slice(0, 120) ?? 'undefined'}): it must return {status, summary}.`,
    }
  }
  if (o.details !== undefined && !(Array.isArray(o.details) && o.details.every((d) => typeof d === 'string'))) {
    return {status: 'error', summary: 'The check returned details that are not a list of strings.'}
  }
  if (o.evidence !== undefined && (o.evidence === null || typeof o.evidence !== 'object' || Array.isArray(o.evidence))) {
    return {status: 'error', summary: 'The check returned evidence that is not an object.'}
  }
  return o as CheckOutcome
}

function outcomeOfError(error: unknown, timeoutMs: number, debug: boolean): CheckOutcome {
  if (error instanceof CheckTimeout) {
    return {
      status: 'error',
      summary: `The check did not finish within ${formatSeconds(timeoutMs)}; raise --timeout or the check's timeout in the config if the PBX is slow.`,
    }
  }
  if (isSourceUnavailable(error)) {
    const tried = Array.isArray(error.tried) ? error.tried : []
    return {status: 'skip', summary: `Needs the ${error.source} source: ${error.message}`, details: tried.map((t) => `tried: ${t}`)}
  }
  const details = debug && error instanceof Error && error.stack ? error.stack.split('\n').slice(1).map((l) => l.trim()) : []
  return {status: 'error', summary: `The check failed unexpectedly: ${errorMessage(error)}`, details}
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`
}
