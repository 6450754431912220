/**
 * Exit codes, Nagios-compatible and the CI gate:
 * 0 nothing at or above --fail-on; otherwise 2 if any fail, else 3 if any error, else 1 if any warn.
 * --fail-on order: warn < error < fail; `never` always gives 0. Waived results do not count.
 * A run whose verdict is unknown (nothing could be checked, or a requirement is unmet) is 3
 * (UNKNOWN) under every --fail-on but `never`, unless a counted failure already makes it 2.
 */
import {countsAtFailOn, type FailOn, type Status} from './status.js'
import type {Verdict} from './report.js'

export const EXIT = {ok: 0, warn: 1, fail: 2, error: 3, unknown: 3} as const

export function exitCodeFor(results: ReadonlyArray<{status: Status; waived?: unknown}>, failOn: FailOn, verdict?: Pick<Verdict, 'state'>): number {
  if (failOn === 'never') return EXIT.ok
  const counted = results.filter((r) => r.waived === undefined)
  const failed = counted.some((r) => r.status === 'fail') && countsAtFailOn('fail', failOn)
  if (verdict?.state === 'unknown') return failed ? EXIT.fail : EXIT.unknown
  if (!counted.some((r) => countsAtFailOn(r.status, failOn))) return EXIT.ok
  if (failed) return EXIT.fail
  if (counted.some((r) => r.status === 'error')) return EXIT.error
  return EXIT.warn
}
