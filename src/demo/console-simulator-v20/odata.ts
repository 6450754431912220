/**
 * The OData query options the v20 simulator understands on collections:
 * `$filter` (comparisons `eq`/`ne`/`gt`/`lt`/`ge`/`le` of a field or a
 * `Nav/Field` path with a string, number, boolean or null, joined by `and`),
 * `$select`, `$expand` (the navigation properties named are kept, all others
 * dropped), `$top`, `$skip`, `$count=true`. Anything else is an OData error
 * (HTTP 400), as a real server refuses what it cannot parse. Pure: no I/O.
 */

export interface ODataQuery {
  filter: Comparison[]
  select?: string[]
  expand: string[]
  top?: number
  skip?: number
  count: boolean
}

interface Comparison {
  path: string[]
  op: 'eq' | 'ne' | 'gt' | 'lt' | 'ge' | 'le'
  value: string | number | boolean | null
}

export class ODataError extends Error {}

const OPTIONS = new Set(['$filter', '$select', '$expand', '$top', '$skip', '$count', '$orderby'])

function parseValue(text: string): Comparison['value'] {
  if (/^'.*'$/s.test(text)) return text.slice(1, -1).replace(/''/g, "'")
  if (text === 'true' || text === 'false') return text === 'true'
  if (text === 'null') return null
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text)
  throw new ODataError(`The query specified in the URI is not valid. Could not parse the literal ${text}.`)
}

function parseFilter(text: string): Comparison[] {
  return text.split(/\s+and\s+/i).map((part) => {
    const m = /^\s*([A-Za-z_][\w/]*)\s+(eq|ne|gt|lt|ge|le)\s+(.+?)\s*$/s.exec(part)
    if (!m) throw new ODataError(`The query specified in the URI is not valid. Syntax error in $filter '${text}'.`)
    return {path: m[1]!.split('/'), op: m[2] as Comparison['op'], value: parseValue(m[3]!)}
  })
}

function nonNegative(name: string, text: string): number {
  if (!/^\d+$/.test(text)) throw new ODataError(`The query specified in the URI is not valid. Invalid value '${text}' for ${name}.`)
  return Number(text)
}

/** The query options of a URL's search part; throws ODataError on an unknown option or bad value. */
export function parseODataQuery(search: URLSearchParams): ODataQuery {
  const query: ODataQuery = {filter: [], expand: [], count: false}
  for (const [key, value] of search) {
    if (!key.startsWith('$')) continue
    if (!OPTIONS.has(key)) throw new ODataError(`The query parameter '${key}' is not supported.`)
    if (key === '$filter') query.filter.push(...parseFilter(value))
    if (key === '$select') query.select = value.split(',').map((s) => s.trim()).filter((s) => s !== '')
    if (key === '$expand') query.expand = value.split(',').map((s) => s.trim()).filter((s) => s !== '')
    if (key === '$top') query.top = nonNegative('$top', value)
    if (key === '$skip') query.skip = nonNegative('$skip', value)
    if (key === '$count') query.count = value === 'true'
  }
  return query
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v)

function valueAt(item: Record<string, unknown>, path: string[]): unknown {
  let current: unknown = item
  for (const key of path) current = isRecord(current) ? current[key] : undefined
  return current
}

function matches(item: Record<string, unknown>, c: Comparison): boolean {
  const v = valueAt(item, c.path)
  if (c.op === 'eq') return v === c.value
  if (c.op === 'ne') return v !== c.value
  if (typeof v !== typeof c.value || v === null || c.value === null) return false
  const [a, b] = [v as number | string, c.value as number | string]
  return c.op === 'gt' ? a > b : c.op === 'lt' ? a < b : c.op === 'ge' ? a >= b : a <= b
}

/**
 * Applies a query to a collection. `navigation` names the properties that appear
 * only when expanded (e.g. Gateway of a trunk); filtering on them works either way.
 */
export function applyODataQuery(items: Array<Record<string, unknown>>, query: ODataQuery, navigation: readonly string[] = []): {value: Array<Record<string, unknown>>; count: number} {
  for (const name of query.expand) {
    if (!navigation.includes(name)) throw new ODataError(`Could not find a property named '${name}' on type 'Pbx'.`)
  }
  const filtered = items.filter((item) => query.filter.every((c) => matches(item, c)))
  const count = filtered.length
  const skip = query.skip ?? 0
  const paged = filtered.slice(skip, query.top === undefined ? undefined : skip + query.top)
  const value = paged.map((item) => {
    const out: Record<string, unknown> = {}
    for (const [key, v] of Object.entries(item)) {
      if (navigation.includes(key) && !query.expand.includes(key)) continue
      if (query.select && !query.select.includes(key) && !query.expand.includes(key)) continue
      out[key] = v
    }
    return out
  })
  return {value, count}
}
