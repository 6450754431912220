import {describe, expect, it} from 'vitest'
import type {SourceReport} from '../../../src/engine/context.js'
import {exitCodeFor} from '../../../src/engine/exit-code.js'
import {rootCauses, verdictOf, type Requirements} from '../../../src/engine/report.js'
import type {CheckResult} from '../../../src/engine/result.js'

const result = (id: string, status: CheckResult['status'], summary = `${id} ${status}`): CheckResult => ({
  id, title: id, category: id.split('.')[0]!, severity: 'major', status, summary, details: [], evidence: {}, tables: [], measurements: [], remediation: 'r', durationMs: 1,
})
const NO_INSTALL = 'no 3CX install found (tried /var/lib/3cxpbx, C:\\Program Files\\3CX Phone System)'
const noPbx: SourceReport[] = [
  {name: 'install', status: 'unavailable', detail: NO_INSTALL},
  {name: 'db', status: 'unavailable', detail: `no database connection settings: ${NO_INSTALL}; give --db-url`},
  {name: 'console', status: 'unavailable', detail: `no console URL: the database could not tell WEB_ROOT_LOCAL (no database connection settings: ${NO_INSTALL}; give --db-url)`},
  {name: 'host', status: 'ok', detail: '2 interfaces'},
]
const pbxOk: SourceReport[] = [
  {name: 'install', status: 'ok', detail: 'windows layout'},
  {name: 'db', status: 'ok', detail: 'read-only'},
  {name: 'console', status: 'not-used', detail: 'no check needed it'},
]

describe('verdict', () => {
  it('is unknown when no check gave pass, warn or fail, with each root cause once', () => {
    const skips = ['install.ini-complete', 'time.ivr-timeouts', 'build.sip-dialog-set-id'].map((id) => result(id, 'skip', `Needs the install source: ${NO_INSTALL}`))
    const verdict = verdictOf([...skips, result('api.stale-files', 'skip', 'No Call Control API application folder was given.')], noPbx)
    expect(verdict).toEqual({state: 'unknown', reasons: [`install: ${NO_INSTALL}`, 'api.stale-files: No Call Control API application folder was given.']})
    expect(verdictOf([], [])).toEqual({state: 'unknown', reasons: ['no check was selected']})
  })

  it('is unknown when what passed did not read 3CX at all (no install, database or console)', () => {
    const verdict = verdictOf([result('network.multiple-nics', 'pass'), result('install.ini-complete', 'skip', `x: ${NO_INSTALL}`)], noPbx)
    expect(verdict).toEqual({state: 'unknown', reasons: [`3CX could not be read: install: ${NO_INSTALL}`]})
    // A run that asked for no 3CX source (--only network.multiple-nics without console) is judged on its results.
    expect(verdictOf([result('network.multiple-nics', 'pass')], [{name: 'host', status: 'ok', detail: 'x'}]).state).toBe('ok')
  })

  it('judges on the results when the unreadable 3CX sources were only tried, not needed (ctx.tryUse)', () => {
    const results = [result('time.clock-drift', 'warn')]
    expect(verdictOf(results, noPbx, undefined, new Set(['clock'])).state).toBe('problems')
    expect(verdictOf(results, noPbx, undefined, new Set(['clock', 'install'])).state).toBe('unknown')
  })

  it('is ok or problems once something was checked', () => {
    expect(verdictOf([result('a.b', 'pass'), result('a.c', 'skip')], pbxOk)).toEqual({state: 'ok', reasons: []})
    expect(verdictOf([result('a.b', 'pass'), result('a.c', 'error')], pbxOk).state).toBe('problems')
    expect(verdictOf([result('a.b', 'pass'), {...result('a.c', 'fail'), waived: {reason: 'known'}}], pbxOk).state).toBe('ok')
  })

  it('names each unmet --require and --require-checks', () => {
    const req: Requirements = {sources: ['db', 'console', 'clock'], checks: ['a.*', 'time.ivr-timeouts', 'nope'], knownIds: ['a.b', 'a.c', 'time.ivr-timeouts']}
    const verdict = verdictOf([result('a.b', 'pass'), result('a.c', 'skip', 'Needs the console source: down')], pbxOk, req)
    expect(verdict.state).toBe('unknown')
    expect(verdict.reasons).toEqual([
      'required source console was not used: no check needed it',
      'required source clock: no selected check uses it (sources: install, db, console)',
      'required check a.c gave no verdict (skip): Needs the console source: down',
      'required check time.ivr-timeouts was not selected (--only/--skip)',
      'required check nope: no check has this id; `tcx-doctor list` shows the ids',
    ])
    expect(verdictOf([result('a.b', 'pass'), result('a.c', 'warn')], pbxOk, {sources: ['db'], checks: ['a'], knownIds: ['a.b', 'a.c']}).state).toBe('problems')
    expect(verdictOf([result('a.b', 'pass')], [{name: 'db', status: 'unavailable', detail: 'refused'}, {name: 'install', status: 'ok', detail: 'x'}], {sources: ['db'], checks: [], knownIds: ['a.b']}).reasons).toEqual([
      'required source db is unavailable: refused',
    ])
  })

  it('leaves out a source reason that only repeats another source\'s', () => {
    expect(rootCauses(noPbx)).toEqual([`install: ${NO_INSTALL}`])
  })
})

describe('exit code of an unknown verdict', () => {
  const unknown = {state: 'unknown'} as const
  it('is 3 (UNKNOWN) under every --fail-on but never, and 2 when a counted failure was found', () => {
    expect(exitCodeFor([{status: 'skip'}], 'warn', unknown)).toBe(3)
    expect(exitCodeFor([{status: 'skip'}], 'fail', unknown)).toBe(3)
    expect(exitCodeFor([{status: 'pass'}, {status: 'warn'}], 'fail', unknown)).toBe(3)
    expect(exitCodeFor([{status: 'skip'}], 'never', unknown)).toBe(0)
    expect(exitCodeFor([{status: 'fail'}, {status: 'skip'}], 'warn', unknown)).toBe(2)
    expect(exitCodeFor([{status: 'fail', waived: {reason: 'x'}}, {status: 'skip'}], 'warn', unknown)).toBe(3)
    expect(exitCodeFor([{status: 'pass'}], 'warn', {state: 'ok'})).toBe(0)
  })
})
