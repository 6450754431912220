/**
 * Exit codes, Nagios-compatible and the CI gate:
 * 0 nothing at or above --fail-on; otherwise 2 if any fail, else 3 if any error, else 1 if any warn.
 * --fail-on order: warn < error < fail; `never` always gives 0. Waived results do not count.
 */
import {countsAtFailOn, type FailOn, type Status} from './status.js'

export const EXIT = {ok: 0, warn: 1, fail: 2, error: 3} as const

export function exitCodeFor(results: ReadonlyArray<{status: Status; waived?: unknown}>, failOn: FailOn): number {
  const counted = results.filter((r) => r.waived === undefined)
  if (!counted.some((r) => countsAtFailOn(r.status, failOn))) return EXIT.ok
  if (counted.some((r) => r.status === 'fail')) return EXIT.fail
  if (counted.some((r) => r.status === 'error')) return EXIT.error
  return EXIT.warn
}
