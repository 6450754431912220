/**
 * The check API. Built-in checks and third-party plugins use exactly this.
 *
 * A check is data plus one function: `run(ctx)` returns an outcome. The runner,
 * not the check, turns a throw or a timeout into `error` and a missing source
 * into `skip`. A check declares its options (a JSON Schema and defaults); the
 * config's `checks.<id>` entry is validated against it before anything runs, and
 * `ctx.options` holds the defaults merged with the validated values.
 */
import type {CheckContext} from './context.js'
import {checkVersionsProblems, type CheckVersions} from './check-versions.js'
import {STATUSES, type Status} from './status.js'

export {STATUSES, worstStatus, type Status} from './status.js'

export const SEVERITIES = ['critical', 'major', 'minor', 'info'] as const
export type Severity = (typeof SEVERITIES)[number]

/** Evidence is plain JSON data: it goes into every report format as is. */
export type Evidence = Record<string, unknown>

/** One cell of an evidence table. */
export type Cell = string | number | boolean | null

/**
 * Evidence for people: a titled table that reporters render (HTML, text, Markdown).
 * The JSON report keeps it beside `evidence`, which stays the data of record.
 */
export interface EvidenceTable {
  title: string
  columns: string[]
  rows: Cell[][]
  /** One line under the table (e.g. "12 more rows in the JSON report"). */
  note?: string
}

export interface CheckOutcome {
  status: Status
  /** One sentence: what was found. */
  summary: string
  /** Further lines: why it matters, what was compared, what to do next. */
  details?: string[]
  evidence?: Evidence
  tables?: EvidenceTable[]
}

/** Option values: JSON data. */
export type OptionValue = string | number | boolean | null | OptionValue[] | {[key: string]: OptionValue}
export type CheckOptions = Record<string, OptionValue>

/** The JSON Schema of one option (a subset: what ajv validates and `explain` documents). */
export interface OptionSchema {
  type: 'number' | 'integer' | 'string' | 'boolean' | 'array' | 'object'
  description: string
  minimum?: number
  maximum?: number
  exclusiveMinimum?: number
  enum?: readonly (string | number)[]
  items?: {type: 'string' | 'number' | 'integer'}
  maxItems?: number
  pattern?: string
  /** For objects: the schema of each key (a JSON Schema, validated by ajv as is). */
  properties?: Record<string, unknown>
  additionalProperties?: boolean | Record<string, unknown>
  required?: string[]
}

/** A check's options: one schema per key and the defaults (every key has one). */
export interface OptionsSpec<O extends CheckOptions> {
  schema: {[K in keyof O]: OptionSchema}
  defaults: O
}

export interface CheckDefinition<O extends CheckOptions = CheckOptions> {
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
  /** Where to read more: a URL, or a path under the docs base (`docs/checks/time.md#timeclock-drift`). */
  docs?: string
  /** Names of the sources it reads (for `explain`), e.g. `install`, `db`, `console`. */
  sources?: string[]
  /** This check's default time limit; `--timeout` (when given) replaces it for every check. */
  timeoutMs?: number
  /** Declared options (config `checks: {"<id>": {...}}`), validated before the run. */
  options?: OptionsSpec<O>
  /**
   * What the check needs on each 3CX major version (15, 16, 18, 20): whether it applies, how it
   * decides there, what it cannot tell (see check-versions.ts). The README compatibility table is
   * generated from it; `appliesTo` uses it with `versionSkipReason`.
   */
  versions?: CheckVersions
  /** Return a reason string to skip the check (not applicable here), or undefined to run it. */
  appliesTo?: (ctx: CheckContext<O>) => Promise<string | undefined> | string | undefined
  run: (ctx: CheckContext<O>) => Promise<CheckOutcome> | CheckOutcome
}

// A Check is handed around without its option type; `ctx.options` is typed only inside its own definition.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Check = Readonly<CheckDefinition<any>>

