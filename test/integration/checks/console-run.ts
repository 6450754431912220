/**
 * Runs built-in checks against the v15.5 or the v20 console simulator through the real
 * console source (HTTP on 127.0.0.1, login, GETs), the way `tcx-doctor run` does.
 */
import {afterEach} from 'vitest'
import type {Check} from '../../../src/engine/check.js'
import {defaultSettings, type Settings} from '../../../src/config/settings.js'
import {resolveCheckOptions} from '../../../src/engine/check-options.js'
import {RunContext} from '../../../src/engine/context.js'
import type {CheckResult} from '../../../src/engine/result.js'
import {runChecks} from '../../../src/engine/runner.js'
import {DEFAULT_CONSOLE_PASSWORD, startConsoleSimulator, type ConsoleSimulator, type ConsoleSimulatorOptions} from '../../../src/demo/console-simulator.js'
import {startConsoleSimulatorV20, type ConsoleSimulatorV20, type ConsoleSimulatorV20Options} from '../../../src/demo/console-simulator-v20.js'

const running: Array<{stop(): Promise<void>}> = []

/** Stops the simulators a test started (call once per file). */
export function stopSimulatorsAfterEach(): void {
  afterEach(async () => {
    await Promise.all(running.splice(0).map((s) => s.stop()))
  })
}

export async function v15Simulator(options: ConsoleSimulatorOptions): Promise<ConsoleSimulator> {
  const sim = await startConsoleSimulator({localIp: '127.0.0.1', ...options})
  running.push(sim)
  return sim
}

export async function v20Simulator(options: ConsoleSimulatorV20Options): Promise<ConsoleSimulatorV20> {
  const sim = await startConsoleSimulatorV20({localIp: '127.0.0.1', ...options})
  running.push(sim)
  return sim
}

/** Runs the checks against a running simulator; `options` are the config's `checks` entries. */
export async function runAgainst(checks: Check[], sim: {url: string}, options: Record<string, Record<string, unknown>> = {}, extra: Partial<Settings> = {}): Promise<CheckResult[]> {
  const settings: Settings = {...defaultSettings('/'), consoleUrl: sim.url, consoleUser: 'admin', consolePassword: DEFAULT_CONSOLE_PASSWORD, checkOptions: options, ...extra}
  const resolved = resolveCheckOptions(checks, settings.checkOptions)
  if (resolved.problems.length > 0) throw new Error(resolved.problems.join('; '))
  const ctx = new RunContext(settings, {checkOptions: resolved.byId})
  try {
    return await runChecks(checks, ctx, {timeoutMs: 20_000})
  } finally {
    await ctx.close()
  }
}
