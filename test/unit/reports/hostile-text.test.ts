/**
 * Every reporter with data from a hostile PBX: terminal control sequences, carriage returns,
 * backspaces, bidi overrides, C1 controls, NUL, lone surrogates and markup in every string.
 * Text-like formats show them as visible escapes; HTML, JUnit and Prometheus stay well formed.
 */
import {XMLParser, XMLValidator} from 'fast-xml-parser'
import {describe, expect, it} from 'vitest'
import type {Report} from '../../../src/engine/report.js'
import type {CheckResult} from '../../../src/engine/result.js'
import {renderHtml} from '../../../reports/html.js'
import {renderJunit} from '../../../reports/junit.js'
import {renderNagios} from '../../../reports/nagios.js'
import {renderPrometheus} from '../../../reports/prometheus.js'
import {renderText, renderTextTail, resultLine} from '../../../reports/text.js'
import {assertValidReport} from '../../helpers/report-schema.js'

/** OSC title change, CSI clear screen, a carriage return over the line, backspaces, RLO, a C1 CSI, NUL, a lone surrogate. */
const EVIL = 'X\u001b]0;owned\u0007\u001b[2J\u001b[31m\rFAKE PASS\b\b\u202Egnp.exe\u009b1m\u0000\ud800<b>&'
/** What must never be in a text-like output: every control (but \n and \t), bidi and C1 character. */
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/

function evilResult(status: CheckResult['status'], id: string): CheckResult {
  return {
    id,
    title: `Trunk ${EVIL}`,
    category: id.split('.')[0]!,
    severity: 'major',
    status,
    summary: `trunk "${EVIL}" is down`,
    details: [`line one ${EVIL}`, `multi\nline ${EVIL}`],
    evidence: {[`name${EVIL}`]: EVIL, rows: [{party: EVIL}]},
    tables: [{title: `Trunks ${EVIL}`, columns: ['name', `state${EVIL}`], rows: [[EVIL, 'down'], ['ok', null]], note: `note ${EVIL}`}],
    measurements: [{name: 'trunk_down_seconds', help: `help ${EVIL}`, value: 5, unit: 'seconds', warn: 1, labels: {trunk: EVIL}}],
    remediation: `fix ${EVIL}`,
    durationMs: 5,
    ...(status === 'warn' ? {waived: {reason: `known ${EVIL}`, until: '2099-01-01'}} : {}),
  }
}

function evilReport(overrides: Partial<Report> = {}): Report {
  const results = [evilResult('fail', 'trunk.loopback-registration'), evilResult('error', 'api.stale-files'), evilResult('warn', 'time.clock-drift'), evilResult('pass', 'install.ini-complete')]
  return {
    schemaVersion: 1,
    tool: {name: 'tcx-doctor', version: '0.0.0'},
    startedAt: '2026-11-26T04:00:00.000Z',
    durationMs: 1234,
    target: {hostname: `pbx${EVIL}`, installDir: `/var/lib/3cxpbx${EVIL}`, layout: 'debian'},
    sources: [{name: 'console', status: 'unavailable', detail: `API said: ${EVIL}`}],
    summary: {pass: 1, warn: 1, fail: 1, skip: 0, error: 1, waived: 1, worst: 'fail'},
    verdict: {state: 'problems', reasons: []},
    results,
    notices: [{level: 'error', message: `plugin said ${EVIL}`}],
    exitCode: 2,
    failOn: 'warn',
    ...overrides,
  }
}

function unknownReport(): Report {
  const skipped = (id: string, summary: string): CheckResult => ({...evilResult('skip', id), summary, tables: []})
  return evilReport({
    results: [skipped('install.ini-complete', `no 3CX install found ${EVIL}`), skipped('api.stale-files', `no 3CX install found ${EVIL}`), skipped('time.ivr-timeouts', 'database: permission denied')],
    summary: {pass: 0, warn: 0, fail: 0, skip: 3, error: 0, waived: 0, worst: 'skip'},
    verdict: {state: 'unknown', reasons: [`no 3CX install found ${EVIL}`, `no 3CX install found ${EVIL}`, 'database: permission denied']},
    exitCode: 3,
  })
}

