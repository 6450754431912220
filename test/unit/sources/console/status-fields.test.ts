/**
 * Reading SystemStatus fields without trusting their types: missing, never, a value, or
 * unreadable (shown cut to one line).
 */
import {describe, expect, it} from 'vitest'
import {formatAge, rawText, statusBoolean, statusNumber, statusTime} from '../../../../src/sources/console/status-fields.js'
import type {SystemStatus} from '../../../../src/sources/console/parse.js'

const s = (fields: Record<string, unknown>): SystemStatus => fields as SystemStatus

describe('statusTime', () => {
  it.each([
    [{}, {state: 'missing'}],
    [{T: undefined}, {state: 'missing'}],
    [{T: null}, {state: 'never', raw: 'null'}],
    [{T: ''}, {state: 'never', raw: '""'}],
    [{T: '0001-01-01T00:00:00'}, {state: 'never', raw: '"0001-01-01T00:00:00"'}],
    [{T: 42}, {state: 'unreadable', raw: '42'}],
    [{T: 'soon'}, {state: 'unreadable', raw: '"soon"'}],
  ])('%j', (fields, expected) => {
    expect(statusTime(s(fields), 'T')).toEqual(expected)
  })
  it('a .NET time with seven digits and an offset', () => {
    expect(statusTime(s({T: '2026-11-25T03:00:09.6347531+01:00'}), 'T')).toEqual({state: 'time', date: new Date('2026-11-25T02:00:09.634Z'), raw: '2026-11-25T03:00:09.6347531+01:00'})
  })
  it('a key inherited from Object.prototype is not a field', () => {
    expect(statusTime(s({}), 'toString')).toEqual({state: 'missing'})
  })
})

describe('statusBoolean and statusNumber', () => {
  it('booleans, also as the strings "true"/"false"', () => {
    expect(statusBoolean(s({B: false}), 'B')).toEqual({state: 'value', value: false})
    expect(statusBoolean(s({B: 'true'}), 'B')).toEqual({state: 'value', value: true})
    expect(statusBoolean(s({B: 1}), 'B')).toEqual({state: 'unreadable', raw: '1'})
    expect(statusBoolean(s({}), 'B')).toEqual({state: 'missing'})
  })
  it('non-negative numbers, also as digit strings; NaN, negatives and words are unreadable', () => {
    expect(statusNumber(s({N: 3}), 'N')).toEqual({state: 'value', value: 3})
    expect(statusNumber(s({N: ' 12 '}), 'N')).toEqual({state: 'value', value: 12})
    expect(statusNumber(s({N: -1}), 'N')).toEqual({state: 'unreadable', raw: '-1'})
    expect(statusNumber(s({N: 'NaN'}), 'N')).toEqual({state: 'unreadable', raw: '"NaN"'})
    expect(statusNumber(s({N: null}), 'N')).toEqual({state: 'unreadable', raw: 'null'})
  })
})

describe('rawText', () => {
  it('one line of at most 60 characters', () => {
    expect(rawText('a\nb')).toBe('"a\\nb"')
    expect(rawText({x: 'y'.repeat(100)})).toHaveLength(60)
    expect(rawText({x: 'y'.repeat(100)}).endsWith('...')).toBe(true)
  })
})

describe('formatAge', () => {
  it.each([
    [45_000, '45 s'],
    [12 * 60_000, '12 min'],
    [89_990_000, '25 h'],
    [(24 * 60 + 44) * 60_000 + 20_000, '24 h 44 min'],
    [9 * 86_400_000, '9 days'],
    [-3 * 3600_000, '3 h'],
  ])('%d ms is %s', (ms, text) => {
    expect(formatAge(ms)).toBe(text)
  })
})
