/**
 * One diagnosis: select the checks, run them against a fresh context, apply
 * waivers, and build the report (redacted). Used by `run`; the pieces are
 * exported for tests and embedding. `withRun()` is the lifecycle that `run`
 * (through `diagnose`) and `info` share.
 */
import {hostname} from 'node:os'
import {matchesCheckPattern, withSuggestion} from '../config/check-patterns.js'
import type {Settings} from '../config/settings.js'
import {loadPlugins} from '../plugins/load-plugins.js'
import {installSource} from '../sources/install/index.js'
import {versionForReport} from '../sources/version/index.js'
import {consoleGlanceForReport} from '../sources/console/index.js'
import type {Check, CheckOptions} from './check.js'
import {resolveCheckOptions} from './check-options.js'
import {RunContext} from './context.js'
import {UsageError} from './errors.js'
import {exitCodeFor} from './exit-code.js'
import {summarize, verdictOf, SCHEMA_VERSION, type Notice, type Report, type Target} from './report.js'
import type {CheckResult} from './result.js'
import {runChecks} from './runner.js'
import {registerSecretsIn, SecretRegistry} from './secrets.js'
import {applyWaivers, waiverProblems} from './waivers.js'
import {toolVersion} from './version.js'

/** A live environment for the run (the demo's sample PBX): its settings replace the run's until `stop()`. */
export interface RunEnvironment {
  settings: Settings
  stop(): Promise<void>
}

export interface RunOptions {
  /** The command's registry, so its own error lines are redacted with everything the run learnt. */
  secrets?: SecretRegistry
  now?: () => Date
  /** Per-check options (validated, merged with defaults) by check id. */
  checkOptions?: ReadonlyMap<string, CheckOptions>
  /** Starts the demo's live parts when `settings.demo` is set (the commands pass `startDemo`). */
  startDemo?: (settings: Settings) => Promise<RunEnvironment>
}

export interface DiagnoseOptions extends Omit<RunOptions, 'checkOptions'> {
  builtins: readonly Check[]
  onResult?: (result: CheckResult) => void
}

/**
 * One run's lifecycle: the settings' secrets registered, the demo started (with `settings.demo`),
 * a RunContext for the body, then every opened source closed and the demo stopped (also after a
 * throw), and the body's result redacted with every secret the run learnt.
 */
export async function withRun<T>(settings: Settings, options: RunOptions, body: (ctx: RunContext) => Promise<T>): Promise<T> {
  const secrets = options.secrets ?? new SecretRegistry()
  registerSettingSecrets(secrets, settings)
  const demo = settings.demo && options.startDemo ? await options.startDemo(settings) : undefined
  try {
    const runSettings = demo?.settings ?? settings
    const ctx = new RunContext(runSettings, {secrets, ...(options.checkOptions ? {checkOptions: options.checkOptions} : {}), ...(options.now ? {now: options.now} : {})})
    try {
      return secrets.redactDeep(await body(ctx))
    } finally {
      await ctx.close()
    }
  } finally {
    await demo?.stop()
  }
}

/** Every secret the user gave (passwords in flags, config, URLs) is registered before anything runs. */
export const registerSettingSecrets = registerSecretsIn

/** The checks to run: built-ins and plugins, filtered by --only/--skip. Unknown ids in --only are a usage error. */
export function selectChecks(all: readonly Check[], settings: Settings, notices: Notice[]): Check[] {
  const matches = matchesCheckPattern
  const unknownOnly = settings.only.filter((p) => !all.some((c) => matches(p, c.id)))
  if (unknownOnly.length > 0) {
    const ids = all.map((c) => c.id)
    throw new UsageError(`--only names unknown check ${unknownOnly.map((p) => withSuggestion(p, ids)).join(', ')}; \`tcx-doctor list\` shows the ids`)
  }
  for (const p of settings.skip.filter((p) => !all.some((c) => matches(p, c.id)))) {
    notices.push({level: 'warning', message: `--skip names unknown check ${withSuggestion(p, all.map((c) => c.id))} (ignored); \`tcx-doctor list\` shows the ids`})
  }
  return all.filter((c) => (settings.only.length === 0 || settings.only.some((p) => matches(p, c.id))) && !settings.skip.some((p) => matches(p, c.id)))
}

