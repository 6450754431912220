import {describe, expect, it} from 'vitest'
import {applyWaivers, waiverProblems} from '../../../src/engine/waivers.js'
import type {CheckResult} from '../../../src/engine/result.js'
import {summarize} from '../../../src/engine/report.js'

const result = (id: string, status: CheckResult['status']): CheckResult => ({
  id, title: id, category: id.split('.')[0]!, severity: 'major', status, summary: 's', details: [], evidence: {}, tables: [], measurements: [], remediation: 'r', durationMs: 1,
})
const now = new Date('2026-11-26T12:00:00Z')

describe('waivers', () => {
  it('waives a failing result until its date, including that whole day', () => {
    const [r] = applyWaivers([result('a.b', 'fail')], [{id: 'a.b', reason: 'upgrade booked', until: '2026-11-26'}], now)
    expect(r?.waived).toEqual({reason: 'upgrade booked', until: '2026-11-26'})
    expect(r?.status).toBe('fail')
  })

  it('stops waiving after the date and says so', () => {
    const [r] = applyWaivers([result('a.b', 'fail')], [{id: 'a.b', reason: 'upgrade booked', until: '2026-11-25'}], now)
    expect(r?.waived).toBeUndefined()
    expect(r?.details.at(-1)).toBe('The waiver for this check expired on 2026-11-25 ("upgrade booked"): it counts again.')
  })

  it('waives without a date forever, and never touches pass or skip', () => {
    const out = applyWaivers([result('a.b', 'warn'), result('c.d', 'pass')], [{id: 'a.b', reason: 'x'}, {id: 'c.d', reason: 'y'}], now)
    expect(out[0]?.waived).toEqual({reason: 'x'})
    expect(out[1]?.waived).toBeUndefined()
  })

  it('leaves waived results out of the worst status', () => {
    const out = applyWaivers([result('a.b', 'fail'), result('c.d', 'warn')], [{id: 'a.b', reason: 'x'}], now)
    expect(summarize(out)).toMatchObject({fail: 1, warn: 1, waived: 1, worst: 'warn'})
  })

  it('takes the patterns of --skip (category, category.*), and an exact id wins over a pattern', () => {
    const waivers = [{id: 'api.*', reason: 'api later'}, {id: 'time', reason: 'clock later'}, {id: 'api.stale-files', reason: 'copies known'}]
    const out = applyWaivers([result('api.stale-files', 'fail'), result('api.other', 'warn'), result('time.clock-drift', 'warn'), result('trunk.x', 'fail')], waivers, now)
    expect(out.map((r) => r.waived?.reason)).toEqual(['copies known', 'api later', 'clock later', undefined])
  })

  it('names each waiver whose id matches no check', () => {
    expect(waiverProblems([{id: 'api.*', reason: 'x'}, {id: 'api.stale-file', reason: 'typo'}, {id: 'nope', reason: 'y'}], ['api.stale-files', 'time.clock-drift'])).toEqual([
      'waivers[1].id: "api.stale-file" matches no check; `tcx-doctor list` shows the ids',
      'waivers[2].id: "nope" matches no check; `tcx-doctor list` shows the ids',
    ])
  })
})

