/**
 * Windows zone ids from CLDR (cldr-core supplemental/windowsZones.json): every id in the file
 * maps to a zone Intl knows, the ids of the hand-written table this replaced still map to the
 * same zone (one changed with CLDR, named below), and the file is read only when an id is mapped.
 */
import {createRequire} from 'node:module'
import {describe, expect, it, vi} from 'vitest'
import {canonicalZone, compareZones, interpretZoneValue, windowsToIana, windowsZones} from '../../../../src/sources/timezone.js'

const NOW = new Date('2026-11-26T04:00:00Z')
const require = createRequire(import.meta.url)
const CLDR_FILE = require.resolve('cldr-core/supplemental/windowsZones.json')
const cldrRows = (require(CLDR_FILE) as {supplemental: {windowsZones: {mapTimezones: Array<{mapZone: {_other: string; _territory: string; _type: string}}>}}}).supplemental
  .windowsZones.mapTimezones

/** The hand-written table (CLDR windowsZones.xml, territory 001) that the CLDR file replaced. */
const OLD_TABLE: Record<string, string> = {
  'Dateline Standard Time': 'Etc/GMT+12',
  'UTC-11': 'Etc/GMT+11',
  'Hawaiian Standard Time': 'Pacific/Honolulu',
  'Alaskan Standard Time': 'America/Anchorage',
  'Pacific Standard Time (Mexico)': 'America/Tijuana',
  'Pacific Standard Time': 'America/Los_Angeles',
  'US Mountain Standard Time': 'America/Phoenix',
  'Mountain Standard Time (Mexico)': 'America/Mazatlan',
  'Mountain Standard Time': 'America/Denver',
  'Central America Standard Time': 'America/Guatemala',
  'Central Standard Time': 'America/Chicago',
  'Central Standard Time (Mexico)': 'America/Mexico_City',
  'Canada Central Standard Time': 'America/Regina',
  'SA Pacific Standard Time': 'America/Bogota',
  'Eastern Standard Time': 'America/New_York',
  'US Eastern Standard Time': 'America/Indiana/Indianapolis',
  'Cuba Standard Time': 'America/Havana',
  'Venezuela Standard Time': 'America/Caracas',
  'Paraguay Standard Time': 'America/Asuncion',
  'Atlantic Standard Time': 'America/Halifax',
  'SA Western Standard Time': 'America/La_Paz',
  'Pacific SA Standard Time': 'America/Santiago',
  'Newfoundland Standard Time': 'America/St_Johns',
  'E. South America Standard Time': 'America/Sao_Paulo',
  'Argentina Standard Time': 'America/Argentina/Buenos_Aires',
  'SA Eastern Standard Time': 'America/Cayenne',
  'Montevideo Standard Time': 'America/Montevideo',
  'UTC-02': 'Etc/GMT+2',
  'Azores Standard Time': 'Atlantic/Azores',
  'Cape Verde Standard Time': 'Atlantic/Cape_Verde',
  UTC: 'Etc/UTC',
  'GMT Standard Time': 'Europe/London',
  'Greenwich Standard Time': 'Atlantic/Reykjavik',
  'Morocco Standard Time': 'Africa/Casablanca',
  'W. Europe Standard Time': 'Europe/Berlin',
  'Central Europe Standard Time': 'Europe/Budapest',
  'Romance Standard Time': 'Europe/Paris',
  'Central European Standard Time': 'Europe/Warsaw',
  'W. Central Africa Standard Time': 'Africa/Lagos',
  'Namibia Standard Time': 'Africa/Windhoek',
  'Jordan Standard Time': 'Asia/Amman',
  'GTB Standard Time': 'Europe/Bucharest',
  'Middle East Standard Time': 'Asia/Beirut',
  'Egypt Standard Time': 'Africa/Cairo',
  'E. Europe Standard Time': 'Europe/Chisinau',
  'Syria Standard Time': 'Asia/Damascus',
  'South Africa Standard Time': 'Africa/Johannesburg',
  'FLE Standard Time': 'Europe/Kiev',
  'Israel Standard Time': 'Asia/Jerusalem',
  'Kaliningrad Standard Time': 'Europe/Kaliningrad',
  'Arabic Standard Time': 'Asia/Baghdad',
  'Turkey Standard Time': 'Europe/Istanbul',
  'Arab Standard Time': 'Asia/Riyadh',
  'Belarus Standard Time': 'Europe/Minsk',
  'Russian Standard Time': 'Europe/Moscow',
  'E. Africa Standard Time': 'Africa/Nairobi',
  'Iran Standard Time': 'Asia/Tehran',
  'Arabian Standard Time': 'Asia/Dubai',
  'Azerbaijan Standard Time': 'Asia/Baku',
  'Mauritius Standard Time': 'Indian/Mauritius',
  'Georgian Standard Time': 'Asia/Tbilisi',
  'Caucasus Standard Time': 'Asia/Yerevan',
  'Afghanistan Standard Time': 'Asia/Kabul',
  'West Asia Standard Time': 'Asia/Tashkent',
  'Ekaterinburg Standard Time': 'Asia/Yekaterinburg',
  'Pakistan Standard Time': 'Asia/Karachi',
  'India Standard Time': 'Asia/Kolkata',
  'Sri Lanka Standard Time': 'Asia/Colombo',
  'Nepal Standard Time': 'Asia/Kathmandu',
  'Central Asia Standard Time': 'Asia/Almaty',
  'Bangladesh Standard Time': 'Asia/Dhaka',
  'Myanmar Standard Time': 'Asia/Yangon',
  'SE Asia Standard Time': 'Asia/Bangkok',
  'N. Central Asia Standard Time': 'Asia/Novosibirsk',
  'North Asia Standard Time': 'Asia/Krasnoyarsk',
  'China Standard Time': 'Asia/Shanghai',
  'North Asia East Standard Time': 'Asia/Irkutsk',
  'Singapore Standard Time': 'Asia/Singapore',
  'W. Australia Standard Time': 'Australia/Perth',
  'Taipei Standard Time': 'Asia/Taipei',
  'Ulaanbaatar Standard Time': 'Asia/Ulaanbaatar',
  'Tokyo Standard Time': 'Asia/Tokyo',
  'Korea Standard Time': 'Asia/Seoul',
  'Yakutsk Standard Time': 'Asia/Yakutsk',
  'Cen. Australia Standard Time': 'Australia/Adelaide',
  'AUS Central Standard Time': 'Australia/Darwin',
  'E. Australia Standard Time': 'Australia/Brisbane',
  'AUS Eastern Standard Time': 'Australia/Sydney',
  'West Pacific Standard Time': 'Pacific/Port_Moresby',
  'Tasmania Standard Time': 'Australia/Hobart',
  'Vladivostok Standard Time': 'Asia/Vladivostok',
  'Central Pacific Standard Time': 'Pacific/Guadalcanal',
  'New Zealand Standard Time': 'Pacific/Auckland',
  'UTC+12': 'Etc/GMT-12',
  'Fiji Standard Time': 'Pacific/Fiji',
  'Tonga Standard Time': 'Pacific/Tongatapu',
  'Samoa Standard Time': 'Pacific/Apia',
  'Line Islands Standard Time': 'Pacific/Kiritimati',
}

