/**
 * The HTML report: one self-contained file (inline styles, no scripts, no
 * external requests), laid out with tables so e-mail clients show it as is.
 * Every value from the PBX or the checks is escaped, and its control and
 * reordering characters shown as visible escapes (one function, `e`). The banner
 * says "Nothing could be checked" with the reasons when the verdict is unknown;
 * each result's evidence tables are rendered as tables.
 */
import {STATUS_ORDER, byStatus} from '../src/engine/status.js'
import {pbxLine} from './pbx-summary.js'
import escapeHtml from 'escape-html'
import type {EvidenceTable, Status} from '../src/engine/check.js'
import type {Report} from '../src/engine/report.js'
import type {CheckResult} from '../src/engine/result.js'
import {inertText} from '../src/lib/format.js'

const STATUS_STYLE: Record<Status, {bg: string; fg: string; label: string}> = {
  fail: {bg: '#c62828', fg: '#ffffff', label: 'FAIL'},
  error: {bg: '#6a1b9a', fg: '#ffffff', label: 'ERROR'},
  warn: {bg: '#f9a825', fg: '#000000', label: 'WARN'},
  pass: {bg: '#2e7d32', fg: '#ffffff', label: 'PASS'},
  skip: {bg: '#9e9e9e', fg: '#ffffff', label: 'SKIP'},
}

const FONT = "font-family:Segoe UI,Helvetica,Arial,sans-serif;"
const MONO = "font-family:Consolas,Menlo,monospace;font-size:12px;"
/** Long unbroken values (paths, hashes, names) wrap instead of widening the page on a phone. */
const WRAP = 'word-break:break-word;overflow-wrap:anywhere;'
/** The one way a value enters the page: inert (no control or bidi characters), then HTML-escaped. */
const e = (value: unknown): string => escapeHtml(inertText(String(value)))

const UNKNOWN_STYLE = {bg: '#455a64', fg: '#ffffff', label: 'UNKNOWN'}

function badge(status: Status, waived: boolean): string {
  const s = STATUS_STYLE[status]
  const extra = waived ? ' &middot; WAIVED' : ''
  return `<span style="display:inline-block;padding:2px 8px;background:${s.bg};color:${s.fg};font-weight:bold;font-size:12px;border-radius:3px;">${s.label}${extra}</span>`
}

function evidenceValue(value: unknown): string {
  if (value === null || value === undefined) return '<span style="color:#757575;">none</span>'
  if (value === '') return '<span style="color:#757575;">(empty)</span>'
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return e(value)
  return `<pre style="margin:0;white-space:pre-wrap;word-break:break-word;${MONO}">${e(JSON.stringify(value, null, 2))}</pre>`
}

function evidenceTable(evidence: Record<string, unknown>): string {
  const entries = Object.entries(evidence)
  if (entries.length === 0) return ''
  const rows = entries
    .map(
      ([key, value]) =>
        `<tr><td style="padding:3px 8px 3px 0;vertical-align:top;color:#555;${MONO}white-space:nowrap;">${e(key)}</td><td style="padding:3px 0;vertical-align:top;${MONO}${WRAP}">${evidenceValue(value)}</td></tr>`,
    )
    .join('')
  return `<table role="presentation" cellpadding="0" cellspacing="0" style="margin-top:6px;border-collapse:collapse;">${rows}</table>`
}

const CELL = `padding:3px 8px;border:1px solid #e0e0e0;vertical-align:top;${MONO}${WRAP}`

/** An evidence table for people: a caption, a header row, the rows, and the note under it. */
export function htmlTable(table: EvidenceTable): string {
  const head = table.columns.map((c) => `<th style="${CELL}background:#f5f5f5;text-align:left;">${e(c)}</th>`).join('')
  const rows = table.rows
    .map((row) => `<tr>${table.columns.map((_, i) => `<td style="${CELL}">${row[i] === null || row[i] === undefined ? '' : e(row[i])}</td>`).join('')}</tr>`)
    .join('')
  const note = table.note ? `<div style="font-size:12px;color:#555;">${e(table.note)}</div>` : ''
  return `<div style="margin-top:6px;"><div style="font-size:12px;font-weight:bold;color:#555;">${e(table.title)}</div><table cellpadding="0" cellspacing="0" style="border-collapse:collapse;margin-top:2px;"><tr>${head}</tr>${rows}</table>${note}</div>`
}

