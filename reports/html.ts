/**
 * The HTML report, also the body of the e-mailed report: one self-contained file laid out
 * with tables and inline styles only (no <style>, <script>, <details>, flex, grid or position,
 * which mail clients drop), readable on a phone.
 *
 * First screen: the PBX at a glance and the verdict (with the reasons when nothing could be
 * checked), then the overview, one row per check, problems first. Then each problem (warn,
 * fail, error): what was found, the details, what to do, its evidence tables and a link to its
 * documentation (absolute, under the docs base). Raw JSON evidence only with `verbose`; the
 * JSON report has the data. Every value enters the page through `e` (inert, then escaped).
 */
import escapeHtml from 'escape-html'
import {byStatus, isProblem} from '../src/engine/status.js'
import type {EvidenceTable, Status} from '../src/engine/check.js'
import type {Report} from '../src/engine/report.js'
import type {CheckResult} from '../src/engine/result.js'
import {inertText} from '../src/lib/format.js'
import {DEFAULT_DOCS_BASE, docsUrl} from './html/links.js'
import {glanceRows, pbxFacts} from './pbx-summary.js'

export {DEFAULT_DOCS_BASE, docsUrl} from './html/links.js'

export interface HtmlOptions {
  /** Absolute http(s) URL that `docs/...` paths are resolved against (setting `docsBaseUrl`). */
  docsBase?: string
  /** Also show each problem's raw JSON evidence. */
  verbose?: boolean
}

const STATUS_STYLE: Record<Status, {bg: string; fg: string; label: string}> = {
  fail: {bg: '#c62828', fg: '#ffffff', label: 'FAIL'},
  error: {bg: '#6a1b9a', fg: '#ffffff', label: 'ERROR'},
  warn: {bg: '#f9a825', fg: '#000000', label: 'WARN'},
  pass: {bg: '#2e7d32', fg: '#ffffff', label: 'PASS'},
  skip: {bg: '#9e9e9e', fg: '#ffffff', label: 'SKIP'},
}
const UNKNOWN_STYLE = {bg: '#455a64', fg: '#ffffff', label: 'UNKNOWN'}

const FONT = 'font-family:Segoe UI,Helvetica,Arial,sans-serif;'
const MONO = 'font-family:Consolas,Menlo,monospace;'
/** Long unbroken text (paths, hashes, ids) breaks where it must instead of widening the page. */
const WRAP = 'overflow-wrap:anywhere;word-break:break-word;'
const MUTED = 'color:#616161;'
const SMALL = 'font-size:12px;'

/** The one way a value enters the page: inert (no control or bidi characters), then HTML-escaped. */
const e = (value: unknown): string => escapeHtml(inertText(String(value)))

function badge(status: Status, waived: boolean): string {
  const s = STATUS_STYLE[status]
  return `<span style="display:inline-block;padding:2px 6px;background:${s.bg};color:${s.fg};font-weight:bold;${SMALL}white-space:nowrap;">${s.label}${waived ? ' &middot; WAIVED' : ''}</span>`
}

function link(docs: string | undefined, base: string): string {
  if (!docs) return ''
  const url = docsUrl(docs, base)
  if (!url) return `<div style="margin-top:6px;${SMALL}${MUTED}${WRAP}">More: ${e(docs)}</div>`
  return `<div style="margin-top:6px;${SMALL}${WRAP}">More: <a href="${e(url)}" style="color:#1565c0;">${e(url)}</a></div>`
}

/** Rows of one evidence table in the HTML report (the JSON report has them all). */
export const MAX_HTML_ROWS = 25

/**
 * A cell may shrink to 7em and no further (no one-word-per-line columns); wider tables scroll in their box.
 * Padding, borders and alignment are table attributes (border, cellpadding, valign), which every mail
 * client honours, so each cell carries only its minimum width: a report with many rows stays small.
 */
const CELL = 'min-width:7em;'

function cell(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (value === '') return `<span style="${MUTED}">(empty)</span>`
  return e(value)
}

