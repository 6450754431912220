/**
 * Secrets seen during a run (ini passwords, console and database passwords).
 * Every report, log line and error message goes through `redact` before it is shown.
 */
export const REDACTED = '********'

/** Key names whose values are secrets: *Pass*, *Password*, *pwd*, secret, token. */
export const SECRET_KEY_PATTERN = /pass|pwd|secret|token|credential/i

export function isSecretKey(key: string): boolean {
  return SECRET_KEY_PATTERN.test(key)
}

/** Shorter values would mangle ordinary text; such passwords are too weak to hide anyway, but keys named like secrets are still masked. */
const MIN_SECRET_LENGTH = 3

export class SecretRegistry {
  private readonly values = new Set<string>()
  private pattern: RegExp | undefined

  add(value: unknown): void {
    if (typeof value !== 'string') return
    const v = value.trim()
    if (v.length < MIN_SECRET_LENGTH || this.values.has(v)) return
    this.values.add(v)
    // Also the forms a secret takes inside a URL or JSON string.
    const encoded = encodeURIComponent(v)
    if (encoded !== v) this.values.add(encoded)
    const json = JSON.stringify(v).slice(1, -1)
    if (json !== v) this.values.add(json)
    this.pattern = undefined
  }

  get size(): number {
    return this.values.size
  }

  redact(text: string): string {
    if (this.values.size === 0) return text
    this.pattern ??= new RegExp(
      [...this.values]
        .sort((a, b) => b.length - a.length)
        .map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('|'),
      'g',
    )
    return text.replace(this.pattern, REDACTED)
  }

  /** A deep copy with every string redacted and every value under a secret-looking key masked. */
  redactDeep<T>(value: T): T {
    return this.walk(value, undefined) as T
  }

  private walk(value: unknown, key: string | undefined): unknown {
    if (typeof value === 'string') {
      if (key !== undefined && isSecretKey(key) && value !== '') return REDACTED
      return this.redact(value)
    }
    if (Array.isArray(value)) return value.map((v) => this.walk(v, undefined))
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {}
      for (const [k, v] of Object.entries(value)) out[this.redact(k)] = this.walk(v, k)
      return out
    }
    return value
  }
}
