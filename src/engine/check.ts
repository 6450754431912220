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

/** The units of a measured value. A name ends in `_seconds`, `_bytes` or `_ratio` for those units. */
export const MEASUREMENT_UNITS = ['seconds', 'bytes', 'ratio', 'count'] as const
export type MeasurementUnit = (typeof MEASUREMENT_UNITS)[number]

/** Which side of a threshold is a problem: above it (an age), below it (free space), or beyond it either way (a signed offset). */
export const MEASUREMENT_BAD_SIDES = ['above', 'below', 'outside'] as const
export type MeasurementBadSide = (typeof MEASUREMENT_BAD_SIDES)[number]

/**
 * One measured value with its thresholds: Prometheus writes it as the gauge
 * `tcx_doctor_<name>{id, ...labels}`, Nagios as perfdata.
 */
export interface Measurement {
  /** Lower snake case, e.g. `clock_offset_seconds`, `disk_free_bytes`, `calls_peak`. */
  name: string
  /** One line: what the value is (the gauge's HELP). */
  help: string
  value: number
  unit: MeasurementUnit
  warn?: number
  fail?: number
  /** Which side of `warn`/`fail` is a problem; default `above`. */
  bad?: MeasurementBadSide
  min?: number
  max?: number
  /** What the value is of when a check measures several (e.g. `{volume: "/var/lib/3cxpbx"}`); keys lower snake case, not `id`, `level` or `bad`. */
  labels?: Record<string, string>
}

export const MEASUREMENT_NAME_PATTERN = /^[a-z][a-z0-9_]{0,62}$/
export const MAX_MEASUREMENTS = 100
/** Label names the reports use themselves (Prometheus' `id`, and `level`/`bad` of the threshold gauges). */
export const RESERVED_LABELS = ['id', 'level', 'bad']

export interface CheckOutcome {
  status: Status
  /** One sentence: what was found. */
  summary: string
  /** Further lines: why it matters, what was compared, what to do next. */
  details?: string[]
  evidence?: Evidence
  tables?: EvidenceTable[]
  /** Measured values with their thresholds (Prometheus gauges, Nagios perfdata). */
  measurements?: Measurement[]
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

type OutcomeExtra = Pick<CheckOutcome, 'details' | 'evidence' | 'tables' | 'measurements'>

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

/** A measured value; see Measurement. */
export function measure(name: string, value: number, unit: MeasurementUnit, extra: Omit<Measurement, 'name' | 'value' | 'unit'>): Measurement {
  return {name, value, unit, ...extra}
}

/** The problems with a measurement, empty when it is well formed. */
export function measurementProblems(candidate: unknown): string[] {
  if (candidate === null || typeof candidate !== 'object' || Array.isArray(candidate)) return ['is not an object']
  const m = candidate as Record<string, unknown>
  const problems: string[] = []
  const name = typeof m.name === 'string' ? m.name : ''
  if (!MEASUREMENT_NAME_PATTERN.test(name)) problems.push(`name ${JSON.stringify(m.name)?.slice(0, 70)} is not lower snake case (at most 63 characters)`)
  if (typeof m.help !== 'string' || m.help.trim() === '' || m.help.length > 200 || /[\r\n]/.test(m.help)) problems.push('help must be one line of at most 200 characters')
  if (typeof m.value !== 'number') problems.push('value must be a number')
  if (!MEASUREMENT_UNITS.includes(m.unit as MeasurementUnit)) problems.push(`unit must be one of ${MEASUREMENT_UNITS.join(', ')}`)
  else if (m.unit !== 'count' && name !== '' && !name.endsWith(`_${String(m.unit)}`)) problems.push(`a measurement in ${String(m.unit)} has a name ending in _${String(m.unit)}`)
  if (name.endsWith('_total')) problems.push('a name ending in _total means a counter in Prometheus; a measurement is a gauge (e.g. trunks_configured)')
  for (const key of ['warn', 'fail', 'min', 'max'] as const) {
    if (m[key] !== undefined && (typeof m[key] !== 'number' || !Number.isFinite(m[key]))) problems.push(`${key} must be a finite number`)
  }
  if (m.bad !== undefined && !MEASUREMENT_BAD_SIDES.includes(m.bad as MeasurementBadSide)) problems.push(`bad must be one of ${MEASUREMENT_BAD_SIDES.join(', ')}`)
  if (m.labels !== undefined) {
    if (m.labels === null || typeof m.labels !== 'object' || Array.isArray(m.labels)) problems.push('labels must be an object of strings')
    else {
      const entries = Object.entries(m.labels as Record<string, unknown>)
      if (entries.length > 8) problems.push('at most 8 labels')
      for (const [k, v] of entries) {
        if (!/^[a-z][a-z0-9_]{0,30}$/.test(k) || RESERVED_LABELS.includes(k)) problems.push(`label ${JSON.stringify(k).slice(0, 40)} must be lower snake case and not one of ${RESERVED_LABELS.join(', ')}`)
        if (typeof v !== 'string' || v.length > 200) problems.push(`label ${JSON.stringify(k).slice(0, 40)} must be a string of at most 200 characters`)
      }
    }
  }
  return problems
}

export function isStatus(value: unknown): value is Status {
  return STATUSES.includes(value as Status)
}
