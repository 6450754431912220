/**
 * What a plugin module exports, judged: its default export (or its `checks` export) is one check
 * or a list of them, made with defineCheck or plain objects of the same shape. Pure: no I/O.
 *
 * In the worker, `exportedChecks` keeps the well-formed checks and describes them as plain data
 * (`CheckDescriptor`, everything but the functions); in the main thread, `acceptChecks` refuses
 * ids already taken and plugins that would pass the limits.
 */
import {checkDefinitionProblems, type CheckDefinition} from '../engine/check.js'
import {formatBytes} from '../lib/fs.js'

/** A check's data, sent from the worker to the main thread: everything but its functions. */
export type CheckDescriptor = Omit<CheckDefinition, 'run' | 'appliesTo'>

export interface ExportedChecks {
  checks: CheckDefinition[]
  descriptors: CheckDescriptor[]
  problems: string[]
}

/** The checks a module exports, at most `maxChecks` (more: none, one problem line). */
export function exportedChecks(mod: Record<string, unknown>, label: string, limits: {maxChecks: number; maxDefinitionBytes: number}): ExportedChecks {
  const none: ExportedChecks = {checks: [], descriptors: [], problems: []}
  const exported = mod.default ?? mod.checks
  const candidates: unknown[] = Array.isArray(exported) ? exported : exported === undefined ? [] : [exported]
  if (candidates.length === 0) {
    return {...none, problems: [`plugin ${label} exports no checks (export default defineCheck({...}) or a list of them)`]}
  }
  if (candidates.length > limits.maxChecks) {
    return {...none, problems: [`plugin ${label} exports ${candidates.length} checks, more than the ${limits.maxChecks} a plugin may have; none of them were loaded`]}
  }
  const result: ExportedChecks = {checks: [], descriptors: [], problems: []}
  for (const candidate of candidates) {
    const c = candidate as Partial<CheckDefinition> | null
    const full = c && typeof c === 'object' && typeof c.id === 'string' && c.category === undefined ? {...c, category: c.id.split('.')[0]} : c
    const id = typeof c?.id === 'string' ? c.id.slice(0, 80) : '(no id)'
    const problems = checkDefinitionProblems(full)
    const descriptor = problems.length === 0 ? descriptorOf(full as CheckDefinition, limits.maxDefinitionBytes) : undefined
    if (typeof descriptor === 'string') problems.push(descriptor)
    if (problems.length > 0 || descriptor === undefined || typeof descriptor === 'string') {
      result.problems.push(`plugin ${label}: check ${id} is malformed: ${problems.join('; ')}`)
      continue
    }
    result.checks.push(full as CheckDefinition)
    result.descriptors.push(descriptor)
  }
  return result
}

/** The plain data of a well-formed check, or why it cannot be sent (not JSON data, too large). */
export function descriptorOf(check: CheckDefinition, maxBytes: number): CheckDescriptor | string {
  const {id, title, category, severity, description, remediation, docs, sources, timeoutMs, options, versions} = check
  let json: string
  try {
    json = JSON.stringify({id, title, category, severity, description, remediation, docs, sources, timeoutMs, options, versions})
  } catch {
    return 'its definition is not plain JSON data'
  }
  if (json.length > maxBytes) return `its definition is ${formatBytes(json.length)} of data, more than the ${formatBytes(maxBytes)} a check may have`
  return JSON.parse(json) as CheckDescriptor
}

/**
 * The checks of one plugin that may join the run: ids already taken are refused one by one; a
 * plugin whose checks would pass the total limit (`room` left) is refused whole.
 */
export function acceptChecks(label: string, descriptors: readonly CheckDescriptor[], taken: Set<string>, room: number): {accepted: CheckDescriptor[]; problems: string[]} {
  const problems: string[] = []
  const fresh: CheckDescriptor[] = []
  const ids = new Set<string>()
  for (const d of descriptors) {
    if (taken.has(d.id) || ids.has(d.id)) problems.push(`plugin ${label}: check id ${d.id} is already taken by another check; the plugin's copy was not loaded`)
    else {
      ids.add(d.id)
      fresh.push(d)
    }
  }
  if (fresh.length > room) {
    return {accepted: [], problems: [...problems, `plugin ${label}: its ${fresh.length} checks would pass the limit on plugin checks in one run (${room} left); none of them were loaded`]}
  }
  for (const d of fresh) taken.add(d.id)
  return {accepted: fresh, problems}
}