export const CHECK_ID_PATTERN = /^[a-z][a-z0-9-]*\.[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?$/

const OPTION_TYPES = ['number', 'integer', 'string', 'boolean', 'array', 'object']

/** Returns the problems with a check definition, empty when it is well formed. */
export function checkDefinitionProblems(candidate: unknown): string[] {
  if (candidate === null || typeof candidate !== 'object') return ['is not an object']
  const c = candidate as Record<string, unknown>
  const problems: string[] = []
  if (typeof c.id !== 'string' || !CHECK_ID_PATTERN.test(c.id)) {
    problems.push(`id ${JSON.stringify(c.id)?.slice(0, 80)} is not of the form category.name (lower case, digits, dashes)`)
  } else if (c.category !== undefined && c.category !== c.id.split('.')[0]) {
    problems.push(`category "${String(c.category)}" does not match the id's prefix "${c.id.split('.')[0]}"`)
  }
  for (const key of ['title', 'description', 'remediation'] as const) {
    if (typeof c[key] !== 'string' || (c[key] as string).trim() === '') problems.push(`${key} must be a non-empty string`)
  }
  if (!SEVERITIES.includes(c.severity as Severity)) problems.push(`severity must be one of ${SEVERITIES.join(', ')}`)
  if (typeof c.run !== 'function') problems.push('run must be a function')
  if (c.appliesTo !== undefined && typeof c.appliesTo !== 'function') problems.push('appliesTo must be a function')
  if (c.timeoutMs !== undefined && (typeof c.timeoutMs !== 'number' || !(c.timeoutMs > 0) || c.timeoutMs > 3_600_000)) {
    problems.push('timeoutMs must be a positive number of milliseconds, at most one hour')
  }
  if (c.sources !== undefined && (!Array.isArray(c.sources) || c.sources.some((s) => typeof s !== 'string'))) {
    problems.push('sources must be an array of strings')
  }
  if (c.options !== undefined) problems.push(...optionsSpecProblems(c.options))
  if (c.versions !== undefined) problems.push(...checkVersionsProblems(c.versions))
  return problems
}

function optionsSpecProblems(spec: unknown): string[] {
  if (spec === null || typeof spec !== 'object') return ['options must be {schema, defaults}']
  const {schema, defaults} = spec as {schema?: unknown; defaults?: unknown}
  if (schema === null || typeof schema !== 'object' || defaults === null || typeof defaults !== 'object') return ['options must be {schema, defaults}']
  const problems: string[] = []
  const schemaKeys = Object.keys(schema)
  for (const [key, s] of Object.entries(schema as Record<string, unknown>)) {
    const option = s as Partial<OptionSchema> | null
    if (!option || typeof option !== 'object' || !OPTION_TYPES.includes(option.type as string)) problems.push(`option ${key}: type must be one of ${OPTION_TYPES.join(', ')}`)
    else if (typeof option.description !== 'string' || option.description.trim() === '') problems.push(`option ${key}: needs a description`)
    if (!(key in (defaults as object))) problems.push(`option ${key}: has no default`)
  }
  for (const key of Object.keys(defaults)) if (!schemaKeys.includes(key)) problems.push(`option ${key}: has a default but no schema`)
  return problems
}

export class InvalidCheckError extends Error {
  constructor(
    readonly checkId: string,
    readonly problems: string[],
  ) {
    super(`check ${checkId}: ${problems.join('; ')}`)
    this.name = 'InvalidCheckError'
  }
}

/**
 * Defines a check. The category may be left out: it is taken from the id.
 * Throws InvalidCheckError on a malformed definition.
 */
export function defineCheck<O extends CheckOptions = CheckOptions>(
  definition: Omit<CheckDefinition<O>, 'category'> & {category?: string},
): Check {
  const id = typeof definition.id === 'string' ? definition.id : String(definition.id)
  const full = {...definition, category: definition.category ?? id.split('.')[0]}
  const problems = checkDefinitionProblems(full)
  if (problems.length > 0) throw new InvalidCheckError(id, problems)
  return Object.freeze(full as CheckDefinition<O>)
}

type OutcomeExtra = Pick<CheckOutcome, 'details' | 'evidence' | 'tables'>

export const pass = (summary: string, extra: OutcomeExtra = {}): CheckOutcome => ({status: 'pass', summary, ...extra})
export const warn = (summary: string, extra: OutcomeExtra = {}): CheckOutcome => ({status: 'warn', summary, ...extra})
export const fail = (summary: string, extra: OutcomeExtra = {}): CheckOutcome => ({status: 'fail', summary, ...extra})
export const skip = (summary: string, extra: OutcomeExtra = {}): CheckOutcome => ({status: 'skip', summary, ...extra})

/** An outcome of a status computed by the check (e.g. the worst of several parts). */
export const outcome = (status: Status, summary: string, extra: OutcomeExtra = {}): CheckOutcome => ({status, summary, ...extra})

/** A titled evidence table; rows beyond `maxRows` are cut and counted in the note. */
export function table(title: string, columns: string[], rows: Cell[][], options: {maxRows?: number; note?: string} = {}): EvidenceTable {
  const maxRows = options.maxRows ?? 50
  const shown = rows.slice(0, maxRows)
  const cut = rows.length - shown.length
  const note = [options.note, cut > 0 ? `${cut} more row(s) not shown` : undefined].filter(Boolean).join('; ')
  return {title, columns, rows: shown, ...(note ? {note} : {})}
}

export function isStatus(value: unknown): value is Status {
  return STATUSES.includes(value as Status)
}
