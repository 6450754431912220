/** The JSON report: the data model as is (reports/report.schema.json). */
import type {Report} from '../src/engine/report.js'

export function renderJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`
}
