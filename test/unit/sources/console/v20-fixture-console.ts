/**
 * A v20 ConsoleApi for the check tester, built from the recorded-shape fixtures of
 * test/fixtures/pbx-sources/console-api-v20 through the source's own v20 parsers
 * (so a check sees exactly what the source would give it). No I/O but reading the
 * fixture files.
 */
import {readFileSync} from 'node:fs'
import {join, resolve} from 'node:path'
import type {ConsoleApi} from '../../../../src/sources/console/index.js'
import {
  parameterValue,
  parseODataCollection,
  parseV20SystemStatus,
  v20ActiveCallsAsV15,
  v20PbxTime,
  v20ServiceAsV15,
  v20ServiceFact,
  v20TrunkAsV15,
  v20TrunkFact,
} from '../../../../src/sources/console/parse-v20.js'
import {SourceUnavailableError} from '../../../../src/engine/errors.js'

const DIR = resolve(import.meta.dirname, '..', '..', '..', 'fixtures', 'pbx-sources', 'console-api-v20')
export const v20Fixture = (name: string): unknown => JSON.parse(readFileSync(join(DIR, name), 'utf8'))

type Items = Array<Record<string, unknown>>
const items = (name: string): Items => parseODataCollection(v20Fixture(name), name).items

export interface V20FixtureChanges {
  systemStatus?: Record<string, unknown>
  /** Replaces the recorded items (v20 shapes: Gateway, Status strings, ServerNow). */
  trunks?: Items
  services?: Items
  activeCalls?: Items
}

/** The recorded v20 console, with changes; its members behave as the real v20 session's. */
export function v20FixtureConsole(changes: V20FixtureChanges = {}): ConsoleApi {
  const trunks = changes.trunks ?? items('Trunks.json')
  const services = changes.services ?? items('Services.json')
  const calls = changes.activeCalls ?? items('ActiveCalls.json')
  const parameters = parseODataCollection(v20Fixture('Parameters-VERSION.json'), 'Parameters-VERSION.json')
  return {
    baseUrl: 'https://pbx.example.com/',
    user: 'admin',
    from: 'the fixtures',
    dialect: 'v20',
    dialectFrom: 'the fixtures',
    notes: [],
    systemStatus: () => Promise.resolve({...parseV20SystemStatus(v20Fixture('SystemStatus.json'), 'SystemStatus.json'), ...changes.systemStatus}),
    trunkList: () => Promise.resolve(trunks.map(v20TrunkAsV15)),
    serviceList: () => Promise.resolve(services.map(v20ServiceAsV15)),
    activeCalls: () => {
      const v15 = v20ActiveCallsAsV15(calls)
      return v15 ? Promise.resolve(v15) : Promise.reject(new SourceUnavailableError('console', `ActiveCalls gives no PBX time: ${v20PbxTime(calls).reason}`))
    },
    trunks: () => Promise.resolve(trunks.map(v20TrunkFact)),
    services: () => Promise.resolve(services.map(v20ServiceFact)),
    pbxTime: () => Promise.resolve(v20PbxTime(calls)),
    parameter: (name) => Promise.resolve(name === 'VERSION' ? parameterValue(parameters, name) : null),
  }
}
