import {describe, expect, it} from 'vitest'
import {formatDuration} from '../../../src/lib/format.js'

describe('formatDuration', () => {
  it.each([
    [250, '250 ms'],
    [1500, '1.5 s'],
    [42_000, '42 s'],
    [90_000, '1 min 30 s'],
    [3_600_000, '1 h'],
    [5_400_000, '1 h 30 min'],
    // Minutes are rounded before they are split from the hours: never "24 h 60 min" or "11 h 60 min".
    [89_990_000, '25 h'],
    [43_195_000, '12 h'],
    [3_599_700, '1 h'],
    [3 * 86_400_000, '3 days'],
    [-5_400_000, '1 h 30 min'],
  ])('%d ms is "%s"', (ms, text) => {
    expect(formatDuration(ms)).toBe(text)
  })
})
