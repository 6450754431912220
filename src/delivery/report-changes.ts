/**
 * What changed since the last e-mailed report (`--email-on changes`): the problems (warn, fail,
 * error; not waived) of this run against those kept in the state file, as new problems, resolved
 * ones and changed statuses (warn → fail). The e-mail shows it at the top of its HTML and text
 * bodies and in its subject. The state file keeps `id=status` keys only, so a resolved problem is
 * described by this run's result for that id (its title, its status now), or as "not run" when
 * the check did not run this time.
 */
import escapeHtml from 'escape-html'
import type {Status} from '../engine/check.js'
import {isProblem} from '../engine/status.js'
import type {Report} from '../engine/report.js'
import {inertLine} from '../lib/format.js'

export interface PreviousProblems {
  /** Sorted `id=status` keys of the last e-mailed run. */
  problems: string[]
  /** When that run's state was saved (ISO 8601), when the state file says. */
  savedAt?: string
}

export interface ProblemChange {
  kind: 'new' | 'resolved' | 'changed'
  id: string
  /** The check's title in this run; the id when the check did not run this time. */
  title: string
  /** The status in the last report (resolved, changed). */
  was?: Status
  /** The status now; absent when the check did not run this time. */
  now?: Status
  /** This run's summary of the check, when it ran. */
  summary?: string
  /** True when the check's result is waived now (a resolved problem that is only waived). */
  waived?: boolean
}

export interface ReportChanges {
  savedAt?: string
  /** New problems first, then changed statuses, then resolved ones; by id within each. */
  changes: ProblemChange[]
  /** Problems with the same status as in the last report. */
  unchanged: number
}

const KIND_ORDER: Record<ProblemChange['kind'], number> = {new: 0, changed: 1, resolved: 2}

function splitKey(key: string): {id: string; status: Status} {
  const at = key.lastIndexOf('=')
  return {id: key.slice(0, at), status: key.slice(at + 1) as Status}
}

