/**
 * What the machine's own time service says about the clock, in one shape for
 * chrony, systemd-timesyncd (through timedatectl) and the Windows Time service
 * (w32tm). A field the service did not report is null: never guessed.
 */

export type TimeServiceName = 'chrony' | 'timesyncd' | 'timedatectl' | 'w32tm'

export interface TimeServiceReading {
  from: TimeServiceName
  /** The command that was run, as text. */
  command: string
  /** True synchronised, false not, null when the output does not say. */
  synchronised: boolean | null
  /** How far this machine's clock is ahead (+) or behind (-) the service's source, ms; null when not reported. */
  offsetMs: number | null
  /** The sign of offsetMs is documented (false for w32tm's Phase Offset: judge its size). */
  offsetSignKnown: boolean
  /** The time source (server name or address, "Local CMOS Clock"), null when none. */
  source: string | null
  stratum: number | null
  /** When the service last updated the clock from its source; null when not reported or not readable. */
  lastUpdate: Date | null
  /** The last-update text as the service wrote it, when it could not be read as a time (a locale date). */
  lastUpdateText: string | null
  /** Leap status or indicator as written ("Normal", "0(no warning)", "Not synchronised"). */
  leap: string | null
  /** Other facts worth showing, as written (NTP enabled, state machine, last sync error). */
  notes: string[]
}

export function emptyReading(from: TimeServiceName, command: string): TimeServiceReading {
  return {from, command, synchronised: null, offsetMs: null, offsetSignKnown: true, source: null, stratum: null, lastUpdate: null, lastUpdateText: null, leap: null, notes: []}
}

/** A finite number from text with a decimal point or comma ("0,0156250s" -> 0.015625); undefined otherwise. */
export function numberFrom(text: string | undefined): number | undefined {
  if (text === undefined) return undefined
  const m = /^\s*([+-]?\d+(?:[.,]\d+)?)/.exec(text)
  if (!m) return undefined
  const value = Number(m[1]!.replace(',', '.'))
  return Number.isFinite(value) ? value : undefined
}
