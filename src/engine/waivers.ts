/**
 * Waivers: a known, accepted result that should not fail the gate until a date.
 * A waived result keeps its status and shows the reason; once `until` has passed
 * it counts again and says that the waiver expired.
 */
import type {Waiver} from '../config/settings.js'
import type {CheckResult} from './result.js'

/** The end of the waiver's last day when only a date is given. */
export function waiverEnd(until: string): Date {
  return /^\d{4}-\d{2}-\d{2}$/.test(until) ? new Date(`${until}T23:59:59.999Z`) : new Date(until)
}

export function applyWaivers(results: CheckResult[], waivers: Waiver[], now: Date): CheckResult[] {
  return results.map((result) => {
    const waiver = waivers.find((w) => w.id === result.id)
    if (!waiver || result.status === 'pass' || result.status === 'skip') return result
    if (waiver.until !== undefined && waiverEnd(waiver.until).getTime() < now.getTime()) {
      return {...result, details: [...result.details, `The waiver for this check expired on ${waiver.until} ("${waiver.reason}"): it counts again.`]}
    }
    return {...result, waived: {reason: waiver.reason, ...(waiver.until === undefined ? {} : {until: waiver.until})}}
  })
}
