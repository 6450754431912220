import {describe, expect, it} from 'vitest'
import {isRealDate, untilProblem, validateWaivers} from '../../../src/config/waiver-config.js'
import {mergeSettings} from '../../../src/config/resolve-settings.js'

describe('waiver dates', () => {
  it.each(['2026-02-28', '2028-02-29', '2026-12-31', '2026-01-01T10:00:00Z', '2026-06-30T23:59:59+02:00'])('takes %s', (until) => {
    expect(untilProblem(until)).toBeUndefined()
  })

  it.each([
    ['2026-02-31', 'is not a date of the calendar'],
    ['2026-02-29', 'is not a date of the calendar'],
    ['2026-13-01', 'is not a date of the calendar'],
    ['2026-04-31', 'is not a date of the calendar'],
    ['2026-00-10', 'is not a date of the calendar'],
    ['2026-01-01T25:00:00Z', 'is not a valid date-time'],
  ])('refuses %s', (until, why) => {
    expect(untilProblem(until)).toContain(why)
    expect(isRealDate('2026-02-28')).toBe(true)
  })

  it('names the key of the first impossible date, before any check runs', () => {
    expect(() => validateWaivers([{id: 'a.b', reason: 'x', until: '2026-03-01'}, {id: 'c.d', reason: 'y', until: '2026-02-31'}])).toThrow(
      'config waivers[1].until: "2026-02-31" is not a date of the calendar (use YYYY-MM-DD, e.g. 2026-02-28)',
    )
    expect(() => mergeSettings({}, {waivers: [{id: 'a.b', reason: 'x', until: '2026-02-30'}]}, '/')).toThrow(/waivers\[0\]\.until/)
    expect(mergeSettings({}, {waivers: [{id: 'api.*', reason: 'x', until: '2026-02-28'}]}, '/').waivers).toEqual([{id: 'api.*', reason: 'x', until: '2026-02-28'}])
  })
})
