/**
 * The text report for a console or a plain-text file:
 *  - a header line: the tool, the host and the PBX at a glance (reports/pbx-summary.ts);
 *  - one block per check that ran (mark, id, summary; for a problem its details and what to do),
 *    in report order (or, on a TTY, live as each check finishes: `resultBlock`);
 *  - the skipped checks grouped by their reason, naming the checks, and a source's reason repeated
 *    in several of them said once, as a numbered note;
 *  - the summary line last (which says "Nothing could be checked" and why when the verdict is unknown).
 * Lines are wrapped to `width` (none when undefined) with a hanging indent. Colour only when asked
 * (reports/colors.ts decides and paints); every string from the report is made inert first
 * (reports/inert.ts), so only this reporter's own colour codes reach the terminal.
 */
import {STATUS_ORDER} from '../src/engine/status.js'
import type {EvidenceTable, Status} from '../src/engine/check.js'
import {glanceLine, pbxLine} from './pbx-summary.js'
import type {Report} from '../src/engine/report.js'
import type {CheckResult} from '../src/engine/result.js'
import {inertLine, inertText} from '../src/lib/format.js'
import {painter, type Paint, type Style} from './colors.js'
import {inertData, inertReport} from './inert.js'
import {sharedReasons} from './shared-reasons.js'
import {wrapLine, type Span} from './wrap.js'

export interface TextOptions {
  color: boolean
  /** Show the evidence of non-pass results too (verbose). */
  evidence?: boolean
  /** Wrap lines to this many columns (the terminal's width); undefined: no wrapping (files, pipes, e-mail). */
  width?: number
}

const LABEL: Record<Status, string> = {pass: 'PASS', warn: 'WARN', fail: 'FAIL', skip: 'SKIP', error: 'ERR '}
const ID_COLUMN = 32
/** The indent of a result's details, under its id. */
const DETAIL_INDENT = 7
/** Continuation lines of a detail are indented this much further. */
const DETAIL_HANG = 2
/** A hanging indent leaves at least this many columns for text, or falls back to a smaller one. */
const MIN_TEXT = 30

interface Context {
  paint: Paint
  width?: number
  evidence: boolean
}

const contextOf = (options: TextOptions): Context => ({paint: painter(options.color), evidence: options.evidence === true, ...(options.width ? {width: options.width} : {})})

/** Hang for continuation lines so the text keeps `hang` columns of indent when the width allows. */
function hangFor(ctx: Context, indent: number, hang: number, fallback: number): number {
  if (ctx.width === undefined) return hang
  return ctx.width - indent - hang >= MIN_TEXT ? hang : Math.min(hang, fallback)
}

function line(ctx: Context, text: string, options: {indent?: number; hang?: number; fallbackHang?: number; spans?: Span[]} = {}): string[] {
  const indent = options.indent ?? 0
  return wrapLine(text, {
    indent,
    hang: hangFor(ctx, indent, options.hang ?? 0, options.fallbackHang ?? DETAIL_HANG),
    ...(ctx.width === undefined ? {} : {width: ctx.width}),
    ...(options.spans ? {spans: options.spans} : {}),
    paint: ctx.paint,
  })
}

/** Each line of a (possibly multi-line) text, indented under the result and wrapped with a hanging indent. */
function detailLines(ctx: Context, text: string, out: string[]): void {
  // One line at a time: a detail of 200,000 lines is just long.
  for (const part of text.split('\n')) for (const l of line(ctx, part, {indent: DETAIL_INDENT, hang: DETAIL_HANG})) out.push(l)
}

function markLine(ctx: Context, status: Status, head: string, summary: string, waived: boolean): string[] {
  const label = LABEL[status]
  const text = `${label} ${head} ${summary}${waived ? ' (waived)' : ''}`
  const spans: Span[] = [{start: 0, end: label.trimEnd().length, style: status}]
  if (waived) spans.push({start: text.length - 8, end: text.length, style: 'dim'})
  // Continuation lines start under the summary, or under the id when that leaves too little room.
  return line(ctx, text, {hang: label.length + 1 + head.length + 1, fallbackHang: label.length + 1, spans})
}

function resultMark(ctx: Context, result: CheckResult): string[] {
  return markLine(ctx, result.status, inertLine(result.id).padEnd(ID_COLUMN), inertLine(result.summary), result.waived !== undefined)
}

