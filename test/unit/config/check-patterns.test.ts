import {describe, expect, it} from 'vitest'
import {suggestCheckPatterns, withSuggestion} from '../../../src/config/check-patterns.js'

const ids = ['time.clock-drift', 'time.pbx-clock-skew', 'install.ini-complete', 'install.services', 'trunk.loopback-registration']

describe('suggestions for a mistyped check pattern', () => {
  it('names the id or category a typo away', () => {
    expect(suggestCheckPatterns('time.clok-drift', ids)).toEqual(['time.clock-drift'])
    expect(suggestCheckPatterns('time.clock-drif', ids)).toEqual(['time.clock-drift'])
    expect(suggestCheckPatterns('trunks', ids)).toEqual(['trunk'])
    expect(suggestCheckPatterns('instal.*', ids)).toEqual(['install'])
  })

  it('else the ids containing the word, else the ids of the category it names', () => {
    expect(suggestCheckPatterns('clock', ids)).toEqual(['time.clock-drift', 'time.pbx-clock-skew'])
    expect(suggestCheckPatterns('install.nope', ids)).toEqual(['install.ini-complete', 'install.services'])
  })

  it('says nothing when nothing is near', () => {
    expect(suggestCheckPatterns('nothing.like-this', ids)).toEqual([])
    expect(withSuggestion('nothing.like-this', ids)).toBe('nothing.like-this')
    expect(withSuggestion('time.clok-drift', ids)).toBe('time.clok-drift (did you mean time.clock-drift?)')
  })
})