/**
 * The old ids whose zone changed with CLDR 48: Kazakhstan moved Almaty from UTC+06:00 to
 * UTC+05:00 in March 2024, so "Central Asia Standard Time" (UTC+06:00) now stands for Bishkek.
 */
const CHANGED: Record<string, {was: string; now: string}> = {
  'Central Asia Standard Time': {was: 'Asia/Almaty', now: 'Asia/Bishkek'},
}

describe('Windows zone ids from CLDR', () => {
  it('maps every Windows id in the file to a zone Intl knows, and lists only zones Intl knows', () => {
    const ids = [...new Set(cldrRows.map((r) => r.mapZone._other))]
    expect(ids.length).toBeGreaterThan(130)
    for (const id of ids) {
      const zone = windowsToIana(id)
      expect(zone, id).toBeDefined()
      expect(canonicalZone(zone!), `${id} -> ${zone}`).toBeDefined()
      const all = windowsZones().zones.get(id.toLowerCase())!
      expect(all[0], id).toBe(zone)
      for (const listed of all) expect(canonicalZone(listed), `${id} lists ${listed}`).toBeDefined()
    }
    expect(windowsZones().cldrVersion).toMatch(/^\d+/)
  })

  it('maps ids the old table lacked, such as Yukon Standard Time', () => {
    expect(OLD_TABLE['Yukon Standard Time']).toBeUndefined()
    expect(windowsToIana('Yukon Standard Time')).toBe('America/Whitehorse')
    expect(windowsToIana('yukon standard time ')).toBe('America/Whitehorse')
    expect(interpretZoneValue('Yukon Standard Time')).toEqual({zone: 'America/Whitehorse', from: 'windows'})
    expect(windowsToIana('Russia Time Zone 11')).toBe('Asia/Kamchatka')
    expect(windowsToIana('Unknown Standard Time')).toBeUndefined()
  })

  it('maps the old table\'s ids to the same zone (an alias counts as the same), except the one CLDR changed', () => {
    expect(Object.keys(OLD_TABLE)).toHaveLength(98)
    for (const [id, was] of Object.entries(OLD_TABLE)) {
      const zone = windowsToIana(id)
      expect(zone, id).toBeDefined()
      if (CHANGED[id]) {
        expect({was, now: zone}).toEqual(CHANGED[id])
        continue
      }
      expect(canonicalZone(zone!), `${id}: was ${was}, now ${zone}`).toBe(canonicalZone(was))
    }
  })

  it('gives, for one Windows id, several IANA ids that compare as one zone by their offsets', () => {
    const western = windowsZones().zones.get('w. europe standard time')!
    expect(western[0]).toBe('Europe/Berlin')
    expect(western).toEqual(expect.arrayContaining(['Europe/Amsterdam', 'Europe/Rome', 'Europe/Vienna']))
    for (const zone of western.slice(1, 10)) expect(compareZones('Europe/Berlin', zone, NOW).sameNow, zone).toBe(true)
  })

  it('reads the file only when a Windows id is mapped', async () => {
    delete require.cache[CLDR_FILE]
    vi.resetModules()
    const fresh = await import('../../../../src/sources/timezone.js')
    expect(fresh.canonicalZone('Europe/Berlin')).toBe('Europe/Berlin')
    expect(fresh.interpretZoneValue('Europe/Berlin')?.from).toBe('iana')
    expect(require.cache[CLDR_FILE]).toBeUndefined()
    expect(fresh.windowsToIana('W. Europe Standard Time')).toBe('Europe/Berlin')
    expect(require.cache[CLDR_FILE]).toBeDefined()
  })
})
