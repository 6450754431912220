/**
 * The run context: settings, secrets, and lazy, memoised sources.
 * A source is opened at most once per run, the first time a check asks for it;
 * its failure is remembered and given to every check that asks again.
 */
import type {Settings} from '../config/settings.js'
import {SourceUnavailableError, errorMessage, isSourceUnavailable} from './errors.js'
import {SecretRegistry} from './secrets.js'

export interface SourceContext {
  readonly settings: Settings
  readonly secrets: SecretRegistry
  /** Open another source (sources may build on each other: db reads the ini from install). */
  use<T>(source: SourceDefinition<T>): Promise<T>
  /** Record a fact shown in the report's `sources` entry (e.g. which account was used). */
  note(source: string, detail: string): void
}

export interface SourceDefinition<T> {
  /** Short stable name: install, db, console, host, clock, pe, ... */
  name: string
  open(ctx: SourceContext): Promise<T>
  /** Called once at the end of the run if the source was opened. */
  close?(value: T): Promise<void> | void
  /** One line for the report's `sources` entry when the source opened. */
  describe?(value: T): string
}

export type SourceStatus = 'ok' | 'unavailable' | 'not-used'

export interface SourceReport {
  name: string
  status: SourceStatus
  detail: string
}

interface SourceState {
  definition: SourceDefinition<unknown>
  promise: Promise<unknown>
  value?: unknown
  error?: unknown
  notes: string[]
}

export interface CheckContext {
  readonly settings: Settings
  readonly secrets: SecretRegistry
  /** The id of the running check. */
  readonly checkId: string
  /** Aborted when the check times out: pass it to anything that can be cancelled. */
  readonly signal: AbortSignal
  /** This check's options from the config file (`checks: {"<id>": {...}}`). */
  readonly options: Record<string, unknown>
  /** A numeric option with a default, validated. */
  numberOption(name: string, fallback: number): number
  use<T>(source: SourceDefinition<T>): Promise<T>
}

export class RunContext implements SourceContext {
  private readonly states = new Map<string, SourceState>()
  private readonly declared = new Set<string>()
  private readonly extraNotes = new Map<string, string[]>()

  constructor(
    readonly settings: Settings,
    readonly secrets: SecretRegistry = new SecretRegistry(),
  ) {}

  /** Names a source so the report lists it as `not-used` when no check asked for it. */
  declare(name: string): void {
    this.declared.add(name)
  }

  use<T>(source: SourceDefinition<T>): Promise<T> {
    // Keyed by name: a plugin bundling its own copy of this package shares the run's sources.
    let state = this.states.get(source.name)
    if (!state) {
      const created: SourceState = {definition: source as SourceDefinition<unknown>, promise: Promise.resolve(), notes: []}
      created.promise = source.open(this).then(
        (value) => {
          created.value = value
          return value
        },
        (error: unknown) => {
          created.error =
            isSourceUnavailable(error) ? error : new SourceUnavailableError(source.name, errorMessage(error))
          throw created.error
        },
      )
      // Nobody may be waiting yet; the failure is reported to each user, not as an unhandled rejection.
      created.promise.catch(() => {})
      state = created
      this.states.set(source.name, state)
    }
    return state.promise as Promise<T>
  }

  note(source: string, detail: string): void {
    const notes = this.extraNotes.get(source) ?? []
    notes.push(detail)
    this.extraNotes.set(source, notes)
  }

  forCheck(checkId: string, signal: AbortSignal): CheckContext {
    const options = this.settings.checkOptions[checkId] ?? {}
    return {
      settings: this.settings,
      secrets: this.secrets,
      checkId,
      signal,
      options,
      numberOption(name: string, fallback: number): number {
        const value = options[name]
        return typeof value === 'number' && Number.isFinite(value) ? value : fallback
      },
      use: <T>(source: SourceDefinition<T>) => this.use(source),
    }
  }

  /** Waits for every source that was opened, then says how each went. */
  async sourceReports(): Promise<SourceReport[]> {
    const names = new Set([...this.declared, ...this.states.keys(), ...this.extraNotes.keys()])
    const reports: SourceReport[] = []
    for (const name of [...names].sort()) {
      const state = this.states.get(name)
      const notes = this.extraNotes.get(name) ?? []
      if (!state) {
        reports.push({name, status: 'not-used', detail: notes.join('; ') || 'no check needed it'})
        continue
      }
      await state.promise.catch(() => {})
      if (state.error) {
        reports.push({name, status: 'unavailable', detail: [errorMessage(state.error), ...notes].join('; ')})
      } else {
        const described = state.definition.describe?.(state.value) ?? 'opened'
        reports.push({name, status: 'ok', detail: [described, ...notes].join('; ')})
      }
    }
    return reports
  }

  /** Closes every opened source; errors on close are ignored (the run is over). */
  async close(): Promise<void> {
    await Promise.all(
      [...this.states.values()].map(async (state) => {
        await state.promise.catch(() => {})
        if (state.error === undefined && state.definition.close) {
          try {
            await state.definition.close(state.value)
          } catch {
            // closing is best effort
          }
        }
      }),
    )
  }
}
