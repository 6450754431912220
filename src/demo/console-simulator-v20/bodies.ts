/**
 * The bodies the v20 management API simulator answers with: field names, types
 * and wrappers of 3CX v20 (/xapi/v1, OData) as /work/shared/VERSIONS.md gives
 * them. The recorded-shape fixtures in test/fixtures/pbx-sources/console-api-v20/
 * carry the same keys and types (a test compares them). Pure: no I/O.
 */
import {dotNetUtc, dotNetWithOffset} from '../console-simulator.js'

/** A v20 gateway (a trunk's `Gateway`, present only with `$expand=Gateway`). */
export interface V20Gateway {
  Id: number
  Name: string
  Host: string
  Port: number
  ProxyHost: string
  ProxyPort: number
  Type: string
  TimeBetweenReg: number
  [key: string]: unknown
}

/** A v20 trunk as /xapi/v1/Trunks gives it (expanded: with `Gateway`). */
export interface V20Trunk {
  Id: number
  Number: string
  IsOnline: boolean
  ExternalNumber: string
  AuthID: string
  Direction: string
  SimultaneousCalls: number
  ConfigurationIssue: string
  CertificateExpirationDate: string | null
  Gateway: V20Gateway
  [key: string]: unknown
}

/** Service states as /xapi/v1/Services spells them. */
export const V20_SERVICE_STATES = ['Stopped', 'StartPending', 'StopPending', 'Running', 'ContinuePending', 'PausePending', 'Paused'] as const
export type V20ServiceState = (typeof V20_SERVICE_STATES)[number]

export interface V20Service {
  Name: string
  DisplayName: string
  Status: V20ServiceState
  MemoryUsed: number
  ThreadCount: number
  HandleCount: number
  StartStopEnabled: boolean
  RestartEnabled: boolean
  SampleTime: string
  TotalProcessorTime: string
  [key: string]: unknown
}

export interface V20ActiveCall {
  Id: number
  Caller: string
  Callee: string
  Status: string
  LastChangeStatus: string
  EstablishedAt: string
  /** The PBX's time, with its offset. */
  ServerNow: string
  [key: string]: unknown
}

export interface V20Parameter {
  Id: number
  Name: string
  Value: string
  Description: string
  [key: string]: unknown
}

export const V20_VERSION = '20.0.7.1080'

export const DEFAULT_V20_SERVICES: V20Service[] = [
  service('3CXPhoneSystem01', '3CX PhoneSystem 01 SIP Server', 'Running', 52428800),
  service('3CXIVR01', '3CX PhoneSystem 01 IVR Server', 'Running', 20971520),
  service('nginx', '3CX PhoneSystem Nginx Server', 'Running', 8388608),
  service('postgresql', '3CX PhoneSystem Database Server', 'Running', 41943040),
]

function service(Name: string, DisplayName: string, Status: V20ServiceState, MemoryUsed: number): V20Service {
  return {
    Name,
    DisplayName,
    Status,
    MemoryUsed,
    ThreadCount: 24,
    HandleCount: 180,
    StartStopEnabled: true,
    RestartEnabled: true,
    SampleTime: '2026-12-01T10:00:00.0000000Z',
    TotalProcessorTime: '00:03:12.4500000',
  }
}

/** A trunk completed with defaults (a partial Gateway is merged over the default gateway). */
export function v20TrunkDefaults(partial: Partial<Omit<V20Trunk, 'Gateway'>> & {Gateway?: Partial<V20Gateway>}, index: number): V20Trunk {
  const gateway: V20Gateway = {
    Id: 100 + index,
    Name: `Gateway ${index + 1}`,
    Host: 'sip.carrier.example',
    Port: 5060,
    ProxyHost: '',
    ProxyPort: 5060,
    Type: 'Provider',
    TimeBetweenReg: 300,
    ...partial.Gateway,
  }
  return {
    Id: 12 + index,
    Number: String(10000 + index),
    IsOnline: true,
    ExternalNumber: '',
    AuthID: `auth${10000 + index}`,
    Direction: 'Both',
    SimultaneousCalls: 4,
    ConfigurationIssue: '',
    CertificateExpirationDate: null,
    ...partial,
    Gateway: gateway,
  }
}

/** The generated trunks: a carrier trunk and a loopback trunk to 127.0.0.1 (each offline when its flag is false). */
export function v20ScenarioTrunks(loopbackOnline: boolean, carrierOnline = true): V20Trunk[] {
  return [
    v20TrunkDefaults({Id: 12, Number: '10000', IsOnline: carrierOnline, ExternalNumber: '+15550100', SimultaneousCalls: 8, Gateway: {Name: 'Carrier', Host: 'sip.carrier.example'}}, 0),
    v20TrunkDefaults({Id: 13, Number: '10001', IsOnline: loopbackOnline, Gateway: {Name: 'Loopback', Host: '127.0.0.1', Port: 5060}}, 1),
  ]
}

