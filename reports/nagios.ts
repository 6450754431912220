/**
 * The Nagios plugin report (also read by Icinga, Naemon, Checkmk's local/MRPE
 * checks, Zabbix and Sensu): one status line with performance data, then one
 * line per result that is not a pass (the "long output").
 *
 *   TCX-DOCTOR CRITICAL - 1 fail, 1 warn on pbx1: install.ini-complete, api.stale-files | pass=3;;;0 warn=1;;;0 ...
 *   FAIL install.ini-complete: ...
 *   WARN api.stale-files: ...
 *
 * The state word follows the run's exit code (report.exitCode), which is also
 * the process exit code: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN. So which
 * statuses raise an alert is chosen with --fail-on, as for the CI gate.
 * A `|` in a value would start the performance data, so it is replaced; control
 * characters are shown as visible escapes (`inertLine`). When nothing could be
 * checked (verdict unknown), the status line says so with the reasons.
 *
 * Performance data (after the `|`, per the Nagios plugin development guidelines,
 * `'label'=value[UOM];[warn];[crit];[min];[max]`): first the result counts and
 * the run's duration, then every measured value of the checks
 * (result.measurements):
 *   label   the measurement name, with its label values in brackets when it has
 *           some (`clock_offset_seconds[machine]`), then ` @<check id>` when
 *           another check already gave that label; at most 60 characters,
 *           quoted when it holds more than letters, digits, `_ . -`; `'`, `=`,
 *           `|`, control, bidi and zero-width characters become `_`
 *   UOM     seconds -> s, bytes -> B, ratio -> % (value and thresholds times 100),
 *           count -> none (a number right now; `c` would tell the grapher it is an
 *           ever-growing counter)
 *   warn/crit  the check's warn/fail thresholds as guideline ranges, alerting:
 *           bad "above" -> `10` (outside 0..10), or `~:10` when the value or its
 *           minimum can be negative; bad "below" -> `10:`; bad "outside" ->
 *           `-10:10` (the threshold is a magnitude)
 *   min/max the measurement's, when given (0 and 100 for a ratio)
 * Values are plain decimals (no exponent, the guidelines allow only [-0-9.]); a
 * NaN or infinite value is left out. The performance data stops, at a whole
 * item, at MAX_PERFDATA characters (Nagios cuts plugin output at 8 KB); a NOTE
 * line says how many measured values did not fit.
 */
import {STATUS_ORDER, isProblem} from '../src/engine/status.js'
import {pbxShort} from './pbx-summary.js'
import type {Measurement, Status} from '../src/engine/check.js'
import type {Report} from '../src/engine/report.js'
import type {CheckResult} from '../src/engine/result.js'
import {inertLine} from '../src/lib/format.js'

export const NAGIOS_STATE: Record<number, string> = {0: 'OK', 1: 'WARNING', 2: 'CRITICAL', 3: 'UNKNOWN'}

/** Result statuses in the order the status line names them (worst first). */
/** Problems, worst first. */
const ORDER = STATUS_ORDER.filter(isProblem)
const MAX_IDS = 5
const MAX_LINE = 300

/** One line of plugin output: no `|` (it starts perfdata), no line breaks, bounded length. */
export function nagiosText(value: string, max = MAX_LINE): string {
  const flat = inertLine(value).replace(/\|/g, '/').replace(/[\r\n]+/g, ' ').replace(/\s+/g, ' ').trim()
  return flat.length > max ? `${flat.slice(0, max - 3)}...` : flat
}

const MAX_LABEL = 60

/**
 * Label text without what would break perfdata or fool a reader: `'` and `=` (the guidelines
 * forbid them), `|`, control, line-break, bidi and zero-width characters, lone surrogates.
 */
