/**
 * The console's facts in one shape for every dialect: trunks with host and a
 * registration state, services with a normalised state, the PBX's time. The v15
 * derivations live here (from the v15-v18 bodies); the v20 ones in ./parse-v20.ts.
 * Pure: no I/O.
 */
import {parseHostPort} from '../../lib/net.js'
import type {ActiveCalls, ServiceInfo, Trunk} from './parse.js'

/** The API dialect a console speaks: v15 (v15 to v18, /api/...) or v20 (/xapi/v1, OData). */
export type ConsoleDialect = 'v15' | 'v20'

export const DIALECT_LABELS: Record<ConsoleDialect, string> = {v15: 'v15-v18 API', v20: 'v20 API'}

/** A service state whatever the dialect spells it as (v15 numbers, v20 strings). */
export type ServiceState = 'running' | 'stopped' | 'start-pending' | 'stop-pending' | 'paused' | 'other'

/** The Windows service states as v15-v18 ServiceList numbers them. */
const V15_STATES: Record<number, ServiceState> = {1: 'stopped', 2: 'start-pending', 3: 'stop-pending', 4: 'running', 7: 'paused'}
/** The v20 /xapi/v1/Services strings. */
const V20_STATES: Record<string, ServiceState> = {Stopped: 'stopped', StartPending: 'start-pending', StopPending: 'stop-pending', Running: 'running', Paused: 'paused'}
/** v20 strings as the v15 numbers (so that callers of serviceList() read one type). */
export const V20_STATUS_NUMBERS: Record<string, number> = {Stopped: 1, StartPending: 2, StopPending: 3, Running: 4, ContinuePending: 5, PausePending: 6, Paused: 7}

/** The normalised state of a ServiceList/Services `Status` (a v15 number or a v20 string). */
export function serviceStateOf(status: unknown): ServiceState {
  if (typeof status === 'number') return V15_STATES[status] ?? 'other'
  if (typeof status === 'string') return V20_STATES[status] ?? (/^\d+$/.test(status) ? (V15_STATES[Number(status)] ?? 'other') : 'other')
  return 'other'
}

export interface ServiceFact {
  name: string
  displayName: string
  state: ServiceState
  /** The Status as the console sent it (v15 a number, v20 a string). */
  status: number | string
  /** Memory in bytes, null when the console did not report it. */
  memoryBytes: number | null
}

export interface TrunkFact {
  id: string
  number: string
  name: string
  /** The host SIP registers to (v15 Host; v20 Gateway.Host), "" when none. */
  host: string
  /** The port when the console gives one (v15 a "host:port" Host; v20 Gateway.Port), else null. */
  port: number | null
  registered: boolean
  /** What `registered` was read from: v15 `IsRegistered`, v20 `IsOnline`. */
  registeredFrom: 'IsRegistered' | 'IsOnline'
  /** Registration times; null when never, or when the dialect has none (v20): see `registerTimesKnown`. */
  registerOkTime: string | null
  registerSentTime: string | null
  registerFailedTime: string | null
  /** False on v20: the console gives no register times at all. */
  registerTimesKnown: boolean
}

/** The PBX's own idea of the time, or why the console cannot tell it (`now: null`). */
export interface PbxTime {
  /** As the console wrote it, with its offset, e.g. "2026-12-01T10:15:42.1230000+01:00"; null when unknown. */
  now: string | null
  /** Where it was read (or looked for). */
  from: string
  /** Why `now` is null. */
  reason?: string
}

const number = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : null)
const never = (v: string): string | null => (v.trim() === '' || v.startsWith('0001-01-01') ? null : v)

export function v15TrunkFact(t: Trunk): TrunkFact {
  const hp = parseHostPort(t.Host.trim().replace(/^sips?:/i, ''))
  return {
    id: t.Id,
    number: t.Number,
    name: t.Name,
    host: hp?.host ?? t.Host,
    port: hp?.port ?? null,
    registered: t.IsRegistered,
    registeredFrom: 'IsRegistered',
    registerOkTime: never(t.RegisterOkTime ?? ''),
    registerSentTime: never(t.RegisterSentTime ?? ''),
    registerFailedTime: never(t.RegisterFailedTime ?? ''),
    registerTimesKnown: true,
  }
}

export function serviceFact(s: ServiceInfo): ServiceFact {
  const status = typeof s.StatusText === 'string' ? s.StatusText : s.Status
  return {name: s.Name, displayName: s.DisplayName, state: serviceStateOf(status), status, memoryBytes: number(s.MemoryUsed)}
}

export function v15PbxTime(calls: ActiveCalls): PbxTime {
  const now = typeof calls.Now === 'string' && calls.Now.trim() !== '' ? calls.Now : null
  return now ? {now, from: 'ActiveCalls Now'} : {now: null, from: 'ActiveCalls Now', reason: 'the console sent no Now in ActiveCalls'}
}
