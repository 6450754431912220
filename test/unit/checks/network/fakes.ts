/**
 * Fakes of the network area's sources for the check tester, built from the
 * recorded fixtures: host facts from test/fixtures/network/*.json (classified
 * by the real rules), a console API answering the recorded v15.5 bodies of
 * test/fixtures/pbx-sources/console-api-v15.5, reachability probes, a SIP probe.
 * No I/O but reading the fixture files.
 */
import {readFileSync} from 'node:fs'
import {join, resolve} from 'node:path'
import type {ConsoleApi, ConsoleReachability, ConsoleProbe, ActiveCalls, ServiceInfo, SystemStatus, Trunk} from '../../../../src/sources/console/index.js'
import {parseActiveCalls, parseServiceList, parseSystemStatus, parseTrunkList} from '../../../../src/sources/console/index.js'
import {addressesOf, classifyAll, linuxInterfaces, type HostFacts, type IpLink, type PingOutcome, type SysNetEntry} from '../../../../src/sources/host/index.js'
import type {SipProbe, SipRegisterOptions, SipRegisterResult} from '../../../../src/sources/sip/index.js'

const FIXTURES = resolve(import.meta.dirname, '..', '..', '..', 'fixtures')
const json = (...path: string[]): unknown => JSON.parse(readFileSync(join(FIXTURES, ...path), 'utf8'))

interface LinuxRecord {
  sys: SysNetEntry[]
  ip: IpLink[] | null
  os?: NodeJS.Dict<import('node:os').NetworkInterfaceInfo[]>
}

/** The Linux machine of a fixture file (`machine` picks one of a file with several). */
export function linuxMachine(file: string, machine?: string): LinuxRecord {
  const data = json('network', file) as LinuxRecord & {machines?: Record<string, LinuxRecord>}
  if (machine === undefined) return data
  const m = data.machines?.[machine]
  if (!m) throw new Error(`no machine ${machine} in ${file}`)
  return m
}

/** Host facts as the host source gives them, from a recorded machine; `ping` answers from the table (default: no answer). */
export function hostFacts(
  record: LinuxRecord,
  options: {overrides?: {physical?: string[]; virtual?: string[]}; ping?: Record<string, PingOutcome>; pinged?: Array<{address: string; timeoutSeconds?: number}>} = {},
): HostFacts {
  const interfaces = classifyAll(linuxInterfaces(record.sys, record.ip ?? undefined, record.os ?? {}), options.overrides ?? {})
  return {
    platform: 'linux',
    hostname: 'pbx-test',
    interfaces,
    collectedFrom: ['/sys/class/net', 'ip -j -d addr'],
    notes: [],
    durationMs: 1,
    addresses: addressesOf(interfaces),
    ping: (address, pingOptions) => {
      options.pinged?.push({address, ...(pingOptions?.timeoutSeconds === undefined ? {} : {timeoutSeconds: pingOptions.timeoutSeconds})})
      return Promise.resolve(options.ping?.[address] ?? {status: 'no-answer', address})
    },
  }
}

const CONSOLE = ['pbx-sources', 'console-api-v15.5']

/** The recorded v15.5 bodies, parsed by the console source's own parsers. */
export const recorded = {
  systemStatus: (): SystemStatus => parseSystemStatus(json(...CONSOLE, 'SystemStatus.json'), 'SystemStatus.json'),
  trunkList: (): Trunk[] => parseTrunkList(json(...CONSOLE, 'TrunkList.json'), 'TrunkList.json'),
  serviceList: (): ServiceInfo[] => parseServiceList(json(...CONSOLE, 'ServiceList.json'), 'ServiceList.json'),
  activeCalls: (): ActiveCalls => parseActiveCalls(json(...CONSOLE, 'ActiveCalls.json'), 'ActiveCalls.json'),
}

/** A logged-in console answering the recorded bodies, each replaceable (an Error makes that GET fail). */
export function consoleApi(
  answers: {systemStatus?: Partial<SystemStatus>; trunks?: Trunk[]; services?: ServiceInfo[] | Error; activeCalls?: ActiveCalls} = {},
): ConsoleApi {
  const services = answers.services
  return {
    baseUrl: 'http://127.0.0.1:5015/',
    user: 'admin',
    from: 'the test',
    systemStatus: () => Promise.resolve({...recorded.systemStatus(), ...answers.systemStatus}),
    trunkList: () => Promise.resolve(answers.trunks ?? recorded.trunkList()),
    serviceList: () => (services instanceof Error ? Promise.reject(services) : Promise.resolve(services ?? recorded.serviceList())),
    activeCalls: () => Promise.resolve(answers.activeCalls ?? recorded.activeCalls()),
  }
}

/** A trunk of the recorded TrunkList by name, with changes. */
export function trunk(name: string, changes: Partial<Trunk> = {}): Trunk {
  const found = recorded.trunkList().find((t) => t.Name === name)
  if (!found) throw new Error(`no trunk ${name} in TrunkList.json`)
  return {...found, ...changes}
}

/** What the console reachability source found. */
export function reachability(probes: ConsoleProbe[], from = '--console-url', notes: string[] = []): ConsoleReachability {
  return {from, notes, timeoutMs: 5000, probes}
}

/** A SIP probe answering every REGISTER with `result`, recording what was asked. */
export function sipProbe(result: Omit<SipRegisterResult, 'answers'> & {answers?: string[]}, asked: SipRegisterOptions[] = []): SipProbe {
  return {
    register: (options) => {
      asked.push(options)
      return Promise.resolve({answers: [], ...result})
    },
  }
}
