/**
 * What a check needs on each 3CX version: the `versions` declaration of a check.
 * Per major version (15 = v15/v15.5, 16, 18, 20) it says whether the check applies,
 * how it decides there (which source and field), what it cannot tell there, and how
 * sure that is. The README compatibility table and the docs pages are generated
 * from it; `versionSkipReason` turns an entry that does not apply into the reason
 * of an `appliesTo` skip.
 */
import {KNOWN_MAJORS, type TcxMajor} from '../sources/version/parse.js'

export {KNOWN_MAJORS, type TcxMajor} from '../sources/version/parse.js'

/** Does the check apply on a version: fully, in part (it can tell less there), or not at all (it skips). */
export const APPLIES = ['yes', 'partly', 'no'] as const
export type Applies = (typeof APPLIES)[number]

/** How sure the entry is, with the marks of VERSIONS.md. */
export const CERTAINTIES = ['confirmed', 'reported', 'unknown'] as const
export type Certainty = (typeof CERTAINTIES)[number]

export interface VersionNote {
  applies: Applies
  /** How the check decides on this version (source and field), or, when it does not apply, why not. One short line. */
  decides: string
  /** What the check cannot tell on this version. One short line. */
  cannotTell?: string
  /** How sure the entry is (VERSIONS.md marks); leave it out when it is plain from the check itself. */
  sure?: Certainty
}

/** A check's notes per major version. Built-in checks give all four; a plugin may give some. */
export type CheckVersions = Partial<Record<TcxMajor, VersionNote>>

/** The longest `decides` or `cannotTell` line: they are cells of the README table. */
export const MAX_NOTE_LENGTH = 120

const oneLine = (value: unknown): boolean => typeof value === 'string' && value.trim() !== '' && !/[\r\n]/.test(value)

/** The problems with a `versions` declaration, empty when it is well formed. */
export function checkVersionsProblems(versions: unknown): string[] {
  if (versions === null || typeof versions !== 'object' || Array.isArray(versions)) {
    return [`versions must be an object keyed by 3CX major version (${KNOWN_MAJORS.join(', ')})`]
  }
  const problems: string[] = []
  const entries = Object.entries(versions as Record<string, unknown>)
  if (entries.length === 0) problems.push(`versions must name at least one of ${KNOWN_MAJORS.join(', ')}`)
  for (const [key, value] of entries) {
    const where = `versions.${key.slice(0, 20)}`
    if (!(KNOWN_MAJORS as readonly number[]).map(String).includes(key)) {
      problems.push(`${where}: not a known 3CX major version (${KNOWN_MAJORS.join(', ')})`)
      continue
    }
    if (value === null || typeof value !== 'object') {
      problems.push(`${where} must be {applies, decides, cannotTell?, sure?}`)
      continue
    }
    const note = value as Record<string, unknown>
    if (!APPLIES.includes(note.applies as Applies)) problems.push(`${where}.applies must be one of ${APPLIES.join(', ')}`)
    for (const field of ['decides', 'cannotTell'] as const) {
      const text = note[field]
      if (text === undefined && field === 'cannotTell') continue
      if (!oneLine(text)) problems.push(`${where}.${field} must be a non-empty string on one line`)
      else if ((text as string).length > MAX_NOTE_LENGTH) problems.push(`${where}.${field} must be at most ${MAX_NOTE_LENGTH} characters (details go to the docs page)`)
    }
    if (note.sure !== undefined && !CERTAINTIES.includes(note.sure as Certainty)) problems.push(`${where}.sure must be one of ${CERTAINTIES.join(', ')}`)
    for (const extra of Object.keys(note)) {
      if (!['applies', 'decides', 'cannotTell', 'sure'].includes(extra)) problems.push(`${where}: unknown field ${JSON.stringify(extra.slice(0, 40))}`)
    }
  }
  return problems
}

/** The version facts `versionSkipReason` reads (the version source's value has them). */
export interface SeenVersion {
  version: {text: string; major: number; known: boolean}
  from: string
}

/**
 * The reason to skip on the version seen, or undefined to run: only a known major whose
 * entry says `applies: 'no'` skips; an unknown version, or one without an entry, runs.
 */
export function versionSkipReason(versions: CheckVersions | undefined, seen: SeenVersion | undefined): string | undefined {
  if (!versions || !seen || !seen.version.known) return undefined
  const note = versions[seen.version.major as TcxMajor]
  if (!note || note.applies !== 'no') return undefined
  return `3CX ${seen.version.text} (${seen.from}): ${note.decides.replace(/\.$/, '')}`
}

/** The version's label in tables and texts: v15 is the v15.5 line. */
export const majorLabel = (major: TcxMajor): string => (major === 15 ? 'v15.5' : `v${major}`)
