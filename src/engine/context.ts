/**
 * The run context: settings, secrets, and lazy, memoised sources.
 * A source is opened at most once per run, the first time a check asks for it;
 * its failure is remembered and given to every check that asks again.
 * Values may be provided up front (the check tester, embedding): a provided
 * value is used instead of opening the source; a provided Error makes it unavailable.
 */
import type {Settings} from '../config/settings.js'
import type {CheckOptions} from './check.js'
import {SourceUnavailableError, errorMessage, isSourceUnavailable} from './errors.js'
import {SecretRegistry} from './secrets.js'

export interface SourceContext {
  readonly settings: Settings
  readonly secrets: SecretRegistry
  /** Open another source (sources may build on each other: db reads the ini from install). */
  use<T>(source: SourceDefinition<T>): Promise<T>
  /** Like `use`, but an unavailable source is a value, not a throw. */
  tryUse<T>(source: SourceDefinition<T>): Promise<Availability<T>>
  /** Record a fact shown in the report's `sources` entry (e.g. which account was used). */
  note(source: string, detail: string): void
}

/** What `tcx-doctor info` shows of a source: a titled set of facts (plain JSON data). */
export interface SourceInfo<T> {
  title: string
  collect(value: T, ctx: SourceContext): Promise<Record<string, unknown>> | Record<string, unknown>
}

export interface SourceDefinition<T> {
  /** Short stable name: install, db, console, host, clock, pe, ... */
  name: string
  open(ctx: SourceContext): Promise<T>
  /** Called once at the end of the run if the source was opened. */
  close?(value: T): Promise<void> | void
  /** One line for the report's `sources` entry when the source opened. */
  describe?(value: T): string
  /** Its section in `tcx-doctor info`. */
  info?: SourceInfo<T>
}

/** A source's value, or why it is unavailable (from `ctx.tryUse`). */
export type Availability<T> =
  | {ok: true; value: T}
  | {ok: false; source: string; reason: string; tried: string[]; error: SourceUnavailableError}

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
  error?: SourceUnavailableError
  notes: string[]
}

export interface CheckContext<O extends CheckOptions = CheckOptions> {
  readonly settings: Settings
  readonly secrets: SecretRegistry
  /** The id of the running check. */
  readonly checkId: string
  /** Aborted when the check times out: pass it to anything that can be cancelled, and stop when it fires. */
  readonly signal: AbortSignal
  /** This check's declared options: its defaults merged with the validated config values. */
  readonly options: Readonly<O>
  /** The time now (the check tester fixes it). */
  now(): Date
  /** A source's value; an unavailable source makes the check `skip` with the source's reason. */
  use<T>(source: SourceDefinition<T>): Promise<T>
  /** A source's value or why it is unavailable, for sources the check can do without. */
  tryUse<T>(source: SourceDefinition<T>): Promise<Availability<T>>
}

export interface RunContextOptions {
  secrets?: SecretRegistry
  /** Source values by source name, used instead of opening the source; an Error makes it unavailable. */
  provided?: Record<string, unknown>
  /** Per-check options (validated, merged with defaults) by check id. */
  checkOptions?: ReadonlyMap<string, CheckOptions>
  now?: () => Date
  /** Only provided sources exist: any other is unavailable, never opened (the check tester: no I/O). */
  providedOnly?: boolean
}

function unavailable(source: string, error: unknown): SourceUnavailableError {
  return isSourceUnavailable(error) ? error : new SourceUnavailableError(source, errorMessage(error))
}

export class RunContext implements SourceContext {
  private readonly states = new Map<string, SourceState>()
  private readonly declared = new Set<string>()
  private readonly extraNotes = new Map<string, string[]>()
  readonly secrets: SecretRegistry
  private readonly provided: Record<string, unknown>
  private readonly checkOptions: ReadonlyMap<string, CheckOptions>
  private readonly providedOnly: boolean
  private readonly neededByChecks = new Set<string>()
  readonly now: () => Date

  constructor(
    readonly settings: Settings,
    options: RunContextOptions | SecretRegistry = {},
  ) {
    const o = options instanceof SecretRegistry ? {secrets: options} : options
    this.secrets = o.secrets ?? new SecretRegistry()
    this.provided = o.provided ?? {}
    this.checkOptions = o.checkOptions ?? new Map()
    this.now = o.now ?? (() => new Date())
    this.providedOnly = o.providedOnly === true
  }

  /** Names a source so the report lists it as `not-used` when no check asked for it. */
  declare(name: string): void {
    this.declared.add(name)
  }

  use<T>(source: SourceDefinition<T>): Promise<T> {
    // Keyed by name: a plugin bundling its own copy of this package shares the run's sources.
    let state = this.states.get(source.name)
    if (!state) {
      const created: SourceState = {definition: source as SourceDefinition<unknown>, promise: Promise.resolve(), notes: []}
      const opened: Promise<unknown> =
        source.name in this.provided
          ? this.provided[source.name] instanceof Error
            ? Promise.reject(this.provided[source.name])
            : Promise.resolve(this.provided[source.name])
          : this.providedOnly
            ? Promise.reject(new SourceUnavailableError(source.name, `the ${source.name} source is not provided here`))
            : Promise.resolve().then(() => source.open(this))
      created.promise = opened.then(
        (value) => {
          created.value = value
          return value
        },
        (error: unknown) => {
          created.error = unavailable(source.name, error)
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

  async tryUse<T>(source: SourceDefinition<T>): Promise<Availability<T>> {
    try {
      return {ok: true, value: await this.use(source)}
    } catch (error) {
      if (!isSourceUnavailable(error)) throw error
      return {ok: false, source: error.source, reason: error.message, tried: [...error.tried], error}
    }
  }

  note(source: string, detail: string): void {
    const notes = this.extraNotes.get(source) ?? []
    notes.push(detail)
    this.extraNotes.set(source, notes)
  }

  forCheck<O extends CheckOptions>(checkId: string, signal: AbortSignal, defaults: O = {} as O): CheckContext<O> {
    const options = (this.checkOptions.get(checkId) ?? Object.freeze({...defaults})) as Readonly<O>
    return {
      settings: this.settings,
      secrets: this.secrets,
      checkId,
      signal,
      options,
      now: this.now,
      use: <T>(source: SourceDefinition<T>) => {
        this.neededByChecks.add(source.name)
        return this.use(source)
      },
      tryUse: <T>(source: SourceDefinition<T>) => this.tryUse(source),
    }
  }

  /** The sources a check asked for with `use` (it could not do without them), by name. */
  neededSources(): ReadonlySet<string> {
    return this.neededByChecks
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
        if (state.error === undefined && state.definition.close && !(state.definition.name in this.provided)) {
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