/** The changes between the problems of the last report and this one's. */
export function changesSince(report: Report, previous: PreviousProblems): ReportChanges {
  const was = new Map(previous.problems.filter((k) => k.includes('=')).map((k) => [splitKey(k).id, splitKey(k).status]))
  const results = new Map(report.results.map((r) => [r.id, r]))
  const current = new Map(report.results.filter((r) => r.waived === undefined && isProblem(r.status)).map((r) => [r.id, r]))
  const changes: ProblemChange[] = []
  let unchanged = 0
  for (const [id, r] of current) {
    const before = was.get(id)
    if (before === r.status) unchanged++
    else changes.push({kind: before === undefined ? 'new' : 'changed', id, title: r.title, now: r.status, summary: r.summary, ...(before ? {was: before} : {})})
  }
  for (const [id, before] of was) {
    if (current.has(id)) continue
    const r = results.get(id)
    changes.push({
      kind: 'resolved',
      id,
      title: r?.title ?? id,
      was: before,
      ...(r ? {now: r.status, summary: r.summary} : {}),
      ...(r?.waived !== undefined ? {waived: true} : {}),
    })
  }
  changes.sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.id.localeCompare(b.id))
  return {changes, unchanged, ...(previous.savedAt ? {savedAt: previous.savedAt} : {})}
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`

/** "2 new problems, 1 changed, 1 resolved", or "no change". */
export function changesHeadline(c: ReportChanges): string {
  const count = (kind: ProblemChange['kind']): number => c.changes.filter((x) => x.kind === kind).length
  const parts = [
    ...(count('new') > 0 ? [plural(count('new'), 'new problem', 'new problems')] : []),
    ...(count('changed') > 0 ? [`${count('changed')} changed`] : []),
    ...(count('resolved') > 0 ? [`${count('resolved')} resolved`] : []),
  ]
  return parts.length > 0 ? parts.join(', ') : 'no change'
}

const upper = (s: Status | undefined): string => (s ? s.toUpperCase() : '')

/** The status column of one change: "FAIL" (new), "WARN → FAIL" (changed), "was WARN, now PASS" (resolved). */
function statusOf(x: ProblemChange): string {
  if (x.kind === 'new') return upper(x.now)
  if (x.kind === 'changed') return `${upper(x.was)} → ${upper(x.now)}`
  if (x.now === undefined) return `was ${upper(x.was)}, not run this time`
  return `was ${upper(x.was)}, now ${upper(x.now)}${x.waived ? ' (waived)' : ''}`
}

const KIND_LABEL: Record<ProblemChange['kind'], string> = {new: 'New', changed: 'Changed', resolved: 'Resolved'}

/** "since the last report (2026-12-01 10:00 UTC)" */
function sinceText(c: ReportChanges): string {
  const at = c.savedAt && !Number.isNaN(Date.parse(c.savedAt)) ? new Date(c.savedAt).toISOString().replace(/T(\d\d:\d\d).*$/, ' $1 UTC') : undefined
  return `since the last report${at ? ` (${at})` : ''}`
}

function stillLine(c: ReportChanges): string {
  return c.unchanged > 0 ? `${plural(c.unchanged, 'problem is', 'problems are')} unchanged.` : ''
}

/** The changes as the first lines of the text body. */
export function changesText(c: ReportChanges): string {
  const lines = [`Changes ${sinceText(c)}: ${changesHeadline(c)}`]
  for (const x of c.changes) {
    lines.push(inertLine(`  ${KIND_LABEL[x.kind].padEnd(8)}  ${statusOf(x)}  ${x.id}: ${x.title}${x.summary ? `: ${x.summary}` : ''}`))
  }
  const still = stillLine(c)
  if (still) lines.push(`  ${still}`)
  return `${lines.join('\n')}\n\n`
}

const COLOR: Record<ProblemChange['kind'], string> = {new: '#b71c1c', changed: '#e65100', resolved: '#1b5e20'}
const CELL = 'padding:6px 8px;border-top:1px solid #e0e0e0;vertical-align:top;overflow-wrap:anywhere;word-break:break-word;'

/** The changes as a mail-safe block (tables, inline styles): what the e-mail shows first. */
export function changesHtml(c: ReportChanges): string {
  const rows = c.changes
    .map(
      (x) =>
        `<tr><td style="${CELL}color:${COLOR[x.kind]};font-weight:bold;white-space:nowrap;">${KIND_LABEL[x.kind]}</td>` +
        `<td style="${CELL}">${escapeHtml(statusOf(x))}</td>` +
        `<td style="${CELL}"><strong>${escapeHtml(x.title)}</strong> <span style="font-family:Consolas,Menlo,monospace;color:#616161;">${escapeHtml(x.id)}</span>` +
        `${x.summary ? `<br>${escapeHtml(x.summary)}` : ''}</td></tr>`,
    )
    .join('')
  const still = stillLine(c)
  return (
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" data-section="changes" style="background:#fafafa;table-layout:fixed;"><tr><td align="center" style="padding:8px 8px 0 8px;">` +
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:900px;background:#fffde7;border:1px solid #e0e0e0;text-align:left;table-layout:fixed;font-family:Segoe UI,Helvetica,Arial,sans-serif;color:#212121;">` +
    `<tr><td colspan="3" style="padding:10px 8px;font-size:16px;"><strong>Changes ${escapeHtml(sinceText(c))}: ${escapeHtml(changesHeadline(c))}</strong></td></tr>` +
    rows +
    (still ? `<tr><td colspan="3" style="${CELL}color:#616161;">${escapeHtml(still)}</td></tr>` : '') +
    `</table></td></tr></table>\n`
  )
}

/** The report's HTML with the changes block first in its body (or first of all when it has no body tag). */
export function withChangesFirst(html: string, block: string): string {
  const body = /<body\b[^>]*>\n?/i.exec(html)
  if (!body) return block + html
  const at = body.index + body[0].length
  return html.slice(0, at) + block + html.slice(at)
}