function labelText(value: string): string {
  return value
    .replace(/['=|\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '_')
    .replace(/\s+/g, ' ')
}

/** A perfdata label: quoted when it holds anything beyond letters, digits, dot, dash and underscore. */
function perfLabel(label: string): string {
  const text = labelText(label)
  return /^[A-Za-z0-9_.-]+$/.test(text) ? text : `'${text}'`
}

/** A perfdata number: plain decimal, at most 6 decimals, no exponent; undefined for NaN and infinities. */
export function perfNumber(value: number | undefined): string | undefined {
  if (value === undefined || !Number.isFinite(value)) return undefined
  if (Number.isInteger(value)) return BigInt(value).toString()
  const fixed = value.toFixed(6).replace(/\.?0+$/, '')
  return fixed === '-0' ? '0' : fixed
}

const UOM: Record<Measurement['unit'], string> = {seconds: 's', bytes: 'B', ratio: '%', count: ''}

/** A warn or fail threshold as a guideline range that alerts on the bad side (see the header). */
export function thresholdRange(limit: number | undefined, m: Pick<Measurement, 'bad' | 'min' | 'value'>, scale = 1): string {
  const t = perfNumber(limit === undefined ? undefined : limit * scale)
  if (t === undefined) return ''
  switch (m.bad ?? 'above') {
    case 'below':
      return `${t}:`
    case 'outside': {
      const magnitude = perfNumber(Math.abs(limit! * scale))!
      return magnitude === '0' ? '0:0' : `-${magnitude}:${magnitude}`
    }
    default: {
      const negative = limit! < 0 || m.value < 0 || (m.min !== undefined && m.min < 0)
      return negative ? `~:${t}` : t
    }
  }
}

/** The perfdata of one measured value, without its label; undefined when it has no value. */
function measurementData(m: Measurement): string | undefined {
  const scale = m.unit === 'ratio' ? 100 : 1
  const value = perfNumber(m.value * scale)
  if (value === undefined) return undefined
  const min = perfNumber(m.min !== undefined ? m.min * scale : m.unit === 'ratio' ? 0 : undefined) ?? ''
  const max = perfNumber(m.max !== undefined ? m.max * scale : m.unit === 'ratio' ? 100 : undefined) ?? ''
  const fields = [`${value}${UOM[m.unit] ?? ''}`, thresholdRange(m.warn, m, scale), thresholdRange(m.fail, m, scale), min, max]
  while (fields.length > 1 && fields[fields.length - 1] === '') fields.pop()
  return fields.join(';')
}

const bounded = (label: string): string => (label.length > MAX_LABEL ? `${label.slice(0, MAX_LABEL - 3)}...` : label)

/** The measured values of all results as perfdata items, labels unique (see the header). */
export function measurementPerfdata(results: CheckResult[], taken: Iterable<string> = []): string[] {
  const used = new Set<string>(taken)
  const items: string[] = []
  for (const r of results) {
    for (const m of r.measurements ?? []) {
      if (typeof m?.name !== 'string' || typeof m.value !== 'number') continue
      const data = measurementData(m)
      if (data === undefined) continue
      const values = Object.values(m.labels ?? {}).filter((v) => typeof v === 'string')
      const base = labelText(`${m.name}${values.length > 0 ? `[${values.join(',')}]` : ''}`)
      let label = bounded(base)
      if (used.has(label)) label = bounded(`${base} @${labelText(r.id)}`)
      for (let n = 2; used.has(label); n += 1) label = `${bounded(base).slice(0, MAX_LABEL - String(n).length - 1)}#${n}`
      used.add(label)
      items.push(`${perfLabel(label)}=${data}`)
    }
  }
  return items
}

const COUNTS = ['pass', 'warn', 'fail', 'error', 'skip', 'waived'] as const
/** Perfdata beyond this many characters is left out: Nagios cuts plugin output at 8 KB, which would cut an item in half. */
export const MAX_PERFDATA = 4000

/** The performance data, and how many measured values did not fit (whole items only). */
export function nagiosPerfdataParts(report: Report): {text: string; leftOut: number} {
  const s = report.summary
  const items = [...COUNTS.map((k) => `${perfLabel(k)}=${s[k]};;;0`), `duration=${(report.durationMs / 1000).toFixed(3)}s;;;0`]
  const measured = measurementPerfdata(report.results, [...COUNTS, 'duration'])
  let length = items.join(' ').length
  let kept = 0
  for (const item of measured) {
    if (length + 1 + item.length > MAX_PERFDATA) break
    items.push(item)
    length += 1 + item.length
    kept += 1
  }
  return {text: items.join(' '), leftOut: measured.length - kept}
}

export function nagiosPerfdata(report: Report): string {
  return nagiosPerfdataParts(report).text
}

const counted = (r: CheckResult): boolean => r.waived === undefined

export function renderNagios(report: Report): string {
  const state = NAGIOS_STATE[report.exitCode] ?? 'UNKNOWN'
  const problems = ORDER.flatMap((status) => report.results.filter((r) => counted(r) && r.status === status))
  const tally = ORDER.map((status) => [status, problems.filter((r) => r.status === status).length] as const)
    .filter(([, n]) => n > 0)
    .map(([status, n]) => `${n} ${status}`)
  const passed = report.results.filter((r) => counted(r) && r.status === 'pass').length
  const skipped = report.results.filter((r) => counted(r) && r.status === 'skip').length
  const parts = tally.length > 0 ? tally : [`${passed} pass`, ...(skipped > 0 ? [`${skipped} skip`] : [])]
  if (report.summary.waived > 0) parts.push(`${report.summary.waived} waived`)
  const ids = problems.map((r) => r.id)
  const named = ids.length === 0 ? '' : `: ${ids.slice(0, MAX_IDS).join(', ')}${ids.length > MAX_IDS ? ` and ${ids.length - MAX_IDS} more` : ''}`
  const noChecks = report.results.length === 0 ? ' (no checks ran)' : ''
  const reasons = report.verdict?.state === 'unknown' ? [...new Set(report.verdict.reasons)] : []
  const pbx = pbxShort(report.target)
  const host = `${report.target.hostname}${pbx ? ` (${pbx})` : ''}`
  const what = report.verdict?.state === 'unknown'
    ? `nothing could be checked on ${host}${reasons.length > 0 ? `: ${reasons.join('; ')}` : ''}`
    : `${parts.join(', ')} on ${host}${named}${noChecks}`
  const perfdata = nagiosPerfdataParts(report)
  const first = `TCX-DOCTOR ${state} - ${nagiosText(what, 1000)} | ${perfdata.text}`
  const label: Record<Status, string> = {fail: 'FAIL', error: 'ERROR', warn: 'WARN', pass: 'PASS', skip: 'SKIP'}
  const long = [
    ...problems.map((r) => `${label[r.status]} ${r.id}: ${nagiosText(r.summary)}`),
    ...report.results.filter((r) => r.waived).map((r) => `WAIVED ${label[r.status]} ${r.id}: ${nagiosText(r.waived?.reason ?? '')}`),
    ...report.notices.filter((n) => n.level !== 'info').map((n) => `NOTE ${nagiosText(n.message)}`),
    ...(perfdata.leftOut > 0 ? [`NOTE ${perfdata.leftOut} measured value(s) left out of the performance data (at most ${MAX_PERFDATA} characters); all are in the JSON report`] : []),
  ]
  return `${[first, ...long].join('\n')}\n`
}
