/**
 * The PBX at a glance from the recorded v15.5 and v20 SystemStatus: every field read
 * as the build gives it, "never" times and missing fields as null (not known), and the
 * report's glance only from a console a check opened.
 */
import {describe, expect, it} from 'vitest'
import {pbxGlanceOf, glanceOfConsole, consoleGlanceForReport} from '../../../../src/sources/console/index.js'
import {defaultSettings} from '../../../../src/config/settings.js'
import {RunContext} from '../../../../src/engine/context.js'
import {consoleApi, recorded} from '../../checks/network/fakes.js'
import {v20FixtureConsole} from './v20-fixture-console.js'

describe('pbxGlanceOf', () => {
  it('v15.5 recorded SystemStatus', () => {
    expect(pbxGlanceOf(recorded.systemStatus())).toEqual({
      from: 'console SystemStatus',
      fqdn: 'pbx.example.com',
      ips: {public: '203.0.113.10', local: '10.20.30.40', available: ['10.20.30.40']},
      trunks: {registered: 2, total: 2},
      extensions: {registered: 21, total: 24},
      calls: {active: 1, limit: 16},
      lastBackup: '2026-11-25T03:00:09.6347531+01:00',
      licenceExpiry: null,
      maintenanceExpiry: '2027-03-01T12:00:00+00:00',
    })
  })

  it('v20 recorded SystemStatus (ExpirationDate null: not known)', async () => {
    const g = await glanceOfConsole(v20FixtureConsole())
    expect(g).toMatchObject({fqdn: 'pbx.example.com', ips: {public: '203.0.113.10', local: '192.0.2.20'}, calls: {active: 1, limit: 16}, licenceExpiry: null})
  })

  it('a build without the fields, or with hostile values: null, never guessed', () => {
    expect(pbxGlanceOf({TrunksRegistered: 1, ExtensionsTotal: 3, LastBackupDateTime: '0001-01-01T00:00:00', FQDN: '  ', CallsActive: Number.NaN, MaxSimCalls: 8})).toEqual({
      from: 'console SystemStatus',
      fqdn: null,
      ips: {public: null, local: null, available: []},
      trunks: null,
      extensions: null,
      calls: {active: null, limit: 8},
      lastBackup: null,
      licenceExpiry: null,
      maintenanceExpiry: null,
    })
  })

  it('gives up on a console that does not answer within the bound', async () => {
    const slow = {...consoleApi(), systemStatus: () => new Promise<never>(() => {})}
    await expect(glanceOfConsole(slow, 20)).rejects.toThrow('SystemStatus did not answer within 0.02 s')
  })
})

describe('consoleGlanceForReport', () => {
  const ctxWith = (provided: Record<string, unknown>) => new RunContext({...defaultSettings('/nonexistent'), ntpServers: []}, {provided, providedOnly: true})

  it('reads the glance of a console a check opened', async () => {
    const ctx = ctxWith({console: consoleApi()})
    await ctx.tryUse((await import('../../../../src/sources/console/index.js')).consoleSource)
    const g = await consoleGlanceForReport(ctx)
    expect(g).toMatchObject({ok: true, value: {fqdn: 'pbx.example.com'}})
    await ctx.close()
  })

  it('never opens the console for the header', async () => {
    let asked = 0
    const api = consoleApi()
    const ctx = ctxWith({console: {...api, systemStatus: () => (asked++, api.systemStatus())}})
    expect(await consoleGlanceForReport(ctx)).toEqual({ok: false, reason: 'no check in this run used the console'})
    expect(asked).toBe(0)
    await ctx.close()
  })
})
