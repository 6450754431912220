/**
 * Waivers: a known, accepted result that should not fail the gate until a date.
 * A waiver's id is a check id or a --skip pattern (`api`, `api.*`). A waived
 * result keeps its status and shows the reason; once `until` has passed it
 * counts again and says that the waiver expired.
 */
import {matchesCheckPattern, unmatchedPatterns} from '../config/check-patterns.js'
import type {Waiver} from '../config/settings.js'
import type {CheckResult} from './result.js'

/** The end of the waiver's last day when only a date is given. */
export function waiverEnd(until: string): Date {
  return /^\d{4}-\d{2}-\d{2}$/.test(until) ? new Date(`${until}T23:59:59.999Z`) : new Date(until)
}

/** One line per waiver whose id matches none of the checks (config keys named). */
export function waiverProblems(waivers: readonly Waiver[], checkIds: readonly string[]): string[] {
  const unmatched = new Set(unmatchedPatterns(waivers.map((w) => w.id), checkIds))
  return waivers.flatMap((w, i) => (unmatched.has(w.id) ? [`waivers[${i}].id: "${w.id}" matches no check; \`tcx-doctor list\` shows the ids`] : []))
}

/** The waiver for a result: one naming its id exactly wins over a pattern. */
function waiverFor(id: string, waivers: readonly Waiver[]): Waiver | undefined {
  return waivers.find((w) => w.id === id) ?? waivers.find((w) => matchesCheckPattern(w.id, id))
}

export function applyWaivers(results: CheckResult[], waivers: Waiver[], now: Date): CheckResult[] {
  return results.map((result) => {
    const waiver = waiverFor(result.id, waivers)
    if (!waiver || result.status === 'pass' || result.status === 'skip') return result
    if (waiver.until !== undefined && waiverEnd(waiver.until).getTime() < now.getTime()) {
      return {...result, details: [...result.details, `The waiver for this check expired on ${waiver.until} ("${waiver.reason}"): it counts again.`]}
    }
    return {...result, waived: {reason: waiver.reason, ...(waiver.until === undefined ? {} : {until: waiver.until})}}
  })
}
