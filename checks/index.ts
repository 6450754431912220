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
import timeClockDrift from './time/clock-drift.js'
import timeIvrTimeouts from './time/ivr-timeouts.js'
import timePbxClockSkew from './time/pbx-clock-skew.js'
import timeTimezoneMismatch from './time/timezone-mismatch.js'
import trunkLoopbackRegistration from './trunk/loopback-registration.js'
// Call capacity and stuck calls (issue 13).
import pbxCallCapacity from './pbx/call-capacity.js'
import pbxStuckCalls from './pbx/stuck-calls.js'

export const builtinChecks: readonly Check[] = [installIniComplete, networkMultipleNics, networkIpChanged, networkConsoleReachable, apiStaleFiles, buildSipDialogSetId, timeTimezoneMismatch, timeClockDrift, timePbxClockSkew, timeIvrTimeouts, trunkLoopbackRegistration, pbxCallCapacity, pbxStuckCalls]
