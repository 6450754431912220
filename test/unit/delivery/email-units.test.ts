/** The pure parts of the e-mail delivery: settings, subject, send decision, transport options. */
import {describe, expect, it} from 'vitest'
import {decideSend, emailSubject, problemKeys, transportOptions} from '../../../src/delivery/email.js'
import {defaultStateFile, resolveEmailSettings, type EmailSettings} from '../../../src/delivery/email-settings.js'
import type {Report} from '../../../src/engine/report.js'
import {summarize} from '../../../src/engine/report.js'
import type {CheckResult} from '../../../src/engine/result.js'

const result = (id: string, status: CheckResult['status'], waived = false): CheckResult => ({
  id,
  tables: [], measurements: [],
  title: id,
  category: id.split('.')[0]!,
  severity: 'major',
  status,
  summary: `${id} ${status}`,
  details: [],
  evidence: {},
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
  exitCode: 0,
  failOn: 'warn',
})

const settings = (over: Partial<EmailSettings> = {}): EmailSettings => ({
  to: ['ops@example.com'],
  from: 'doctor@example.com',
  smtpUrl: 'smtp://127.0.0.1:2525',
  on: 'always',
  stateFile: '/tmp/state.json',
  timeoutMs: 15_000,
  ...over,
})

describe('emailSubject', () => {
  it('names the worst status, the host and the problem counts', () => {
    const report = reportOf([result('a.x', 'fail'), result('a.y', 'fail'), result('b.z', 'warn'), result('c.p', 'pass')])
    expect(emailSubject(report)).toBe('[tcx-doctor] FAIL pbx.example.com: 2 fail, 1 warn')
  })
  it('counts waived results apart, so they do not set the label', () => {
    expect(emailSubject(reportOf([result('a.x', 'fail', true), result('c.p', 'pass')]))).toBe('[tcx-doctor] PASS pbx.example.com: 1 pass, 1 waived')
  })
  it('says ERROR for an error and no checks for an empty run', () => {
    expect(emailSubject(reportOf([result('a.x', 'error'), result('b.y', 'skip')]))).toBe('[tcx-doctor] ERROR pbx.example.com: 1 error')
    expect(emailSubject(reportOf([]))).toBe('[tcx-doctor] SKIP pbx.example.com: no checks ran')
  })
})

describe('decideSend', () => {
  const report = reportOf([result('a.x', 'fail'), result('b.y', 'warn'), result('c.z', 'pass'), result('d.w', 'skip'), result('e.v', 'fail', true)])
  it('compares the counted problems only (no pass, skip or waived result)', () => {
    expect(problemKeys(report)).toEqual(['a.x=fail', 'b.y=warn'])
  })
  it('always / problems / changes', () => {
    expect(decideSend(report, 'always', undefined).send).toBe(true)
    expect(decideSend(report, 'problems', undefined).send).toBe(true)
    expect(decideSend(reportOf([result('c.z', 'pass')]), 'problems', undefined)).toEqual({send: false, reason: 'no e-mail: no problems (--email-on problems)'})
    expect(decideSend(report, 'changes', undefined)).toEqual({send: true, reason: 'first run with this state file'})
    expect(decideSend(report, 'changes', ['a.x=fail', 'b.y=warn']).send).toBe(false)
    expect(decideSend(report, 'changes', ['a.x=warn', 'b.y=warn'])).toEqual({send: true, reason: 'changed since the last run: +a.x=fail -a.x=warn'})
  })
})

describe('resolveEmailSettings', () => {
  it('is off without a recipient', () => {
    expect(resolveEmailSettings({}, undefined, '/w', {})).toBeUndefined()
  })
  it('lets flags win over the config, splits lists, resolves paths from the working folder', () => {
    const s = resolveEmailSettings(
      {'email-to': 'a@example.com, b@example.com', 'email-on': 'changes'},
      {to: 'config@example.com', from: 'Doctor <d@example.com>', smtpUrl: 'smtp://relay.example.com:25', on: 'problems', stateFile: 'st/state.json', caFile: 'ca.pem', timeoutSeconds: 3},
      '/w',
      {},
    )
    expect(s).toEqual({
      to: ['a@example.com', 'b@example.com'],
      from: 'Doctor <d@example.com>',
      smtpUrl: 'smtp://relay.example.com:25',
      on: 'changes',
      stateFile: '/w/st/state.json',
      caFile: '/w/ca.pem',
      timeoutMs: 3000,
    })
  })
  it('takes the password from TCX_SMTP_PASSWORD, else the config, else the URL', () => {
    const base = {to: 'a@example.com', from: 'd@example.com', smtpUrl: 'smtp://u:inurl@h.example.com'}
    expect(resolveEmailSettings({}, {...base, password: 'inconfig'}, '/w', {TCX_SMTP_PASSWORD: 'inenv'})?.password).toBe('inenv')
    expect(resolveEmailSettings({}, {...base, password: 'inconfig'}, '/w', {})?.password).toBe('inconfig')
    expect(resolveEmailSettings({}, base, '/w', {})?.password).toBe('inurl')
  })
})

describe('defaultStateFile', () => {
  it('is per user on each platform', () => {
    expect(defaultStateFile({}, 'linux', '/home/ops')).toBe('/home/ops/.local/state/tcx-doctor/state.json')
    expect(defaultStateFile({XDG_STATE_HOME: '/var/state'}, 'linux', '/home/ops')).toBe('/var/state/tcx-doctor/state.json')
    expect(defaultStateFile({LOCALAPPDATA: 'C:\\Users\\ops\\AppData\\Local'}, 'win32', 'C:\\Users\\ops')).toBe('C:\\Users\\ops\\AppData\\Local\\tcx-doctor\\state.json')
  })
})

describe('transportOptions', () => {
  it('smtp:// defaults to port 587 and upgrades with STARTTLS; a login to a host off loopback requires it', () => {
    const remote = transportOptions(settings({smtpUrl: 'smtp://mailer@relay.example.com', password: 'pw'}))
    expect(remote).toMatchObject({host: 'relay.example.com', port: 587, secure: false, requireTLS: true, auth: {user: 'mailer', pass: 'pw'}})
    expect(remote.tls).toMatchObject({servername: 'relay.example.com', minVersion: 'TLSv1.2'})
    expect(transportOptions(settings({smtpUrl: 'smtp://mailer@127.0.0.1:2525', password: 'pw'})).requireTLS).toBe(false)
    expect(transportOptions(settings({smtpUrl: 'smtp://relay.example.com:25'})).requireTLS).toBe(false)
    expect(transportOptions(settings({smtpUrl: 'smtp://127.0.0.1:25?starttls=required'})).requireTLS).toBe(true)
  })
  it('smtps:// speaks TLS at once, on 465 by default', () => {
    expect(transportOptions(settings({smtpUrl: 'smtps://relay.example.com'}))).toMatchObject({port: 465, secure: true, requireTLS: false})
  })
})
