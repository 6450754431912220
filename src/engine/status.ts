/**
 * Statuses and their order, in one place: the worst of several, the display
 * order, and which statuses count at a --fail-on level.
 */
export const STATUSES = ['pass', 'warn', 'fail', 'skip', 'error'] as const
export type Status = (typeof STATUSES)[number]

/** Worst first: the order of summaries, overviews and problem lists. */
export const STATUS_ORDER: readonly Status[] = ['fail', 'error', 'warn', 'pass', 'skip']

/** How bad a status is: skip 0 < pass 1 < warn 2 < error 3 < fail 4. */
export function statusRank(status: Status): number {
  return STATUS_ORDER.length - 1 - STATUS_ORDER.indexOf(status)
}

/** The worst of several statuses (fail > error > warn > pass > skip); `skip` for none. */
export function worstStatus(statuses: Iterable<Status>): Status {
  let worst: Status = 'skip'
  for (const s of statuses) if (statusRank(s) > statusRank(worst)) worst = s
  return worst
}

/** Sorts worst first (stable). */
export function byStatus<T extends {status: Status}>(a: T, b: T): number {
  return statusRank(b.status) - statusRank(a.status)
}

/** A status that needs someone's attention. */
export function isProblem(status: Status): boolean {
  return status === 'warn' || status === 'fail' || status === 'error'
}

/** A status that says something was actually looked at. */
export function isVerdict(status: Status): boolean {
  return status === 'pass' || status === 'warn' || status === 'fail'
}

export const FAIL_ON = ['warn', 'error', 'fail', 'never'] as const
export type FailOn = (typeof FAIL_ON)[number]

const FAIL_ON_LEVEL: Record<FailOn, number> = {warn: 1, error: 2, fail: 3, never: Number.POSITIVE_INFINITY}
const GATE_LEVEL: Record<Status, number> = {pass: 0, skip: 0, warn: 1, error: 2, fail: 3}

/** True when a (not waived) result of this status makes the gate fail at `failOn` (warn < error < fail). */
export function countsAtFailOn(status: Status, failOn: FailOn): boolean {
  return GATE_LEVEL[status] >= FAIL_ON_LEVEL[failOn]
}
