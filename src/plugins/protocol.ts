/** The messages between the main thread and a plugin worker (structured-clone data only). */
import type {Settings} from '../config/settings.js'
import type {CheckOptions, CheckOutcome} from '../engine/check.js'
import type {CheckDescriptor} from './exported-checks.js'

export interface WorkerData {
  /** The plugin as named in problem lines (its path or package name). */
  label: string
  /** What to import: a file URL. */
  url: string
  settings: Settings
  maxChecks: number
  maxDefinitionBytes: number
}

/** A throw from a plugin check, rebuilt in the main thread (a source unavailable becomes `skip`). */
export interface ThrownError {
  message: string
  stack?: string
  unavailable?: {source: string; tried: string[]}
}

export type ToWorker =
  /** `nowOffsetMs`: the run's clock (`ctx.now()`) minus this machine's, so the check sees the run's time. */
  | {type: 'run'; runId: number; checkId: string; options: CheckOptions; nowOffsetMs: number}
  | {type: 'abort'; runId: number}
  | {type: 'close'}

export type FromWorker =
  | {type: 'loaded'; descriptors: CheckDescriptor[]; problems: string[]}
  | {type: 'load-failed'; message: string}
  | {type: 'outcome'; runId: number; outcome: CheckOutcome; secrets: string[]}
  | {type: 'thrown'; runId: number; error: ThrownError; secrets: string[]}
  | {type: 'closed'}