describe('the hostile report is a valid report', () => {
  it('matches the schema (so the tests below render what a run can produce)', () => {
    assertValidReport(evilReport())
    assertValidReport(unknownReport())
  })
})

describe('text-like outputs render control characters visibly and inertly', () => {
  it('text report, plain and verbose', () => {
    for (const evidence of [false, true]) {
      const text = renderText(evilReport(), {color: false, evidence})
      expect(text).not.toMatch(RAW_CONTROL)
      expect(text).toContain('\\e]0;owned\\a\\e[2J\\e[31m\\rFAKE PASS\\b\\b\\u{202E}gnp.exe\\u{009B}1m\\0')
    }
  })

  it('colour codes are the reporter own, never the data', () => {
    const text = renderText(evilReport(), {color: true, evidence: true})
    // Every ESC in the output starts one of the reporter's SGR colour codes.
    expect(text.replace(/\u001b\[[0-9;]*m/g, '')).not.toMatch(RAW_CONTROL)
    expect(text).not.toContain('\u001b]')
    expect(text).not.toContain('\u001b[2J')
  })

  it('live lines and the tail after them', () => {
    const line = resultLine(evilResult('fail', 'trunk.loopback-registration'), {color: false})
    expect(line).not.toMatch(RAW_CONTROL)
    expect(line.split('\n')).toHaveLength(1)
    expect(renderTextTail(evilReport(), {color: false, evidence: true})).not.toMatch(RAW_CONTROL)
  })

  it('Nagios: one status line and long output, no control characters, no | outside perfdata', () => {
    const lines = renderNagios(evilReport()).replace(/\n$/, '').split('\n')
    for (const line of lines) expect(line).not.toMatch(RAW_CONTROL)
    expect(lines[0]).toMatch(/^TCX-DOCTOR CRITICAL - [^|]* \| pass=1;;;0 /)
    for (const line of lines.slice(1)) expect(line).not.toContain('|')
    expect(lines).toContain(`FAIL trunk.loopback-registration: trunk "X\\e]0;owned\\a\\e[2J\\e[31m\\rFAKE PASS\\b\\b\\u{202E}gnp.exe\\u{009B}1m\\0\ud800<b>&" is down`)
  })
})

describe('the verdict: nothing could be checked', () => {
  it('text: the summary line says so with each reason once', () => {
    const text = renderText(unknownReport(), {color: false})
    const summary = text.trimEnd().split('\n').at(-1)!
    expect(summary).toMatch(/^Nothing could be checked: no 3CX install found .*; database: permission denied\. 0 fail, 0 error, 0 warn, 0 pass, 3 skip in 1\.2 s; exit code 3/)
    expect(summary.match(/no 3CX install found/g)).toHaveLength(1)
    expect(summary).not.toMatch(RAW_CONTROL)
  })

  it('HTML: an UNKNOWN banner with the reasons, each once', () => {
    const html = renderHtml(unknownReport())
    expect(html).toContain('<title>tcx-doctor: UNKNOWN on pbx')
    expect(html).toContain('Nothing could be checked</div>')
    expect(html).toContain('<li>database: permission denied</li>')
    expect(html.match(/<li>no 3CX install found/g)).toHaveLength(1)
  })

  it('Nagios: UNKNOWN (from the exit code), nothing could be checked, with the reasons', () => {
    const first = renderNagios(unknownReport()).split('\n')[0]!
    expect(first).toMatch(/^TCX-DOCTOR UNKNOWN - nothing could be checked on pbx.*: no 3CX install found .*; database: permission denied \| pass=0;;;0/)
    expect(first).not.toMatch(RAW_CONTROL)
  })

  it('a run with problems shows no such banner', () => {
    expect(renderText(evilReport(), {color: false})).not.toContain('Nothing could be checked')
    expect(renderHtml(evilReport())).not.toContain('Nothing could be checked')
  })
})

describe('evidence tables', () => {
  it('text shows them only with --verbose, as aligned columns with the note', () => {
    expect(renderText(evilReport(), {color: false, evidence: false})).not.toContain('Trunks X')
    const verbose = renderText(evilReport(), {color: false, evidence: true})
    expect(verbose).toMatch(/\n {7}Trunks X\\e/)
    expect(verbose).toMatch(/\n {9}name +state/)
    expect(verbose).toMatch(/\n {9}ok\n/)
    expect(verbose).toContain('(note X\\e')
  })

  it('HTML shows them as tables, header cells from the columns', () => {
    const html = renderHtml(evilReport())
    expect(html).toMatch(/<th [^>]*>name<\/th><th [^>]*>stateX\\e\]0;owned\\a/)
    expect(html).toMatch(/<td [^>]*>down<\/td>/)
  })
})

