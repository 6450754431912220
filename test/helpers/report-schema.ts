/** Validates reports against the shipped JSON Schema (reports/report.schema.json). */
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {Ajv} from 'ajv'
import addFormatsModule from 'ajv-formats'
import {ROOT, type CliResult} from './cli.js'

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv
const schema = JSON.parse(readFileSync(join(ROOT, 'reports', 'report.schema.json'), 'utf8')) as object
const ajv = new Ajv({allErrors: true, strict: true})
addFormats(ajv)
const validate = ajv.compile(schema)

/** Throws with every schema error when the report does not match. */
export function assertValidReport(report: unknown): void {
  if (!validate(report)) {
    throw new Error(`report does not match report.schema.json:\n${ajv.errorsText(validate.errors, {separator: '\n'})}`)
  }
}

/** A check's result as the JSON report carries it (the fields tests read). */
export interface JsonResult {
  id: string
  status: string
  summary: string
  details: string[]
  evidence: Record<string, unknown>
}

export interface JsonReport {
  exitCode: number
  results: JsonResult[]
  sources: Array<{name: string; status: string; detail: string}>
}

/** The JSON report a `run --format json` printed, validated against the schema; a clear error when it is not JSON. */
export function reportOf(cli: CliResult): JsonReport {
  let report: JsonReport
  try {
    report = JSON.parse(cli.stdout) as JsonReport
  } catch {
    throw new Error(`run did not print a JSON report (exit ${cli.code}): ${cli.stdout.slice(0, 500)} ${cli.stderr.slice(0, 500)}`)
  }
  assertValidReport(report)
  return report
}

/** One check's result from that report. */
export function resultOf(cli: CliResult, id: string): JsonResult {
  const result = reportOf(cli).results.find((r) => r.id === id)
  if (!result) throw new Error(`no result for ${id} in the report`)
  return result
}
