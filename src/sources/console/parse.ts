/**
 * The console's answer bodies as tcx-doctor reads them: the types of the v15.5
 * resources (SystemStatus, TrunkList, ActiveCalls, ServiceList), their parsers,
 * and the .NET times they carry. Pure: no I/O.
 */
import {consoleUnavailable} from './messages.js'

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
  LastBackupDateTime?: string | null
  // v15-v20 (VERSIONS.md); every field may be missing on some build: read each as unknown until checked.
  ExtensionsRegistered?: number
  ExtensionsTotal?: number
  HasUnregisteredSystemExtensions?: boolean
  CallsActive?: number
  MaxSimCalls?: number
  BlacklistedIpCount?: number
  /** Percent of the disk used. */
  DiskUsage?: number
  FreeDiskSpace?: number
  TotalDiskSpace?: number
  MaintenanceExpiresAt?: string | null
  ExpirationDate?: string | null
  Activated?: boolean
  BackupScheduled?: boolean
  OutboundRules?: number
  CpuUsage?: number
  /** v18 and later. */
  LicenseActive?: boolean
  IpV4?: string
  IpV6?: string
  // v20 only.
  OS?: string
  RecordingUsedSpace?: number
  RecordingQuota?: number
  RecordingQuotaReached?: boolean
  RecordingStopped?: boolean
  VoicemailStopped?: boolean
  VoicemailQuotaReached?: boolean
  DBMaintenanceInProgress?: boolean
  AutoUpdateEnabled?: boolean
  LastCheckForUpdates?: string | null
  LastSuccessfulUpdate?: string | null
  RemoteStorageStatus?: string
  LogUsedSpace?: number
  ChatUsedSpace?: number
  IsAuditLogEnabled?: boolean
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
  /** ISO time or "" for never (v15-v18); null on v20, which gives no register times. */
  RegisterOkTime: string | null
  RegisterSentTime: string | null
  RegisterFailedTime: string | null
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

/** Parses a console time (.NET style, up to 7 fractional digits, Z or an offset); "" or garbage gives undefined. */
export function parseConsoleTime(value: unknown): Date | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:?\d{2})?$/.exec(value.trim())
  if (!m) return undefined
  const fraction = (m[3] ?? '').padEnd(3, '0').slice(0, 3)
  const zone = m[4] ?? 'Z'
  const date = new Date(`${m[1]}T${m[2]}.${fraction}${zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone}`)
  return Number.isNaN(date.getTime()) ? undefined : date
}

/** AvailableLocalIps as a list (the API gives a string, comma, semicolon or space separated). */
export function availableLocalIps(status: SystemStatus): string[] {
  const raw = status.AvailableLocalIps
  const items = Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' ? raw.split(/[\s,;]+/) : []
  return items.map((s) => s.trim()).filter((s) => s !== '')
}

/** The address part of SystemStatus.Ip ("192.0.2.202 Static" -> "192.0.2.202"). */
export function publicIpOf(status: SystemStatus): string | undefined {
  return typeof status.Ip === 'string' ? status.Ip.trim().split(/\s+/)[0] || undefined : undefined
}

const fail: (message: string) => never = consoleUnavailable

const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v))

/** A TrunkList entry with its documented types (numbers as strings, times as strings, "" for never). */
export function normalizeTrunk(raw: Record<string, unknown>): Trunk {
  return {
    ...raw,
    Id: str(raw.Id),
    Number: str(raw.Number),
    Name: str(raw.Name),
    Host: str(raw.Host),
    Type: str(raw.Type),
    SimCalls: str(raw.SimCalls),
    ExternalNumber: str(raw.ExternalNumber),
    IsRegistered: raw.IsRegistered === true || raw.IsRegistered === 'true',
    RegisterOkTime: str(raw.RegisterOkTime),
    RegisterSentTime: str(raw.RegisterSentTime),
    RegisterFailedTime: str(raw.RegisterFailedTime),
    CanBeDeleted: raw.CanBeDeleted === true,
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v)

export function parseTrunkList(body: unknown, where: string): Trunk[] {
  const list = isRecord(body) ? body.list : body
  if (!Array.isArray(list)) fail(`${where} did not hold a trunk list ({"list": [...]}); this console version is not supported`)
  return list.filter(isRecord).map(normalizeTrunk)
}

export function parseServiceList(body: unknown, where: string): ServiceInfo[] {
  const list = isRecord(body) && Array.isArray(body.list) ? body.list : body
  if (!Array.isArray(list)) fail(`${where} did not hold a service list ([...]); this console version is not supported`)
  return list.filter(isRecord).map((s) => ({...s, Name: str(s.Name), DisplayName: str(s.DisplayName), Status: Number(s.Status)}))
}

export function parseActiveCalls(body: unknown, where: string): ActiveCalls {
  if (!isRecord(body)) fail(`${where} did not hold {"Now": ..., "list": [...]}; this console version is not supported`)
  return {...body, Now: str(body.Now), list: Array.isArray(body.list) ? body.list : []}
}

export function parseSystemStatus(body: unknown, where: string): SystemStatus {
  if (!isRecord(body)) fail(`${where} did not hold a JSON object; this console version is not supported`)
  return body as SystemStatus
}


/** "15.5.10244.4" -> {version: "15.5", build: "10244.4"}. */
export function splitVersion(full: string | undefined): {version: string | null; build: string | null} {
  if (!full) return {version: null, build: null}
  const parts = full.trim().split('.')
  return parts.length >= 3 ? {version: parts.slice(0, 2).join('.'), build: parts.slice(2).join('.')} : {version: full, build: null}
}
