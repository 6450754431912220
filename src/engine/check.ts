/**
 * The check API. Built-in checks and third-party plugins use exactly this.
 *
 * A check is data plus one function: `run(ctx)` returns an outcome. The runner,
 * not the check, turns a throw or a timeout into `error` and a missing source
 * into `skip`.
 */
import type {CheckContext} from './context.js'

export const STATUSES = ['pass', 'warn', 'fail', 'skip', 'error'] as const
export type Status = (typeof STATUSES)[number]

export const SEVERITIES = ['critical', 'major', 'minor', 'info'] as const
export type Severity = (typeof SEVERITIES)[number]

/** Evidence is plain JSON data: it goes into every report format as is. */
export type Evidence = Record<string, unknown>

export interface CheckOutcome {
  status: Status
  /** One sentence: what was found. */
  summary: string
  /** Further lines: why it matters, what was compared, what to do next. */
  details?: string[]
  evidence?: Evidence
}

export interface CheckDefinition {
  /** Stable id, `category.name` in lower case (e.g. `network.multiple-nics`). Never changes once released. */
  id: string
  title: string
  /** The part of the id before the first dot. */
  category: string
  severity: Severity
  /** What the check looks at, and why it matters. */
  description: string
  /** What to do when it does not pass. */
  remediation: string
  /** Where to read more (a URL or a doc path). */
  docs?: string
  /** Names of the sources it reads (for `explain`), e.g. `install`, `db`, `console`. */
  sources?: string[]
  /** Per-check timeout; `--timeout` overrides the default, not this. */
  timeoutMs?: number
  /** Return a reason string to skip the check (not applicable here), or undefined to run it. */
  appliesTo?: (ctx: CheckContext) => Promise<string | undefined> | string | undefined
  run: (ctx: CheckContext) => Promise<CheckOutcome> | CheckOutcome
}

export type Check = Readonly<CheckDefinition>

export const CHECK_ID_PATTERN = /^[a-z][a-z0-9-]*\.[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?$/

/** Returns the problems with a check definition, empty when it is well formed. */
export function checkDefinitionProblems(candidate: unknown): string[] {
  if (candidate === null || typeof candidate !== 'object') return ['is not an object']
  const c = candidate as Record<string, unknown>
  const problems: string[] = []
  if (typeof c.id !== 'string' || !CHECK_ID_PATTERN.test(c.id)) {
    problems.push(`id ${JSON.stringify(c.id)} is not of the form category.name (lower case, digits, dashes)`)
  } else if (c.category !== undefined && c.category !== c.id.split('.')[0]) {
    problems.push(`category "${String(c.category)}" does not match the id's prefix "${c.id.split('.')[0]}"`)
  }
  for (const key of ['title', 'description', 'remediation'] as const) {
    if (typeof c[key] !== 'string' || (c[key] as string).trim() === '') problems.push(`${key} must be a non-empty string`)
  }
  if (!SEVERITIES.includes(c.severity as Severity)) problems.push(`severity must be one of ${SEVERITIES.join(', ')}`)
  if (typeof c.run !== 'function') problems.push('run must be a function')
  if (c.appliesTo !== undefined && typeof c.appliesTo !== 'function') problems.push('appliesTo must be a function')
  if (c.timeoutMs !== undefined && (typeof c.timeoutMs !== 'number' || !(c.timeoutMs > 0))) problems.push('timeoutMs must be a positive number')
  if (c.sources !== undefined && (!Array.isArray(c.sources) || c.sources.some((s) => typeof s !== 'string'))) {
    problems.push('sources must be an array of strings')
  }
  return problems
}

export class InvalidCheckError extends Error {
  constructor(readonly checkId: string, readonly problems: string[]) {
    super(`check ${checkId}: ${problems.join('; ')}`)
    this.name = 'InvalidCheckError'
  }
}

/**
 * Defines a check. The category may be left out: it is taken from the id.
 * Throws InvalidCheckError on a malformed definition.
 */
export function defineCheck(definition: Omit<CheckDefinition, 'category'> & {category?: string}): Check {
  const id = typeof definition.id === 'string' ? definition.id : String(definition.id)
  const full = {...definition, category: definition.category ?? id.split('.')[0]}
  const problems = checkDefinitionProblems(full)
  if (problems.length > 0) throw new InvalidCheckError(id, problems)
  return Object.freeze(full as CheckDefinition)
}

type OutcomeExtra = Pick<CheckOutcome, 'details' | 'evidence'>

export const pass = (summary: string, extra: OutcomeExtra = {}): CheckOutcome => ({status: 'pass', summary, ...extra})
export const warn = (summary: string, extra: OutcomeExtra = {}): CheckOutcome => ({status: 'warn', summary, ...extra})
export const fail = (summary: string, extra: OutcomeExtra = {}): CheckOutcome => ({status: 'fail', summary, ...extra})
export const skip = (summary: string, extra: OutcomeExtra = {}): CheckOutcome => ({status: 'skip', summary, ...extra})

/** The worst of several statuses, for checks that look at several things. fail > error > warn > pass > skip. */
export function worstStatus(statuses: Status[]): Status {
  const rank: Record<Status, number> = {skip: 0, pass: 1, warn: 2, error: 3, fail: 4}
  return statuses.reduce<Status>((worst, s) => (rank[s] > rank[worst] ? s : worst), 'skip')
}
