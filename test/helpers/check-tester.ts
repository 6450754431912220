/**
 * The check tester: runs one check in memory against provided source values
 * (fakes built from recorded fixtures), through the real runner, in milliseconds.
 * Sources a case does not provide are unavailable; nothing is opened for real.
 *
 *   testCheck(myCheck, {
 *     pass: [{name: 'one card', sources: {host: hostFacts('linux-single-nic')}}],
 *     fail: [{name: 'two cards', sources: {host: ...}, summary: /2 physical/}],
 *     skip: [{name: 'no host facts', sources: {host: unavailable('host', 'ip failed')}}],
 *   })
 */
import {describe, expect, it} from 'vitest'
import {defaultSettings, type Settings} from '../../src/config/settings.js'
import type {Check} from '../../src/engine/check.js'
import {resolveCheckOptions} from '../../src/engine/check-options.js'
import {RunContext} from '../../src/engine/context.js'
import {SourceUnavailableError} from '../../src/engine/errors.js'
import type {CheckResult} from '../../src/engine/result.js'
import {runOne} from '../../src/engine/runner.js'
import type {Status} from '../../src/engine/status.js'

export interface CheckCase {
  name: string
  /** Source values by source name; an Error (see `unavailable`) makes that source unavailable. */
  sources?: Record<string, unknown>
  /** The check's config entry (`checks.<id>`), validated against its schema like the config file. */
  options?: Record<string, unknown>
  settings?: Partial<Settings>
  /** The time the check sees as now (ctx.now()). */
  now?: Date
  /** Expected in the summary (a substring or a pattern). */
  summary?: RegExp | string
  /** Further assertions on the result. */
  expect?: (result: CheckResult) => void
  timeoutMs?: number
}

export type CheckTable = Partial<Record<Status, CheckCase[]>>

/** A source that is unavailable, with its one-line reason (and what it tried). */
export function unavailable(source: string, reason: string, tried: string[] = []): SourceUnavailableError {
  return new SourceUnavailableError(source, reason, tried)
}

/** Runs the check once for a case; rejects when the case's options do not validate. */
export async function runCheck(check: Check, c: Omit<CheckCase, 'name'> = {}): Promise<CheckResult> {
  const {byId, problems} = resolveCheckOptions([check], c.options ? {[check.id]: c.options} : {})
  if (problems.length > 0) throw new Error(`options of the case do not validate: ${problems.join('; ')}`)
  const settings: Settings = {...defaultSettings('/nonexistent-cwd'), ntpServers: [], ...c.settings}
  const now = c.now
  const ctx = new RunContext(settings, {
    provided: c.sources ?? {},
    providedOnly: true,
    checkOptions: byId,
    ...(now ? {now: () => new Date(now)} : {}),
  })
  try {
    return await runOne(check, ctx, {timeoutMs: c.timeoutMs ?? 5_000, debug: true})
  } finally {
    await ctx.close()
  }
}

/** One `it` per case, grouped by expected status; asserts the status and the optional summary. */
export function testCheck(check: Check, cases: CheckTable): void {
  describe(check.id, () => {
    for (const [status, list] of Object.entries(cases) as [Status, CheckCase[]][]) {
      for (const c of list) {
        it(`${status}: ${c.name}`, async () => {
          const result = await runCheck(check, c)
          expect(result.status, `${result.summary}\n${result.details.join('\n')}`).toBe(status)
          if (typeof c.summary === 'string') expect(result.summary).toContain(c.summary)
          else if (c.summary) expect(result.summary).toMatch(c.summary)
          c.expect?.(result)
        })
      }
    }
  })
}
