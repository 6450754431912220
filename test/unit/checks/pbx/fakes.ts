/**
 * Fakes for the pbx checks: the v15.5 console from its recorded fixtures (SystemStatus,
 * TrunkList, ActiveCalls, with changes) and the database fake of the time checks.
 */
import {readFileSync} from 'node:fs'
import {resolve} from 'node:path'
import {SourceUnavailableError} from '../../../../src/engine/errors.js'
import {normalizeTrunk} from '../../../../src/sources/console/parse.js'

export {fakeDb} from '../time/fakes.js'

const DIR = resolve(import.meta.dirname, '..', '..', '..', 'fixtures', 'pbx-sources', 'console-api-v15.5')
const fixture = (name: string): Record<string, unknown> => JSON.parse(readFileSync(resolve(DIR, name), 'utf8')) as Record<string, unknown>

export interface V15Changes {
  systemStatus?: Record<string, unknown>
  /** Keys of SystemStatus to drop (a build that does not report them). */
  without?: string[]
  trunks?: Array<Record<string, unknown>>
  activeCalls?: {Now: string; list: unknown[]} | Error
}

/** The recorded v15.5 console, with changes. */
export function v15Console(changes: V15Changes = {}): Record<string, unknown> {
  const status = {...fixture('SystemStatus.json'), ...changes.systemStatus}
  for (const key of changes.without ?? []) delete status[key]
  const trunks = (changes.trunks ?? (fixture('TrunkList.json').list as Array<Record<string, unknown>>)).map(normalizeTrunk)
  const calls = changes.activeCalls ?? fixture('ActiveCalls.json')
  return {
    baseUrl: 'http://127.0.0.1:5000/',
    user: 'admin',
    from: 'the test',
    systemStatus: async () => status,
    trunkList: async () => trunks,
    activeCalls: async () => (calls instanceof Error ? Promise.reject(calls) : calls),
    serviceList: async () => [],
  }
}

export const consoleDown = (reason = 'connect ECONNREFUSED 127.0.0.1:5000'): SourceUnavailableError => new SourceUnavailableError('console', reason)
