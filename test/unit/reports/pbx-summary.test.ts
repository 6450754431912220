import {describe, expect, it} from 'vitest'
import {pbxFacts, pbxLine, pbxShort} from '../../../reports/pbx-summary.js'
import {renderNagios} from '../../../reports/nagios.js'
import {renderPrometheus} from '../../../reports/prometheus.js'
import {renderText} from '../../../reports/text.js'
import type {Report, Target} from '../../../src/engine/report.js'

const v20: Target = {
  hostname: 'pbx1',
  installDir: '/var/lib/3cxpbx',
  platform: 'debian',
  installLayout: {id: 'debian-v18', reason: 'SDK DLLs in /usr/lib/3cxpbx'},
  version: {text: '20.0.7.1080', major: 20, minor: 0, build: 7, from: 'console SystemStatus.Version'},
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

describe('the PBX at a glance', () => {
  it('names version and where it came from, platform, layout and folder', () => {
    expect(pbxLine(v20)).toBe('3CX 20.0.7.1080 (console SystemStatus.Version) on Debian (debian-v18 layout) at /var/lib/3cxpbx')
    expect(pbxShort(v20)).toBe('3CX 20.0.7.1080 Debian')
  })

  it('says what is not known, never guesses', () => {
    const noVersion: Target = {hostname: 'pbx1', installDir: 'C:\\3CX', platform: 'windows', versionUnknown: 'no origin told it'}
    expect(pbxLine(noVersion)).toBe('3CX of unknown version on Windows at C:\\3CX')
    expect(pbxShort(noVersion)).toBe('3CX version unknown Windows')
    expect(pbxLine({hostname: 'x'})).toBe('no 3CX install found')
    expect(pbxFacts({hostname: 'x', version: 'not an object'})).toEqual({})
  })

  it('is in the text header, the Nagios line and the Prometheus pbx_info', () => {
    expect(renderText(report(v20), {color: false, evidence: false}).split('\n')[0]).toBe(
      'tcx-doctor 0.0.0 on pbx1: 3CX 20.0.7.1080 (console SystemStatus.Version) on Debian (debian-v18 layout) at /var/lib/3cxpbx',
    )
    expect(renderNagios(report(v20)).split('\n')[0]).toContain('on pbx1 (3CX 20.0.7.1080 Debian)')
    expect(renderPrometheus(report(v20))).toContain('tcx_doctor_pbx_info{version="20.0.7.1080",platform="debian",layout="debian-v18"} 1')
    expect(renderPrometheus(report({hostname: 'x'}))).toContain('tcx_doctor_pbx_info{version="unknown",platform="unknown",layout="unknown"} 1')
  })
})