describe('HTML stays well formed and inert', () => {
  it('holds no control character, no markup from the data, no bidi override', () => {
    const html = renderHtml(evilReport())
    expect(html).not.toMatch(RAW_CONTROL)
    expect(html).not.toContain('<b>&')
    expect(html).toContain('&lt;b&gt;&amp;')
    // Tags balance: every opened table, tr, td, div, ul, li is closed.
    for (const tag of ['table', 'tr', 'td', 'th', 'div', 'ul', 'li', 'details', 'pre']) {
      const opened = html.match(new RegExp(`<${tag}[\\s>]`, 'g'))?.length ?? 0
      const closed = html.match(new RegExp(`</${tag}>`, 'g'))?.length ?? 0
      expect(closed, tag).toBe(opened)
    }
  })
})

describe('JUnit stays well-formed XML 1.0', () => {
  it('validates and parses, the data still readable', () => {
    const xml = renderJunit(evilReport())
    expect(XMLValidator.validate(xml)).toBe(true)
    // No character XML 1.0 forbids.
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/)
    const parsed = new XMLParser({ignoreAttributes: false}).parse(xml) as {testsuites: {testsuite: unknown}}
    expect(JSON.stringify(parsed)).toContain('FAKE PASS')
  })
})

describe('Prometheus stays a valid exposition', () => {
  it('every line is a comment or a sample with escaped label values', () => {
    const text = renderPrometheus(evilReport({results: [{...evilResult('fail', 'trunk.loopback-registration'), category: 'trunk'}]}))
    expect(text.endsWith('\n')).toBe(true)
    const LABEL = '[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\\\\n]|\\\\[\\\\"n])*"'
    const SAMPLE = new RegExp(`^[a-zA-Z_:][a-zA-Z0-9_:]*(?:\\{${LABEL}(?:,${LABEL})*\\})? (?:-?[0-9.]+(?:e[+-]?[0-9]+)?|NaN|[+-]Inf)$`)
    for (const line of text.replace(/\n$/, '').split('\n')) {
      if (line.startsWith('# HELP ') || line.startsWith('# TYPE ')) continue
      expect(line).toMatch(SAMPLE)
    }
  })
})

describe('wide data does not exhaust the stack', () => {
  it('a detail and evidence of 300,000 lines render in text, plain and verbose', () => {
    const long = Array.from({length: 300_000}, (_, i) => `row ${i}`)
    const result = {...evilResult('fail', 'trunk.loopback-registration'), details: [long.join('\n')], evidence: {rows: long}}
    const report = evilReport({results: [result]})
    expect(renderText(report, {color: false}).split('\n').length).toBeGreaterThan(300_000)
    expect(renderText(report, {color: false, evidence: true}).split('\n').length).toBeGreaterThan(600_000)
  })
})
