/**
 * The Markdown report, for CI job summaries (GitHub's $GITHUB_STEP_SUMMARY, GitLab): a header with
 * the verdict and the PBX at a glance, the overview table (status, check, summary; problems first;
 * a source's reason repeated in several skips said once under it), then each problem with what was
 * found, what to do and its evidence tables.
 *
 * Every value from the report goes through `mdText`: control characters shown as visible escapes
 * (lib/format inertText); the inline markup characters (`\ ` * _ ~ [ ] |`) backslash-escaped, so a
 * value cannot open code, emphasis, a link or image, or split a table cell; a heading, list, quote
 * or break mark at the value's start escaped (`#`, `-`, `+`, `=`, `>`, `1.`, `1)`); `&`, `<` and `>` as
 * character references (no entity and no HTML of the data's own); the `:` of `scheme://`, `@` and
 * the dot of `www.` as character references, so no URL or address in the data becomes a link;
 * leading spaces as references (no indented code block); newlines as `<br>` (the only HTML this
 * reporter writes itself), so one value stays in one table cell and one paragraph.
 */
import {byStatus, isProblem} from '../src/engine/status.js'
import type {EvidenceTable, Status} from '../src/engine/check.js'
import type {Report} from '../src/engine/report.js'
import type {CheckResult} from '../src/engine/result.js'
import {inertText} from '../src/lib/format.js'
import {inertReport} from './inert.js'
import {glanceRows, pbxFacts, pbxLine} from './pbx-summary.js'
import {sharedReasons} from './shared-reasons.js'

/** Written as character references: never HTML, never an entity of the data's own. */
const ENTITIES: Record<string, string> = {'&': '&amp;', '<': '&lt;', '>': '&gt;'}
/** Inline markup anywhere in a line: code, emphasis, strikethrough, links and images, table cells, escapes. */
const INLINE = /[\\`*_~[\]|]/g
/** What starts a block at the start of a line: heading, list, thematic break, setext underline (a quote's `>` is `&gt;` already). */
const BLOCK_START = /^(\d{1,9})([.)])(?=\s|$)|^(#)|^([-+=])(?=[\s\-+=]|$)/

/** A value as Markdown text that renders as itself: no markup, HTML, link or line break of its own. */
export function mdText(value: unknown): string {
  const text = inertText(value === null || value === undefined ? '' : String(value)).replace(/\r\n?/g, '\n').replace(/\t/g, ' ')
  return (
    text
      .replace(/[&<>]/g, (ch) => ENTITIES[ch]!)
      .replace(INLINE, (ch) => `\\${ch}`)
      // No autolinks from the data: the ":" of "scheme://", every "@" (e-mail, mentions) and the dot of "www.".
      .replace(/:(?=\/\/)/g, '&#58;')
      .replace(/@/g, '&#64;')
      .replace(/\b(www)\./gi, '$1&#46;')
      // Leading spaces would make an indented code block.
      .replace(/^ +/, (spaces) => '&#32;'.repeat(spaces.length))
      .replace(BLOCK_START, (_, digits?: string, mark?: string, always?: string, before?: string) => (digits ? `${digits}\\${mark}` : `\\${always ?? before}`))
      .replace(/\n/g, '<br>')
  )
}

const LABEL: Record<Status, string> = {pass: 'PASS', warn: 'WARN', fail: 'FAIL', skip: 'SKIP', error: 'ERROR'}
const MARK: Record<Status, string> = {pass: '✅', warn: '⚠️', fail: '❌', skip: '⏭️', error: '💥'}

const status = (s: Status): string => `${MARK[s]} ${LABEL[s]}`

function tableRows(columns: readonly string[], rows: ReadonlyArray<readonly unknown[]>): string[] {
  const head = `| ${columns.map(mdText).join(' | ')} |`
  const rule = `|${columns.map(() => ' --- ').join('|')}|`
  return [head, rule, ...rows.map((row) => `| ${columns.map((_, i) => mdText(row[i])).join(' | ')} |`)]
}

function evidenceTable(table: EvidenceTable): string[] {
  const lines = [`**${mdText(table.title)}**`, '', ...tableRows(table.columns, table.rows)]
  if (table.note) lines.push('', `_${mdText(table.note)}_`)
  return lines
}

const VERDICT: Record<string, string> = {ok: '✅ OK', problems: '❌ PROBLEMS', unknown: '❔ UNKNOWN'}

function verdictOf(report: Report): string {
  const state = report.verdict?.state ?? (report.results.some((r) => isProblem(r.status)) ? 'problems' : 'ok')
  return VERDICT[state] ?? mdText(state)
}

function header(report: Report): string[] {
  const s = report.summary
  const f = pbxFacts(report.target)
  const lines = [`## tcx-doctor: ${verdictOf(report)} on ${mdText(report.target.hostname)}`, '']
  lines.push(`**PBX:** ${mdText(pbxLine(report.target))}`, '')
  const facts: Array<[string, string | undefined]> = [
    ['Host', report.target.hostname],
    ['3CX version', f.version ?? f.versionUnknown],
    ['Platform', f.platform ? `${f.platform}${f.layout ? ` (${f.layout} layout)` : ''}` : undefined],
    ['Install', f.installDir],
    ...glanceRows(report.target),
    ['When', report.startedAt],
  ]
  for (const [name, value] of facts) if (value) lines.push(`- ${name}: ${mdText(value)}`)
  lines.push(
    `- Result: ${s.fail} fail, ${s.error} error, ${s.warn} warn, ${s.pass} pass, ${s.skip} skip${s.waived > 0 ? `, ${s.waived} waived` : ''}; exit code ${report.exitCode} (--fail-on ${mdText(report.failOn)})`,
  )
  if (report.verdict?.state === 'unknown') {
    const reasons = [...new Set(report.verdict.reasons)]
    lines.push(`- Nothing could be checked${reasons.length > 0 ? `: ${reasons.map(mdText).join('; ')}` : ''}`)
  }
  for (const notice of report.notices) lines.push(`- ${notice.level === 'info' ? 'Note' : 'Problem'}: ${mdText(notice.message)}`)
  return lines
}

