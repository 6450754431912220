/**
 * Loads third-party checks. Each plugin module is imported in a worker thread of its own
 * (src/plugins/plugin-worker.ts) with a memory limit and its stdout/stderr captured; its checks
 * run there too. In the main thread each plugin check is a proxy Check with the same data whose
 * `run` asks the worker. A plugin that exits, hangs while importing, prints, exports too many
 * checks or runs out of memory becomes a problem line, and the run goes on without it.
 *
 * Nothing here throws: every problem becomes one line of the `plugins.load` result.
 */
import type {Settings} from '../config/settings.js'
import {defaultSettings} from '../config/settings.js'
import type {Check, CheckOutcome} from '../engine/check.js'
import type {CheckResult} from '../engine/result.js'
import {acceptChecks, type CheckDescriptor} from './exported-checks.js'
import {PLUGIN_LIMITS} from './limits.js'
import {PluginHost} from './plugin-host.js'
import {pluginModules} from './plugin-files.js'

export interface LoadedPlugins {
  checks: Check[]
  /** One line per problem; lines about a plugin dying or printing while its checks ran are added as they happen. */
  problems: string[]
  /**
   * Ends every plugin worker (their sources closed first, bounded) and returns the `plugins.load`
   * result, or undefined when no plugin had a problem. Safe to call more than once.
   */
  close(): Promise<CheckResult | undefined>
}

function proxyCheck(host: PluginHost, d: CheckDescriptor): Check {
  return Object.freeze({
    ...d,
    run: (ctx): Promise<CheckOutcome> => host.run(d.id, ctx.options, ctx.signal, ctx.secrets, ctx.now()),
  } satisfies Check)
}

/** The settings a worker gets: the run's, as plain data (no functions, nothing that cannot be cloned). */
function plainSettings(settings: Settings | undefined, cwd: string): Settings {
  return structuredClone(settings ?? defaultSettings(cwd))
}

export async function loadPlugins(checksDirs: string[], plugins: string[], cwd: string, takenIds: Set<string>, settings?: Settings): Promise<LoadedPlugins> {
  const {modules, problems} = await pluginModules(checksDirs, plugins, cwd)
  const checks: Check[] = []
  const hosts: PluginHost[] = []
  const taken = new Set(takenIds)
  const shared = plainSettings(settings, cwd)
  // Every worker starts at once (a slow import delays no other); their checks join in module order.
  const started = modules.map(({label, url}) => {
    const host = new PluginHost(label, url, shared, PLUGIN_LIMITS.checksPerPlugin)
    hosts.push(host)
    return {label, host, loaded: host.load()}
  })
  for (const {label, host, loaded: loading} of started) {
    const loaded = await loading
    if (!loaded.ok) {
      problems.push(loaded.problem)
      continue
    }
    problems.push(...loaded.problems)
    const {accepted, problems: refused} = acceptChecks(label, loaded.descriptors, taken, PLUGIN_LIMITS.checksInTotal - checks.length)
    problems.push(...refused)
    if (accepted.length === 0) {
      void host.close()
      continue
    }
    checks.push(...accepted.map((d) => proxyCheck(host, d)))
    host.onDeath = (reason) => problems.push(`plugin ${label} ${reason}; its checks that had not finished are errors`)
  }
  let closed: Promise<CheckResult | undefined> | undefined
  const close = (): Promise<CheckResult | undefined> =>
    (closed ??= (async () => {
      await Promise.all(hosts.map((host) => host.close()))
      for (const host of hosts) problems.push(...host.outputProblems())
      return problems.length > 0 ? loadResult(problems, checksDirs, plugins) : undefined
    })())
  return {checks, problems, close}
}

function loadResult(problems: string[], checksDirs: string[], plugins: string[]): CheckResult {
  return {
    id: 'plugins.load',
    title: 'Third-party checks load',
    category: 'plugins',
    severity: 'major',
    status: 'error',
    summary: `${problems.length} plugin problem(s): some third-party checks did not run.`,
    details: [...problems],
    evidence: {checksDirs, plugins},
    tables: [], measurements: [],
    remediation: 'Fix or remove the plugins named above (see docs/PLUGINS.md); the other checks ran normally.',
    durationMs: 0,
  }
}
