/**
 * `chronyc -c tracking`: one CSV line. Fields (chrony 3.x and 4.x): reference id (hex), reference
 * name or address, stratum, reference time (Unix seconds), system time (seconds; positive: the system
 * clock is slow, measured against a chronyd 4.3), last offset, RMS offset, frequency, residual
 * frequency, skew, root delay, root dispersion, update interval, leap status. Pure.
 */
import {emptyReading, numberFrom, type TimeServiceReading} from './reading.js'

export const CHRONYC_ARGS = ['-c', 'tracking'] as const
export const CHRONY_FIELDS = 14

/** The reading of one `chronyc -c tracking` output; throws with one line when it is not that. */
export function parseChronyTracking(text: string, command = 'chronyc -c tracking'): TimeServiceReading {
  const line = text.split(/\r?\n/).find((l) => l.trim() !== '')
  if (line === undefined) throw new Error(`${command} printed nothing`)
  const fields = line.trim().split(',')
  if (fields.length < CHRONY_FIELDS || !/^[0-9A-F]{8}$/i.test(fields[0]!)) {
    throw new Error(`${command} printed something that is not its CSV tracking line (${fields.length} fields)`)
  }
  const [refId = '', refName = '', stratumText, refTimeText, systemTimeText] = fields
  const leap = fields[13]!.trim()
  const reading = emptyReading('chrony', command)
  const stratum = numberFrom(stratumText)
  const refTime = numberFrom(refTimeText)
  const systemTime = numberFrom(systemTimeText)
  const unsynchronised = /not synchron/i.test(leap) || refId === '00000000'
  reading.leap = leap
  reading.synchronised = !unsynchronised
  reading.stratum = stratum === undefined || unsynchronised ? null : stratum
  reading.source = unsynchronised ? null : refId.toUpperCase() === '7F7F0101' ? 'the local clock (chrony `local` directive)' : refName || `reference ${refId}`
  reading.lastUpdate = refTime !== undefined && refTime > 0 ? new Date(Math.round(refTime * 1000)) : null
  // Positive system time: the clock is slow (behind), so "ahead" is its negation.
  reading.offsetMs = systemTime === undefined || unsynchronised ? null : systemTime === 0 ? 0 : -systemTime * 1000
  const interval = numberFrom(fields[12])
  if (interval !== undefined && !unsynchronised) reading.notes.push(`update interval ${interval} s`)
  return reading
}
