/**
 * The 3CX management console API source (v15 to v18): POST /api/login, then GETs.
 * CONTRACT (other checks code against these names; keep them):
 *   consoleSource: SourceDefinition<ConsoleApi>
 * Implementation: see issue 4.
 */
import type {SourceDefinition} from '../engine/context.js'
import {SourceUnavailableError} from '../engine/errors.js'

/** GET /api/SystemStatus, the fields tcx-doctor reads (others kept as is). */
export interface SystemStatus {
  Version?: string
  FQDN?: string
  /** e.g. "192.0.2.202 Static" */
  Ip?: string
  LocalIpValid?: boolean
  CurrentLocalIp?: string
  /** One or more addresses; the real API gives a string (possibly comma or space separated). */
  AvailableLocalIps?: string | string[]
  TrunksRegistered?: number
  TrunksTotal?: number
  HasNotRunningServices?: boolean
  LastBackupDateTime?: string
  [key: string]: unknown
}

export interface Trunk {
  Id: string
  Number: string
  Name: string
  Host: string
  Type: string
  SimCalls: string
  ExternalNumber: string
  IsRegistered: boolean
  /** ISO time or "" for never. */
  RegisterOkTime: string
  RegisterSentTime: string
  RegisterFailedTime: string
  CanBeDeleted: boolean
  [key: string]: unknown
}

export interface ActiveCalls {
  /** The PBX's own idea of the time, with its offset, e.g. "2020-12-23T16:16:47.4072367+00:00". */
  Now: string
  list: unknown[]
}

export interface ServiceInfo {
  Name: string
  DisplayName: string
  /** 4 running, 3 stop pending, 2 start pending, 1 stopped */
  Status: number
  [key: string]: unknown
}

export interface ConsoleApi {
  /** e.g. "http://127.0.0.1:5000/" */
  readonly baseUrl: string
  /** Each GET at most once per run (memoised); failures throw SourceUnavailableError('console', one clear line). */
  systemStatus(): Promise<SystemStatus>
  trunkList(): Promise<Trunk[]>
  activeCalls(): Promise<ActiveCalls>
  serviceList(): Promise<ServiceInfo[]>
}

export const consoleSource: SourceDefinition<ConsoleApi> = {
  name: 'console',
  async open(): Promise<ConsoleApi> {
    throw new SourceUnavailableError('console', 'the console API source is not implemented yet')
  },
}