function problem(result: CheckResult): string[] {
  const lines = ['', `### ${status(result.status)} ${mdText(result.title)} (${mdText(result.id)})`, '', mdText(result.summary)]
  for (const detail of result.details) lines.push('', mdText(detail))
  if (result.waived) lines.push('', `Waived: ${mdText(result.waived.reason)}${result.waived.until ? ` (until ${mdText(result.waived.until)})` : ''}`)
  lines.push('', `**What to do:** ${mdText(result.remediation)}`)
  for (const table of result.tables ?? []) lines.push('', ...evidenceTable(table))
  return lines
}

export function renderMarkdown(raw: Report): string {
  const report = inertReport(raw)
  const ordered = [...report.results].sort(byStatus)
  // A source's reason repeated in several skip summaries is said once, under the table.
  const shared = sharedReasons(report, ordered.filter((r) => r.status === 'skip').map((r) => r.summary))
  const lines = [...header(report), '', '### Checks', '', '| Status | Check | Summary |', '| --- | --- | --- |']
  for (const r of ordered) {
    const summary = r.status === 'skip' ? shared.shorten(r.summary) : r.summary
    lines.push(`| ${status(r.status)}${r.waived ? ' (waived)' : ''} | ${mdText(r.id)} | ${mdText(summary)} |`)
  }
  if (shared.notes.length > 0) lines.push('')
  for (const note of shared.notes) lines.push(`- ${mdText(note.ref)} ${note.sources.map(mdText).join(', ')}: ${mdText(note.text)}`)
  const problems = ordered.filter((r) => isProblem(r.status))
  if (problems.length > 0) lines.push('', '### Problems')
  for (const result of problems) lines.push(...problem(result))
  return `${lines.join('\n')}\n`
}