/** An evidence table for people: its title, a header row, the rows (at most MAX_HTML_ROWS), and the note under it. */
export function htmlTable(table: EvidenceTable): string {
  const head = table.columns.map((c) => `<th align="left" bgcolor="#f5f5f5" style="${CELL}">${e(c)}</th>`).join('')
  const shown = table.rows.slice(0, MAX_HTML_ROWS)
  const rows = shown.map((row) => `<tr valign="top">${table.columns.map((_, i) => `<td style="${CELL}">${cell(row[i])}</td>`).join('')}</tr>`).join('')
  const cut = table.rows.length - shown.length
  const notes = [table.note, cut > 0 ? `${cut} more row(s) in the JSON report` : undefined].filter(Boolean).join('; ')
  const note = notes ? `<div style="${SMALL}${MUTED}${WRAP}">${e(notes)}</div>` : ''
  return `<div style="margin-top:10px;"><div style="${SMALL}font-weight:bold;${MUTED}${WRAP}">${e(table.title)}</div>` +
    `<div style="overflow-x:auto;max-width:100%;"><table border="1" cellpadding="4" cellspacing="0" style="border-collapse:collapse;border:1px solid #e0e0e0;margin-top:2px;${MONO}${SMALL}${WRAP}">` +
    `<tr valign="top">${head}</tr>${rows}</table></div>${note}</div>`
}

const MAX_VALUE = 300

