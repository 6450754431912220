/**
 * The v20 bodies as the console source reads them (parse-v20.ts, facts.ts), on the
 * recorded-shape fixtures and on hostile variants: the OData wrapper, numbers vs
 * strings, Status strings normalised, no register times, ServerNow, the cap.
 */
import {describe, expect, it} from 'vitest'
import {isSourceUnavailable} from '../../../../src/engine/errors.js'
import {serviceFact, serviceStateOf, v15PbxTime, v15TrunkFact} from '../../../../src/sources/console/facts.js'
import {normalizeTrunk} from '../../../../src/sources/console/parse.js'
import {
  MAX_COLLECTION_ITEMS,
  parameterValue,
  parseODataCollection,
  parseV20SystemStatus,
  v20PbxTime,
  v20ServiceAsV15,
  v20ServiceFact,
  v20TrunkAsV15,
  v20TrunkFact,
} from '../../../../src/sources/console/parse-v20.js'
import {v20Fixture, v20FixtureConsole} from './v20-fixture-console.js'

const oneLine = (f: () => unknown): string => {
  try {
    f()
  } catch (error) {
    if (isSourceUnavailable(error)) return error.message
    throw error
  }
  throw new Error('did not fail')
}

describe('OData collections', () => {
  it('reads value, drops non-objects, and caps at MAX_COLLECTION_ITEMS', () => {
    expect(parseODataCollection(v20Fixture('Trunks.json'), 'T').items).toHaveLength(2)
    expect(parseODataCollection({value: [1, null, {a: 1}]}, 'T')).toEqual({items: [{a: 1}], capped: false})
    const big = parseODataCollection({value: Array.from({length: MAX_COLLECTION_ITEMS + 1}, (_, i) => ({i}))}, 'T')
    expect(big.items).toHaveLength(MAX_COLLECTION_ITEMS)
    expect(big.capped).toBe(true)
  })

  it('a body that is not a collection is one line', () => {
    expect(oneLine(() => parseODataCollection({list: []}, 'https://pbx/xapi/v1/Trunks'))).toBe(
      'https://pbx/xapi/v1/Trunks did not hold an OData collection ({"value": [...]}); is this a 3CX v20 console?',
    )
    expect(oneLine(() => parseV20SystemStatus({value: []}, 'S'))).toMatch(/did not hold a JSON object/)
  })

  it('SystemStatus drops the OData annotations and keeps every other field', () => {
    const s = parseV20SystemStatus(v20Fixture('SystemStatus.json'), 'S')
    expect(s).not.toHaveProperty('@odata.context')
    expect(s).toMatchObject({Version: '20.0.7.1080', OS: 'Linux', RecordingQuotaReached: false})
  })
})

describe('trunks', () => {
  it('v20: host and port from Gateway, registered from IsOnline, register times null; the v15 shape alike', () => {
    const [carrier, loopback] = parseODataCollection(v20Fixture('Trunks.json'), 'T').items
    expect(v20TrunkFact(loopback!)).toEqual({
      id: '13',
      number: '10001',
      name: 'Loopback',
      host: '127.0.0.1',
      port: 5060,
      registered: true,
      registeredFrom: 'IsOnline',
      registerOkTime: null,
      registerSentTime: null,
      registerFailedTime: null,
      registerTimesKnown: false,
    })
    expect(v20TrunkAsV15(carrier!)).toMatchObject({Id: '12', Number: '10000', Name: 'Carrier', Host: 'sip.carrier.example', SimCalls: '8', IsRegistered: true, RegisterOkTime: null})
  })

  it('v20 without an expanded Gateway or with hostile types: strings, no crash, named by its number', () => {
    expect(v20TrunkFact({Id: 7, Number: 10007, IsOnline: 'true', Gateway: 'x'})).toMatchObject({id: '7', number: '10007', name: '10007', host: '', port: null, registered: false})
  })

  it('v15: "" and 0001-01-01 times are never (null), a host:port Host is split', () => {
    const t = normalizeTrunk({Id: 1, Number: '1', Name: 'L', Host: '127.0.0.1:5065', IsRegistered: true, RegisterOkTime: '2026-12-01T10:00:00.0000000Z', RegisterFailedTime: '', RegisterSentTime: '0001-01-01T00:00:00'})
    expect(v15TrunkFact(t)).toMatchObject({host: '127.0.0.1', port: 5065, registeredFrom: 'IsRegistered', registerOkTime: '2026-12-01T10:00:00.0000000Z', registerFailedTime: null, registerSentTime: null, registerTimesKnown: true})
  })
})