/** One call in progress at `serverNow` (the PBX's time). */
export function v20ActiveCall(now: Date, serverNow: Date, utcOffsetMinutes: number, index = 0): V20ActiveCall {
  const started = new Date(now.getTime() - 90_000)
  return {
    Id: 4711 + index,
    Caller: `Ext.10${index} Alice`,
    Callee: '+15550199',
    Status: 'Talking',
    LastChangeStatus: dotNetUtc(started),
    EstablishedAt: dotNetUtc(started),
    ServerNow: dotNetWithOffset(serverNow, utcOffsetMinutes),
  }
}

export function v20Parameters(extra: V20Parameter[] = []): V20Parameter[] {
  const base: V20Parameter[] = [
    {Id: 1, Name: 'VERSION', Value: V20_VERSION, Description: 'PBX version'},
    {Id: 2, Name: 'WEB_ROOT_LOCAL', Value: 'http://127.0.0.1:5015/', Description: 'Local web root'},
    {Id: 3, Name: 'TIMEZONEID', Value: 'Europe/Berlin', Description: 'Time zone of the PBX'},
  ]
  return [...base.filter((p) => !extra.some((e) => e.Name === p.Name)), ...extra]
}

export interface V20SystemStatusInput {
  now: Date
  localIp: string
  availableLocalIps: string
  currentLocalIp: string
  localIpValid: boolean
  trunks: V20Trunk[]
  services: V20Service[]
  callsActive: number
  /** A system extension (IVR, queue, ...) is not registered: HasUnregisteredSystemExtensions, one extension fewer registered. */
  systemExtensionUnregistered?: boolean
}

/** /xapi/v1/SystemStatus without its `@odata.context` (added by the server). */
export function v20SystemStatus(input: V20SystemStatusInput): Record<string, unknown> {
  const online = input.trunks.filter((t) => t.IsOnline).length
  return {
    FQDN: 'pbx.example.com',
    WebMeetingFQDN: 'pbx-example-com.3cx.net',
    Version: V20_VERSION,
    Activated: true,
    MaxSimCalls: 16,
    ExtensionsRegistered: input.systemExtensionUnregistered ? 20 : 21,
    ExtensionsTotal: 24,
    Ip: '203.0.113.10 Static',
    IpV4: '203.0.113.10',
    IpV6: '',
    LocalIpValid: input.localIpValid,
    CurrentLocalIp: input.currentLocalIp,
    AvailableLocalIps: input.availableLocalIps,
    HasUnregisteredSystemExtensions: input.systemExtensionUnregistered === true,
    HasNotRunningServices: input.services.some((s) => s.Status !== 'Running'),
    TrunksRegistered: online,
    TrunksTotal: input.trunks.length,
    CallsActive: input.callsActive,
    BlacklistedIpCount: 3,
    DiskUsage: 31,
    FreeDiskSpace: 40802189312,
    TotalDiskSpace: 59129106432,
    FreeVirtualMemory: 2147483648,
    TotalVirtualMemory: 4294967296,
    FreePhysicalMemory: 1073741824,
    TotalPhysicalMemory: 4294967296,
    CpuUsage: 4,
    MaintenanceExpiresAt: '2027-03-01T12:00:00+00:00',
    ExpirationDate: null,
    LicenseActive: true,
    BackupScheduled: true,
    LastBackupDateTime: dotNetWithOffset(new Date(input.now.getTime() - 25 * 3600_000), 60),
    OutboundRules: 4,
    ProductCode: '3CXPSPROF',
    OS: 'Linux',
    RecordingUsedSpace: 1048576,
    RecordingQuota: 10737418240,
    RecordingQuotaReached: false,
    RecordingStopped: false,
    VoicemailStopped: false,
    VoicemailQuotaReached: false,
    DBMaintenanceInProgress: false,
    AutoUpdateEnabled: true,
    LastCheckForUpdates: dotNetUtc(new Date(input.now.getTime() - 6 * 3600_000)),
    LastSuccessfulUpdate: dotNetUtc(new Date(input.now.getTime() - 9 * 86400_000)),
    RemoteStorageStatus: 'Ok',
    LogUsedSpace: 52428800,
    ChatUsedSpace: 1048576,
    IsAuditLogEnabled: true,
  }
}

/** The login answer of POST /webclient/api/Login/GetAccessToken. */
export function v20LoginSuccess(accessToken: string, refreshToken: string): Record<string, unknown> {
  return {Status: 'AuthSuccess', Token: {token_type: 'Bearer', expires_in: 60, access_token: accessToken, refresh_token: refreshToken}, TwoFactorAuth: null}
}

/** Wrong user or password [unknown in VERSIONS.md: decided, see the fixture README]. */
export const V20_LOGIN_FAILED = {Status: 'AuthFailed', Token: null, TwoFactorAuth: null}

/** An account with two-factor authentication and no SecurityCode [unknown in VERSIONS.md: decided]. */
export const V20_LOGIN_TWO_FACTOR = {Status: 'TwoFactorAuthRequired', Token: null, TwoFactorAuth: {Type: 'Totp', Required: true}}

/** An OAuth token answer of POST /connect/token (expires_in in seconds). */
export function oauthToken(accessToken: string, expiresInSeconds: number, refreshToken?: string): Record<string, unknown> {
  return {token_type: 'Bearer', expires_in: expiresInSeconds, access_token: accessToken, ...(refreshToken ? {refresh_token: refreshToken} : {})}
}