/** A problem without evidence tables: its top-level evidence as a key/value table (long values cut; the JSON report has them whole). */
function evidenceFallback(evidence: Record<string, unknown>): string {
  const entries = Object.entries(evidence)
  if (entries.length === 0) return ''
  const rows = entries.map(([key, value]) => {
    const text = value !== null && typeof value === 'object' ? JSON.stringify(value) : value
    const shown = typeof text === 'string' && text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE)}… (whole in the JSON report)` : text
    return [key, shown ?? null] as [string, string | number | boolean | null]
  })
  return htmlTable({title: 'Evidence', columns: ['What', 'Value'], rows})
}

function rawEvidence(evidence: Record<string, unknown>): string {
  if (Object.keys(evidence).length === 0) return ''
  return `<div style="margin-top:10px;${SMALL}font-weight:bold;${MUTED}">Evidence (JSON)</div>` +
    `<pre style="margin:2px 0 0 0;padding:6px;background:#f5f5f5;white-space:pre-wrap;${WRAP}${MONO}${SMALL}">${e(JSON.stringify(evidence, null, 2))}</pre>`
}

function problem(result: CheckResult, options: Required<HtmlOptions>): string {
  const details = result.details.length > 0
    ? `<ul style="margin:6px 0 0 18px;padding:0;">${result.details.map((d) => `<li style="margin:2px 0;">${e(d)}</li>`).join('')}</ul>`
    : ''
  const waived = result.waived
    ? `<div style="margin-top:6px;${MUTED}"><b>Waived:</b> ${e(result.waived.reason)}${result.waived.until ? ` (until ${e(result.waived.until)})` : ''}</div>`
    : ''
  const todo = result.remediation
    ? `<div style="margin-top:8px;padding:6px 8px;background:#fff8e1;border-left:3px solid #f9a825;"><b>What to do:</b> ${e(result.remediation)}</div>`
    : ''
  const tables = result.tables ?? []
  const evidence = (tables.length > 0 ? tables.map(htmlTable).join('') : evidenceFallback(result.evidence)) + (options.verbose ? rawEvidence(result.evidence) : '')
  const s = STATUS_STYLE[result.status]
  return `<tr><td style="padding:12px 0 14px 0;border-top:3px solid ${s.bg};${FONT}font-size:14px;${WRAP}">
<div>${badge(result.status, result.waived !== undefined)} <b style="font-size:15px;">${e(result.title)}</b></div>
<div style="margin-top:2px;${SMALL}${MUTED}"><span style="${MONO}">${e(result.id)}</span> &middot; ${e(result.severity)}</div>
<div style="margin-top:8px;"><b>Found:</b> ${e(result.summary)}</div>${details}${waived}${todo}${evidence}${link(result.docs, options.docsBase)}
</td></tr>`
}

const TH = `padding:4px 6px;text-align:left;${SMALL}${MUTED}border-bottom:2px solid #bdbdbd;`

function overviewRow(result: CheckResult): string {
  const td = `padding:6px;border-bottom:1px solid #e0e0e0;vertical-align:top;`
  return `<tr><td style="${td}">${badge(result.status, result.waived !== undefined)}</td>` +
    `<td style="${td}${WRAP}"><b>${e(result.title)}</b> <span style="${SMALL}${MUTED}${MONO}">${e(result.id)}</span><div style="margin-top:2px;">${e(result.summary)}</div></td></tr>`
}

/** Addresses of the PBX when the report knows them (a target field, or network.ip-changed's evidence). */
function addresses(report: Report): string[] {
  const fromTarget = [report.target.ips, report.target.addresses].find(Array.isArray) as unknown[] | undefined
  const ipChanged = report.results.find((r) => r.id === 'network.ip-changed')?.evidence as Record<string, unknown> | undefined
  const fromCheck = [ipChanged?.hostAddresses].find(Array.isArray) as unknown[] | undefined
  return [...new Set((fromTarget ?? fromCheck ?? []).filter((a): a is string => typeof a === 'string'))]
}

function verdictStyle(report: Report): {bg: string; fg: string; label: string} {
  return report.verdict?.state === 'unknown' ? UNKNOWN_STYLE : STATUS_STYLE[report.summary.worst]
}

function counts(report: Report): string {
  const order: Status[] = ['fail', 'error', 'warn', 'pass', 'skip']
  return order.filter((s) => report.summary[s] > 0).map((s) => `${report.summary[s]} ${s}`).join(', ') || 'no checks ran'
}

function header(report: Report): string {
  const t = report.target
  const f = pbxFacts(t)
  const v = verdictStyle(report)
  const unknown = report.verdict?.state === 'unknown'
  const reasons = unknown ? [...new Set(report.verdict.reasons)] : []
  const banner = unknown
    ? `<div style="margin-top:6px;font-size:15px;font-weight:bold;">Nothing could be checked</div>${reasons.length > 0 ? `<ul style="margin:4px 0 0 18px;padding:0;font-size:13px;${WRAP}">${reasons.map((r) => `<li>${e(r)}</li>`).join('')}</ul>` : ''}`
    : ''
  const version = f.version ? `3CX ${f.version}${f.versionFrom ? ` (${f.versionFrom})` : ''}` : f.versionUnknown ? `unknown: ${f.versionUnknown}` : f.installDir ? 'unknown' : 'no 3CX install found'
  const platform = f.platform ? `${f.platform}${f.layout ? ` (${f.layout} layout)` : ''}` : undefined
  const ips = addresses(report)
  const facts: Array<[string, string | undefined]> = [
    ['3CX', version],
    ['Platform', platform],
    ['Addresses', ips.length > 0 ? ips.join(', ') : undefined],
    ...glanceRows(t),
    ['Checked', `${report.startedAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z')}, ${(report.durationMs / 1000).toFixed(1)} s, tcx-doctor ${report.tool.version}`],
    ['Result', `${counts(report)}; exit code ${report.exitCode} (--fail-on ${report.failOn})${report.summary.waived > 0 ? `; ${report.summary.waived} waived` : ''}`],
  ]
  const rows = facts
    .filter((row): row is [string, string] => row[1] !== undefined)
    .map(([k, value]) => `<tr><td style="padding:2px 10px 2px 0;vertical-align:top;${MUTED}white-space:nowrap;">${k}</td><td style="padding:2px 0;vertical-align:top;${WRAP}">${e(value)}</td></tr>`)
    .join('')
  return `<tr><td style="padding:12px 16px;background:${v.bg};color:${v.fg};${FONT}">` +
    `<div style="font-size:20px;font-weight:bold;${WRAP}">${e(`tcx-doctor: ${v.label} on ${t.hostname}`)}</div>${banner}</td></tr>\n` +
    `<tr><td style="padding:10px 16px 4px 16px;font-size:13px;"><table role="presentation" cellpadding="0" cellspacing="0" style="border-collapse:collapse;">${rows}</table></td></tr>`
}

function footer(report: Report): string {
  const t = report.target
  const where: Array<[string, unknown]> = [['Install folder', t.installDir], ['Ini file', t.iniFile], ['Data folder', t.dataDir]]
  const whereRows = where
    .filter(([, v]) => typeof v === 'string' && v !== '')
    .map(([k, v]) => `<tr><td style="padding:2px 10px 2px 0;vertical-align:top;${MUTED}white-space:nowrap;">${k}</td><td style="padding:2px 0;vertical-align:top;${MONO}${WRAP}">${e(v)}</td></tr>`)
    .join('')
  const colour = (status: string): string => (status === 'ok' ? '#2e7d32' : status === 'unavailable' ? '#c62828' : '#757575')
  const sources = report.sources
    .map((s) => `<tr><td style="padding:2px 10px 2px 0;vertical-align:top;${MONO}">${e(s.name)}</td><td style="padding:2px 10px 2px 0;vertical-align:top;color:${colour(s.status)};">${e(s.status)}</td><td style="padding:2px 0;vertical-align:top;${WRAP}">${e(s.detail)}</td></tr>`)
    .join('')
  return `<tr><td style="padding:12px 16px 4px 16px;font-size:13px;border-top:1px solid #e0e0e0;"><div style="font-weight:bold;margin-bottom:4px;">Sources</div><table role="presentation" cellpadding="0" cellspacing="0" style="border-collapse:collapse;">${sources}</table>` +
    (whereRows ? `<div style="font-weight:bold;margin:10px 0 4px 0;">Where</div><table role="presentation" cellpadding="0" cellspacing="0" style="border-collapse:collapse;">${whereRows}</table>` : '') +
    `<div style="margin-top:10px;${SMALL}${MUTED}">All evidence is in the JSON report (attached to the e-mailed report; <span style="${MONO}">--output report.json</span>).</div></td></tr>`
}

export function renderHtml(report: Report, options: HtmlOptions = {}): string {
  const opts: Required<HtmlOptions> = {docsBase: options.docsBase ?? DEFAULT_DOCS_BASE, verbose: options.verbose ?? false}
  const v = verdictStyle(report)
  const sorted = [...report.results].sort(byStatus)
  const problems = sorted.filter((r) => isProblem(r.status))
  const notices = report.notices.length
    ? `<tr><td style="padding:8px 16px;"><div style="padding:8px;background:#fdecea;border-left:3px solid #c62828;${WRAP}">${report.notices.map((n) => `<div>${e(n.message)}</div>`).join('')}</div></td></tr>`
    : ''
  const overview = sorted.length > 0
    ? `<tr><td style="padding:8px 16px;"><div style="font-size:16px;font-weight:bold;margin-bottom:4px;">Overview</div>` +
      `<table id="overview" width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse;font-size:13px;table-layout:fixed;">` +
      `<tr><th width="64" style="width:64px;${TH}">Status</th><th style="${TH}">Check and what was found</th></tr>` +
      `${sorted.map(overviewRow).join('\n')}</table></td></tr>`
    : ''
  const problemSection = problems.length > 0
    ? `<tr><td style="padding:12px 16px 0 16px;"><div style="font-size:16px;font-weight:bold;margin-bottom:4px;">Problems (${problems.length})</div>` +
      `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse;table-layout:fixed;">${problems.map((r) => problem(r, opts)).join('\n')}</table></td></tr>`
    : ''
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${e(`tcx-doctor: ${v.label} on ${report.target.hostname}`)}</title></head>
<body style="margin:0;padding:0;background:#fafafa;${FONT}color:#212121;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#fafafa;table-layout:fixed;"><tr><td align="center" style="padding:8px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:900px;background:#ffffff;border:1px solid #e0e0e0;text-align:left;table-layout:fixed;">
${header(report)}
${notices}
${overview}
${problemSection}
${footer(report)}
</table></td></tr></table></body></html>
`
}
