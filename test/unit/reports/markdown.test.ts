/**
 * The Markdown report (CI job summaries): its structure, and values from a hostile PBX that must
 * not break the tables or turn into markup, HTML or links (GitHub-flavoured Markdown).
 */
import {describe, expect, it} from 'vitest'
import type {Report} from '../../../src/engine/report.js'
import type {CheckResult} from '../../../src/engine/result.js'
import {formatForOutput, render} from '../../../reports/index.js'
import {mdText, renderMarkdown} from '../../../reports/markdown.js'

const HOSTILE = '| x | `code` <img src=x onerror=alert(1)> [link](https://evil.example) ![i](http://e/i.png) **bold** _em_ ~~s~~ &amp; www.evil.example a@b.example\n# heading\n- item\n> quote\u001B[2J\u202E'

function result(id: string, status: CheckResult['status'], extra: Partial<CheckResult> = {}): CheckResult {
  return {id, title: `Title ${id}`, category: 'c', severity: 'major', status, summary: `summary of ${id}`, details: [], evidence: {}, tables: [], measurements: [], remediation: `remedy for ${id}`, durationMs: 1, ...extra}
}

function report(results: CheckResult[], overrides: Partial<Report> = {}): Report {
  return {
    schemaVersion: 1,
    tool: {name: 'tcx-doctor', version: '1.2.3'},
    startedAt: '2026-12-01T10:00:00.000Z',
    durationMs: 2000,
    target: {hostname: 'pbx1', installDir: '/var/lib/3cxpbx', platform: 'debian', installLayout: {id: 'debian-v18', reason: 'r'}, version: {text: '20.0.7.1080', from: 'console'}},
    sources: [],
    summary: {pass: 1, warn: 1, fail: 1, skip: 1, error: 0, waived: 0, worst: 'fail'},
    verdict: {state: 'problems', reasons: []},
    results,
    notices: [],
    exitCode: 2,
    failOn: 'warn',
    ...overrides,
  }
}

const normal = (): Report =>
  report([
    result('install.ini-complete', 'pass'),
    result('time.clock-drift', 'warn', {details: ['clock is 2.5 s ahead']}),
    result('trunk.loopback-registration', 'fail', {tables: [{title: 'Trunks', columns: ['name', 'state'], rows: [['Provider One', 'down'], ['Two', null]], note: 'from the database'}]}),
    result('db.e', 'skip'),
  ])

/** The cells of a table row, split at pipes that are not backslash-escaped. */
const cells = (row: string): string[] => row.replace(/^\|/, '').replace(/\|$/, '').split(/(?<!\\)\|/)

describe('Markdown structure', () => {
  const md = renderMarkdown(normal())
  const lines = md.split('\n')

  it('header: verdict, host and the PBX at a glance', () => {
    expect(lines[0]).toBe('## tcx-doctor: ❌ PROBLEMS on pbx1')
    expect(md).toContain('**PBX:** 3CX 20.0.7.1080 (console) on Debian (debian-v18 layout) at /var/lib/3cxpbx')
    expect(md).toContain('- 3CX version: 20.0.7.1080')
    expect(md).toContain('- Result: 1 fail, 0 error, 1 warn, 1 pass, 1 skip; exit code 2 (--fail-on warn)')
  })

  it('the overview table: one row per check, problems first', () => {
    const start = lines.indexOf('| Status | Check | Summary |')
    expect(start).toBeGreaterThan(0)
    expect(lines[start + 1]).toBe('| --- | --- | --- |')
    const rows = lines.slice(start + 2, start + 6)
    expect(rows.map((r) => cells(r)[1]!.trim())).toEqual(['trunk.loopback-registration', 'time.clock-drift', 'install.ini-complete', 'db.e'])
    expect(rows[0]).toMatch(/^\| ❌ FAIL \| /)
    expect(lines[start + 6]).toBe('')
  })

  it('then each problem with what was found, what to do and its evidence tables', () => {
    expect(md.indexOf('### Problems')).toBeGreaterThan(md.indexOf('### Checks'))
    expect(md.indexOf('### ❌ FAIL Title trunk')).toBeLessThan(md.indexOf('### ⚠️ WARN Title time'))
    expect(md).toContain('**What to do:** remedy for trunk.loopback-registration')
    expect(md).toContain('clock is 2.5 s ahead')
    expect(md).toContain('**Trunks**\n\n| name | state |\n| --- | --- |\n| Provider One | down |\n| Two |  |\n\n_from the database_')
    expect(md).not.toContain('Title install')
    expect(md).not.toContain('Title db.e')
  })

  it('is the markdown format, chosen by --format markdown or a .md file', () => {
    expect(render(normal(), 'markdown')).toBe(md)
    expect(formatForOutput('summary.md')).toEqual({format: 'markdown', path: 'summary.md'})
    expect(formatForOutput('markdown:/tmp/summary')).toEqual({format: 'markdown', path: '/tmp/summary'})
  })

  it('a source reason repeated in the skips is said once under the table', () => {
    const reason = 'no 3CX install found (tried /var/lib/3cxpbx); give its folder with --install-dir'
    const r = report([result('a.one', 'skip', {summary: `Needs the install source: ${reason}`}), result('b.two', 'skip', {summary: `No install: ${reason}`})], {
      sources: [{name: 'install', status: 'unavailable', detail: reason}],
    })
    const md = renderMarkdown(r)
    expect(md.match(/no 3CX install found/g)).toHaveLength(1)
    expect(md).toContain('| ⏭️ SKIP | a.one | Needs the install source: \\[1\\] |')
    expect(md).toContain('- \\[1\\] install: no 3CX install found (tried')
  })

  it('an unknown verdict says nothing could be checked, each reason once', () => {
    const unknown = renderMarkdown(report([result('db.e', 'skip')], {verdict: {state: 'unknown', reasons: ['no 3CX install found', 'no 3CX install found']}}))
    expect(unknown.split('\n')[0]).toBe('## tcx-doctor: ❔ UNKNOWN on pbx1')
    expect(unknown.match(/no 3CX install found/g)).toHaveLength(1)
    expect(unknown).not.toContain('### Problems')
  })
})

