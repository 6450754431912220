/**
 * Word wrapping for the text report: a line longer than the width is broken at spaces, and every
 * line after the first starts with a hanging indent. A word longer than a line is cut. Widths count
 * UTF-16 code units (wide East Asian characters count as one column). Colour is added after
 * wrapping, from styled spans of the plain text (`paintSpans`), so escape codes never count.
 */
import type {Paint, Style} from './colors.js'

export interface Span {
  /** Offset into the plain text. */
  start: number
  end: number
  style: Style
}

/** The [start, end) ranges of `text` that make its lines; `first` and `rest` are the widths available. */
export function breakRanges(text: string, first: number, rest: number): Array<[number, number]> {
  const ranges: Array<[number, number]> = []
  let start = 0
  let width = Math.max(1, first)
  while (text.length - start > width) {
    let cut = text.lastIndexOf(' ', start + width)
    if (cut <= start) cut = -1
    if (cut === -1) {
      ranges.push([start, start + width])
      start += width
    } else {
      let end = cut
      while (end > start && text[end - 1] === ' ') end--
      ranges.push([start, end])
      start = cut + 1
    }
    while (text[start] === ' ') start++
    width = Math.max(1, rest)
  }
  ranges.push([start, text.length])
  return ranges
}

function paintRange(text: string, start: number, end: number, spans: readonly Span[], paint: Paint): string {
  let out = ''
  let at = start
  for (const span of spans) {
    const s = Math.max(span.start, start)
    const e = Math.min(span.end, end)
    if (e <= s) continue
    out += text.slice(at, s) + paint(text.slice(s, e), span.style)
    at = e
  }
  return out + text.slice(at, end)
}

/**
 * One logical line as terminal lines: `indent` + text wrapped to `width` (undefined: no wrapping),
 * continuation lines indented by `indent` + `hang` spaces; `spans` (sorted, not overlapping) coloured.
 */
export function wrapLine(text: string, options: {width?: number; indent?: number; hang?: number; spans?: readonly Span[]; paint?: Paint}): string[] {
  const indent = ' '.repeat(options.indent ?? 0)
  const hang = ' '.repeat((options.indent ?? 0) + (options.hang ?? 0))
  const spans = options.spans ?? []
  const paint = options.paint
  const ranges = options.width === undefined ? [[0, text.length] as [number, number]] : breakRanges(text, options.width - indent.length, options.width - hang.length)
  return ranges.map(([s, e], i) => `${i === 0 ? indent : hang}${paint && spans.length > 0 ? paintRange(text, s, e, spans, paint) : text.slice(s, e)}`)
}
