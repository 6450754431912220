/**
 * `w32tm /query /status /verbose` (the Windows Time service): "Label: value" lines, English labels.
 * Read: Leap Indicator (3 = not synchronised), Stratum, Source, Phase Offset (seconds; its sign is
 * not documented), Last Successful Sync Time (a locale date: kept as text), Time since Last Good
 * Sync Time (seconds: gives the last update), State Machine, Last Sync Error. Decimal points or
 * commas. A localised output without these labels is refused with one line. Pure.
 */
import {emptyReading, numberFrom, type TimeServiceReading} from './reading.js'

export const W32TM_ARGS = ['/query', '/status', '/verbose'] as const

/** "Label: value" lines into a map keyed by the lower-case label. */
export function parseLabelled(text: string): Map<string, string> {
  const values = new Map<string, string>()
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*([A-Za-z][A-Za-z ]*?)\s*:\s?(.*)$/.exec(line)
    if (m) values.set(m[1]!.toLowerCase(), m[2]!.trim())
  }
  return values
}

/** The reading of one w32tm status output, taken at `now` (for the last update); throws when the labels are not there. */
export function parseW32tmStatus(text: string, now: Date, command = 'w32tm /query /status /verbose'): TimeServiceReading {
  const values = parseLabelled(text)
  const leapText = values.get('leap indicator')
  if (leapText === undefined && !values.has('stratum')) {
    throw new Error(`${command} printed no "Leap Indicator" or "Stratum" line (a localised Windows, or the service is not running)`)
  }
  const reading = emptyReading('w32tm', command)
  reading.offsetSignKnown = false
  const leap = numberFrom(leapText)
  const stratum = numberFrom(values.get('stratum'))
  const source = values.get('source')
  reading.leap = leapText ?? null
  const freeRunning = source !== undefined && /local cmos clock|free-running/i.test(source)
  reading.synchronised = leap === 3 || stratum === 0 || freeRunning ? false : leap !== undefined ? true : null
  reading.stratum = stratum !== undefined && stratum > 0 ? stratum : null
  reading.source = source ? source.replace(/,0x[0-9a-f]+$/i, '') : null
  const phase = numberFrom(values.get('phase offset'))
  reading.offsetMs = phase !== undefined && reading.synchronised !== false ? phase * 1000 : null
  const since = numberFrom(values.get('time since last good sync time'))
  const lastText = values.get('last successful sync time')
  if (lastText !== undefined && !/unspecified/i.test(lastText)) {
    reading.lastUpdateText = lastText
    if (since !== undefined) reading.lastUpdate = new Date(now.getTime() - Math.round(since * 1000))
  }
  const state = values.get('state machine')
  if (state) reading.notes.push(`state machine ${state}`)
  const error = values.get('last sync error')
  if (error && !/^0\b/.test(error)) reading.notes.push(`last sync error ${error}`)
  return reading
}
