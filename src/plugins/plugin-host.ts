/**
 * The main thread's side of one plugin worker: starts it, waits (a bounded time) for the module to
 * import, asks it to run checks, and says in one line how it ended if it ended on its own
 * (`process.exit()`, out of memory, an uncaught throw). What the plugin writes to stdout and
 * stderr is captured here and never reaches the run's own output.
 */
import {Worker} from 'node:worker_threads'
import type {Settings} from '../config/settings.js'
import type {CheckOptions, CheckOutcome} from '../engine/check.js'
import {SourceUnavailableError, errorMessage} from '../engine/errors.js'
import type {SecretRegistry} from '../engine/secrets.js'
import {inertLine, truncate} from '../lib/format.js'
import {CapturedOutput} from './captured-output.js'
import type {CheckDescriptor} from './exported-checks.js'
import {PLUGIN_LIMITS} from './limits.js'
import type {FromWorker, ThrownError, ToWorker, WorkerData} from './protocol.js'

const WORKER_URL = new URL('./plugin-worker.js', import.meta.url)

export type LoadOutcome = {ok: true; descriptors: CheckDescriptor[]; problems: string[]} | {ok: false; problem: string}

interface Pending {
  resolve(outcome: CheckOutcome): void
  reject(error: Error): void
  secrets: SecretRegistry
}

export class PluginHost {
  private readonly worker: Worker
  private readonly pending = new Map<number, Pending>()
  private readonly stdout = new CapturedOutput(PLUGIN_LIMITS.outputShownChars)
  private readonly stderr = new CapturedOutput(PLUGIN_LIMITS.outputShownChars)
  private nextRunId = 1
  /** How the worker ended on its own, once it has. */
  private death: string | undefined
  private closing = false
  private closed: Promise<void> | undefined
  private readonly exited: Promise<void>
  private onLoad: ((outcome: LoadOutcome) => void) | undefined
  private onClosed: (() => void) | undefined
  /** Called once when the worker ends on its own after loading, with the one-line reason. */
  onDeath: ((reason: string) => void) | undefined

  constructor(
    readonly label: string,
    url: string,
    settings: Settings,
    maxChecks: number,
  ) {
    const data: WorkerData = {label, url, settings, maxChecks, maxDefinitionBytes: PLUGIN_LIMITS.definitionBytes}
    this.worker = new Worker(WORKER_URL, {
      workerData: data,
      stdout: true,
      stderr: true,
      resourceLimits: {maxOldGenerationSizeMb: PLUGIN_LIMITS.memoryMb},
    })
    this.worker.stdout.on('data', (chunk: Buffer) => this.stdout.add(chunk))
    this.worker.stderr.on('data', (chunk: Buffer) => this.stderr.add(chunk))
    this.worker.on('message', (message: FromWorker) => this.received(message))
    this.worker.on('error', (error: Error & {code?: string}) => {
      this.died(
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? `ran out of memory (limit ${PLUGIN_LIMITS.memoryMb} MB)`
          : `threw outside any check: ${truncate(inertLine(errorMessage(error)), 300)}`,
      )
    })
    this.exited = new Promise((resolve) => {
      this.worker.on('exit', (code) => {
        this.died(`ended the worker (process.exit(${code}))`)
        resolve()
      })
    })
  }

