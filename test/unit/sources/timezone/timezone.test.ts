import {describe, expect, it} from 'vitest'
import {judgeZones} from '../../../../checks/time/timezone-mismatch.js'
import {
  canonicalZone,
  compareZones,
  detectMachineZone,
  formatUtcOffset,
  interpretZoneValue,
  offsetMinutes,
  windowsToIana,
  type ZoneProbes,
} from '../../../../src/sources/timezone.js'

// A fixed "now" (the tests' reference day, in winter in the northern hemisphere).
const NOW = new Date('2026-11-26T04:00:00Z')
const SUMMER = new Date('2027-07-01T12:00:00Z')

describe('zone offsets', () => {
  it('reads UTC offsets in minutes east, winter and summer', () => {
    expect(offsetMinutes('Europe/Berlin', NOW)).toBe(60)
    expect(offsetMinutes('Europe/Berlin', SUMMER)).toBe(120)
    expect(offsetMinutes('Europe/London', NOW)).toBe(0)
    expect(offsetMinutes('America/New_York', NOW)).toBe(-300)
    expect(offsetMinutes('Asia/Kolkata', NOW)).toBe(330)
    expect(offsetMinutes('Asia/Kathmandu', NOW)).toBe(345)
    expect(offsetMinutes('Australia/Sydney', NOW)).toBe(660)
    expect(offsetMinutes('UTC', NOW)).toBe(0)
  })

  it('formats offsets as +HH:MM', () => {
    expect(formatUtcOffset(60)).toBe('+01:00')
    expect(formatUtcOffset(-300)).toBe('-05:00')
    expect(formatUtcOffset(345)).toBe('+05:45')
    expect(formatUtcOffset(0)).toBe('+00:00')
  })

  it('knows IANA names and refuses others', () => {
    expect(canonicalZone('Europe/Berlin')).toBe('Europe/Berlin')
    expect(canonicalZone(':Europe/Berlin')).toBe('Europe/Berlin')
    expect(canonicalZone('Mars/Olympus_Mons')).toBeUndefined()
    expect(canonicalZone('(UTC+01:00) Amsterdam, Berlin')).toBeUndefined()
    expect(canonicalZone('')).toBeUndefined()
  })
})

describe('comparing zones over the next year', () => {
  it('finds a different offset now (Berlin vs London)', () => {
    const cmp = compareZones('Europe/Berlin', 'Europe/London', NOW)
    expect(cmp).toMatchObject({sameNow: false, offsetANow: 60, offsetBNow: 0})
  })

  it('finds zones that agree now but not in summer (Berlin vs Lagos: no DST in Lagos)', () => {
    const cmp = compareZones('Europe/Berlin', 'Africa/Lagos', NOW)
    expect(cmp.sameNow).toBe(true)
    expect(cmp.differences).toHaveLength(1)
    const [d] = cmp.differences
    // EU summer time 2027 runs from Sunday 28 March 01:00 UTC to 31 October 01:00 UTC; samples every 6 h from 04:00 UTC.
    expect(d!.from).toBe('2027-03-28T04:00:00.000Z')
    expect(d!.until).toBe('2027-10-30T22:00:00.000Z')
    expect(d).toMatchObject({offsetA: 120, offsetB: 60})
  })

  it('finds the weeks where the US and the EU switch on different dates (London vs Reykjavik, New York vs London)', () => {
    expect(compareZones('Europe/London', 'Atlantic/Reykjavik', NOW).differences[0]?.from.slice(0, 10)).toBe('2027-03-28')
    const ny = compareZones('America/New_York', 'America/Toronto', NOW)
    expect(ny.sameNow).toBe(true)
    expect(ny.differences).toEqual([])
  })

  it('sees no difference between two names for the same rules (Berlin vs Paris)', () => {
    const cmp = compareZones('Europe/Berlin', 'Europe/Paris', NOW)
    expect(cmp.sameNow).toBe(true)
    expect(cmp.differences).toEqual([])
  })
})

