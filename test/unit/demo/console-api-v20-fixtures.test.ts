/**
 * The recorded-shape v20 fixtures carry the types VERSIONS.md documents: the OData
 * wrapper, numeric Ids, Status strings, IsOnline without register times, ServerNow on calls.
 */
import {readFileSync, readdirSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {V20_SERVICE_STATES} from '../../../src/demo/console-simulator-v20.js'

const DIR = join(import.meta.dirname, '..', '..', 'fixtures', 'pbx-sources', 'console-api-v20')
const load = (name: string): Record<string, unknown> => JSON.parse(readFileSync(join(DIR, name), 'utf8')) as Record<string, unknown>
const values = (name: string): Array<Record<string, unknown>> => {
  const body = load(name)
  expect(typeof body['@odata.context']).toBe('string')
  expect(body['@odata.context']).toMatch(/\/xapi\/v1\/\$metadata#/)
  expect(Array.isArray(body.value)).toBe(true)
  return body.value as Array<Record<string, unknown>>
}
const DOTNET_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}(Z|[+-]\d{2}:\d{2})$/

describe('v20 fixtures', () => {
  it('every fixture is JSON and the README names each one', () => {
    const readme = readFileSync(join(DIR, 'README.md'), 'utf8')
    const files = readdirSync(DIR).filter((f) => f.endsWith('.json'))
    expect(files.length).toBeGreaterThanOrEqual(12)
    for (const f of files) {
      expect(() => load(f)).not.toThrow()
      expect(readme).toContain(`\`${f}\``)
    }
  })

  it('Trunks: OData wrapper, Id a number, Number a string, IsOnline, expanded Gateway, no register times', () => {
    const trunks = values('Trunks.json')
    expect(trunks.length).toBeGreaterThan(0)
    for (const t of trunks) {
      expect(typeof t.Id).toBe('number')
      expect(typeof t.Number).toBe('string')
      expect(typeof t.IsOnline).toBe('boolean')
      expect(typeof t.SimultaneousCalls).toBe('number')
      for (const gone of ['IsRegistered', 'RegisterOkTime', 'RegisterSentTime', 'RegisterFailedTime', 'Host']) expect(t).not.toHaveProperty(gone)
      const g = t.Gateway as Record<string, unknown>
      expect(typeof g.Host).toBe('string')
      expect(typeof g.Port).toBe('number')
      expect(typeof g.TimeBetweenReg).toBe('number')
    }
    expect(trunks.some((t) => (t.Gateway as {Host: string}).Host === '127.0.0.1')).toBe(true)
  })

  it('Services: Status is one of the documented strings, memory a number, no CpuUsage', () => {
    for (const s of values('Services.json')) {
      expect(V20_SERVICE_STATES).toContain(s.Status)
      expect(typeof s.MemoryUsed).toBe('number')
      expect(s).not.toHaveProperty('CpuUsage')
    }
  })

  it('ActiveCalls: ServerNow on each item and no top-level Now; idle is an empty value', () => {
    const body = load('ActiveCalls.json')
    expect(body).not.toHaveProperty('Now')
    const calls = values('ActiveCalls.json')
    expect(calls.length).toBeGreaterThan(0)
    for (const c of calls) {
      expect(typeof c.Id).toBe('number')
      expect(c.ServerNow).toMatch(DOTNET_TIME)
    }
    expect(values('ActiveCalls-idle.json')).toEqual([])
  })

  it('SystemStatus: one object with the v15-v18 names, the v20 extras, and no FreeFirtualMemory', () => {
    const s = load('SystemStatus.json')
    expect(s['@odata.context']).toMatch(/#SystemStatus$/)
    expect(s).not.toHaveProperty('value')
    expect(s).not.toHaveProperty('FreeFirtualMemory')
    expect(typeof s.AvailableLocalIps).toBe('string')
    expect(typeof s.TrunksRegistered).toBe('number')
    expect(s.Version).toMatch(/^20\.\d+\.\d+\.\d+$/)
    for (const key of ['OS', 'RecordingQuotaReached', 'DBMaintenanceInProgress', 'AutoUpdateEnabled', 'IsAuditLogEnabled', 'FreeVirtualMemory']) expect(s).toHaveProperty(key)
    expect(['Linux', 'Windows', 'Other']).toContain(s.OS)
  })

  it('Parameters: Id, Name, Value, Description; the VERSION filter gives one row', () => {
    const rows = values('Parameters-VERSION.json')
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({Name: 'VERSION'})
    expect(typeof rows[0]!.Id).toBe('number')
    expect(typeof rows[0]!.Value).toBe('string')
  })

  it('logins: the user token wrapper, the OAuth token, and the failure shapes', () => {
    const ok = load('GetAccessToken.json')
    expect(ok).toMatchObject({Status: 'AuthSuccess', TwoFactorAuth: null, Token: {token_type: 'Bearer', expires_in: 60}})
    const token = ok.Token as Record<string, unknown>
    expect(typeof token.access_token).toBe('string')
    expect(typeof token.refresh_token).toBe('string')
    expect(load('GetAccessToken-AuthFailed.json')).toMatchObject({Token: null})
    expect(load('GetAccessToken-AuthFailed.json').Status).not.toBe('AuthSuccess')
    const twoFactor = load('GetAccessToken-TwoFactor.json')
    expect(twoFactor.Token).toBeNull()
    expect(twoFactor.TwoFactorAuth).not.toBeNull()
    expect(load('connect-token.json')).toMatchObject({token_type: 'Bearer'})
    expect(typeof load('connect-token.json').expires_in).toBe('number')
    expect(typeof load('connect-token-invalid_client.json').error).toBe('string')
    expect(typeof load('connect-token-refresh.json').refresh_token).toBe('string')
  })
})
