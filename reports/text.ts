/**
 * The text report for a console: one line per check with a status mark, the
 * details and remediation of each non-pass result, and a summary line.
 * Colour only when asked (the command asks on a TTY); no escape codes otherwise.
 */
import type {Status} from '../src/engine/check.js'
import type {Report} from '../src/engine/report.js'
import type {CheckResult} from '../src/engine/result.js'

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
  return `${label} ${result.id.padEnd(32)} ${result.summary}${waived}`
}

function indentLines(text: string, prefix: string): string[] {
  return text.split('\n').map((line) => `${prefix}${line}`)
}

function resultBlock(result: CheckResult, options: TextOptions): string[] {
  const lines = [resultLine(result, options)]
  if (result.status === 'pass') return lines
  for (const detail of result.details) lines.push(...indentLines(detail, '       '))
  if (result.waived) {
    lines.push(`       Waived: ${result.waived.reason}${result.waived.until ? ` (until ${result.waived.until})` : ''}`)
  }
  if (result.status === 'fail' || result.status === 'warn' || result.status === 'error') {
    lines.push(...indentLines(`What to do: ${result.remediation}`, '       '))
  }
  if (options.evidence && Object.keys(result.evidence).length > 0) {
    lines.push(...indentLines(`Evidence: ${JSON.stringify(result.evidence, null, 2)}`, '       '))
  }
  return lines
}

export function summaryLine(report: Report, options: TextOptions): string {
  const s = report.summary
  const parts = (['fail', 'error', 'warn', 'pass', 'skip'] as const).map((k) => paint(`${s[k]} ${k}`, s[k] > 0 ? COLOR[k] : '0', options.color && s[k] > 0))
  const waived = s.waived > 0 ? `, ${s.waived} waived` : ''
  return `${parts.join(', ')}${waived} in ${(report.durationMs / 1000).toFixed(1)} s; exit code ${report.exitCode} (--fail-on ${report.failOn})`
}

export function renderHeader(report: Report): string[] {
  const t = report.target
  const where = t.installDir ? `${t.layout ?? ''} install at ${t.installDir}`.trim() : 'no 3CX install found'
  return [`tcx-doctor ${report.tool.version} on ${t.hostname}: ${where}`, '']
}

export function renderText(report: Report, options: TextOptions): string {
  const lines = renderHeader(report)
  for (const notice of report.notices) lines.push(`${notice.level === 'info' ? 'Note' : 'Problem'}: ${notice.message}`)
  if (report.notices.length > 0) lines.push('')
  for (const result of report.results) lines.push(...resultBlock(result, options))
  lines.push('', summaryLine(report, options))
  return `${lines.join('\n')}\n`
}

/** What follows the live lines on a TTY: the non-pass results in stable order with details, and the summary. */
export function renderTextTail(report: Report, options: TextOptions): string {
  const lines = ['']
  for (const notice of report.notices) lines.push(`${notice.level === 'info' ? 'Note' : 'Problem'}: ${notice.message}`)
  const problems = report.results.filter((r) => r.status !== 'pass')
  if (problems.length > 0) lines.push('Details, in check order:')
  for (const result of problems) lines.push(...resultBlock(result, options))
  lines.push('', summaryLine(report, options))
  return `${lines.join('\n')}\n`
}
