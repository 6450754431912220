import {describe, expect, it} from 'vitest'
import type {Report} from '../../../src/engine/report.js'
import {renderHtml} from '../../../reports/html.js'
import {renderJson} from '../../../reports/json.js'
import {renderText} from '../../../reports/text.js'
import {formatForOutput} from '../../../reports/index.js'
import {assertValidReport} from '../../helpers/report-schema.js'

const HOSTILE = `<script>alert(1)</script><img src=x onerror="alert(2)">&amp;'"`

function report(): Report {
  return {
    schemaVersion: 1,
    verdict: {state: 'problems', reasons: []},
    tool: {name: 'tcx-doctor', version: '0.0.0'},
    startedAt: '2026-11-26T04:00:00.000Z',
    durationMs: 1234,
    target: {hostname: `pbx${HOSTILE}`, installDir: '/var/lib/3cxpbx', layout: 'debian'},
    sources: [{name: 'console', status: 'unavailable', detail: `HTML instead of JSON: ${HOSTILE}`}],
    summary: {pass: 1, warn: 0, fail: 1, skip: 0, error: 0, waived: 0, worst: 'fail'},
    results: [
      {id: 'trunk.loopback-registration', title: `Trunk ${HOSTILE}`, category: 'trunk', severity: 'major', status: 'fail', summary: `Trunk "${HOSTILE}" is down`,
        details: [`detail ${HOSTILE}`], evidence: {[`key${HOSTILE}`]: HOSTILE, nested: {name: HOSTILE}}, tables: [], measurements: [], remediation: `fix ${HOSTILE}`, durationMs: 3},
      {id: 'install.ini-complete', title: 'ini', category: 'install', severity: 'major', status: 'pass', summary: 'ok', details: [], evidence: {}, tables: [], measurements: [], remediation: 'r', durationMs: 1},
    ],
    notices: [{level: 'error', message: `plugin ${HOSTILE}`}],
    exitCode: 2,
    failOn: 'warn',
  }
}

describe('HTML report', () => {
  const html = renderHtml(report())

  it('escapes every value from the PBX or a check', () => {
    expect(html).not.toContain('<script>')
    expect(html).not.toContain('<img')
    expect(html).not.toMatch(/onerror="/)
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=&quot;alert(2)&quot;&gt;&amp;amp;&#39;&quot;')
  })

  it('is self-contained: no scripts, no external requests, a CSP that forbids them', () => {
    expect(html).not.toMatch(/<script|<link|<iframe|@import|url\(/i)
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//i)
    expect(html).toContain(`Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`)
  })

  it('puts the summary first and the failing result before the passing one', () => {
    expect(html.indexOf('>FAIL<')).toBeLessThan(html.indexOf('trunk.loopback-registration'))
    expect(html.indexOf('trunk.loopback-registration')).toBeLessThan(html.indexOf('install.ini-complete'))
    expect(html).toContain('What to do:')
  })

  it('uses table layout with inline styles for e-mail clients (no <style> block, no flex or grid)', () => {
    expect(html).not.toMatch(/<style/i)
    expect(html).not.toMatch(/display:\s*(flex|grid)/)
    expect(html).toMatch(/<table role="presentation"/)
  })
})

describe('text report', () => {
  it('has no escape codes without colour, and marks, details and remediation for non-pass results', () => {
    const text = renderText(report(), {color: false})
    expect(text).not.toContain('\u001B')
    expect(text).toMatch(/^FAIL trunk\.loopback-registration\s+Trunk ".*" is down$/m)
    expect(text).toMatch(/^PASS install\.ini-complete\s+ok$/m)
    expect(text).toContain(`       What to do: fix ${HOSTILE}`)
    expect(text).toContain(`Problem: plugin ${HOSTILE}`)
    expect(text.trim().split('\n').at(-1)).toBe('1 fail, 0 error, 0 warn, 1 pass, 0 skip in 1.2 s; exit code 2 (--fail-on warn)')
  })

  it('colours only when asked', () => {
    expect(renderText(report(), {color: true})).toContain('\u001B[1m\u001B[31mFAIL\u001B[39m\u001B[22m')
  })
})

describe('JSON report', () => {
  it('is the data model as is, valid against the schema', () => {
    const json = JSON.parse(renderJson(report()))
    expect(json).toEqual(report())
    assertValidReport(json)
  })

  it('is rejected by the schema when a required field is missing', () => {
    const {summary: _s, ...broken} = report()
    expect(() => assertValidReport(broken)).toThrow(/must have required property 'summary'/)
  })
})

describe('--output format from the file name', () => {
  it.each([
    ['r.json', 'json'], ['R.HTML', 'html'], ['r.htm', 'html'], ['r.txt', 'text'], ['json:/tmp/report', 'json'],
  ])('%s is %s', (spec, format) => {
    expect(formatForOutput(spec)).toMatchObject({format})
  })

  it('keeps a Windows drive letter as a path, not a format prefix', () => {
    expect(formatForOutput('C:\\reports\\r.html')).toEqual({format: 'html', path: 'C:\\reports\\r.html'})
  })
})