/** One result's mark line: the status, the id and the summary (wrapped to `width` when given). */
export function resultLine(raw: CheckResult, options: TextOptions): string {
  return resultMark(contextOf(options), inertData(raw)).join('\n')
}

const cellText = (cell: unknown): string => (cell === null || cell === undefined ? '' : inertLine(String(cell)))

/** An evidence table as aligned columns (for --verbose; not wrapped, so the columns stay aligned). */
export function tableLines(table: EvidenceTable): string[] {
  const rows = [table.columns.map(cellText), ...table.rows.map((row) => table.columns.map((_, i) => cellText(row[i])))]
  const widths = table.columns.map((_, i) => Math.max(...rows.map((cells) => cells[i]!.length)))
  const lines = [inertLine(table.title), ...rows.map((cells) => `  ${cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ')}`.trimEnd())]
  if (table.note) lines.push(`  (${inertLine(table.note)})`)
  return lines
}

function appendIndented(lines: string[], text: string, prefix: string): void {
  for (const l of text.split('\n')) lines.push(`${prefix}${l}`)
}

function blockOf(ctx: Context, result: CheckResult): string[] {
  const lines = resultMark(ctx, result)
  if (result.status === 'pass') return lines
  for (const detail of result.details) detailLines(ctx, detail, lines)
  if (result.waived) detailLines(ctx, `Waived: ${result.waived.reason}${result.waived.until ? ` (until ${result.waived.until})` : ''}`, lines)
  if (result.status === 'fail' || result.status === 'warn' || result.status === 'error') detailLines(ctx, `What to do: ${result.remediation}`, lines)
  if (ctx.evidence) {
    const prefix = ' '.repeat(DETAIL_INDENT)
    for (const table of result.tables ?? []) appendIndented(lines, tableLines(table).join('\n'), prefix)
    if (Object.keys(result.evidence).length > 0) appendIndented(lines, `Evidence: ${inertText(JSON.stringify(result.evidence, null, 2))}`, prefix)
  }
  return lines
}

/** A result as the report shows it: its mark line, and for a problem its details and what to do (the live line on a TTY). */
export function resultBlock(raw: CheckResult, options: TextOptions): string {
  return `${blockOf(contextOf(options), inertData(raw)).join('\n')}\n`
}

export interface SkipGroup {
  summary: string
  details: string[]
  ids: string[]
}

/** The skipped results grouped by their reason (summary and details), in order of first appearance. */
export function skipGroups(results: readonly CheckResult[]): SkipGroup[] {
  const groups = new Map<string, SkipGroup>()
  for (const r of results) {
    if (r.status !== 'skip') continue
    const key = JSON.stringify([r.summary, r.details])
    const group = groups.get(key)
    if (group) group.ids.push(r.id)
    else groups.set(key, {summary: r.summary, details: [...r.details], ids: [r.id]})
  }
  return [...groups.values()]
}

/**
 * The skipped checks: grouped by their reason, a source's reason repeated in several of them said
 * once as a numbered note after the groups (reports/shared-reasons.ts).
 */
function skipLines(ctx: Context, report: Report): {lines: string[]; shorten: (text: string) => string} {
  const skips = report.results.filter((r) => r.status === 'skip')
  const shared = sharedReasons(report, skips.map((r) => [r.summary, ...r.details].join('\n')))
  const shortened = skips.map((r) => ({...r, summary: shared.shorten(r.summary), details: r.details.map(shared.shorten)}))
  const lines: string[] = []
  for (const group of skipGroups(shortened)) {
    if (group.ids.length === 1) {
      lines.push(...markLine(ctx, 'skip', inertLine(group.ids[0]!).padEnd(ID_COLUMN), inertLine(group.summary), false))
    } else {
      lines.push(...markLine(ctx, 'skip', `${group.ids.length} checks:`, inertLine(group.summary), false))
    }
    for (const detail of group.details) detailLines(ctx, detail, lines)
    if (group.ids.length > 1) lines.push(...line(ctx, group.ids.map(inertLine).join(', '), {indent: DETAIL_INDENT}))
  }
  for (const note of shared.notes) lines.push(...line(ctx, `${note.ref} ${note.sources.map(inertLine).join(', ')}: ${inertLine(note.text)}`, {indent: 5, hang: note.ref.length + 1}))
  return {lines, shorten: shared.shorten}
}

