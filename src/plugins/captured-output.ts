/** What a plugin wrote to one stream: the first characters kept (to show), all of them counted. */
import {inertLine} from '../lib/format.js'

/** Output of one stream, kept up to a limit. */
export class CapturedOutput {
  private text = ''
  private total = 0

  constructor(private readonly limit: number) {}

  add(chunk: Buffer | string): void {
    const s = String(chunk)
    this.total += s.length
    if (this.text.length < this.limit) this.text += s.slice(0, this.limit - this.text.length)
  }

  /** One inert line of at most `limit` characters of output, or undefined when nothing was written. */
  shown(): string | undefined {
    if (this.total === 0) return undefined
    const kept = inertLine(this.text.trimEnd()) || '(blank lines)'
    return this.total > this.text.length ? `${kept}… (${this.total} characters in all)` : kept
  }
}
