/**
 * The worker a plugin module runs in (one worker per module). It imports the module, sends the
 * data of its well-formed checks to the main thread, then runs a check when asked, with its own
 * RunContext (the run's settings; sources opened here). Secrets its sources learn are sent back
 * with each reply so the run's redaction covers them.
 */
import {register} from 'node:module'
import {parentPort, workerData} from 'node:worker_threads'
import type {CheckDefinition, CheckOptions, CheckOutcome} from '../engine/check.js'
import {RunContext} from '../engine/context.js'
import {errorMessage, isSourceUnavailable} from '../engine/errors.js'
import {SecretRegistry} from '../engine/secrets.js'
import {exportedChecks} from './exported-checks.js'
import type {FromWorker, ThrownError, ToWorker, WorkerData} from './protocol.js'

/** A registry that remembers what was added since it was last asked, to send it on. */
class ForwardingSecrets extends SecretRegistry {
  private fresh: string[] = []

  override add(value: unknown): void {
    if (typeof value === 'string' && value.trim() !== '') this.fresh.push(value)
    super.add(value)
  }

  takeFresh(): string[] {
    const taken = this.fresh
    this.fresh = []
    return taken
  }
}

const port = parentPort
if (!port) throw new Error('plugin-worker runs only as a worker thread')
const data = workerData as WorkerData
const send = (message: FromWorker): void => port.postMessage(message)

const secrets = new ForwardingSecrets()
const optionsById = new Map<string, CheckOptions>()
const ctx = new RunContext(data.settings, {secrets, checkOptions: optionsById})
const checks = new Map<string, CheckDefinition>()
const running = new Map<number, AbortController>()

function thrown(error: unknown): ThrownError {
  const stack = error instanceof Error && typeof error.stack === 'string' ? error.stack : undefined
  return {
    message: errorMessage(error),
    ...(stack ? {stack} : {}),
    ...(isSourceUnavailable(error) ? {unavailable: {source: String(error.source), tried: Array.isArray(error.tried) ? error.tried.map(String) : []}} : {}),
  }
}

async function runCheck(runId: number, checkId: string, options: CheckOptions, nowOffsetMs: number): Promise<void> {
  const check = checks.get(checkId)
  const controller = new AbortController()
  running.set(runId, controller)
  try {
    if (!check) throw new Error(`no check ${checkId} in this plugin`)
    optionsById.set(checkId, Object.freeze({...options}))
    const checkCtx = {...ctx.forCheck(checkId, controller.signal, check.options?.defaults), now: () => new Date(Date.now() + nowOffsetMs)}
    const reason = await check.appliesTo?.(checkCtx)
    const outcome: CheckOutcome = typeof reason === 'string' ? {status: 'skip', summary: `Not applicable: ${reason}`} : await check.run(checkCtx)
    try {
      send({type: 'outcome', runId, outcome, secrets: secrets.takeFresh()})
    } catch {
      send({type: 'thrown', runId, error: {message: 'the check returned a result that is not plain data (it must be {status, summary, details?, evidence?, tables?})'}, secrets: secrets.takeFresh()})
    }
  } catch (error) {
    send({type: 'thrown', runId, error: thrown(error), secrets: secrets.takeFresh()})
  } finally {
    running.delete(runId)
  }
}

port.on('message', (message: ToWorker) => {
  if (message.type === 'run') void runCheck(message.runId, message.checkId, message.options, message.nowOffsetMs)
  else if (message.type === 'abort') running.get(message.runId)?.abort(new Error('the check was stopped (time limit)'))
  else if (message.type === 'close') {
    void ctx.close().finally(() => {
      send({type: 'closed'})
      port.close()
    })
  }
})

/** True for the failure to resolve `import ... from 'tcx-doctor'` (at link time: none of the module ran). */
function isApiNotFound(error: unknown): boolean {
  const e = error as {code?: unknown; message?: unknown}
  return e?.code === 'ERR_MODULE_NOT_FOUND' && typeof e.message === 'string' && e.message.includes("'tcx-doctor'")
}

/**
 * Imports the plugin. When it imports `tcx-doctor` and has no copy of its own next to it, the
 * resolution hooks (api-hooks.ts: `tcx-doctor` is the running package) are registered and it is
 * imported again. They are registered only then: each registration starts a loader thread.
 */
async function importPlugin(url: string): Promise<Record<string, unknown>> {
  try {
    return (await import(url)) as Record<string, unknown>
  } catch (error) {
    if (!isApiNotFound(error)) throw error
  }
  register(new URL('./api-hooks.js', import.meta.url))
  const again = new URL(url)
  again.searchParams.set('tcx-doctor-api', '1')
  return (await import(again.href)) as Record<string, unknown>
}

let mod: Record<string, unknown> | undefined
try {
  mod = await importPlugin(data.url)
} catch (error) {
  send({type: 'load-failed', message: errorMessage(error)})
}
if (mod) {
  const found = exportedChecks(mod, data.label, {maxChecks: data.maxChecks, maxDefinitionBytes: data.maxDefinitionBytes})
  for (const check of found.checks) checks.set(check.id, check)
  send({type: 'loaded', descriptors: found.descriptors, problems: found.problems})
}