/** The reasons of an unknown verdict, each once (empty for a run that could look). */
export function unknownReasons(report: Report): string[] {
  return report.verdict?.state === 'unknown' ? [...new Set(report.verdict.reasons)] : []
}

function summaryLines(ctx: Context, report: Report, shorten: (text: string) => string = (t) => t): string[] {
  const s = report.summary
  const spans: Span[] = []
  let text = ''
  const add = (part: string, style?: Style): void => {
    if (style) spans.push({start: text.length, end: text.length + part.length, style})
    text += part
  }
  if (report.verdict?.state === 'unknown') {
    const reasons = [...new Set(unknownReasons(report).map((r) => inertLine(shorten(r))))]
    add('Nothing could be checked', 'error')
    add(`${reasons.length > 0 ? `: ${reasons.join('; ')}` : ''}. `)
  }
  STATUS_ORDER.forEach((k, i) => {
    if (i > 0) add(', ')
    add(`${s[k]} ${k}`, s[k] > 0 ? k : undefined)
  })
  add(`${s.waived > 0 ? `, ${s.waived} waived` : ''} in ${(report.durationMs / 1000).toFixed(1)} s; exit code ${report.exitCode} (--fail-on ${report.failOn})`)
  return line(ctx, text, {hang: 2, spans})
}

/** The summary line (wrapped to `width` when given). */
export function summaryLine(report: Report, options: TextOptions): string {
  return summaryLines(contextOf(options), inertReport(report)).join('\n')
}

/** The header line: tool, host and the PBX at a glance. */
export function renderHeader(raw: Report, options: TextOptions = {color: false}): string[] {
  const report = inertReport(raw)
  const ctx = contextOf(options)
  return [...line(ctx, `tcx-doctor ${inertLine(report.tool.version)} on ${inertLine(report.target.hostname)}: ${inertLine(pbxLine(report.target))}`, {hang: 2}), ...glanceText(ctx, report), '']
}

/** The glance line under the header (none for a report without a glance). */
function glanceText(ctx: Context, report: Report): string[] {
  const glance = glanceLine(report.target)
  return glance === undefined ? [] : line(ctx, inertLine(glance), {indent: 2, hang: 2})
}

/** The header printed on a TTY before the checks run, when only the tool and the host are known. */
export function renderLiveHeader(tool: {version: string; hostname: string}, options: TextOptions): string {
  return `${line(contextOf(options), `tcx-doctor ${inertLine(tool.version)} on ${inertLine(tool.hostname)}: running the checks`, {hang: 2}).join('\n')}\n\n`
}

function noticeLines(ctx: Context, report: Report): string[] {
  const lines: string[] = []
  for (const notice of report.notices) lines.push(...line(ctx, `${notice.level === 'info' ? 'Note' : 'Problem'}: ${inertLine(notice.message)}`, {hang: 2}))
  return lines
}

export function renderText(raw: Report, options: TextOptions): string {
  const report = inertReport(raw)
  const ctx = contextOf(options)
  const lines = renderHeader(report, options)
  const notices = noticeLines(ctx, report)
  if (notices.length > 0) lines.push(...notices, '')
  for (const result of report.results) {
    if (result.status === 'skip') continue
    for (const l of blockOf(ctx, result)) lines.push(l)
  }
  const skips = skipLines(ctx, report)
  lines.push(...skips.lines, '', ...summaryLines(ctx, report, skips.shorten))
  return `${lines.join('\n')}\n`
}

/**
 * What follows the live blocks on a TTY (each non-skip result was shown once as it finished):
 * the PBX at a glance (known only after the run), notices, the skipped checks grouped by reason,
 * and the summary.
 */
export function renderTextTail(raw: Report, options: TextOptions): string {
  const report = inertReport(raw)
  const ctx = contextOf(options)
  const lines = ['', ...line(ctx, `PBX: ${inertLine(pbxLine(report.target))}`, {hang: 2}), ...glanceText(ctx, report)]
  lines.push(...noticeLines(ctx, report))
  const skips = skipLines(ctx, report)
  if (skips.lines.length > 0) lines.push('', ...skips.lines)
  lines.push('', ...summaryLines(ctx, report, skips.shorten))
  return `${lines.join('\n')}\n`
}
