/**
 * The HTML report's structure: the PBX header and overview first (one row per check, problems
 * first), each problem with its evidence tables, mail-safe markup (tables and inline styles; no
 * <details>, <style>, <script>, flex, grid or position), absolute http(s) docs links under the
 * docs base, hostile data inert, and a size under 100 KB for a run like the demo's.
 */
import {describe, expect, it} from 'vitest'
import type {EvidenceTable, Status} from '../../../src/engine/check.js'
import type {Report} from '../../../src/engine/report.js'
import type {CheckResult} from '../../../src/engine/result.js'
import {DEFAULT_DOCS_BASE, MAX_HTML_ROWS, docsUrl, renderHtml} from '../../../reports/html.js'
import {render} from '../../../reports/index.js'

const HOSTILE = `<script>alert(1)</script><img src=x onerror="alert(2)">&'"`
const PATH = '/var/lib/3cxpbx/Instance1/Data/CallControlApp/node_modules/3cx-call-control/lib/3cxpscomcpp2.dll'

function result(id: string, status: Status, extra: Partial<CheckResult> = {}): CheckResult {
  return {
    id, title: `Title of ${id}`, category: id.split('.')[0]!, severity: 'major', status, summary: `Summary of ${id}`,
    details: [], evidence: {}, tables: [], measurements: [], remediation: `Remedy of ${id}`, docs: `docs/checks/${id.split('.')[0]}.md#${id.replace('.', '')}`, durationMs: 1,
    ...extra,
  }
}

function report(results: CheckResult[], extra: Partial<Report> = {}): Report {
  const summary = {pass: 0, warn: 0, fail: 0, skip: 0, error: 0, waived: 0, worst: 'pass' as Status}
  for (const r of results) summary[r.status] += 1
  summary.worst = (['fail', 'error', 'warn', 'pass', 'skip'] as const).find((s) => summary[s] > 0) ?? 'skip'
  return {
    schemaVersion: 1, verdict: {state: summary.fail + summary.warn + summary.error > 0 ? 'problems' : 'ok', reasons: []},
    tool: {name: 'tcx-doctor', version: '0.1.0'}, startedAt: '2026-12-01T10:00:00.000Z', durationMs: 1500,
    target: {hostname: 'pbx1', installDir: '/var/lib/3cxpbx', platform: 'debian', installLayout: {id: 'debian-v18'}, version: {text: '20.0.7.1080', from: 'the console'}},
    sources: [{name: 'db', status: 'ok', detail: 'database_single on 127.0.0.1:5480'}],
    summary, results, notices: [], exitCode: summary.fail > 0 ? 2 : 0, failOn: 'warn',
    ...extra,
  }
}

/** A table like the demo's largest (api.stale-files: long paths in every row). */
function wideTable(title: string, rows: number): EvidenceTable {
  return {
    title, columns: ['file', 'app copy', 'install copy', 'version (copy / install)', 'same content', 'status'],
    rows: Array.from({length: rows}, (_, i) => [`file${i}.dll`, `${PATH}.${i}`, `/var/lib/3cxpbx/Bin/file${i}.dll`, '15.5.1694.0 / 15.5.10244.4', false, 'fail']),
  }
}

/** A run shaped like `run --demo` but heavier: 11 checks, 4 problems with two wide 8-row tables each (the demo: 13 rows in all), passes with tables and evidence too. */
function demoLike(): Report {
  const evidence = {files: Array.from({length: 30}, (_, i) => ({path: `${PATH}.${i}`, sha256: 'a'.repeat(64)}))}
  const tables = [wideTable('Call Control API files', 8), wideTable('Other copies', 8)]
  const details = Array.from({length: 5}, (_, i) => `${PATH} differs from /var/lib/3cxpbx/Bin/3cxpscomcpp2.dll (${i}): copy it again.`)
  const results: CheckResult[] = [
    ...['api.stale-files', 'time.timezone-mismatch', 'time.ivr-timeouts'].map((id) => result(id, 'fail', {summary: `3 stale files: ${PATH}, ${PATH}`, details, evidence, tables})),
    result('trunk.loopback-registration', 'warn', {details, evidence, tables}),
    ...['install.ini-complete', 'network.multiple-nics', 'network.ip-changed', 'network.console-reachable', 'build.sip-dialog-set-id', 'time.clock-drift', 'time.pbx-clock-skew']
      .map((id) => result(id, 'pass', {evidence, tables})),
  ]
  return report(results)
}

/** The rows of the overview table, as [status label, check id]. */
function overviewRows(html: string): Array<[string, string]> {
  const table = /<table id="overview"[\s\S]*?<\/table>/.exec(html)?.[0] ?? ''
  return [...table.matchAll(/<tr><td[^>]*><span[^>]*>([A-Z]+)[^<]*<\/span><\/td><td[^>]*><b>[^<]*<\/b> <span[^>]*>([^<]+)<\/span>/g)].map((m) => [m[1]!, m[2]!])
}

