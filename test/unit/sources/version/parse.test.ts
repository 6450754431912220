import {describe, expect, it} from 'vitest'
import {combineReadings, parseTcxVersion, sameRelease, type VersionReading} from '../../../../src/sources/version/index.js'

describe('parseTcxVersion', () => {
  it.each([
    ['15.5.10244.4', 15, 5, '10244.4', [15, 5, 10244, 4]],
    ['16.0.7.1078', 16, 0, '7.1078', [16, 0, 7, 1078]],
    ['18.0.2.307', 18, 0, '2.307', [18, 0, 2, 307]],
    ['20.0.7.1080', 20, 0, '7.1080', [20, 0, 7, 1080]],
    [' 20.0.7.1080\n', 20, 0, '7.1080', [20, 0, 7, 1080]],
    ['1:20.0.7.1080-1', 20, 0, '7.1080', [20, 0, 7, 1080]],
    ['18.0.2.307+deb11', 18, 0, '2.307', [18, 0, 2, 307]],
    ['16.0', 16, 0, '', [16, 0]],
  ])('%j', (text, major, minor, build, parts) => {
    const v = parseTcxVersion(text)
    expect(v).toMatchObject({major, minor, build, parts, known: true, text: text.trim()})
  })

  it('parses an unknown major but says it is not known', () => {
    expect(parseTcxVersion('21.1.2.3')).toMatchObject({major: 21, known: false})
  })

  it.each(['', '  ', 'abc', '20', '20.x.1', '20.0.7.1080 extra', '1'.repeat(200), 'v20.0.7'])('refuses %j', (text) => {
    expect(parseTcxVersion(text)).toBeUndefined()
  })

  it('tells the same release from another, a shorter version agreeing with its longer form', () => {
    const v = (t: string) => parseTcxVersion(t)!
    expect(sameRelease(v('20.0.7.1080'), v('20.0.7.1080'))).toBe(true)
    expect(sameRelease(v('20.0.7'), v('20.0.7.1080'))).toBe(true)
    expect(sameRelease(v('20.0.7.1080'), v('20.0.8.1109'))).toBe(false)
    expect(sameRelease(v('18.0.2.307'), v('20.0.2.307'))).toBe(false)
  })
})

const good = (origin: VersionReading['origin'], raw: string): VersionReading => ({origin, from: `${origin} place`, ok: true, raw, version: parseTcxVersion(raw)!})
const bad = (origin: VersionReading['origin'], reason: string): VersionReading => ({origin, from: `${origin} place`, ok: false, reason})

describe('combineReadings', () => {
  it('takes the first reading in order and keeps every origin', () => {
    const facts = combineReadings([bad('console', 'no console URL'), good('db', '20.0.7.1080'), good('dpkg', '20.0.7.1080'), bad('pe', 'not asked')])
    expect(facts).toMatchObject({origin: 'db', from: 'db place', version: {text: '20.0.7.1080', major: 20}})
    expect(facts.readings.map((r) => r.origin)).toEqual(['console', 'db', 'dpkg', 'pe'])
    expect(facts.disagreement).toBeUndefined()
  })

  it('says so when the readings name different releases', () => {
    const facts = combineReadings([good('console', '18.0.2.307'), good('db', '18.0.2.307'), good('dpkg', '20.0.7.1080')])
    expect(facts.origin).toBe('console')
    expect(facts.disagreement).toBe('console place says 18.0.2.307, but dpkg place says 20.0.7.1080')
  })

  it('is unavailable, naming every origin and why, when none gave a version', () => {
    expect(() => combineReadings([bad('console', 'login refused'), bad('db', 'connection refused'), bad('dpkg', 'not asked: the install is a windows one'), bad('pe', 'none found')])).toThrow(
      /^no 3CX version found: console: login refused; db: connection refused; dpkg: not asked: the install is a windows one; pe: none found$/,
    )
  })
})
