/**
 * Consoles for the health checks' table tests: the recorded v15.5 and v20 SystemStatus
 * bodies, and v16 / v18 shaped ones (VERSIONS.md: v16 adds FreeDiskSpace / TotalDiskSpace,
 * BackupScheduled and BlacklistedIpCount to what the v15.5 recording has; v18 adds
 * LicenseActive, IpV4, IpV6), each with changes. A change to `undefined` removes the field.
 */
import type {ConsoleApi, SystemStatus} from '../../../../src/sources/console/index.js'
import {consoleApi, recorded} from '../network/fakes.js'
import {v20FixtureConsole} from '../../sources/console/v20-fixture-console.js'

export type StatusChanges = Record<string, unknown>

/** The status with the changes applied; a change to undefined drops the field (as a build that does not send it). */
function applied(status: SystemStatus, changes: StatusChanges): SystemStatus {
  const merged: Record<string, unknown> = {...status, ...changes}
  for (const [key, value] of Object.entries(changes)) if (value === undefined) delete merged[key]
  return merged as SystemStatus
}

/** A v15.5 console: the recorded SystemStatus (no BackupScheduled, no byte counts, no BlacklistedIpCount). */
export const v15Console = (changes: StatusChanges = {}): ConsoleApi => {
  const api = consoleApi()
  return {...api, systemStatus: () => Promise.resolve(applied(recorded.systemStatus(), changes))}
}

/** A v16-shaped console (VERSIONS.md: the v15-v20 SystemStatus fields, no LicenseActive). */
export const v16Console = (changes: StatusChanges = {}): ConsoleApi =>
  v15Console({
    Version: '16.0.7.1078',
    BackupScheduled: true,
    BlacklistedIpCount: 12,
    FreeDiskSpace: 21474836480,
    TotalDiskSpace: 42949672960,
    ExpirationDate: null,
    ...changes,
  })

/** A v18-shaped console: v16's fields plus LicenseActive, IpV4, IpV6. */
export const v18Console = (changes: StatusChanges = {}): ConsoleApi =>
  v16Console({Version: '18.0.2.307', LicenseActive: true, IpV4: '203.0.113.10', IpV6: '', ...changes})

/** The recorded v20 console (SystemStatus of test/fixtures/pbx-sources/console-api-v20). */
export const v20Console = (changes: StatusChanges = {}): ConsoleApi => {
  const api = v20FixtureConsole()
  return {...api, systemStatus: async () => applied(await api.systemStatus(), changes)}
}
