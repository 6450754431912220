/**
 * The console source's parsers on bodies shaped exactly like real 3CX v15.5
 * answers (test/fixtures/pbx-sources/console-api-v15.5), .NET times, and the
 * loopback test that decides TLS verification.
 */
import {readFileSync} from 'node:fs'
import {join, resolve} from 'node:path'
import {describe, expect, it} from 'vitest'
import {
  availableLocalIps,
  isLoopbackHost,
  parseActiveCalls,
  parseConsoleTime,
  parseServiceList,
  parseSystemStatus,
  parseTrunkList,
  publicIpOf,
} from '../../../../src/sources/console/index.js'

const EXAMPLES = resolve(import.meta.dirname, '..', '..', '..', 'fixtures', 'pbx-sources', 'console-api-v15.5')
const example = (name: string): unknown => JSON.parse(readFileSync(join(EXAMPLES, name), 'utf8'))

describe('v15.5 bodies (field names and value formats as real servers send them)', () => {
  it('parses TrunkList: numbers as strings, times with seven fractional digits and Z, "" for never', () => {
    const trunks = parseTrunkList(example('TrunkList.json'), 'x')
    expect(trunks).toHaveLength(2)
    expect(trunks[1]).toMatchObject({Id: '13', Number: '10001', Name: 'Loopback', Host: '10.20.30.40', SimCalls: '4', IsRegistered: false, RegisterFailedTime: ''})
    expect(parseConsoleTime(trunks[1]!.RegisterOkTime)?.toISOString()).toBe('2026-11-26T02:55:40.000Z')
    expect(parseConsoleTime(trunks[1]!.RegisterFailedTime)).toBeUndefined()
  })

  it('parses SystemStatus ("Ip" with its "Static" suffix, AvailableLocalIps as a string)', () => {
    const status = parseSystemStatus(example('SystemStatus.json'), 'x')
    expect(status.Version).toBe('15.5.10244.4')
    expect(publicIpOf(status)).toBe('203.0.113.10')
    expect(availableLocalIps(status)).toEqual(['10.20.30.40'])
    expect(availableLocalIps({AvailableLocalIps: '10.0.0.1, 10.0.0.2;10.0.0.3 10.0.0.4'})).toEqual(['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4'])
    expect(status.LocalIpValid).toBe(true)
  })

  it('parses ActiveCalls.Now with its offset, and ServiceList states', () => {
    const calls = parseActiveCalls(example('ActiveCalls.json'), 'x')
    expect(parseConsoleTime(calls.Now)?.toISOString()).toBe('2026-11-26T03:02:47.407Z')
    expect(parseServiceList(example('ServiceList.json'), 'x').map((s) => [s.Name, s.Status])).toEqual([
      ['3CXPhoneSystem01', 4],
      ['3CXIVR01', 4],
      ['nginx', 4],
      ['postgresql', 4],
    ])
  })

  it('reads .NET times in every form and rejects garbage', () => {
    expect(parseConsoleTime('2019-01-20T04:02:35.0000000Z')?.toISOString()).toBe('2019-01-20T04:02:35.000Z')
    expect(parseConsoleTime('2020-12-23T16:16:47.4072367+00:00')?.toISOString()).toBe('2020-12-23T16:16:47.407Z')
    expect(parseConsoleTime('2020-12-23T16:16:47-0130')?.toISOString()).toBe('2020-12-23T17:46:47.000Z')
    for (const bad of ['', '   ', 'never', '0001-13-45T00:00:00Z', null, 5]) expect(parseConsoleTime(bad)).toBeUndefined()
  })
})

describe('loopback', () => {
  it('knows loopback names and addresses', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', '[::1]', '::1', '[::ffff:7f00:1]', '::ffff:127.0.0.1']) expect(isLoopbackHost(h)).toBe(true)
    for (const h of ['10.0.0.1', 'pbx.example.com', '128.0.0.1', '::ffff:a00:1', '127.example.com']) expect(isLoopbackHost(h)).toBe(false)
  })
})
