/**
 * The JUnit XML report, for CI servers (Jenkins, GitLab, GitHub Actions test
 * reporters, Azure DevOps, TeamCity): the structure of Ant's JUnit task, which
 * is what those tools read.
 *
 *   <testsuites>                     the run (totals over all suites)
 *     <testsuite name="tcx-doctor.CATEGORY">   one per check category, in report order
 *       <properties>                 tool version, --fail-on, exit code, target
 *       <testcase classname="CATEGORY" name="TITLE (ID)" time="SECONDS">
 *         fail                       -> <failure type="fail">  summary, details, what to do
 *         warn with --fail-on warn   -> <failure type="warn">  (the warning stops the gate)
 *         warn otherwise             -> passed, the warning in <system-out>
 *         error                      -> <error type="error">
 *         skip, and any waived result -> <skipped message="...">
 *
 * The file is valid against the JUnit schema of Jenkins' xunit plugin
 * (junit-10.xsd, a copy with its source in test/fixtures/junit/) and holds what
 * GitLab's parser reads (testsuite and testcase name, classname, time,
 * failure/error/skipped, system-out). So:
 *   - <testsuites> carries only name, tests, failures, errors and time (that
 *     schema has no skipped or timestamp there);
 *   - each <testsuite> carries tests/failures/errors/skipped/time, timestamp,
 *     hostname, id and package, and the run's <properties> (tool version,
 *     --fail-on, exit code, target.*, pbx.*, notices): both readers accept
 *     properties only on a testsuite (GitLab ignores them);
 *   - times are decimal seconds with three decimals (the schema's SUREFIRE_TIME);
 *   - timestamps are UTC without a zone suffix (the Ant format, accepted everywhere).
 */
import {pbxFacts} from './pbx-summary.js'
import type {Report} from '../src/engine/report.js'
import type {CheckResult} from '../src/engine/result.js'

/** Characters XML 1.0 cannot hold at all (control characters, lone surrogates): replaced, not dropped, so the reader sees something was there. */
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

export function xmlText(value: unknown): string {
  return String(value).replace(INVALID_XML, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

/** An attribute value: also quotes, and line breaks and tabs as character references so parsers keep them. */
export function xmlAttr(value: unknown): string {
  return xmlText(value).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;')
}

const attrs = (pairs: Array<[string, unknown]>): string =>
  pairs
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${xmlAttr(v)}"`)
    .join('')

const seconds = (ms: number): string => (Math.max(0, ms) / 1000).toFixed(3)

/** ISO date-time in UTC without milliseconds or zone (Ant's ISO8601_DATETIME_PATTERN). */
export function junitTimestamp(iso: string): string {
  const d = new Date(iso)
  return Number.isNaN(d.getTime()) ? iso : d.toISOString().slice(0, 19)
}

export type JunitOutcome = 'passed' | 'failure' | 'error' | 'skipped'

/** How a result appears in JUnit (see the header). */
export function junitOutcome(result: CheckResult, failOn: string): JunitOutcome {
  if (result.waived) return 'skipped'
  switch (result.status) {
    case 'fail':
      return 'failure'
    case 'error':
      return 'error'
    case 'skip':
      return 'skipped'
    case 'warn':
      return failOn === 'warn' ? 'failure' : 'passed'
    default:
      return 'passed'
  }
}

function problemText(result: CheckResult): string {
  const lines = [result.summary, ...result.details]
  lines.push('', `What to do: ${result.remediation}`)
  if (result.docs) lines.push(`More: ${result.docs}`)
  return lines.join('\n')
}

function systemOut(result: CheckResult): string {
  const lines = [`${result.status.toUpperCase()}: ${result.summary}`, ...result.details]
  if (Object.keys(result.evidence).length > 0) lines.push(`Evidence: ${JSON.stringify(result.evidence, null, 2)}`)
  return lines.join('\n')
}

function testcase(result: CheckResult, failOn: string): string {
  const outcome = junitOutcome(result, failOn)
  const open = `    <testcase${attrs([
    ['classname', result.category],
    ['name', `${result.title} (${result.id})`],
    ['time', seconds(result.durationMs)],
  ])}>`
  const body: string[] = []
  if (outcome === 'failure') {
    body.push(`      <failure${attrs([['message', result.summary], ['type', result.status]])}>${xmlText(problemText(result))}</failure>`)
  } else if (outcome === 'error') {
    body.push(`      <error${attrs([['message', result.summary], ['type', 'error']])}>${xmlText(problemText(result))}</error>`)
  } else if (outcome === 'skipped') {
    const message = result.waived
      ? `waived (${result.status}): ${result.waived.reason}${result.waived.until ? ` (until ${result.waived.until})` : ''}`
      : result.summary
    body.push(`      <skipped${attrs([['message', message]])}/>`)
  }
  body.push(`      <system-out>${xmlText(systemOut(result))}</system-out>`)
  return `${open}\n${body.join('\n')}\n    </testcase>`
}

interface Counts {
  tests: number
  failures: number
  errors: number
  skipped: number
  ms: number
}

function count(results: CheckResult[], failOn: string): Counts {
  const c: Counts = {tests: results.length, failures: 0, errors: 0, skipped: 0, ms: 0}
  for (const r of results) {
    const outcome = junitOutcome(r, failOn)
    if (outcome === 'failure') c.failures += 1
    else if (outcome === 'error') c.errors += 1
    else if (outcome === 'skipped') c.skipped += 1
    c.ms += r.durationMs
  }
  return c
}

export function renderJunit(report: Report): string {
  const timestamp = junitTimestamp(report.startedAt)
  const categories: string[] = []
  for (const r of report.results) if (!categories.includes(r.category)) categories.push(r.category)
  const properties = [
    ['tcx-doctor.version', report.tool.version],
    ['fail-on', report.failOn],
    ['exit-code', report.exitCode],
    ['worst', report.summary.worst],
    ...Object.entries(report.target)
      .filter(([, v]) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
      .map(([k, v]) => [`target.${k}`, v]),
    ...Object.entries(pbxFacts(report.target)).map(([k, v]) => [`pbx.${k}`, v]),
    ...report.notices.map((n, i) => [`notice.${i + 1}`, `${n.level}: ${n.message}`]),
  ]
    .map(([name, value]) => `      <property${attrs([['name', name], ['value', value]])}/>`)
    .join('\n')
  const suites = categories.map((category, index) => {
    const results = report.results.filter((r) => r.category === category)
    const c = count(results, report.failOn)
    return [
      `  <testsuite${attrs([
        ['name', `tcx-doctor.${category}`],
        ['tests', c.tests],
        ['failures', c.failures],
        ['errors', c.errors],
        ['skipped', c.skipped],
        ['time', seconds(c.ms)],
        ['timestamp', timestamp],
        ['hostname', report.target.hostname],
        ['id', index],
        ['package', 'tcx-doctor'],
      ])}>`,
      `    <properties>\n${properties}\n    </properties>`,
      ...results.map((r) => testcase(r, report.failOn)),
      '  </testsuite>',
    ].join('\n')
  })
  const total = count(report.results, report.failOn)
  return `<?xml version="1.0" encoding="UTF-8"?>
<testsuites${attrs([
    ['name', `tcx-doctor on ${report.target.hostname}`],
    ['tests', total.tests],
    ['failures', total.failures],
    ['errors', total.errors],
    ['time', seconds(report.durationMs)],
  ])}>
${suites.join('\n')}
</testsuites>
`
}
