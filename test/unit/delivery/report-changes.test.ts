/** The changes since the last e-mailed report: what they are, and how the subject and bodies say them. */
import {describe, expect, it} from 'vitest'
import {buildMessage, emailSubject} from '../../../src/delivery/email.js'
import {changesHeadline, changesHtml, changesSince, changesText, withChangesFirst} from '../../../src/delivery/report-changes.js'
import type {Report} from '../../../src/engine/report.js'
import {summarize} from '../../../src/engine/report.js'
import type {CheckResult} from '../../../src/engine/result.js'

const result = (id: string, status: CheckResult['status'], summary = `${id} is ${status}`, waived = false): CheckResult => ({
  id,
  title: `Title of ${id}`,
  category: id.split('.')[0]!,
  severity: 'major',
  status,
  summary,
  details: [],
  evidence: {},
  tables: [],
  measurements: [],
  remediation: 'r',
  durationMs: 1,
  ...(waived ? {waived: {reason: 'known'}} : {}),
})

const reportOf = (results: CheckResult[]): Report => ({
  schemaVersion: 1,
  verdict: {state: 'problems', reasons: []},
  tool: {name: 'tcx-doctor', version: '0.0.0'},
  startedAt: '2026-01-02T03:04:05.678Z',
  durationMs: 10,
  target: {hostname: 'pbx.example.com'},
  sources: [],
  summary: summarize(results),
  results,
  notices: [],
  exitCode: 2,
  failOn: 'warn',
})

const report = reportOf([
  result('time.clock-drift', 'fail', 'The clock is 12 s off.'),
  result('trunk.loopback', 'fail'),
  result('api.stale-files', 'warn'),
  result('install.services', 'pass', 'All services run.'),
  result('db.size', 'warn', 'known', true),
])
const previous = {problems: ['api.stale-files=warn', 'db.size=warn', 'gone.check=error', 'install.services=fail', 'trunk.loopback=warn'], savedAt: '2026-01-01T10:00:42.000Z'}

describe('changesSince', () => {
  const c = changesSince(report, previous)

  it('names new problems, changed statuses and resolved ones, in that order', () => {
    expect(c.changes.map((x) => [x.kind, x.id, x.was, x.now])).toEqual([
      ['new', 'time.clock-drift', undefined, 'fail'],
      ['changed', 'trunk.loopback', 'warn', 'fail'],
      ['resolved', 'db.size', 'warn', 'warn'],
      ['resolved', 'gone.check', 'error', undefined],
      ['resolved', 'install.services', 'fail', 'pass'],
    ])
    expect(c.unchanged).toBe(1)
    expect(c.changes.find((x) => x.id === 'db.size')?.waived).toBe(true)
    expect(c.changes.find((x) => x.id === 'gone.check')?.title).toBe('gone.check')
  })

  it('says it in a few words', () => {
    expect(changesHeadline(c)).toBe('1 new problem, 1 changed, 3 resolved')
    expect(changesHeadline(changesSince(report, {problems: ['api.stale-files=warn', 'time.clock-drift=fail', 'trunk.loopback=fail']}))).toBe('no change')
    expect(changesHeadline(changesSince(report, {problems: []}))).toBe('3 new problems')
  })

  it('is one line per change in the text body, with the time of the last report', () => {
    expect(changesText(c)).toBe(
      [
        'Changes since the last report (2026-01-01 10:00 UTC): 1 new problem, 1 changed, 3 resolved',
        '  New       FAIL  time.clock-drift: Title of time.clock-drift: The clock is 12 s off.',
        '  Changed   WARN → FAIL  trunk.loopback: Title of trunk.loopback: trunk.loopback is fail',
        '  Resolved  was WARN, now WARN (waived)  db.size: Title of db.size: known',
        '  Resolved  was ERROR, not run this time  gone.check: gone.check',
        '  Resolved  was FAIL, now PASS  install.services: Title of install.services: All services run.',
        '  1 problem is unchanged.',
        '',
        '',
      ].join('\n'),
    )
  })

  it('is a mail-safe table in the HTML body, text escaped', () => {
    const hostile = changesSince(reportOf([result('x.y', 'fail', '<script>alert(1)</script> & more')]), {problems: []})
    const html = changesHtml(hostile)
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; more')
    expect(html).not.toMatch(/<script|<style|<details|class=/)
    expect(html).toMatch(/^<table role="presentation"/)
  })
})

describe('withChangesFirst', () => {
  it('puts the block first in the body', () => {
    expect(withChangesFirst('<html><head></head><body style="x">\n<p>report</p></body></html>', '<table>C</table>')).toBe('<html><head></head><body style="x">\n<table>C</table><p>report</p></body></html>')
    expect(withChangesFirst('<p>report</p>', '<table>C</table>')).toBe('<table>C</table><p>report</p>')
  })
})

describe('a changes e-mail', () => {
  const email = {to: ['ops@example.com'], from: 'doctor@example.com', smtpUrl: 'smtp://127.0.0.1:2525', on: 'changes' as const, stateFile: '/tmp/s.json', timeoutMs: 1000}

  it('says the changes first in its subject', () => {
    expect(emailSubject(report, changesSince(report, previous))).toBe('[tcx-doctor] FAIL pbx.example.com: 1 new problem, 1 changed, 3 resolved; now 2 fail, 1 warn, 1 waived')
    expect(emailSubject(report, changesSince(report, {problems: ['api.stale-files=warn', 'time.clock-drift=fail', 'trunk.loopback=fail']}))).toBe(
      '[tcx-doctor] FAIL pbx.example.com: 2 fail, 1 warn, 1 waived',
    )
  })

  it('starts both bodies with them; without changes the bodies are the reports', () => {
    const message = buildMessage(report, email, {}, changesSince(report, previous))
    expect(String(message.text)).toMatch(/^Changes since the last report \(2026-01-01 10:00 UTC\): 1 new problem/)
    const html = String(message.html)
    expect(html.indexOf('data-section="changes"')).toBeGreaterThan(html.indexOf('<body'))
    expect(html.indexOf('data-section="changes"')).toBeLessThan(html.indexOf('Title of time.clock-drift', html.indexOf('</table></td></tr></table>')))
    const plain = buildMessage(report, email, {})
    expect(String(plain.text)).not.toContain('Changes since')
    expect(String(plain.html)).not.toContain('data-section="changes"')
  })
})
