/**
 * The PBX at a glance (target.glance, from the console's SystemStatus) in every header:
 * text, HTML, Markdown, JUnit properties, the Nagios short line; Prometheus's pbx_info
 * keeps its three labels. A glance that is not known says why; a report without one
 * renders as before.
 */
import {describe, expect, it} from 'vitest'
import {glanceLine, glanceRows, pbxShort} from '../../../reports/pbx-summary.js'
import {renderHtml} from '../../../reports/html.js'
import {renderJunit} from '../../../reports/junit.js'
import {renderMarkdown} from '../../../reports/markdown.js'
import {renderNagios} from '../../../reports/nagios.js'
import {renderPrometheus} from '../../../reports/prometheus.js'
import {renderText} from '../../../reports/text.js'
import type {Report, Target} from '../../../src/engine/report.js'
import {pbxGlanceOf} from '../../../src/sources/console/index.js'
import {recorded} from '../checks/network/fakes.js'
import {assertValidReport} from '../../helpers/report-schema.js'

const glance = pbxGlanceOf({...recorded.systemStatus(), TrunksRegistered: 1, ExtensionsRegistered: 20})
const v15: Target = {
  hostname: 'pbx1',
  installDir: 'C:\\Program Files\\3CX Phone System',
  platform: 'windows',
  installLayout: {id: 'windows-v15', reason: 'ini in Instance1/Bin'},
  version: {text: '15.5.10244.4', major: 15, minor: 5, build: 10244, from: 'console SystemStatus.Version'},
  glance,
}

const report = (target: Target): Report => ({
  schemaVersion: 1,
  tool: {name: 'tcx-doctor', version: '0.0.0'},
  startedAt: '2026-12-01T10:00:00.000Z',
  durationMs: 1000,
  target,
  sources: [],
  summary: {pass: 1, warn: 0, fail: 0, skip: 0, error: 0, waived: 0, worst: 'pass'},
  verdict: {state: 'ok', reasons: []},
  results: [],
  notices: [],
  exitCode: 0,
  failOn: 'warn',
})

const LINE =
  'FQDN pbx.example.com; IPs 203.0.113.10 public, 10.20.30.40 local; trunks 1 of 2 registered; extensions 20 of 24 registered; calls 1 active of 16; ' +
  'last backup 2026-11-25 03:00 UTC+01:00; licence expiry not known; maintenance until 2027-03-01 12:00 UTC+00:00'

describe('the glance', () => {
  it('one line and labelled rows, "not known" where SystemStatus does not tell', () => {
    expect(glanceLine(v15)).toBe(LINE)
    expect(glanceRows(v15)).toContainEqual(['Calls', '1 active of 16'])
  })

  it('is valid against the report schema, known or not', () => {
    assertValidReport(report(v15))
    assertValidReport(report({hostname: 'pbx1', glanceUnknown: 'no check in this run used the console'}))
    expect(() => assertValidReport(report({hostname: 'pbx1', glance: {...glance, trunks: {registered: 'two'}} as never}))).toThrow()
  })

  it('says why it is not known, and is absent from a report that has none', () => {
    const without: Target = {hostname: 'pbx1', glanceUnknown: 'no check in this run used the console'}
    expect(glanceLine(without)).toBe('At a glance not known: no check in this run used the console')
    expect(glanceLine({hostname: 'pbx1'})).toBeUndefined()
    expect(glanceRows({hostname: 'pbx1', glance: 'garbage' as never})).toEqual([])
  })

  it('is the second line of the text header', () => {
    const lines = renderText(report(v15), {color: false, evidence: false}).split('\n')
    expect(lines[0]).toMatch(/^tcx-doctor 0\.0\.0 on pbx1: 3CX 15\.5\.10244\.4/)
    expect(lines[1]).toBe(`  ${LINE}`)
    expect(renderText(report({hostname: 'pbx1'}), {color: false, evidence: false}).split('\n')[1]).toBe('')
  })

  it('is in the HTML and Markdown headers and the JUnit properties', () => {
    expect(renderHtml(report(v15))).toContain('>Trunks</td><td style="padding:2px 0;vertical-align:top;')
    expect(renderHtml(report(v15))).toContain('1 of 2 registered')
    expect(renderMarkdown(report(v15))).toContain('- Extensions: 20 of 24 registered')
    const withResult: Report = {
      ...report(v15),
      results: [{id: 'trunk.registration', title: 'Every trunk is registered', category: 'trunk', severity: 'major', status: 'pass', summary: 'ok', details: [], evidence: {}, tables: [], measurements: [], remediation: 'none', durationMs: 1}],
    }
    expect(renderJunit(withResult)).toContain('<property name="pbx.trunks" value="1 of 2 registered"/>')
  })

  it('adds the counts to the Nagios short line; Prometheus pbx_info keeps its labels', () => {
    expect(pbxShort(v15)).toBe('3CX 15.5.10244.4 Windows, trunks 1/2, extensions 20/24, calls 1/16')
    expect(renderNagios(report(v15)).split('\n')[0]).toContain('on pbx1 (3CX 15.5.10244.4 Windows, trunks 1/2, extensions 20/24, calls 1/16)')
    expect(renderPrometheus(report(v15))).toContain('tcx_doctor_pbx_info{version="15.5.10244.4",platform="windows",layout="windows-v15"} 1')
  })
})