describe('HTML report structure', () => {
  const mixed = report([
    result('install.ini-complete', 'pass'),
    result('network.multiple-nics', 'skip'),
    result('time.clock-drift', 'warn', {tables: [{title: 'SNTP readings', columns: ['server', 'offset'], rows: [['127.0.0.1:123', '+1.5 ms']]}]}),
    result('api.stale-files', 'fail', {tables: [wideTable('Call Control API files', 2)]}),
    result('time.ivr-timeouts', 'error', {summary: 'The check threw: boom'}),
  ])
  const html = renderHtml(mixed)

  it('has the header, then the overview with one row per check, problems first (fail, error, warn, pass, skip)', () => {
    expect(overviewRows(html)).toEqual([
      ['FAIL', 'api.stale-files'], ['ERROR', 'time.ivr-timeouts'], ['WARN', 'time.clock-drift'], ['PASS', 'install.ini-complete'], ['SKIP', 'network.multiple-nics'],
    ])
    expect(html.indexOf('3CX 20.0.7.1080')).toBeLessThan(html.indexOf('id="overview"'))
    expect(html).toContain('Debian (debian-v18 layout)')
    expect(html).toContain('1 fail, 1 error, 1 warn, 1 pass, 1 skip; exit code 2 (--fail-on warn)')
    expect(html.indexOf('id="overview"')).toBeLessThan(html.indexOf('Problems (3)'))
  })

  it('details each problem (found, what to do, evidence tables, docs link) and gives passing and skipped checks one overview line only', () => {
    const problems = html.slice(html.indexOf('Problems (3)'))
    for (const id of ['api.stale-files', 'time.ivr-timeouts', 'time.clock-drift']) expect(problems).toContain(`Remedy of ${id}`)
    for (const id of ['install.ini-complete', 'network.multiple-nics']) {
      expect(problems).not.toContain(`Remedy of ${id}`)
      expect(html.split(`>${id}<`).length - 1).toBe(1)
    }
    expect(problems.indexOf('api.stale-files')).toBeLessThan(problems.indexOf('time.ivr-timeouts'))
    expect(problems.indexOf('time.ivr-timeouts')).toBeLessThan(problems.indexOf('time.clock-drift'))
    expect(problems).toContain('<th align="left" bgcolor="#f5f5f5" style="')
    expect(problems).toContain('>SNTP readings<')
    expect(problems).toContain('>+1.5 ms<')
    expect(problems).toContain(`>${PATH}.1<`)
  })

  it('is mail-safe: no <details>, <style>, <script>, no flex, grid or position, a CSP that forbids loading anything', () => {
    for (const r of [html, renderHtml(demoLike()), renderHtml(demoLike(), {verbose: true})]) {
      expect(r).not.toMatch(/<details|<summary|<style|<script|<link|<iframe|<img|<form/i)
      expect(r).not.toMatch(/display:\s*(flex|grid)|position:|float:|@media|@import|url\(/i)
      expect(r).toContain(`Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`)
    }
  })

  it('links docs paths absolutely under the docs base (default the repository, or the configured one) and emits only https links', () => {
    const links = (h: string) => [...h.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!)
    const byDefault = links(html)
    expect(byDefault).toHaveLength(3)
    expect(byDefault).toContain('https://github.com/tcx-doctor/tcx-doctor/blob/main/docs/checks/api.md#apistale-files')
    for (const href of byDefault) expect(href.startsWith(DEFAULT_DOCS_BASE)).toBe(true)
    const configured = links(render(mixed, 'html', {color: false, docsBase: 'https://docs.example.net/tcx-doctor/v1'}))
    expect(configured).toContain('https://docs.example.net/tcx-doctor/v1/docs/checks/time.md#timeclock-drift')
    for (const href of configured) expect(href).toMatch(/^https:\/\/docs\.example\.net\/tcx-doctor\/v1\/docs\//)
    expect(html).not.toMatch(/href="(?!https:\/\/)/)
  })

  it('shows raw JSON evidence only with verbose', () => {
    const withEvidence = report([result('api.stale-files', 'fail', {evidence: {sha256: 'f'.repeat(64)}, tables: [wideTable('files', 1)]})])
    expect(renderHtml(withEvidence)).not.toContain('f'.repeat(64))
    expect(renderHtml(withEvidence, {verbose: true})).toContain('f'.repeat(64))
    expect(render(withEvidence, 'html', {color: false, verbose: true})).toContain('Evidence (JSON)')
  })

  it('shows at most MAX_HTML_ROWS rows of a table and says how many more the JSON report has', () => {
    const long = renderHtml(report([result('api.stale-files', 'fail', {tables: [{...wideTable('files', MAX_HTML_ROWS + 7), note: 'sorted by path'}]})]))
    expect(long).toContain(`>file${MAX_HTML_ROWS - 1}.dll<`)
    expect(long).not.toContain(`>file${MAX_HTML_ROWS}.dll<`)
    expect(long).toContain('sorted by path; 7 more row(s) in the JSON report')
  })

  it('shows a problem without tables its top-level evidence as a key/value table', () => {
    const plain = renderHtml(report([result('plugin.x', 'warn', {evidence: {trunk: 'Loopback', nested: {a: 1}}})]))
    expect(plain).toContain('>trunk<')
    expect(plain).toContain('>Loopback<')
    expect(plain).toContain('>{&quot;a&quot;:1}<')
  })

  it('says UNKNOWN with its reasons when nothing could be checked', () => {
    const unknown = renderHtml(report([result('install.ini-complete', 'skip')], {verdict: {state: 'unknown', reasons: ['no 3CX install found: tried /var/lib/3cxpbx', 'no 3CX install found: tried /var/lib/3cxpbx']}}))
    expect(unknown).toContain('<title>tcx-doctor: UNKNOWN on pbx1</title>')
    expect(unknown).toContain('Nothing could be checked')
    expect(unknown.split('no 3CX install found: tried /var/lib/3cxpbx').length - 1).toBe(1)
  })

  it('stays under 100 KB for a run like the demo (heavier: 64 wide rows of evidence)', () => {
    const size = Buffer.byteLength(renderHtml(demoLike()))
    expect(size).toBeGreaterThan(40 * 1024)
    expect(size).toBeLessThan(100 * 1024)
    expect(overviewRows(renderHtml(demoLike()))).toHaveLength(11)
  })
})

describe('HTML report with hostile data', () => {
  const hostile = report(
    [result('plugin.evil', 'fail', {
      title: `Trunk ${HOSTILE}`, summary: HOSTILE, details: [HOSTILE], remediation: HOSTILE, docs: `javascript:alert(1)//${HOSTILE}`,
      evidence: {[HOSTILE]: HOSTILE},
      tables: [{title: HOSTILE, columns: [HOSTILE], rows: [[HOSTILE]], note: HOSTILE}],
      waived: {reason: HOSTILE},
    }), result('plugin.docs', 'warn', {docs: `docs/x.md#"><script>alert(3)</script>`})],
    {target: {hostname: `pbx${HOSTILE}\u202E\u0007`, installDir: HOSTILE}, notices: [{level: 'error', message: HOSTILE}], verdict: {state: 'unknown', reasons: [HOSTILE]}},
  )
  const html = renderHtml(hostile, {verbose: true})

  it('escapes every value and shows control and reordering characters as visible escapes', () => {
    expect(html).not.toMatch(/<script|<img|onerror="/i)
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=&quot;alert(2)&quot;&gt;&amp;&#39;&quot;')
    expect(html).not.toMatch(/[\u202E\u0007]/)
  })

  it('links no javascript: URL and keeps a hostile docs fragment inside an escaped https href', () => {
    expect(html).not.toMatch(/href="javascript/i)
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!)
    expect(hrefs).toHaveLength(1)
    expect(hrefs[0]).toMatch(/^https:\/\/github\.com\/tcx-doctor\/tcx-doctor\/blob\/main\/docs\/x\.md#/)
    expect(hrefs[0]).not.toMatch(/[<>"]/)
  })
})

describe('docsUrl', () => {
  it.each([
    ['docs/checks/time.md#timeclock-drift', 'https://github.com/tcx-doctor/tcx-doctor/blob/main/docs/checks/time.md#timeclock-drift'],
    ['https://example.org/check', 'https://example.org/check'],
    ['http://intranet.example/doc', 'http://intranet.example/doc'],
    ['javascript:alert(1)', undefined],
    ['data:text/html,x', undefined],
    ['mailto:a@example.org', undefined],
    ['file:///etc/passwd', undefined],
    ['//evil.example/x', undefined],
    ['/etc/passwd', undefined],
    ['docs/../../../evil', undefined],
    ['', undefined],
  ])('%s -> %s', (docs, url) => {
    expect(docsUrl(docs)).toBe(url)
  })

  it('resolves under a configured base with or without its trailing slash', () => {
    expect(docsUrl('docs/a.md', 'https://docs.example.net/v1')).toBe('https://docs.example.net/v1/docs/a.md')
    expect(docsUrl('docs/a.md', 'https://docs.example.net/v1/')).toBe('https://docs.example.net/v1/docs/a.md')
  })

  it('falls back to the default base when the configured one is not http(s)', () => {
    expect(docsUrl('docs/a.md', 'ftp://example.net/')).toBe(`${DEFAULT_DOCS_BASE}docs/a.md`)
  })
})