describe('services', () => {
  it('the v20 strings and the v15 numbers give one state', () => {
    expect(['Running', 'Stopped', 'StartPending', 'StopPending', 'Paused', 'ContinuePending', 'PausePending', 'Frobnicated'].map(serviceStateOf)).toEqual([
      'running',
      'stopped',
      'start-pending',
      'stop-pending',
      'paused',
      'other',
      'other',
      'other',
    ])
    expect([4, 1, 2, 3, 7, 5, 99, '4', null].map(serviceStateOf)).toEqual(['running', 'stopped', 'start-pending', 'stop-pending', 'paused', 'other', 'other', 'running', 'other'])
  })

  it('v20 services: memory kept, the v15 shape carries the number and the string', () => {
    const [first] = parseODataCollection(v20Fixture('Services.json'), 'S').items
    expect(v20ServiceFact(first!)).toEqual({name: '3CXPhoneSystem01', displayName: '3CX PhoneSystem 01 SIP Server', state: 'running', status: 'Running', memoryBytes: 52428800})
    expect(v20ServiceAsV15({...first!, Status: 'StopPending'})).toMatchObject({Status: 3, StatusText: 'StopPending'})
    expect(v20ServiceAsV15({...first!, Status: 'Weird'})).toMatchObject({Status: 0, StatusText: 'Weird'})
    expect(serviceFact(v20ServiceAsV15({...first!, Status: 'Paused'}))).toMatchObject({state: 'paused', status: 'Paused'})
  })
})

describe('the PBX time and parameters', () => {
  it('ServerNow of the first call that has a time; none on an idle PBX, with the reason', () => {
    expect(v20PbxTime(parseODataCollection(v20Fixture('ActiveCalls.json'), 'A').items)).toEqual({now: '2026-12-01T10:15:42.1230000+00:00', from: 'ServerNow of an active call'})
    expect(v20PbxTime(parseODataCollection(v20Fixture('ActiveCalls-idle.json'), 'A').items).now).toBeNull()
    expect(v20PbxTime([{ServerNow: 'soon'}]).reason).toBe('none of the 1 active call(s) carries a ServerNow that is a date and time')
    expect(v15PbxTime({Now: '', list: []})).toEqual({now: null, from: 'ActiveCalls Now', reason: 'the console sent no Now in ActiveCalls'})
  })

  it('a parameter by name; null when absent or without a value', () => {
    const c = parseODataCollection(v20Fixture('Parameters-VERSION.json'), 'P')
    expect(parameterValue(c, 'VERSION')).toBe('20.0.7.1080')
    expect(parameterValue(c, 'OTHER')).toBeNull()
    expect(parameterValue({items: [{Name: 'X', Value: null}], capped: false}, 'X')).toBeNull()
  })
})

describe('the fixture console for the check tester', () => {
  it('gives the facts the real v20 session gives', async () => {
    const api = v20FixtureConsole()
    expect((await api.trunkList()).map((t) => t.Host)).toEqual(['sip.carrier.example', '127.0.0.1'])
    expect((await api.activeCalls()).Now).toBe('2026-12-01T10:15:42.1230000+00:00')
    expect(await api.parameter!('VERSION')).toBe('20.0.7.1080')
    const idle = v20FixtureConsole({activeCalls: []})
    await expect(idle.activeCalls()).rejects.toThrow(/no call in progress/)
  })
})
