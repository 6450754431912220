/**
 * The live parts of the v20 sample (`--demo v20`) agree with each other: the database and the
 * v20 simulator name the same version, trunks, console URL and time zone, the console account
 * of the database logs in, and the planted zone is unlike this machine's.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {DEMO_V20_ZONES, startSampleLive, zoneUnlikeMachine, type SampleLive} from '../../../src/demo/sample-live.js'

let live: SampleLive
const settings: {dbHost?: string; dbPort?: number} = {}

beforeAll(async () => {
  live = await startSampleLive(settings, 'v20')
}, 60_000)
afterAll(async () => {
  await live?.stop()
})

const param = async (name: string): Promise<string | undefined> =>
  (await live.database.sql<{value: string}>('SELECT value FROM parameter WHERE name = $1', [name]))[0]?.value

async function login(): Promise<string> {
  const [user, password] = [await param('WEBSERVERUSER'), await param('WEBSERVERPASS')]
  const url = new URL('webclient/api/Login/GetAccessToken', (await param('WEB_ROOT_LOCAL'))!)
  const res = await fetch(url, {method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify({Username: user, Password: password, SecurityCode: ''})})
  const body = (await res.json()) as {Status: string; Token: {access_token: string} | null}
  expect(body.Status).toBe('AuthSuccess')
  return body.Token!.access_token
}

async function xapi<T>(path: string, token: string): Promise<T> {
  const res = await fetch(new URL(`xapi/v1/${path}`, live.console.url), {headers: {Authorization: `Bearer ${token}`}})
  expect(res.status).toBe(200)
  return (await res.json()) as T
}

describe('the v20 sample', () => {
  it('points the settings at its database and the database at its simulator', async () => {
    expect(settings).toEqual({dbHost: '127.0.0.1', dbPort: live.database.port})
    expect(await param('WEB_ROOT_LOCAL')).toBe(live.console.url)
  })

  it('the database account of the console logs in; version, time zone and console URL agree with the Parameters', async () => {
    const token = await login()
    const status = await xapi<{Version: string; OS: string}>('SystemStatus', token)
    expect(await param('VERSION')).toBe(status.Version)
    expect(status.Version).toMatch(/^20\.0\./)
    expect(status.OS).toBe('Linux')
    const {value} = await xapi<{value: Array<{Name: string; Value: string}>}>('Parameters', token)
    const byName = new Map(value.map((p) => [p.Name, p.Value]))
    expect(byName.get('VERSION')).toBe(status.Version)
    expect(byName.get('WEB_ROOT_LOCAL')).toBe(live.console.url)
    expect(byName.get('TIMEZONEID')).toBe(await param('TIMEZONEID'))
    expect(byName.get('TIMEZONEID')).toBe(zoneUnlikeMachine())
  })

  it('the trunks of the database are the simulator trunks, the loopback and the carrier one offline', async () => {
    const token = await login()
    const {value} = await xapi<{value: Array<{Number: string; IsOnline: boolean; Gateway: {Name: string; Host: string}}>}>('Trunks?$expand=Gateway', token)
    const rows = await live.database.sql<{number: string; name: string; host: string}>(
      'SELECT d.value AS number, g.name, g.host FROM externalline e JOIN dn d ON d.iddn = e.fkiddn JOIN gateway g ON g.idgateway = e.fkidgateway ORDER BY d.value',
    )
    expect(value.map((t) => ({number: t.Number, name: t.Gateway.Name, host: t.Gateway.Host}))).toEqual(rows)
    expect(value.find((t) => t.Gateway.Host === '127.0.0.1')?.IsOnline).toBe(false)
    expect(value.filter((t) => !t.IsOnline).map((t) => t.Gateway.Name)).toEqual(['Carrier', 'Loopback'])
  })

  it('the IVR service is the stopped one', async () => {
    const token = await login()
    const {value} = await xapi<{value: Array<{Name: string; Status: string}>}>('Services', token)
    expect(value.filter((s) => s.Status !== 'Running').map((s) => [s.Name, s.Status])).toEqual([['3CXIVR01', 'Stopped']])
  })
})

describe('zoneUnlikeMachine', () => {
  const offset = (zone: string, at: Date): string =>
    new Intl.DateTimeFormat('en-US', {timeZone: zone, timeZoneName: 'longOffset'}).formatToParts(at).find((p) => p.type === 'timeZoneName')!.value
  it.each(['UTC', 'Europe/Berlin', 'Europe/Paris', 'America/New_York', 'Asia/Tokyo', 'Australia/Sydney'])('picks a zone whose offset differs from %s', (machine) => {
    for (const at of [new Date('2026-01-15T12:00:00Z'), new Date('2026-07-15T12:00:00Z')]) {
      const zone = zoneUnlikeMachine(at, machine)
      expect(DEMO_V20_ZONES).toContain(zone)
      expect(offset(zone, at)).not.toBe(offset(machine, at))
    }
  })
})