describe('Markdown escaping of hostile values', () => {
  it('mdText: no markup, HTML, link, entity or line break survives', () => {
    const text = mdText(HOSTILE)
    // Besides this reporter's own character references and <br>, every markup character is escaped.
    const REFS = /&(#\d+|amp|lt|gt);|<br>/g
    expect(text.replace(REFS, '')).not.toMatch(/(?<!\\)[|`*_~[\]<>&]/)
    expect(text).not.toContain('\n')
    expect(text).toContain('&amp;amp;')
    expect(text).not.toMatch(/https?:\/\//)
    expect(text).toContain('https&#58;//evil.example')
    expect(text).not.toMatch(/www\./i)
    expect(text).not.toContain('@')
    expect(text).toContain('&lt;img src=x onerror=alert(1)&gt;')
    expect(text).toContain('\\| x \\| \\`code\\`')
    expect(text).toContain('\\[link\\](https&#58;//evil.example) !\\[i\\](http&#58;//e/i.png) \\*\\*bold\\*\\* \\_em\\_ \\~\\~s\\~\\~')
    // After a <br> a "#" or "-" is inline text: the value is one line of Markdown.
    expect(text).toContain('<br># heading<br>- item<br>&gt; quote\\\\e\\[2J\\\\u{202E}')
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/)
  })

  it('a block mark at the start of a value is escaped; elsewhere text reads as it is', () => {
    expect(mdText('# not a heading')).toBe('\\# not a heading')
    expect(mdText('- not a list')).toBe('\\- not a list')
    expect(mdText('+ no')).toBe('\\+ no')
    expect(mdText('=== no')).toBe('\\=== no')
    expect(mdText('12. not a list')).toBe('12\\. not a list')
    expect(mdText('3) no')).toBe('3\\) no')
    expect(mdText('20.0.7.1080 -5 s')).toBe('20.0.7.1080 -5 s')
    expect(mdText('---')).toBe('\\---')
    expect(mdText('> quoted')).toBe('&gt; quoted')
    expect(mdText('at 11:04:10, 20.0.7.1080 (v20) - fine; 5 + 3 = 8 #1')).toBe('at 11:04:10, 20.0.7.1080 (v20) - fine; 5 + 3 = 8 #1')
    expect(mdText('a@b.example and WWW.x.example')).toBe('a&#64;b.example and WWW&#46;x.example')
  })

  it('leading spaces cannot make a code block, a tab is a space', () => {
    expect(mdText('    indented\tcode')).toBe('&#32;&#32;&#32;&#32;indented code')
  })

  it('hostile data in every field keeps every table row at its column count and writes no HTML but <br>', () => {
    const evil = result(`evil|id${HOSTILE}`, 'fail', {
      title: HOSTILE,
      summary: HOSTILE,
      details: [HOSTILE],
      remediation: HOSTILE,
      tables: [{title: HOSTILE, columns: ['a', `b${HOSTILE}`], rows: [[HOSTILE, HOSTILE]], note: HOSTILE}],
    })
    const md = renderMarkdown(report([evil], {target: {hostname: HOSTILE, installDir: HOSTILE}, notices: [{level: 'error', message: HOSTILE}]}))
    for (const l of md.split('\n')) {
      if (l.startsWith('|')) expect(cells(l).length === 3 || cells(l).length === 2).toBe(true)
      // A heading or list item is only one this reporter starts; data never starts a line.
      expect(l).toMatch(/^(|## tcx-doctor: |### |- (Host|Install|3CX version|Platform|When|Result|Problem): |- \\\[\d+\\\] |\*\*|\| |_|\\|&#32;|&lt;|[A-Za-z0-9])/)
    }
    const overview = md.split('\n').filter((l) => l.startsWith('| ❌'))
    expect(overview).toHaveLength(1)
    expect(cells(overview[0]!)).toHaveLength(3)
    expect(md.replace(/<br>/g, '')).not.toMatch(/<[a-z/!]/i)
    expect(md).not.toMatch(/(?<!\\)\]\(/)
    expect(md).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/)
  })
})
