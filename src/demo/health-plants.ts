/**
 * The problems the demos plant for the health checks (pbx.backup, pbx.licence,
 * pbx.updates, pbx.disk, security.blocklist, security.audit-log): SystemStatus
 * fields merged over what each simulator generates, computed from the demo's start.
 * The values stay consistent with the rest of the sample (no quota reached while
 * recordings are under it; a blocklist and no failed trunk that it would explain).
 */
import {dotNetUtc, dotNetWithOffset} from './console-simulator.js'

const DAY_MS = 86_400_000
const GIB = 1024 ** 3

/** v15.5 demo: the last backup 9 days old (server offset +01:00, as real ones carry), maintenance ending in 20 days. */
export function v15HealthPlants(now: Date): Record<string, unknown> {
  return {
    LastBackupDateTime: dotNetWithOffset(new Date(now.getTime() - 9 * DAY_MS), 60),
    MaintenanceExpiresAt: dotNetUtc(new Date(now.getTime() + 20 * DAY_MS)).replace('Z', '+00:00'),
  }
}

/** The v20 demo's recording quota and use: 92% of 10 GiB (above the 80% warning, below the quota). */
export const V20_RECORDING_QUOTA = 10 * GIB
export const V20_RECORDING_USED = Math.round(0.92 * V20_RECORDING_QUOTA)

/** v20 demo: automatic updates off and the last update 120 days old, the audit log off, recordings near their quota, 1240 blocked addresses. */
export function v20HealthPlants(now: Date): Record<string, unknown> {
  return {
    AutoUpdateEnabled: false,
    LastSuccessfulUpdate: dotNetUtc(new Date(now.getTime() - 120 * DAY_MS)),
    IsAuditLogEnabled: false,
    RecordingQuota: V20_RECORDING_QUOTA,
    RecordingUsedSpace: V20_RECORDING_USED,
    RecordingQuotaReached: false,
    RecordingStopped: false,
    BlacklistedIpCount: 1240,
  }
}
