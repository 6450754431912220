/**
 * 3CX version strings ("15.5.10244.4", "16.0.7.1078", "18.0.2.307", "20.0.7.1080", a
 * dpkg version such as "1:20.0.7.1080-1") parsed into numbers. Pure.
 */

/** The 3CX major versions tcx-doctor knows, for `appliesTo` declarations. */
export const KNOWN_MAJORS = [15, 16, 18, 20] as const
export type TcxMajor = (typeof KNOWN_MAJORS)[number]

export interface TcxVersion {
  /** The version as read, trimmed (at most 100 characters). */
  text: string
  /** Every number of the dotted version: [20, 0, 7, 1080]. */
  parts: number[]
  /** 15, 16, 18 or 20 for the versions in the field; another number for one tcx-doctor does not know. */
  major: TcxMajor | (number & {})
  minor: number
  /** What follows major.minor ("10244.4", "7.1078"), or "" when nothing does. */
  build: string
  /** Is `major` one of KNOWN_MAJORS? */
  known: boolean
}

const DOTTED = /^(?:\d+:)?(\d{1,6})\.(\d{1,6})((?:\.\d{1,9}){0,3})(?:[-+~][0-9A-Za-z.+~-]*)?$/

/** The parsed version, or undefined when `text` is not a dotted version (at least major.minor). */
export function parseTcxVersion(text: string | undefined | null): TcxVersion | undefined {
  const trimmed = (text ?? '').trim()
  if (trimmed.length === 0 || trimmed.length > 100) return undefined
  const match = DOTTED.exec(trimmed)
  if (!match) return undefined
  const rest = (match[3] ?? '').split('.').filter((p) => p !== '')
  const parts = [Number(match[1]), Number(match[2]), ...rest.map(Number)]
  const major = parts[0] ?? 0
  return {
    text: trimmed,
    parts,
    major,
    minor: parts[1] ?? 0,
    build: rest.join('.'),
    known: (KNOWN_MAJORS as readonly number[]).includes(major),
  }
}

/** Do two versions name the same release? A shorter one agrees with a longer one it is a prefix of. */
export function sameRelease(a: TcxVersion, b: TcxVersion): boolean {
  const n = Math.min(a.parts.length, b.parts.length)
  return a.parts.slice(0, n).every((p, i) => p === b.parts[i])
}
