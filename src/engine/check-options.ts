/**
 * Check options: the config's `checks.<id>` entries validated against each
 * check's declared schema, merged over its defaults. Every problem is one
 * line naming the key (`checks."time.clock-drift".warnSeconds: ...`).
 */
import {Ajv} from 'ajv'
import type {Check, CheckOptions, OptionSchema} from './check.js'

const ajv = new Ajv({allErrors: true, strict: false})

export interface ResolvedCheckOptions {
  /** Defaults merged with the configured values, for every given check. */
  byId: Map<string, CheckOptions>
  problems: string[]
}

const keyOf = (id: string, key?: string): string => `checks."${id}"${key === undefined ? '' : `.${key}`}`

/** What the value may be, for messages and `explain`. */
export function describeRange(schema: OptionSchema): string {
  const parts: string[] = [schema.type === 'array' ? `list of ${schema.items?.type ?? 'value'}s` : schema.type === 'object' ? 'an object' : schema.type]
  if (schema.enum) parts.push(`one of ${schema.enum.join(', ')}`)
  if (schema.minimum !== undefined && schema.maximum !== undefined) parts.push(`${schema.minimum} to ${schema.maximum}`)
  else if (schema.minimum !== undefined) parts.push(`at least ${schema.minimum}`)
  else if (schema.exclusiveMinimum !== undefined) parts.push(`above ${schema.exclusiveMinimum}`)
  else if (schema.maximum !== undefined) parts.push(`at most ${schema.maximum}`)
  if (schema.maxItems !== undefined) parts.push(`at most ${schema.maxItems} items`)
  return parts.join(', ')
}

/** Each option schema compiled once (checks are frozen, so their schemas are stable objects). */
const compiled = new WeakMap<OptionSchema, ReturnType<typeof ajv.compile>>()

/** Validates one option value; undefined when it is fine. */
export function optionProblem(schema: OptionSchema, value: unknown): string | undefined {
  let validate = compiled.get(schema)
  if (!validate) {
    validate = ajv.compile(schema)
    compiled.set(schema, validate)
  }
  if (validate(value)) return undefined
  const text = JSON.stringify(value) ?? String(value)
  const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text
  return `${shown} is not allowed (expected ${describeRange(schema)})`
}

export function resolveCheckOptions(checks: readonly Check[], configured: Record<string, unknown>): ResolvedCheckOptions {
  const byId = new Map<string, CheckOptions>()
  const problems: string[] = []
  const known = new Map(checks.map((c) => [c.id, c]))
  for (const [id, given] of Object.entries(configured)) {
    const check = known.get(id)
    if (!check) {
      problems.push(`${keyOf(id)}: no check has this id; \`tcx-doctor list\` shows the ids`)
      continue
    }
    if (given === null || typeof given !== 'object' || Array.isArray(given)) {
      problems.push(`${keyOf(id)}: must be an object of options`)
      continue
    }
    const schema: Record<string, OptionSchema> = check.options?.schema ?? {}
    for (const [key, value] of Object.entries(given as Record<string, unknown>)) {
      const optionSchema = schema[key]
      if (!optionSchema) {
        const names = Object.keys(schema)
        problems.push(`${keyOf(id, key)}: unknown option; ${names.length > 0 ? `${id} takes ${names.join(', ')}` : `${id} takes no options`}`)
        continue
      }
      const problem = optionProblem(optionSchema, value)
      if (problem) problems.push(`${keyOf(id, key)}: ${problem}`)
    }
  }
  for (const check of checks) {
    const given = configured[check.id]
    const values = given !== null && typeof given === 'object' && !Array.isArray(given) ? (given as Record<string, unknown>) : {}
    const spec = check.options
    const merged: CheckOptions = {...(spec?.defaults ?? {})}
    for (const key of Object.keys(merged)) {
      const value = values[key]
      if (spec && value !== undefined && optionProblem(spec.schema[key] as OptionSchema, value) === undefined) merged[key] = value as CheckOptions[string]
    }
    byId.set(check.id, Object.freeze(merged))
  }
  return {byId, problems}
}
