/**
 * The built-in checks, in report order. Each lives in its own file under its
 * category folder and uses only the public check API (src/index.ts).
 */
import type {Check} from '../src/engine/check.js'
import apiStaleFiles from './api/stale-files.js'
import buildSipDialogSetId from './build/sip-dialog-set-id.js'
import installIniComplete from './install/ini-complete.js'
import networkConsoleReachable from './network/console-reachable.js'
import networkIpChanged from './network/ip-changed.js'
import networkMultipleNics from './network/multiple-nics.js'
import pbxBackup from './pbx/backup.js'
import pbxCallCapacity from './pbx/call-capacity.js'
import pbxDisk from './pbx/disk.js'
import pbxExtensionsRegistered from './pbx/extensions-registered.js'
import pbxLicence from './pbx/licence.js'
import pbxServices from './pbx/services.js'
import pbxStuckCalls from './pbx/stuck-calls.js'
import pbxUpdates from './pbx/updates.js'
import recordingsNonWavFiles from './recordings/non-wav-files.js'
import recordingsVoicemailUrl from './recordings/voicemail-url.js'
import routingOutboundRules from './routing/outbound-rules.js'
import securityAuditLog from './security/audit-log.js'
import securityBlocklist from './security/blocklist.js'
import securityConsoleCertificate from './security/console-certificate.js'
import sipLocalhostClients from './sip/localhost-clients.js'
import timeClockDrift from './time/clock-drift.js'
import timeIvrTimeouts from './time/ivr-timeouts.js'
import timePbxClockSkew from './time/pbx-clock-skew.js'
import timeTimezoneMismatch from './time/timezone-mismatch.js'
import trunkLoopbackRegistration from './trunk/loopback-registration.js'
import trunkRegistration from './trunk/registration.js'

export const builtinChecks: readonly Check[] = [
  // The field report's pitfalls.
  installIniComplete,
  networkMultipleNics,
  networkIpChanged,
  networkConsoleReachable,
  apiStaleFiles,
  buildSipDialogSetId,
  timeTimezoneMismatch,
  timeClockDrift,
  timePbxClockSkew,
  timeIvrTimeouts,
  trunkLoopbackRegistration,
  // Everyday health.
  trunkRegistration,
  pbxExtensionsRegistered,
  pbxServices,
  pbxBackup,
  pbxLicence,
  pbxUpdates,
  pbxDisk,
  pbxCallCapacity,
  pbxStuckCalls,
  securityBlocklist,
  securityAuditLog,
  securityConsoleCertificate,
  // The report's further pitfalls.
  sipLocalhostClients,
  routingOutboundRules,
  recordingsVoicemailUrl,
  recordingsNonWavFiles,
]
