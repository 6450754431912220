/**
 * Reasons said once: when the same unavailable source's reason is repeated in the texts of several
 * skipped checks (e.g. "no 3CX install found (tried ...); give its folder with --install-dir ..."
 * inside nine skip summaries), it is replaced there by a numbered reference `[1]` and said once as
 * a note ("[1] install, activity-logs: no 3CX install found ..."), numbered in the order a reader
 * meets the references. The texts must be inert already (reports/inert.ts). Reasons are taken from the
 * report's unavailable sources, shortest first, so a longer reason built on a shorter one (the
 * database's, which quotes the install's) is itself shortened before it is looked for.
 */
import type {Report} from '../src/engine/report.js'

export interface SharedReason {
  /** e.g. "[1]" */
  ref: string
  /** The sources that gave this reason. */
  sources: string[]
  /** The reason, itself shortened by the references before it. */
  text: string
}

/** Shorter reasons are not worth a reference. */
const MIN_LENGTH = 40

export interface SharedReasons {
  notes: SharedReason[]
  /** A text with every shared reason replaced by its reference. */
  shorten(text: string): string
}

/** The reasons repeated in at least two of `texts` (the skipped checks' summaries and details). */
export function sharedReasons(report: Report, texts: readonly string[]): SharedReasons {
  const bySource = new Map<string, string[]>()
  for (const s of report.sources) {
    if (s.status !== 'unavailable' || !s.detail || s.detail.length < MIN_LENGTH) continue
    bySource.set(s.detail, [...(bySource.get(s.detail) ?? []), s.name])
  }
  const notes: SharedReason[] = []
  const shorten = (text: string): string => notes.reduce((t, note) => t.split(note.text).join(note.ref), text)
  let current = [...texts]
  for (const [detail, sources] of [...bySource].sort(([a], [b]) => a.length - b.length)) {
    const text = shorten(detail)
    if (text.length < MIN_LENGTH) continue
    if (current.filter((t) => t.includes(text)).length < 2) continue
    // A working mark while collecting: NUL cannot be in a text made inert, so no data looks like it.
    const note = {ref: `\u0000${notes.length}\u0000`, sources: [...sources].sort(), text}
    notes.push(note)
    current = current.map((t) => t.split(text).join(note.ref))
  }
  // Numbered in the order a reader meets them: in the texts, then in the notes before.
  const firstSeen = (note: SharedReason): number => {
    const at = current.findIndex((t) => t.includes(note.ref))
    return at === -1 ? texts.length + notes.findIndex((n) => n.text.includes(note.ref)) : at
  }
  const order = [...notes].sort((a, b) => firstSeen(a) - firstSeen(b) || notes.indexOf(a) - notes.indexOf(b))
  const renumber = new Map(order.map((note, i) => [note.ref, `[${i + 1}]`]))
  const refs = (text: string): string => text.replace(/\u0000\d+\u0000/g, (mark) => renumber.get(mark) ?? mark)
  const final = order.map((note) => ({...note, ref: renumber.get(note.ref)!, text: refs(note.text)}))
  const finalShorten = (text: string): string => refs(shorten(text))
  return {notes: final, shorten: finalShorten}
}