function resultRow(result: CheckResult): string {
  const details = result.details.length > 0 ? `<ul style="margin:6px 0 0 18px;padding:0;">${result.details.map((d) => `<li style="margin:2px 0;">${e(d)}</li>`).join('')}</ul>` : ''
  const waived = result.waived
    ? `<div style="margin-top:6px;color:#555;"><b>Waived:</b> ${e(result.waived.reason)}${result.waived.until ? ` (until ${e(result.waived.until)})` : ''}</div>`
    : ''
  const remediation =
    result.status === 'pass' || result.status === 'skip'
      ? ''
      : `<div style="margin-top:6px;padding:6px 8px;background:#fff8e1;border-left:3px solid #f9a825;"><b>What to do:</b> ${e(result.remediation)}</div>`
  const docs = result.docs ? `<div style="margin-top:4px;font-size:12px;color:#555;">More: ${e(result.docs)}</div>` : ''
  // A passing or skipped check's evidence is folded away in browsers (mail clients without <details> show it open).
  const table = (result.tables ?? []).map(htmlTable).join('') + evidenceTable(result.evidence)
  const evidence =
    table !== '' && (result.status === 'pass' || result.status === 'skip')
      ? `<details style="margin-top:6px;"><summary style="cursor:pointer;color:#555;font-size:12px;">Evidence</summary>${table}</details>`
      : table
  return `<tr>
<td style="padding:10px 10px 10px 0;vertical-align:top;border-bottom:1px solid #e0e0e0;white-space:nowrap;">${badge(result.status, result.waived !== undefined)}</td>
<td style="padding:10px 0;vertical-align:top;border-bottom:1px solid #e0e0e0;${FONT}font-size:14px;${WRAP}">
<div><b>${e(result.title)}</b> <span style="color:#757575;${MONO}">${e(result.id)}</span> <span style="color:#757575;font-size:12px;">${e(result.severity)}</span></div>
<div style="margin-top:4px;">${e(result.summary)}</div>${details}${waived}${remediation}${evidence}${docs}
</td></tr>`
}

function summaryCells(report: Report): string {
  return STATUS_ORDER
    .map((status) => {
      const s = STATUS_STYLE[status]
      const n = report.summary[status]
      const style = n > 0 ? `background:${s.bg};color:${s.fg};` : 'background:#f5f5f5;color:#9e9e9e;'
      return `<td style="padding:8px 10px;text-align:center;${style}${FONT}"><div style="font-size:22px;font-weight:bold;">${n}</div><div style="font-size:12px;">${s.label}</div></td>`
    })
    .join('<td style="width:6px;"></td>')
}

export function renderHtml(report: Report): string {
  const t = report.target
  const unknown = report.verdict?.state === 'unknown'
  const worst = unknown ? UNKNOWN_STYLE : STATUS_STYLE[report.summary.worst]
  const title = `tcx-doctor: ${worst.label} on ${t.hostname}`
  const reasons = unknown ? [...new Set(report.verdict.reasons)] : []
  const nothing = unknown
    ? `<div style="margin-top:6px;font-size:15px;font-weight:bold;">Nothing could be checked</div>${reasons.length > 0 ? `<ul style="margin:4px 0 0 18px;padding:0;font-size:13px;">${reasons.map((r) => `<li>${e(r)}</li>`).join('')}</ul>` : ''}`
    : ''
  const sorted = [...report.results].sort(byStatus)
  const targetRows = Object.entries(t)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `<tr><td style="padding:2px 10px 2px 0;color:#555;">${e(k)}</td><td style="padding:2px 0;${MONO}${WRAP}">${evidenceValue(v)}</td></tr>`)
    .join('')
  const sources = report.sources
    .map(
      (s) =>
        `<tr><td style="padding:2px 10px 2px 0;${MONO}">${e(s.name)}</td><td style="padding:2px 10px 2px 0;color:${s.status === 'ok' ? '#2e7d32' : s.status === 'unavailable' ? '#c62828' : '#757575'};">${e(s.status)}</td><td style="padding:2px 0;${WRAP}">${e(s.detail)}</td></tr>`,
    )
    .join('')
  const notices = report.notices.length
    ? `<tr><td style="padding:8px 0;"><div style="padding:8px;background:#fdecea;border-left:3px solid #c62828;">${report.notices.map((n) => `<div>${e(n.message)}</div>`).join('')}</div></td></tr>`
    : ''
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${e(title)}</title></head>
<body style="margin:0;padding:0;background:#fafafa;${FONT}color:#212121;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#fafafa;"><tr><td align="center" style="padding:16px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:900px;background:#ffffff;border:1px solid #e0e0e0;">
<tr><td style="padding:14px 16px;background:${worst.bg};color:${worst.fg};${FONT}"><div style="font-size:20px;font-weight:bold;">${e(title)}</div>
<div style="font-size:14px;margin:2px 0;">${e(pbxLine(t))}</div>
<div style="font-size:13px;">${e(report.startedAt)} &middot; ${e((report.durationMs / 1000).toFixed(1))} s &middot; exit code ${e(report.exitCode)} (--fail-on ${e(report.failOn)}) &middot; tcx-doctor ${e(report.tool.version)}</div>${nothing}</td></tr>
<tr><td style="padding:12px 16px;"><table role="presentation" cellpadding="0" cellspacing="0"><tr>${summaryCells(report)}</tr></table>
${report.summary.waived > 0 ? `<div style="margin-top:6px;font-size:12px;color:#555;">${e(report.summary.waived)} result(s) waived.</div>` : ''}</td></tr>
${notices}
<tr><td style="padding:0 16px 8px 16px;"><table role="presentation" width="100%" cellpadding="0" cellspacing="0">${sorted.map(resultRow).join('\n')}</table></td></tr>
<tr><td style="padding:8px 16px;font-size:13px;"><div style="font-weight:bold;margin-bottom:4px;">Target</div><table role="presentation" cellpadding="0" cellspacing="0">${targetRows}</table></td></tr>
<tr><td style="padding:8px 16px 16px 16px;font-size:13px;"><div style="font-weight:bold;margin-bottom:4px;">Sources</div><table role="presentation" cellpadding="0" cellspacing="0">${sources}</table></td></tr>
</table></td></tr></table></body></html>
`
}
