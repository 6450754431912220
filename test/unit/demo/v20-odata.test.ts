/** The v20 simulator's OData query options, on plain data. */
import {describe, expect, it} from 'vitest'
import {ODataError, applyODataQuery, parseODataQuery} from '../../../src/demo/console-simulator-v20.js'

const q = (search: string) => parseODataQuery(new URLSearchParams(search))
const items = [
  {Id: 1, Name: 'VERSION', Value: '20.0.7.1080', Gateway: {Host: 'a'}},
  {Id: 2, Name: "O'Brien", Value: 'x', Gateway: {Host: '127.0.0.1'}},
  {Id: 3, Name: 'TZ', Value: 'y', Gateway: {Host: 'b'}},
]

describe('v20 simulator OData', () => {
  it('$filter eq on a string (with a doubled quote), a number, a nested path; and-joined', () => {
    expect(applyODataQuery(items, q("$filter=Name eq 'VERSION'")).value.map((i) => i.Id)).toEqual([1])
    expect(applyODataQuery(items, q("$filter=Name eq 'O''Brien'")).value.map((i) => i.Id)).toEqual([2])
    expect(applyODataQuery(items, q("$filter=Gateway/Host eq '127.0.0.1'"), ['Gateway']).value.map((i) => i.Id)).toEqual([2])
    expect(applyODataQuery(items, q('$filter=Id gt 1 and Id ne 3')).value.map((i) => i.Id)).toEqual([2])
  })

  it('$top, $skip and $count page the collection; $count is the filtered total', () => {
    const r = applyODataQuery(items, q('$top=1&$skip=1&$count=true'))
    expect(r.value.map((i) => i.Id)).toEqual([2])
    expect(r.count).toBe(3)
  })

  it('navigation properties appear only when expanded; $select keeps the named fields', () => {
    expect(applyODataQuery(items, q(''), ['Gateway']).value[0]).not.toHaveProperty('Gateway')
    expect(applyODataQuery(items, q('$expand=Gateway'), ['Gateway']).value[0]).toHaveProperty('Gateway')
    expect(applyODataQuery(items, q('$select=Id'), ['Gateway']).value[0]).toEqual({Id: 1})
  })

  it('refuses an unknown option, a bad $top, an unparsable filter and an unknown expansion', () => {
    expect(() => q('$frobnicate=1')).toThrow(ODataError)
    expect(() => q('$top=-1')).toThrow(ODataError)
    expect(() => q('$filter=Name like x')).toThrow(ODataError)
    expect(() => applyODataQuery(items, q('$expand=Nope'), ['Gateway'])).toThrow(ODataError)
  })
})
