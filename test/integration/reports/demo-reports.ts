/**
 * The reports of both demo PBXes (`--demo`, the v15.5 Windows sample, and `--demo v20`), made in
 * this process the way `tcx-doctor run --demo` makes them: the sample database and console
 * simulators start, every built-in check runs against them, the simulators stop.
 */
import {builtinChecks} from '../../../checks/index.js'
import {resolveSettings} from '../../../src/config/resolve-settings.js'
import {startDemo} from '../../../src/demo/demo-environment.js'
import {diagnose} from '../../../src/engine/diagnose.js'
import type {Report} from '../../../src/engine/report.js'
import {SecretRegistry} from '../../../src/engine/secrets.js'

export type DemoName = 'v15' | 'v20'

export async function demoReport(version: DemoName): Promise<Report> {
  const settings = await resolveSettings({demo: true, 'demo-version': version})
  return diagnose(settings, {builtins: builtinChecks, secrets: new SecretRegistry(), startDemo})
}
