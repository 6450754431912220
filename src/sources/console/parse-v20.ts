/**
 * The v20 management API bodies (/xapi/v1, OData) as tcx-doctor reads them, and
 * their mapping onto the v15 shapes (SystemStatus, Trunk, ServiceInfo,
 * ActiveCalls) and the normalised facts of ./facts.ts. Pure: no I/O.
 */
import {consoleUnavailable} from './messages.js'
import {V20_STATUS_NUMBERS, serviceStateOf, type PbxTime, type ServiceFact, type TrunkFact} from './facts.js'
import {parseConsoleTime, type ActiveCalls, type ServiceInfo, type SystemStatus, type Trunk} from './parse.js'

/** The most items read of one collection (`$top` asks for one more to tell a longer list). */
export const MAX_COLLECTION_ITEMS = 1000

const fail: (message: string) => never = consoleUnavailable
const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v)
const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v))
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : null)

export interface Collection {
  items: Array<Record<string, unknown>>
  /** More than MAX_COLLECTION_ITEMS were there: only the first were kept. */
  capped: boolean
}

/** An OData collection `{"@odata.context", "value": [...]}`, at most MAX_COLLECTION_ITEMS items. */
export function parseODataCollection(body: unknown, where: string): Collection {
  if (!isRecord(body) || !Array.isArray(body.value)) fail(`${where} did not hold an OData collection ({"value": [...]}); is this a 3CX v20 console?`)
  const items = body.value.filter(isRecord)
  return {items: items.slice(0, MAX_COLLECTION_ITEMS), capped: items.length > MAX_COLLECTION_ITEMS}
}

/** /xapi/v1/SystemStatus: one object; the OData annotations are dropped, every other field kept. */
export function parseV20SystemStatus(body: unknown, where: string): SystemStatus {
  if (!isRecord(body) || Array.isArray(body.value)) fail(`${where} did not hold a JSON object; is this a 3CX v20 console?`)
  return Object.fromEntries(Object.entries(body).filter(([k]) => !k.startsWith('@odata.'))) as SystemStatus
}

/** A v20 trunk (with its expanded Gateway) as a v15 Trunk: Host from Gateway.Host, IsRegistered from IsOnline, no register times (null). */
export function v20TrunkAsV15(raw: Record<string, unknown>): Trunk {
  const g = isRecord(raw.Gateway) ? raw.Gateway : {}
  const {Gateway: _gateway, ...rest} = raw
  return {
    ...rest,
    Gateway: g,
    Id: str(raw.Id),
    Number: str(raw.Number),
    Name: str(g.Name) || str(raw.Name) || str(raw.Number),
    Host: str(g.Host),
    Type: str(g.Type),
    SimCalls: str(raw.SimultaneousCalls),
    ExternalNumber: str(raw.ExternalNumber),
    IsRegistered: raw.IsOnline === true,
    RegisterOkTime: null,
    RegisterSentTime: null,
    RegisterFailedTime: null,
    CanBeDeleted: false,
  }
}

export function v20TrunkFact(raw: Record<string, unknown>): TrunkFact {
  const t = v20TrunkAsV15(raw)
  const g = t.Gateway as Record<string, unknown>
  return {
    id: t.Id,
    number: t.Number,
    name: t.Name,
    host: t.Host,
    port: num(g.Port),
    registered: t.IsRegistered,
    registeredFrom: 'IsOnline',
    registerOkTime: null,
    registerSentTime: null,
    registerFailedTime: null,
    registerTimesKnown: false,
  }
}

/** A v20 service as a v15 ServiceInfo: Status as the v15 number (0 for a state v15 has no number for), the string kept as StatusText. */
export function v20ServiceAsV15(raw: Record<string, unknown>): ServiceInfo {
  const text = str(raw.Status)
  return {...raw, Name: str(raw.Name), DisplayName: str(raw.DisplayName), Status: V20_STATUS_NUMBERS[text] ?? 0, StatusText: text}
}

export function v20ServiceFact(raw: Record<string, unknown>): ServiceFact {
  const memory = num(raw.MemoryUsed)
  return {name: str(raw.Name), displayName: str(raw.DisplayName), state: serviceStateOf(str(raw.Status)), status: str(raw.Status), memoryBytes: memory}
}

const NO_CALL = 'no call in progress: a v20 PBX tells its time only as ServerNow of an active call (it has no top-level Now)'

/** The PBX's time from v20 active calls: the first call's ServerNow that is a time. */
export function v20PbxTime(calls: Array<Record<string, unknown>>): PbxTime {
  const from = 'ServerNow of an active call'
  if (calls.length === 0) return {now: null, from, reason: NO_CALL}
  const withTime = calls.find((c) => parseConsoleTime(c.ServerNow) !== undefined)
  if (withTime) return {now: str(withTime.ServerNow), from}
  return {now: null, from, reason: `none of the ${calls.length} active call(s) carries a ServerNow that is a date and time`}
}

/** v20 active calls as a v15 ActiveCalls (Now from ServerNow); undefined when there is no time to give. */
export function v20ActiveCallsAsV15(calls: Array<Record<string, unknown>>): ActiveCalls | undefined {
  const time = v20PbxTime(calls)
  return time.now === null ? undefined : {Now: time.now, list: calls}
}

/** The Value of a /xapi/v1/Parameters answer filtered by name, null when there is no such parameter. */
export function parameterValue(collection: Collection, name: string): string | null {
  const row = collection.items.find((p) => p.Name === name)
  return row === undefined || row.Value === null || row.Value === undefined ? null : str(row.Value)
}
