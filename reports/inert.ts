/**
 * The output boundary of the text-like reporters: every string of the report (from the PBX, a
 * plugin, a check) with its control and reordering characters shown as visible escapes
 * (`inertText`), before any colour the reporter adds itself. Evidence (JSON data) is left as is:
 * its reporters stringify it and pass the text through `inertText` there.
 */
import type {Report} from '../src/engine/report.js'
import {inertText} from '../src/lib/format.js'

function inertValue(value: unknown): unknown {
  if (typeof value === 'string') return inertText(value)
  if (Array.isArray(value)) return value.map(inertValue)
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [inertText(k), k === 'evidence' ? v : inertValue(v)]))
  }
  return value
}

/** The report with every string made inert (evidence excepted, see above). */
export function inertReport(report: Report): Report {
  return inertValue(report) as Report
}

/** Any value (a result, a section) made inert the same way. */
export function inertData<T>(value: T): T {
  return inertValue(value) as T
}