export async function targetOf(ctx: RunContext): Promise<Target> {
  const target: Target = {hostname: hostname(), ...(ctx.settings.configFile ? {configFile: ctx.settings.configFile} : {})}
  try {
    const install = await ctx.use(installSource)
    Object.assign(target, {
      installDir: install.root,
      layout: install.layout,
      platform: install.platform,
      platformFrom: install.platformFrom,
      installLayout: {id: install.installLayout.id, reason: install.installLayout.reason},
      iniFile: install.ini.path,
      ...(install.dataDir ? {dataDir: install.dataDir} : {}),
    })
    if (install.tried.length > 1 || !ctx.settings.installDir) target.triedInstallDirs = install.tried
  } catch (error) {
    const tried = (error as {tried?: string[]}).tried
    if (Array.isArray(tried)) target.triedInstallDirs = tried
  }
  const version = await versionForReport(ctx)
  if (version.ok) {
    const v = version.value
    target.version = {text: v.version.text, major: v.version.major, minor: v.version.minor, build: v.version.build, from: v.from, ...(v.disagreement ? {disagreement: v.disagreement} : {})}
  } else {
    target.versionUnknown = version.reason
  }
  const glance = await consoleGlanceForReport(ctx)
  if (glance.ok) target.glance = glance.value
  else target.glanceUnknown = glance.reason
  return target
}

export async function diagnose(settings: Settings, options: DiagnoseOptions): Promise<Report> {
  const now = options.now ?? (() => new Date())
  const startedAt = now()
  const started = performance.now()
  const notices: Notice[] = []
  const plugins = await loadPlugins(settings.checksDirs, settings.plugins, settings.cwd, new Set(options.builtins.map((c) => c.id)), settings)
  const pluginsMs = performance.now() - started
  const all = [...options.builtins, ...plugins.checks]
  const ids = all.map((c) => c.id)
  try {
    const checkOptions = resolveCheckOptions(all, settings.checkOptions)
    const configProblems = [...checkOptions.problems, ...waiverProblems(settings.waivers, ids)]
    if (configProblems.length > 0) throw new UsageError(`config file${settings.configFile ? ` ${settings.configFile}` : ''}: ${configProblems.join('; ')}`)
    return await withRun(settings, {...options, now, checkOptions: checkOptions.byId}, async (ctx) => {
      // The run's duration counts loading the plugins, the checks and the report, not the demo's start-up.
      const bodyStarted = performance.now()
      const settings = ctx.settings
      const checks = selectChecks(all, settings, notices)
      // Live results are shown before the report is built: redact each one on its way out too.
      const onResult = options.onResult ? (result: CheckResult) => options.onResult?.(ctx.secrets.redactDeep(result)) : undefined
      let results = await runChecks(checks, ctx, {timeoutMs: settings.timeoutMs, debug: settings.debug, ...(onResult ? {onResult} : {})})
      const pluginResult = await plugins.close()
      if (pluginResult) {
        onResult?.(pluginResult)
        results = [...results, pluginResult]
        for (const problem of pluginResult.details) notices.push({level: 'error', message: problem})
      }
      results = applyWaivers(results, settings.waivers, now())
      // The verdict judges the sources the checks asked for, before the report's own look at the install.
      const checkedSources = await ctx.sourceReports()
      const target = await targetOf(ctx)
      const sources = await ctx.sourceReports()
      const verdict = verdictOf(results, checkedSources, {sources: settings.require, checks: settings.requireChecks, knownIds: ids}, ctx.neededSources())
      return {
        schemaVersion: SCHEMA_VERSION,
        tool: {name: 'tcx-doctor', version: toolVersion()},
        startedAt: startedAt.toISOString(),
        durationMs: Math.round(pluginsMs + performance.now() - bodyStarted),
        target,
        sources,
        summary: summarize(results),
        verdict,
        results,
        notices,
        exitCode: exitCodeFor(results, settings.failOn, verdict),
        failOn: settings.failOn,
      } satisfies Report
    })
  } finally {
    await plugins.close()
  }
}
