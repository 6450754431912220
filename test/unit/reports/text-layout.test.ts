/**
 * The text report's layout: the header first, each result once, skips grouped by their reason,
 * lines wrapped to a width with a hanging indent, the summary last; and the colour decision.
 */
import {describe, expect, it} from 'vitest'
import type {Report} from '../../../src/engine/report.js'
import type {CheckResult} from '../../../src/engine/result.js'
import {colorWanted, painter} from '../../../reports/colors.js'
import {breakRanges, wrapLine} from '../../../reports/wrap.js'
import {renderLiveHeader, renderText, renderTextTail, resultBlock, resultLine, skipGroups} from '../../../reports/text.js'

const NO_INSTALL = 'no 3CX install found (tried /var/lib/3cxpbx)'

function result(id: string, status: CheckResult['status'], summary: string, extra: Partial<CheckResult> = {}): CheckResult {
  return {id, title: id, category: id.split('.')[0]!, severity: 'major', status, summary, details: [], evidence: {}, tables: [], measurements: [], remediation: 'restart the service', durationMs: 1, ...extra}
}

function report(results: CheckResult[]): Report {
  const count = (s: CheckResult['status']): number => results.filter((r) => r.status === s).length
  return {
    schemaVersion: 1,
    tool: {name: 'tcx-doctor', version: '1.2.3'},
    startedAt: '2026-12-01T10:00:00.000Z',
    durationMs: 2000,
    target: {hostname: 'pbx1', installDir: '/var/lib/3cxpbx', platform: 'debian', installLayout: {id: 'debian-v18', reason: 'r'}, version: {text: '20.0.7.1080', from: 'console'}},
    sources: [],
    summary: {pass: count('pass'), warn: count('warn'), fail: count('fail'), skip: count('skip'), error: count('error'), waived: 0, worst: 'fail'},
    verdict: {state: 'problems', reasons: []},
    results,
    notices: [],
    exitCode: 2,
    failOn: 'warn',
  }
}

const LONG = 'the trunk "Provider One" has not registered for 3 hours; the last response was 403 Forbidden from sip.example.net'

const sample = (): Report =>
  report([
    result('install.ini-complete', 'pass', 'ok'),
    result('trunk.loopback-registration', 'fail', LONG, {details: ['first detail line that is long enough to need wrapping at sixty columns', 'second']}),
    ...['install.a', 'install.b', 'install.c', 'api.d', 'db.e', 'db.f', 'time.g', 'time.h', 'api.i'].map((id) => result(id, 'skip', NO_INSTALL)),
    result('db.permission', 'skip', 'database: permission denied'),
    result('time.clock-drift', 'warn', 'clock 2.5 s off'),
  ])

