import {describe, expect, it} from 'vitest'
import {REDACTED, SecretRegistry, registerSecretsIn, urlPassword, withoutUrlPassword} from '../../../src/engine/secrets.js'

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

describe('secrets in every spelling', () => {
  const secret = 'p@ss wörd/"x"&9'
  const registry = (): SecretRegistry => {
    const s = new SecretRegistry()
    s.add(secret)
    return s
  }

  it.each([
    ['raw', secret],
    ['encodeURIComponent (upper-case hex)', encodeURIComponent(secret)],
    ['lower-case hex', encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase())],
    ['form encoding (+ for space)', new URLSearchParams({v: secret}).toString().slice(2)],
    ['partly encoded, as a user types it', 'p%40ss w%C3%B6rd/"x"&9'],
    ['JSON-escaped', JSON.stringify(secret).slice(1, -1)],
    ['JSON with \\u escapes', 'p\\u0040ss w\\u00f6rd/\\"x\\"&9'],
  ])('redacts the %s form', (_name, spelled) => {
    expect(registry().redact(`postgres://u:${spelled}@db.example:5480/x`)).toBe(`postgres://u:${REDACTED}@db.example:5480/x`)
  })

  it('masks a leading part of 6 or more characters that stands alone (a value cut short)', () => {
    const s = new SecretRegistry()
    s.add('Xy7!pQ9rT2zz')
    expect(s.redact('server said: bad password "Xy7!pQ"')).toBe(`server said: bad password "${REDACTED}"`)
    expect(s.redact('[Conf] confPass=Xy7!pQ9r')).toBe(`[Conf] confPass=${REDACTED}`)
    expect(s.redact('echo: Xy7%21pQ9rT…')).toBe(`echo: ${REDACTED}…`)
    // 5 characters are not a leak; the whole secret anywhere is.
    expect(s.redact('Xy7!p is short')).toBe('Xy7!p is short')
    expect(s.redact('aXy7!pQ9rT2zzb')).toBe(`a${REDACTED}b`)
  })

  it('leaves ordinary words that merely start like a secret alone', () => {
    const s = new SecretRegistry()
    s.add('correcthorse')
    s.add('password123')
    expect(s.redact('corrections were made; the password authentication failed')).toBe('corrections were made; the password authentication failed')
    expect(s.redact('the correction of password12 failed')).toBe(`the correction of ${REDACTED} failed`)
  })

  it('finds the cut-short part of any of several secrets that start alike', () => {
    const s = new SecretRegistry()
    for (const i of [0, 1, 2]) s.add(`Secret-${i}-Xy7!pQ9rT2`)
    expect(s.redact('a Secret-2-Xy7 b Secret-0-X c Secret d')).toBe(`a ${REDACTED} b ${REDACTED} c Secret d`)
  })
})

describe('secrets of settings', () => {
  it('registers the password of a URL as typed and decoded, also one a URL parser refuses', () => {
    for (const [url, typed] of [
      ['postgres://u:s3cr%2Ft%40x@h:5480/db', 's3cr/t@x'],
      ['postgres://u:s3cr/t@x@h:5480/db', 's3cr/t@x'],
      ['smtp://u:with+plus%zz@mail:587', 'with+plus%zz'],
      ['https://admin:Pa%73s%20wd9@pbx:5001/', 'Pass wd9'],
    ] as const) {
      const s = new SecretRegistry()
      registerSecretsIn(s, {db: {url}})
      expect(s.redact(`x ${typed} y`), url).toBe(`x ${REDACTED} y`)
      expect(s.redact(url), url).not.toContain(typed)
    }
  })

  it('hides the password of a URL in a message shown before secrets are known', () => {
    expect(withoutUrlPassword('https://admin:hunter22@pbx')).toBe(`https://admin:${REDACTED}@pbx`)
    expect(withoutUrlPassword('https://pbx/x')).toBe('https://pbx/x')
    expect(urlPassword('postgres://u@h/db')).toBeUndefined()
  })
})
