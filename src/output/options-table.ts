/**
 * A check's declared options as a table (name, type, default, range, description): the same rows
 * for `tcx-doctor explain ID` and for the pages under docs/checks/ (`npm run docs`).
 */
import type {Check, OptionSchema} from '../engine/check.js'
import {describeRange} from '../engine/check-options.js'

export interface OptionRow {
  name: string
  type: string
  default: string
  range: string
  description: string
}

const OPTION_COLUMNS = ['option', 'type', 'default', 'allowed', 'description'] as const

function typeOf(schema: OptionSchema): string {
  return schema.type === 'array' ? `${schema.items?.type ?? 'value'}[]` : schema.type
}

export function optionRows(check: Check): OptionRow[] {
  const spec = check.options
  if (!spec) return []
  return Object.entries(spec.schema as Record<string, OptionSchema>).map(([name, schema]) => ({
    name,
    type: typeOf(schema),
    default: JSON.stringify((spec.defaults as Record<string, unknown>)[name]) ?? '(none)',
    range: describeRange(schema),
    description: schema.description,
  }))
}

const cellsOf = (row: OptionRow): string[] => [row.name, row.type, row.default, row.range, row.description]

/** Plain-text columns for a terminal. */
export function optionsText(check: Check): string[] {
  const rows = optionRows(check)
  if (rows.length === 0) return []
  const all = [[...OPTION_COLUMNS], ...rows.map(cellsOf)]
  const widths = OPTION_COLUMNS.map((_, i) => Math.max(...all.map((cells) => cells[i]!.length)))
  return all.map((cells) => cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ').trimEnd())
}

const markdownCell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ')

/** A Markdown table (for docs/checks/<category>.md). */
export function optionsMarkdown(check: Check): string {
  const rows = optionRows(check)
  if (rows.length === 0) return 'This check has no options.\n'
  const header = `| ${OPTION_COLUMNS.join(' | ')} |\n|${OPTION_COLUMNS.map(() => '---').join('|')}|\n`
  const body = rows.map((row) => `| ${cellsOf(row).map((cell, i) => (i === 0 || i === 2 ? `\`${markdownCell(cell)}\`` : markdownCell(cell))).join(' | ')} |`).join('\n')
  return `${header}${body}\n`
}
