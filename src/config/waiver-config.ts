/**
 * Waivers from the config file, checked before any check runs: `until` must be
 * a date that exists (2026-02-31 does not) or a valid date-time. Whether each
 * `id` names a check is checked once the checks are known (engine/waivers.ts).
 */
import {UsageError} from '../engine/errors.js'
import type {Waiver} from './settings.js'

/** True when YYYY-MM-DD is a day of the calendar. */
export function isRealDate(date: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date)
  if (!m) return false
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const d = new Date(Date.UTC(year, month - 1, day))
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day
}

/** Why `until` cannot be a waiver's end, or undefined when it can. */
export function untilProblem(until: string): string | undefined {
  if (!isRealDate(until)) return `"${until}" is not a date of the calendar (use YYYY-MM-DD, e.g. 2026-02-28)`
  if (until.length > 10 && Number.isNaN(new Date(until).getTime())) return `"${until}" is not a valid date-time (use YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ)`
  return undefined
}

/** The waivers unchanged, or a UsageError naming the first bad key. */
export function validateWaivers(waivers: Waiver[]): Waiver[] {
  waivers.forEach((w, i) => {
    const problem = w.until === undefined ? undefined : untilProblem(w.until)
    if (problem) throw new UsageError(`config waivers[${i}].until: ${problem}`)
  })
  return waivers
}
