/**
 * The bundled sample PBXs: `run --demo` and `info --demo` point the settings at one
 * and, when the sample's live parts exist, start them for the run and stop them after.
 *  - v15 (`--demo`): examples/sample-pbx, a v15.5 Windows-layout install tree.
 *  - v20 (`--demo v20`): examples/sample-pbx-v20, a v20 Debian install tree (no Call
 *    Control API applications; its own data folder, so nothing of a real /var/lib/3cxpbx is read).
 *
 * With TCX_DOCTOR_DEMO_REQUEST_LOG=FILE the demo writes the requests its console simulator
 * saw (JSON: `[{method, path, status}]`) to FILE when it stops: how a test shows that
 * nothing but GET and the login reached the "PBX".
 */
import {writeFileSync} from 'node:fs'
import {basename, join} from 'node:path'
import type {Settings} from '../config/settings.js'
import type {RunEnvironment} from '../engine/diagnose.js'
import {packageRoot} from '../engine/version.js'
import {startSntpResponder} from './sntp-responder.js'
import {sampleV20InstallDir, startSampleLive, type SampleLive} from './sample-live.js'

/** The demo's settings and how to stop its live parts: what `withRun` takes as `startDemo`. */
export type DemoEnvironment = RunEnvironment

/** The environment variable naming the file the demo's console requests are written to. */
export const DEMO_REQUEST_LOG_ENV = 'TCX_DOCTOR_DEMO_REQUEST_LOG'

export function sampleInstallDir(): string {
  return join(packageRoot(), 'examples', 'sample-pbx', '3CX Phone System')
}

export function sampleAppDir(): string {
  return join(packageRoot(), 'examples', 'sample-pbx', 'CallControlApp')
}

/**
 * The one line for demo reports the working folder did not take (`failures`: the paths and
 * the lines of writeOutputs). The demo's files are a convenience: the report is still printed
 * and the verdict is the report's.
 */
export function demoReportsNotWritten(cwd: string, failures: ReadonlyArray<{path: string; line: string}>): string {
  const first = failures[0]
  const reason = first ? first.line.replace(`cannot write ${first.path}: `, '') : 'not writable'
  return `the demo's reports (${failures.map((f) => basename(f.path)).join(', ')}) were not written to ${cwd}: ${reason}; run the demo from a folder you may write to, or give --output FILE`
}

/** The settings of the sample the run asked for (`demoVersion`), over the user's. */
function sampleSettings(settings: Settings): Settings {
  if (settings.demoVersion === 'v20') {
    const installDir = sampleV20InstallDir()
    const {iniFile: _ini, ...rest} = settings
    return {...rest, installDir, dataDir: settings.dataDir ?? join(installDir, 'Instance1', 'Data')}
  }
  return {
    ...settings,
    installDir: sampleInstallDir(),
    appDirs: settings.appDirs.length > 0 ? settings.appDirs : [sampleAppDir()],
  }
}

function writeRequestLog(live: SampleLive): void {
  const file = process.env[DEMO_REQUEST_LOG_ENV]
  if (!file) return
  const requests = live.console.requests.map((r) => ({method: r.method, path: r.path, status: r.status}))
  writeFileSync(file, `${JSON.stringify(requests)}\n`)
}

export async function startDemo(settings: Settings): Promise<DemoEnvironment> {
  const demoSettings = sampleSettings(settings)
  // The demo never asks a public NTP pool: a local SNTP responder (no offset) stands in for it.
  const sntp = await startSntpResponder()
  demoSettings.ntpServers = [sntp.spec]
  // The sample's PostgreSQL and console API simulator (src/demo/sample-live.ts).
  const live = await startSampleLive(demoSettings, settings.demoVersion ?? 'v15').catch(async (error: unknown) => {
    await sntp.stop()
    throw error
  })
  return {
    settings: demoSettings,
    stop: async () => {
      writeRequestLog(live)
      await Promise.all([sntp.stop(), live.stop()])
    },
  }
}
