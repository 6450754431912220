import {describe, expect, it} from 'vitest'
import {validateConfig} from '../../../src/config/config-file.js'
import {mergeSettings} from '../../../src/config/resolve-settings.js'
import {DEFAULT_NTP_SERVER} from '../../../src/config/settings.js'

describe('time settings', () => {
  it('asks the public pool only when nothing else is given', () => {
    expect(mergeSettings({}, {}, '/').ntpServers).toEqual([DEFAULT_NTP_SERVER])
  })

  it('takes --ntp-server (repeatable, also comma-separated) over the config, and none disables', () => {
    expect(mergeSettings({'ntp-server': ['127.0.0.1:11123', '127.0.0.2,127.0.0.3:9']}, {ntpServers: ['cfg.example']}, '/').ntpServers).toEqual([
      '127.0.0.1:11123',
      '127.0.0.2',
      '127.0.0.3:9',
    ])
    expect(mergeSettings({}, {ntpServers: ['cfg.example']}, '/').ntpServers).toEqual(['cfg.example'])
    expect(mergeSettings({'ntp-server': ['none']}, {ntpServers: ['cfg.example']}, '/').ntpServers).toEqual([])
    expect(mergeSettings({}, {ntpServers: ['NONE']}, '/').ntpServers).toEqual([])
  })

  it('takes --tcx-timezone over the config, maps Windows zone ids, and refuses other names', () => {
    expect(mergeSettings({'tcx-timezone': 'Europe/Berlin'}, {tcxTimezone: 'Europe/London'}, '/').tcxTimezone).toBe('Europe/Berlin')
    expect(mergeSettings({}, {tcxTimezone: 'Europe/London'}, '/').tcxTimezone).toBe('Europe/London')
    expect(mergeSettings({}, {tcxTimezone: 'W. Europe Standard Time'}, '/').tcxTimezone).toBe('Europe/Berlin')
    expect(() => mergeSettings({}, {tcxTimezone: 'Mars Standard Time'}, '/')).toThrow(
      '--tcx-timezone "Mars Standard Time" is neither an IANA time zone name (e.g. Europe/Berlin) nor a known Windows zone id (e.g. W. Europe Standard Time)',
    )
  })

  it('validates the config keys', async () => {
    expect(await validateConfig({ntpServers: ['127.0.0.1:123'], tcxTimezone: 'Europe/Berlin'})).toBeUndefined()
    expect(await validateConfig({ntpServers: '127.0.0.1'})).toMatch(/ntpServers must be array/)
    expect(await validateConfig({tcxTimezone: ''})).toMatch(/tcxTimezone/)
  })
})