describe('wrapping', () => {
  it('breaks at spaces within the width, cuts a word longer than a line', () => {
    const text = 'aaa bbb ccc ddddddddddddd e'
    const lines = breakRanges(text, 8, 8).map(([s, e]) => text.slice(s, e))
    expect(lines).toEqual(['aaa bbb', 'ccc', 'dddddddd', 'ddddd e'])
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(8)
  })

  it('indents continuation lines (hanging indent) and keeps every word', () => {
    const lines = wrapLine('What to do: restart the service and look at the log of the last hour', {width: 30, indent: 4, hang: 2})
    expect(lines[0]!.startsWith('    What')).toBe(true)
    for (const l of lines.slice(1)) expect(l).toMatch(/^ {6}\S/)
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(30)
    expect(lines.map((l) => l.trim()).join(' ')).toBe('What to do: restart the service and look at the log of the last hour')
  })

  it('without a width, a line stays one line', () => {
    expect(wrapLine(LONG, {indent: 2})).toEqual([`  ${LONG}`])
  })

  it('a result line wraps to the width with the summary column as hanging indent', () => {
    const lines = resultLine(result('trunk.loopback-registration', 'fail', LONG), {color: false, width: 80}).split('\n')
    expect(lines.length).toBeGreaterThan(1)
    expect(lines[0]).toMatch(/^FAIL trunk\.loopback-registration +the trunk/)
    const column = lines[0]!.indexOf('the trunk')
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(80)
    for (const l of lines.slice(1)) expect(l.search(/\S/)).toBe(column)
  })

  it('on a narrow terminal the hang falls back so text keeps room', () => {
    const lines = resultLine(result('trunk.loopback-registration', 'fail', LONG), {color: false, width: 50}).split('\n')
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(50)
    for (const l of lines.slice(1)) expect(l).toMatch(/^ {5}\S/)
  })

  it('the whole report at 60 columns: no line is longer, details hang under their result', () => {
    const text = renderText(sample(), {color: false, width: 60})
    for (const l of text.split('\n')) expect(l.length).toBeLessThanOrEqual(60)
    expect(text).toContain('       first detail line that is long enough to need\n         wrapping at sixty columns')
  })

  it('colour codes do not count towards the width', () => {
    const text = renderText(sample(), {color: true, width: 60})
    for (const l of text.split('\n')) expect(l.replace(/\u001B\[[0-9;]*m/g, '').length).toBeLessThanOrEqual(60)
    expect(text).toMatch(/\u001B\[31mFAIL\u001B\[39m/)
  })
})

describe('each result once, skips grouped by reason', () => {
  it('groups the skips that share a reason under one line naming the checks', () => {
    const groups = skipGroups(sample().results)
    expect(groups.map((g) => [g.summary, g.ids.length])).toEqual([[NO_INSTALL, 9], ['database: permission denied', 1]])
    const text = renderText(sample(), {color: false})
    expect(text.match(/no 3CX install found/g)).toHaveLength(1)
    expect(text).toContain(`SKIP 9 checks: ${NO_INSTALL}\n       install.a, install.b, install.c, api.d, db.e, db.f, time.g, time.h, api.i\n`)
    expect(text).toMatch(/^SKIP db\.permission +database: permission denied$/m)
  })

  it('every check id appears once in the report', () => {
    const text = renderText(sample(), {color: false})
    for (const r of sample().results) expect(text.split(new RegExp(`\\b${r.id.replace('.', '\\.')}\\b`)).length - 1).toBe(1)
  })

  it('header first, summary last', () => {
    const lines = renderText(sample(), {color: false}).trimEnd().split('\n')
    expect(lines[0]).toBe('tcx-doctor 1.2.3 on pbx1: 3CX 20.0.7.1080 (console) on Debian (debian-v18 layout) at /var/lib/3cxpbx')
    expect(lines.at(-1)).toBe('1 fail, 0 error, 1 warn, 1 pass, 10 skip in 2.0 s; exit code 2 (--fail-on warn)')
  })

  it('live: the blocks printed as checks finish plus the tail hold each result once', () => {
    const r = sample()
    const live = r.results.filter((x) => x.status !== 'skip').map((x) => resultBlock(x, {color: false}))
    const all = renderLiveHeader({version: '1.2.3', hostname: 'pbx1'}, {color: false}) + live.join('') + renderTextTail(r, {color: false})
    for (const x of r.results) expect(all.split(new RegExp(`\\b${x.id.replace('.', '\\.')}\\b`)).length - 1).toBe(1)
    expect(all).toContain('What to do: restart the service')
    expect(all.match(/What to do/g)).toHaveLength(2)
    expect(all).toContain('PBX: 3CX 20.0.7.1080')
    expect(all.trimEnd().split('\n').at(-1)).toMatch(/^1 fail, 0 error, 1 warn, 1 pass, 10 skip/)
  })
})

describe('a source reason repeated in several skips is said once', () => {
  const INSTALL = 'no 3CX install found (tried /var/lib/3cxpbx); give its folder with --install-dir or the ini with --ini'
  const DB = `no database connection settings: ${INSTALL}; give --db-url postgres://USER@HOST:5480/db`
  const r = (): Report => ({
    ...report([
      result('install.ini-complete', 'skip', `No 3CX install on this machine: ${INSTALL}`),
      result('build.sip', 'skip', `Needs the install source: ${INSTALL}`),
      result('time.ivr-timeouts', 'skip', `Needs the db source: ${DB}`),
      result('time.zone', 'skip', `the database is not reachable (${DB})`),
      result('time.clock-drift', 'skip', 'Needs the clock source: no NTP server to ask (--ntp-server none); give one with --ntp-server host[:port]'),
    ]),
    sources: [
      {name: 'install', status: 'unavailable', detail: INSTALL},
      {name: 'activity-logs', status: 'unavailable', detail: INSTALL},
      {name: 'db', status: 'unavailable', detail: DB},
      {name: 'clock', status: 'unavailable', detail: 'no NTP server to ask (--ntp-server none); give one with --ntp-server host[:port]'},
      {name: 'host', status: 'ok', detail: 'fine and long enough to be a reason if it were unavailable'},
    ],
    verdict: {state: 'unknown', reasons: [`3CX could not be read: install: ${INSTALL}`]},
  })

  it('as a numbered note, a longer reason built on a shorter one shortened too', () => {
    const text = renderText(r(), {color: false})
    expect(text.match(/no 3CX install found/g)).toHaveLength(1)
    expect(text.match(/no database connection settings/g)).toHaveLength(1)
    expect(text).toMatch(/^SKIP install\.ini-complete +No 3CX install on this machine: \[1\]$/m)
    expect(text).toMatch(/^SKIP time\.zone +the database is not reachable \(\[2\]\)$/m)
    expect(text).toContain(`     [1] activity-logs, install: ${INSTALL}\n`)
    expect(text).toContain('     [2] db: no database connection settings: [1]; give --db-url postgres://USER@HOST:5480/db\n')
    // Said once only: the clock's reason is in one skip, so it stays there.
    expect(text).toMatch(/^SKIP time\.clock-drift +Needs the clock source: no NTP server to ask/m)
    expect(text.trimEnd().split('\n').at(-1)).toMatch(/^Nothing could be checked: 3CX could not be read: install: \[1\]\. 0 fail/)
  })

  it('numbered in reading order; a "[2]" in the data stays as it is', () => {
    const base = r()
    const first = result('a.first', 'skip', `[2] literally: ${base.sources[2]!.detail}`)
    const text = renderText({...base, results: [first, ...base.results]}, {color: false})
    // The db reason is met first now, so it is [1]; the install reason, quoted inside it, is [2].
    expect(text).toMatch(/^SKIP a\.first +\[2\] literally: \[1\]$/m)
    expect(text).toContain('     [1] db: no database connection settings: [2]; give --db-url')
    expect(text).toMatch(/^ {5}\[2\] activity-logs, install: no 3CX install found/m)
    expect(text).toMatch(/^SKIP install\.ini-complete +No 3CX install on this machine: \[2\]$/m)
  })

  it('the same on a TTY tail', () => {
    const tail = renderTextTail(r(), {color: false, width: 80})
    expect(tail.match(/no 3CX install found/g)).toHaveLength(1)
    for (const l of tail.split('\n')) expect(l.length).toBeLessThanOrEqual(80)
  })
})

describe('colour: the conventions', () => {
  const tty = {isTTY: true}
  it.each([
    [{env: {}, ...tty}, true],
    [{env: {}, isTTY: false}, false],
    [{env: {NO_COLOR: '1'}, ...tty}, false],
    [{env: {NO_COLOR: ''}, ...tty}, true],
    [{env: {TERM: 'dumb'}, ...tty}, false],
    [{env: {FORCE_COLOR: '0'}, ...tty}, false],
    [{env: {FORCE_COLOR: 'false'}, ...tty}, false],
    [{env: {FORCE_COLOR: '1'}, isTTY: false}, true],
    [{env: {FORCE_COLOR: '3', TERM: 'dumb'}, isTTY: false}, true],
    [{env: {FORCE_COLOR: '2', NO_COLOR: '1'}, isTTY: false}, true],
    [{env: {FORCE_COLOR: ''}, isTTY: false}, true],
    [{flag: true, env: {NO_COLOR: '1', FORCE_COLOR: '0'}, isTTY: false}, true],
    [{flag: false, env: {FORCE_COLOR: '3'}, ...tty}, false],
  ])('%j -> %s', (inputs, expected) => {
    expect(colorWanted(inputs)).toBe(expected)
  })

  it('painting on gives SGR codes whatever this process environment says; off gives none', () => {
    const saved = process.env.NO_COLOR
    process.env.NO_COLOR = '1'
    try {
      expect(painter(true)('FAIL', 'fail')).toBe('\u001B[1m\u001B[31mFAIL\u001B[39m\u001B[22m')
      expect(process.env.NO_COLOR).toBe('1')
    } finally {
      if (saved === undefined) delete process.env.NO_COLOR
      else process.env.NO_COLOR = saved
    }
    expect(painter(false)('FAIL', 'fail')).toBe('FAIL')
    expect(renderText(sample(), {color: false})).not.toContain('\u001B')
  })
})
