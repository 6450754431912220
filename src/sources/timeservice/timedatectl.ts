/**
 * `timedatectl show` (NTP, NTPSynchronized, Timezone, TimeUSec) and `timedatectl show-timesync`
 * (systemd-timesyncd: ServerName, ServerAddress, NTPMessage with Leap and Stratum): KEY=value lines.
 * timesyncd reports no clock offset and no last-update time there: both stay null. Pure.
 */
import {emptyReading, numberFrom, type TimeServiceReading} from './reading.js'

/** KEY=value lines into a map (the first `=` splits; other lines are ignored). */
export function parseKeyValues(text: string): Map<string, string> {
  const values = new Map<string, string>()
  for (const line of text.split(/\r?\n/)) {
    const at = line.indexOf('=')
    if (at > 0) values.set(line.slice(0, at).trim(), line.slice(at + 1).trim())
  }
  return values
}

const yesNo = (value: string | undefined): boolean | null => (value === 'yes' ? true : value === 'no' ? false : null)

/** The fields of the NTPMessage={ Leap=0, ..., Stratum=2, ... } property. */
export function parseNtpMessage(value: string | undefined): Map<string, string> {
  const fields = new Map<string, string>()
  if (!value) return fields
  for (const part of value.replace(/^\{|\}$/g, '').split(/,\s*|\s+(?=[A-Z][A-Za-z]+=)/)) {
    const at = part.indexOf('=')
    if (at > 0) fields.set(part.slice(0, at).trim(), part.slice(at + 1).trim())
  }
  return fields
}

/**
 * The reading of `timedatectl show` plus, when given, `timedatectl show-timesync`; throws with one
 * line when `show` has neither NTP nor NTPSynchronized.
 */
export function parseTimedatectl(show: string, timesync?: string): TimeServiceReading {
  const values = parseKeyValues(show)
  if (!values.has('NTPSynchronized') && !values.has('NTP')) throw new Error('timedatectl show printed neither NTP nor NTPSynchronized')
  const reading = emptyReading(timesync === undefined ? 'timedatectl' : 'timesyncd', timesync === undefined ? 'timedatectl show' : 'timedatectl show; timedatectl show-timesync')
  reading.synchronised = yesNo(values.get('NTPSynchronized'))
  const ntp = yesNo(values.get('NTP'))
  if (ntp !== null) reading.notes.push(ntp ? 'network time synchronisation is on (NTP=yes)' : 'network time synchronisation is off (NTP=no)')
  if (values.get('CanNTP') === 'no') reading.notes.push('no time synchronisation service is installed (CanNTP=no)')
  if (timesync !== undefined) {
    const sync = parseKeyValues(timesync)
    const name = sync.get('ServerName')
    const address = sync.get('ServerAddress')
    reading.source = name && address ? `${name} (${address})` : name || address || null
    const message = parseNtpMessage(sync.get('NTPMessage'))
    const stratum = numberFrom(message.get('Stratum'))
    if (stratum !== undefined && stratum > 0) reading.stratum = stratum
    const leap = message.get('Leap')
    if (leap !== undefined) reading.leap = leap
  }
  return reading
}