describe('judging the machine zone against 3CX', () => {
  const machine = (zone: string) => ({zone, from: 'test'})
  it('fails on a different offset now, explaining drift and IVRs', () => {
    const o = judgeZones(machine('Europe/Berlin'), {zone: 'Europe/London', from: '--tcx-timezone'}, NOW)
    expect(o.status).toBe('fail')
    expect(o.summary).toBe('Time zone mismatch: the machine is at UTC+01:00 (Europe/Berlin), 3CX at UTC+00:00 (Europe/London).')
    expect(o.details!.join(' ')).toMatch(/IVRs\) never time out/)
    expect(o.evidence).toMatchObject({machineOffset: '+01:00', tcxOffset: '+00:00'})
  })

  it('warns when the zones agree now but not from a later date', () => {
    const o = judgeZones(machine('Europe/Berlin'), {zone: 'Africa/Lagos', from: '--tcx-timezone'}, NOW)
    expect(o.status).toBe('warn')
    expect(o.summary).toBe('Europe/Berlin and Africa/Lagos agree now (UTC+01:00) but not from 2027-03-28: then the machine is at UTC+02:00 and 3CX at UTC+01:00.')
  })

  it('fails for the same pair in summer', () => {
    expect(judgeZones(machine('Europe/Berlin'), {zone: 'Africa/Lagos', from: 'x'}, SUMMER).status).toBe('fail')
  })

  it('passes on the same zone and on same-rule zones with another name', () => {
    expect(judgeZones(machine('Europe/Berlin'), {zone: 'Europe/Berlin', from: 'x'}, NOW)).toMatchObject({
      status: 'pass',
      summary: 'This machine and 3CX are both in Europe/Berlin (UTC+01:00 now).',
    })
    const paris = judgeZones(machine('Europe/Berlin'), {zone: 'Europe/Paris', from: 'x'}, NOW)
    expect(paris.status).toBe('pass')
    expect(paris.details!.join(' ')).toMatch(/names differ/)
  })
})

describe('Windows zone names and 3CX zone values', () => {
  it('maps the common Windows zone ids to IANA names Intl knows', () => {
    expect(windowsToIana('W. Europe Standard Time')).toBe('Europe/Berlin')
    expect(windowsToIana('gmt standard time')).toBe('Europe/London')
    expect(windowsToIana('Eastern Standard Time')).toBe('America/New_York')
    expect(windowsToIana('Unknown Standard Time')).toBeUndefined()
  })

  it('reads an IANA name or a Windows id, and guesses nothing else', () => {
    expect(interpretZoneValue('Europe/Berlin')).toEqual({zone: 'Europe/Berlin', from: 'iana'})
    expect(interpretZoneValue('W. Europe Standard Time')).toEqual({zone: 'Europe/Berlin', from: 'windows'})
    expect(interpretZoneValue('UTC')).toEqual({zone: 'Etc/UTC', from: 'windows'})
    expect(interpretZoneValue('(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna')).toBeUndefined()
    expect(interpretZoneValue('+01:00')).toBeUndefined()
    expect(interpretZoneValue('60')).toBeUndefined()
    expect(interpretZoneValue('CET')).toBeUndefined()
  })
})

describe('finding the machine zone', () => {
  const probes = (over: Partial<ZoneProbes>): ZoneProbes => ({
    env: {},
    platform: 'linux',
    intlZone: () => undefined,
    readFile: () => undefined,
    readLink: () => undefined,
    run: async () => undefined,
    ...over,
  })

  it('takes TZ first, and lists places that disagree', async () => {
    const z = await detectMachineZone(NOW, probes({env: {TZ: 'Europe/Berlin'}, intlZone: () => 'Europe/Berlin', readFile: () => 'Europe/London\n'}))
    expect(z).toMatchObject({zone: 'Europe/Berlin', from: 'TZ environment variable', offsetMinutes: 60})
    expect(z.disagreeing).toEqual([{from: '/etc/timezone', value: 'Europe/London'}])
  })

  it('falls back to /etc/localtime and then timedatectl', async () => {
    expect((await detectMachineZone(NOW, probes({readLink: () => '/usr/share/zoneinfo/America/Chicago'}))).zone).toBe('America/Chicago')
    const viaTimedatectl = await detectMachineZone(NOW, probes({run: async (cmd) => (cmd === 'timedatectl' ? 'Asia/Tokyo' : undefined)}))
    expect(viaTimedatectl).toMatchObject({zone: 'Asia/Tokyo', from: 'timedatectl'})
  })

  it('maps the Windows zone from tzutil when Intl gives nothing', async () => {
    const z = await detectMachineZone(NOW, probes({platform: 'win32', run: async (cmd) => (cmd === 'tzutil' ? 'W. Europe Standard Time' : undefined)}))
    expect(z).toMatchObject({zone: 'Europe/Berlin', from: 'tzutil /g', windowsName: 'W. Europe Standard Time'})
  })

  it('says what it tried when no place names a usable zone', async () => {
    await expect(detectMachineZone(NOW, probes({env: {TZ: 'CET-1CEST'}}))).rejects.toThrow(/TZ environment variable gave "CET-1CEST" \(not an IANA zone name\)/)
  })
})
