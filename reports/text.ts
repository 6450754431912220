/**
 * The text report for a console: one line per check with a status mark, the
 * details and remediation of each non-pass result, and a summary line (which
 * says "Nothing could be checked" and why when the verdict is unknown).
 * Colour only when asked (the command asks on a TTY); no escape codes otherwise.
 * Every string from the report is made inert first (reports/inert.ts), so only
 * this reporter's own colour codes reach the terminal.
 */
import {STATUS_ORDER} from '../src/engine/status.js'
import type {EvidenceTable, Status} from '../src/engine/check.js'
import {pbxLine} from './pbx-summary.js'
import type {Report} from '../src/engine/report.js'
import type {CheckResult} from '../src/engine/result.js'
import {inertLine, inertText} from '../src/lib/format.js'
import {inertReport} from './inert.js'

export interface TextOptions {
  color: boolean
  /** Show the evidence of non-pass results too (verbose). */
  evidence?: boolean
}

const LABEL: Record<Status, string> = {pass: 'PASS', warn: 'WARN', fail: 'FAIL', skip: 'SKIP', error: 'ERR '}
const COLOR: Record<Status, string> = {pass: '32', warn: '33', fail: '31', skip: '90', error: '35'}

const paint = (text: string, code: string, on: boolean): string => (on ? `\u001B[${code}m${text}\u001B[0m` : text)

/** One line for a result: the mark, the id and the summary. Used live on a TTY and in the final report. */
export function resultLine(result: CheckResult, options: TextOptions): string {
  const label = paint(LABEL[result.status], `1;${COLOR[result.status]}`, options.color)
  const waived = result.waived ? paint(' (waived)', '90', options.color) : ''
  return `${label} ${inertLine(result.id).padEnd(32)} ${inertLine(result.summary)}${waived}`
}

const cellText = (cell: unknown): string => (cell === null || cell === undefined ? '' : inertLine(String(cell)))

/** An evidence table as aligned columns (for --verbose). */
export function tableLines(table: EvidenceTable): string[] {
  const rows = [table.columns.map(cellText), ...table.rows.map((row) => table.columns.map((_, i) => cellText(row[i])))]
  const widths = table.columns.map((_, i) => Math.max(...rows.map((cells) => cells[i]!.length)))
  const lines = [inertLine(table.title), ...rows.map((cells) => `  ${cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ')}`.trimEnd())]
  if (table.note) lines.push(`  (${inertLine(table.note)})`)
  return lines
}

/** Appends each line of `text` with a prefix (one by one: a detail or evidence of 200,000 lines is just long). */
function appendIndented(lines: string[], text: string, prefix: string): void {
  for (const line of text.split('\n')) lines.push(`${prefix}${line}`)
}

function appendAll(lines: string[], more: readonly string[]): void {
  for (const line of more) lines.push(line)
}

function resultBlock(result: CheckResult, options: TextOptions): string[] {
  const lines = [resultLine(result, options)]
  if (result.status === 'pass') return lines
  for (const detail of result.details) appendIndented(lines, detail, '       ')
  if (result.waived) {
    lines.push(`       Waived: ${result.waived.reason}${result.waived.until ? ` (until ${result.waived.until})` : ''}`)
  }
  if (result.status === 'fail' || result.status === 'warn' || result.status === 'error') {
    appendIndented(lines, `What to do: ${result.remediation}`, '       ')
  }
  if (options.evidence) {
    for (const table of result.tables ?? []) appendIndented(lines, tableLines(table).join('\n'), '       ')
    if (Object.keys(result.evidence).length > 0) appendIndented(lines, `Evidence: ${inertText(JSON.stringify(result.evidence, null, 2))}`, '       ')
  }
  return lines
}

/** The reasons of an unknown verdict, each once (empty for a run that could look). */
export function unknownReasons(report: Report): string[] {
  return report.verdict?.state === 'unknown' ? [...new Set(report.verdict.reasons)] : []
}

export function summaryLine(report: Report, options: TextOptions): string {
  const s = report.summary
  const parts = STATUS_ORDER.map((k) => paint(`${s[k]} ${k}`, s[k] > 0 ? COLOR[k] : '0', options.color && s[k] > 0))
  const waived = s.waived > 0 ? `, ${s.waived} waived` : ''
  const reasons = unknownReasons(report).map(inertLine)
  const nothing = report.verdict?.state === 'unknown' ? `${paint('Nothing could be checked', '1;35', options.color)}${reasons.length > 0 ? `: ${reasons.join('; ')}` : ''}. ` : ''
  return `${nothing}${parts.join(', ')}${waived} in ${(report.durationMs / 1000).toFixed(1)} s; exit code ${report.exitCode} (--fail-on ${report.failOn})`
}

export function renderHeader(report: Report): string[] {
  return [`tcx-doctor ${report.tool.version} on ${report.target.hostname}: ${pbxLine(report.target)}`, '']
}

export function renderText(raw: Report, options: TextOptions): string {
  const report = inertReport(raw)
  const lines = renderHeader(report)
  for (const notice of report.notices) lines.push(`${notice.level === 'info' ? 'Note' : 'Problem'}: ${notice.message}`)
  if (report.notices.length > 0) lines.push('')
  for (const result of report.results) appendAll(lines, resultBlock(result, options))
  lines.push('', summaryLine(report, options))
  return `${lines.join('\n')}\n`
}

/** What follows the live lines on a TTY: the non-pass results in stable order with details, and the summary. */
export function renderTextTail(raw: Report, options: TextOptions): string {
  const report = inertReport(raw)
  const lines = ['']
  for (const notice of report.notices) lines.push(`${notice.level === 'info' ? 'Note' : 'Problem'}: ${notice.message}`)
  const problems = report.results.filter((r) => r.status !== 'pass')
  if (problems.length > 0) lines.push('Details, in check order:')
  for (const result of problems) appendAll(lines, resultBlock(result, options))
  lines.push('', summaryLine(report, options))
  return `${lines.join('\n')}\n`
}
