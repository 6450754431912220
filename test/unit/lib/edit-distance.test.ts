import {describe, expect, it} from 'vitest'
import {editDistance, nearestWords, typoBudget} from '../../../src/lib/edit-distance.js'

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['run', 'run', 0],
    ['', 'run', 3],
    ['runn', 'run', 1],
    ['rnu', 'run', 1],
    ['ca', 'abc', 3],
    ['kitten', 'sitting', 3],
    ['time.clok-drift', 'time.clock-drift', 1],
  ])('%j → %j is %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d)
    expect(editDistance(b, a)).toBe(d)
  })
})

describe('nearestWords', () => {
  const commands = ['run', 'info', 'list', 'explain', 'help', 'autocomplete']

  it('suggests the commands within the typo budget, nearest first', () => {
    expect(nearestWords('rn', commands)).toEqual(['run'])
    expect(nearestWords('lst', commands)).toEqual(['list'])
    expect(nearestWords('explian', commands)).toEqual(['explain'])
    expect(nearestWords('INFO2', commands)).toEqual(['info'])
  })

  it('suggests nothing for a word far from every candidate, nor the word itself', () => {
    expect(nearestWords('deploy', commands)).toEqual([])
    expect(nearestWords('run', commands)).toEqual([])
  })

  it('keeps the budget small for short words and bounded for long ones', () => {
    expect(typoBudget('rn')).toBe(1)
    expect(typoBudget('explain')).toBe(2)
    expect(typoBudget('a-very-long-check-identifier')).toBe(4)
  })

  it('stops at the limit and keeps the candidates order for ties', () => {
    expect(nearestWords('ab', ['ac', 'ad', 'ae', 'af'], 2)).toEqual(['ac', 'ad'])
  })
})
