import {describe, expect, it} from 'vitest'
import {defaultSettings} from '../../../../src/config/settings.js'
import {findDbTarget} from '../../../../src/sources/db/index.js'
import type {Install} from '../../../../src/sources/install/index.js'
import {fakeInstall, sampleIniText} from '../../../helpers/install-tree.js'

const qmIni = (port?: number) => `[QMDatabase]\nDBHost=127.0.0.1\n${port === undefined ? '' : `DBPort=${port}\n`}DBName=database_single\ndbUser=logsreader_single\ndbPassword=pw\n`
const withConfigJson = (install: Install, values: Record<string, unknown>): Install => ({...install, configJsonPath: '/fake/Bin/config.json', configJson: {path: '/fake/Bin/config.json', values}})

describe('findDbTarget: the port default follows the platform', () => {
  it.each([
    ['debian', undefined, 5432],
    ['windows', undefined, 5480],
    ['debian', 5480, 5480],
    ['windows', 5433, 5433],
  ] as const)('%s install, ini DBPort %s -> %i', (platform, port, expected) => {
    const target = findDbTarget(defaultSettings(), fakeInstall(platform, {ini: qmIni(port)}))
    expect(target.port).toBe(expected)
    expect(target.from).toMatch(/^\[QMDatabase\] of /)
  })

  it('uses the default for [DbAdminREADONLY] too', () => {
    const ini = '[QMDatabase]\nDBName=database_single\n[DbAdminREADONLY]\nUser=phonesystem_ro\nPassword=pw\n'
    expect(findDbTarget(defaultSettings(), fakeInstall('debian', {ini})).port).toBe(5432)
    expect(findDbTarget(defaultSettings(), fakeInstall('windows', {ini})).port).toBe(5480)
  })

  it('uses the default for a config.json without DbPort; its DbPort wins', () => {
    const install = fakeInstall('debian', {ini: '[General]\nAppPath=/usr/lib/3cxpbx\n'})
    expect(findDbTarget(defaultSettings(), withConfigJson(install, {DbUser: 'u', DbPassword: 'p'})).port).toBe(5432)
    expect(findDbTarget(defaultSettings(), withConfigJson(install, {DbUser: 'u', DbPassword: 'p', DbPort: 5480})).port).toBe(5480)
  })

  it('lets the settings port replace the default', () => {
    const target = findDbTarget({...defaultSettings(), dbPort: 15432}, fakeInstall('debian', {ini: qmIni()}))
    expect(target.port).toBe(15432)
  })

  it('keeps 5480 for the sample (Windows) ini, which gives its port', () => {
    expect(sampleIniText()).toMatch(/DBPort=5480/)
    expect(findDbTarget(defaultSettings(), fakeInstall('windows')).port).toBe(5480)
  })
})
