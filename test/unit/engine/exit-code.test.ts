import {describe, expect, it} from 'vitest'
import type {Status} from '../../../src/engine/check.js'
import {exitCodeFor} from '../../../src/engine/exit-code.js'
import type {FailOn} from '../../../src/config/settings.js'

const results = (...statuses: Status[]) => statuses.map((status) => ({status}))

describe('exit codes', () => {
  it.each<[Status[], FailOn, number]>([
    [['pass', 'skip'], 'warn', 0],
    [['pass', 'warn'], 'warn', 1],
    [['pass', 'warn', 'error'], 'warn', 3],
    [['warn', 'error', 'fail'], 'warn', 2],
    [['warn'], 'error', 0],
    [['warn', 'error'], 'error', 3],
    [['warn', 'fail'], 'error', 2],
    [['warn', 'error'], 'fail', 0],
    [['fail'], 'fail', 2],
    [['fail', 'error', 'warn'], 'never', 0],
    [[], 'warn', 0],
  ])('%j with --fail-on %s gives %i', (statuses, failOn, code) => {
    expect(exitCodeFor(results(...statuses), failOn)).toBe(code)
  })

  it('does not count waived results', () => {
    expect(exitCodeFor([{status: 'fail', waived: {reason: 'known'}}, {status: 'warn'}], 'warn')).toBe(1)
    expect(exitCodeFor([{status: 'fail', waived: {reason: 'known'}}], 'warn')).toBe(0)
  })
})
