/**
 * Formatting for people, dependency-free: durations and inert text.
 */

/** "850 ms", "2 s", "1.5 s", "5 min 10 s", "2 h 5 min": an unsigned duration. */
export function formatDuration(ms: number): string {
  const abs = Math.abs(ms)
  if (abs < 1000) return `${Math.round(abs)} ms`
  if (abs < 60_000) {
    const s = abs / 1000
    return Number.isInteger(s) ? `${s} s` : `${s.toFixed(s < 10 ? 1 : 0)} s`
  }
  const totalSeconds = Math.round(abs / 1000)
  if (totalSeconds < 3600) {
    const m = Math.floor(totalSeconds / 60)
    const s = totalSeconds % 60
    return s === 0 ? `${m} min` : `${m} min ${s} s`
  }
  if (totalSeconds < 172_800) {
    // Rounded to whole minutes first, so 89,990 s is "25 h", never "24 h 60 min".
    const totalMinutes = Math.round(totalSeconds / 60)
    const h = Math.floor(totalMinutes / 60)
    const m = totalMinutes % 60
    return m === 0 ? `${h} h` : `${h} h ${m} min`
  }
  return `${Math.round(totalSeconds / 86_400)} days`
}

/** "+1.234 s", "-12 ms", "+3.2 min": a signed offset for people (clock offsets, skews). */
export function formatOffset(ms: number): string {
  const sign = ms < 0 ? '-' : '+'
  const abs = Math.abs(ms)
  if (abs < 1000) return `${sign}${abs.toFixed(abs < 10 ? 1 : 0)} ms`
  if (abs < 120_000) return `${sign}${(abs / 1000).toFixed(3)} s`
  if (abs < 7_200_000) return `${sign}${(abs / 60_000).toFixed(1)} min`
  return `${sign}${(abs / 3_600_000).toFixed(2)} h`
}

/**
 * C0 and C1 controls (but tab and newline), DEL, and the Unicode format characters that reorder or
 * hide text (bidi overrides and isolates, zero-width marks, BOM, line/paragraph separators).
 */
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]/g

const NAMED: Record<string, string> = {'\u001b': '\\e', '\r': '\\r', '\b': '\\b', '\u0007': '\\a', '\u000b': '\\v', '\f': '\\f', '\u0000': '\\0'}

function escapeChar(ch: string): string {
  return NAMED[ch] ?? `\\u{${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}}`
}

/**
 * Text made inert for a terminal or a plain-text file: every control or reordering character is
 * shown as a visible escape (`\e`, `\r`, `\u{202E}`), so data from the PBX cannot move the cursor,
 * recolour, retitle or rewrite what is shown. Tabs and newlines stay.
 */
export function inertText(text: string): string {
  return text.replace(UNSAFE, escapeChar)
}

/** Like `inertText`, and newlines and tabs too: for one-line outputs (Nagios status line, log lines). */
export function inertLine(text: string): string {
  return inertText(text).replace(/\n/g, '\\n').replace(/\t/g, ' ')
}

/** True when the text holds characters `inertText` would escape. */
export function hasUnsafeText(text: string): boolean {
  UNSAFE.lastIndex = 0
  const found = UNSAFE.test(text)
  UNSAFE.lastIndex = 0
  return found
}

/** Cuts text to at most `max` characters, saying how much was left out. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text
  return `${text.slice(0, max)}… (${text.length - max} more characters)`
}