  /** Waits for the module to import (at most the import limit; a timer that keeps the run alive). */
  load(): Promise<LoadOutcome> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.death = `did not load within ${PLUGIN_LIMITS.importMs / 1000} s (a top-level await that never settles?)`
        void this.worker.terminate()
        settle({ok: false, problem: `plugin ${this.label} could not be loaded: plugin ${this.label} ${this.death}`})
      }, PLUGIN_LIMITS.importMs)
      const settle = (outcome: LoadOutcome): void => {
        clearTimeout(timer)
        this.onLoad = undefined
        if (outcome.ok) this.worker.unref()
        else void this.worker.terminate()
        resolve(outcome)
      }
      this.onLoad = settle
    })
  }

  /** Runs one of the plugin's checks in the worker; `signal` aborting stops it there too. */
  run(checkId: string, options: CheckOptions, signal: AbortSignal, secrets: SecretRegistry, now: Date): Promise<CheckOutcome> {
    if (this.death) return Promise.reject(new Error(`plugin ${this.label} ${this.death}`))
    const runId = this.nextRunId++
    return new Promise<CheckOutcome>((resolve, reject) => {
      const stop = (): void => {
        this.post({type: 'abort', runId})
        this.pending.delete(runId)
        reject(signal.reason instanceof Error ? signal.reason : new Error('the check was stopped'))
      }
      if (signal.aborted) return stop()
      signal.addEventListener('abort', stop, {once: true})
      const done = <T>(f: (value: T) => void) => (value: T) => {
        signal.removeEventListener('abort', stop)
        this.pending.delete(runId)
        f(value)
      }
      this.pending.set(runId, {resolve: done(resolve), reject: done(reject), secrets})
      this.worker.ref()
      this.post({type: 'run', runId, checkId, options, nowOffsetMs: now.getTime() - Date.now()})
    }).finally(() => {
      if (this.pending.size === 0) this.worker.unref()
    })
  }

  /** Lets the worker close its sources (bounded), then stops it. Once: later calls wait for the first. */
  close(): Promise<void> {
    this.closed ??= this.closeOnce()
    return this.closed
  }

  private async closeOnce(): Promise<void> {
    this.closing = true
    if (!this.death) {
      this.worker.ref()
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, PLUGIN_LIMITS.closeMs)
        this.onClosed = () => {
          clearTimeout(timer)
          resolve()
        }
        this.post({type: 'close'})
        void this.exited.then(() => {
          clearTimeout(timer)
          resolve()
        })
      })
    }
    await this.worker.terminate()
    await this.exited
    // What the plugin wrote last may still be on its way: wait (briefly) for both streams to end.
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 1_000)
      void Promise.all([streamEnded(this.worker.stdout), streamEnded(this.worker.stderr)]).then(() => {
        clearTimeout(timer)
        resolve()
      })
    })
  }

  /** Lines about what the plugin wrote (a plugin must not print; its output is never shown as the run's). */
  outputProblems(): string[] {
    const lines: string[] = []
    for (const [name, captured] of [['stdout', this.stdout], ['stderr', this.stderr]] as const) {
      const shown = captured.shown()
      if (shown !== undefined) lines.push(`plugin ${this.label} wrote to ${name} (a plugin must not print; return what it found instead): ${shown}`)
    }
    return lines
  }

  private post(message: ToWorker): void {
    try {
      this.worker.postMessage(message)
    } catch {
      // the worker is gone: its death is reported by the exit handler
    }
  }

  private received(message: FromWorker): void {
    switch (message.type) {
      case 'loaded':
        this.onLoad?.({ok: true, descriptors: message.descriptors, problems: message.problems})
        return
      case 'load-failed':
        this.onLoad?.({ok: false, problem: `plugin ${this.label} could not be loaded: ${truncate(inertLine(message.message), 500)}`})
        return
      case 'closed':
        this.onClosed?.()
        return
      case 'outcome':
      case 'thrown': {
        const pending = this.pending.get(message.runId)
        if (!pending) return
        for (const secret of message.secrets) pending.secrets.add(secret)
        if (message.type === 'outcome') pending.resolve(message.outcome)
        else pending.reject(rebuilt(message.error))
      }
    }
  }

  private died(reason: string): void {
    if (this.death || this.closing) return
    this.death = reason
    if (this.onLoad) {
      this.onLoad({ok: false, problem: `plugin ${this.label} could not be loaded: it ${reason} while being imported`})
      return
    }
    const error = new Error(`plugin ${this.label} ${reason}`)
    for (const pending of [...this.pending.values()]) pending.reject(error)
    this.onDeath?.(reason)
  }
}

function streamEnded(stream: NodeJS.ReadableStream & {readableEnded?: boolean; destroyed?: boolean}): Promise<void> {
  if (stream.readableEnded || stream.destroyed) return Promise.resolve()
  return new Promise((resolve) => {
    stream.once('end', () => resolve())
    stream.once('close', () => resolve())
  })
}

function rebuilt(thrown: ThrownError): Error {
  if (thrown.unavailable) return new SourceUnavailableError(thrown.unavailable.source, thrown.message, thrown.unavailable.tried)
  const error = new Error(thrown.message)
  if (thrown.stack) error.stack = thrown.stack
  return error
}
