import {describe, expect, it} from 'vitest'
import {REDACTED, SecretRegistry} from '../../../src/engine/secrets.js'

describe('secret redaction', () => {
  it('redacts every occurrence, longest first, in text and in URL or JSON form', () => {
    const s = new SecretRegistry()
    s.add('p@ss word/"x"')
    s.add('abc')
    expect(s.redact('a p@ss word/"x" b abcd')).toBe(`a ${REDACTED} b ${REDACTED}d`)
    expect(s.redact(`postgres://u:${encodeURIComponent('p@ss word/"x"')}@h`)).toBe(`postgres://u:${REDACTED}@h`)
    expect(s.redact(JSON.stringify({v: 'p@ss word/"x"'}))).toBe(`{"v":"${REDACTED}"}`)
  })

  it('ignores values too short to redact safely', () => {
    const s = new SecretRegistry()
    s.add('ab')
    s.add(undefined)
    expect(s.size).toBe(0)
    expect(s.redact('ab')).toBe('ab')
  })

  it('redacts deep and masks values under secret-looking keys', () => {
    const s = new SecretRegistry()
    s.add('hunter22')
    const out = s.redactDeep({a: ['x hunter22'], nested: {dbPassword: 'other', confPass: '', count: 3, hunter22: 1}})
    expect(out).toEqual({a: [`x ${REDACTED}`], nested: {dbPassword: REDACTED, confPass: '', count: 3, [REDACTED]: 1}})
  })
})
