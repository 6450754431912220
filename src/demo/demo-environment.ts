/**
 * The bundled sample PBX (examples/sample-pbx): a Windows-layout install tree.
 * `run --demo` and `info --demo` point the settings at it and, when the sample's
 * live parts exist, start them for the run and stop them after.
 */
import {join} from 'node:path'
import type {Settings} from '../config/settings.js'
import type {RunEnvironment} from '../engine/diagnose.js'
import {packageRoot} from '../engine/version.js'
import {startSntpResponder} from './sntp-responder.js'
import {startSampleLive} from './sample-live.js'

/** The demo's settings and how to stop its live parts: what `withRun` takes as `startDemo`. */
export type DemoEnvironment = RunEnvironment

export function sampleInstallDir(): string {
  return join(packageRoot(), 'examples', 'sample-pbx', '3CX Phone System')
}

export function sampleAppDir(): string {
  return join(packageRoot(), 'examples', 'sample-pbx', 'CallControlApp')
}

export async function startDemo(settings: Settings): Promise<DemoEnvironment> {
  const demoSettings: Settings = {
    ...settings,
    installDir: sampleInstallDir(),
    appDirs: settings.appDirs.length > 0 ? settings.appDirs : [sampleAppDir()],
  }
  // The demo never asks a public NTP pool: a local SNTP responder (no offset) stands in for it.
  const sntp = await startSntpResponder()
  demoSettings.ntpServers = [sntp.spec]
  // The sample's PostgreSQL and console API simulator (src/demo/sample-live.ts).
  const live = await startSampleLive(demoSettings).catch(async (error: unknown) => {
    await sntp.stop()
    throw error
  })
  return {settings: demoSettings, stop: async () => void (await Promise.all([sntp.stop(), live.stop()]))}
}
