/**
 * Secrets seen during a run (ini passwords, console, database and SMTP passwords).
 * Every report, log line and error message goes through `redact` before it is shown.
 *
 * A secret is found in every spelling a user or a server may produce: raw, percent-encoded
 * (any mix of upper and lower case hex, any mix of encoded and plain characters), `+` for a
 * space (form encoding), and JSON-escaped. A run of 6 or more leading characters of a secret
 * (a value cut short by a server, a truncated line) is a leak too, and is masked when it stands
 * as a token of its own (not preceded or followed by a letter or digit) and reaches the first
 * character of the secret that is not a letter, so ordinary words that merely start like a secret
 * ("password" of "password123") are left alone.
 */
export const REDACTED = '********'

/** Key names whose values are secrets: *Pass*, *Password*, *pwd*, secret, token. */
export const SECRET_KEY_PATTERN = /pass|pwd|secret|token|credential/i

export function isSecretKey(key: string): boolean {
  return SECRET_KEY_PATTERN.test(key)
}

/** Shorter values would mangle ordinary text; such passwords are too weak to hide anyway, but keys named like secrets are still masked. */
const MIN_SECRET_LENGTH = 3

/** The shortest leading part of a secret that counts as a leak. */
export const MIN_LEAKED_PREFIX = 6

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')

/** `%4a` and `%4A` alike. */
const hexPair = (byte: number): string =>
  [...byte.toString(16).padStart(2, '0').toUpperCase()].map((d) => (/[A-F]/.test(d) ? `[${d}${d.toLowerCase()}]` : d)).join('')

/** Every spelling of one character: itself, percent-encoded, `+` for a space, JSON-escaped. */
function characterPattern(char: string): string {
  const spellings = [escapeRegExp(char), [...Buffer.from(char, 'utf8')].map((b) => `%${hexPair(b)}`).join('')]
  if (char === ' ') spellings.push('\\+')
  const json = JSON.stringify(char).slice(1, -1)
  if (json !== char) spellings.push(escapeRegExp(json))
  const code = char.codePointAt(0) ?? 0
  if (code < 0x10000) spellings.push(`\\\\u${[...code.toString(16).padStart(4, '0')].map((d) => (/[a-f]/.test(d) ? `[${d}${d.toUpperCase()}]` : d)).join('')}`)
  return `(?:${spellings.join('|')})`
}

/** The secret in every spelling. */
const fullPattern = (chars: string[]): string => chars.join('')

/**
 * A leading part of the secret (longest first) standing as a token: at least MIN_LEAKED_PREFIX
 * characters and up to its first character that is not a letter, so a word alone never matches.
 * Undefined for a secret too short or made of letters only.
 */
function prefixPattern(secret: string, chars: string[]): string | undefined {
  const firstNonLetter = [...secret].findIndex((c) => !/\p{L}/u.test(c))
  if (firstNonLetter < 0) return undefined
  const shortest = Math.max(MIN_LEAKED_PREFIX, firstNonLetter + 1)
  if (shortest >= chars.length) return undefined
  let tail = ''
  for (let i = chars.length - 2; i >= shortest; i -= 1) tail = `(?:${chars[i]}${tail})?`
  return `(?<![\\p{L}\\p{N}])${chars.slice(0, shortest).join('')}${tail}(?![\\p{L}\\p{N}])`
}

export class SecretRegistry {
  private readonly values = new Set<string>()
  private pattern: RegExp | undefined

  add(value: unknown): void {
    if (typeof value !== 'string') return
    const v = value.trim()
    if (v.length < MIN_SECRET_LENGTH || this.values.has(v)) return
    this.values.add(v)
    this.pattern = undefined
  }

  get size(): number {
    return this.values.size
  }

  private build(): RegExp {
    const secrets = [...this.values].sort((a, b) => b.length - a.length).map((v) => ({v, chars: [...v].map(characterPattern)}))
    const full = secrets.map(({chars}) => fullPattern(chars))
    const prefixes = secrets.flatMap(({v, chars}) => prefixPattern(v, chars) ?? [])
    return new RegExp([...full, ...prefixes].join('|'), 'gu')
  }

  redact(text: string): string {
    if (this.values.size === 0) return text
    this.pattern ??= this.build()
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

/** `%XX` sequences decoded where they are valid UTF-8; anything else kept as typed. */
export function decodePercent(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text.replace(/(?:%[0-9a-f]{2})+/gi, (run) => {
      try {
        return decodeURIComponent(run)
      } catch {
        return run
      }
    })
  }
}

/**
 * The password part of a URL as typed (`scheme://user:PASSWORD@host`), also when it holds
 * characters a URL parser refuses (a raw `/`, `@` or `#`): the userinfo ends at the last `@`.
 */
export function urlPassword(value: string): string | undefined {
  const m = /^[a-z][a-z0-9+.-]*:\/\/(.*)@[^@]*$/is.exec(value.trim())
  if (!m) return undefined
  const userinfo = m[1]!
  const colon = userinfo.indexOf(':')
  return colon >= 0 && colon < userinfo.length - 1 ? userinfo.slice(colon + 1) : undefined
}

/** A URL with its password replaced, for messages shown before secrets are registered. */
export function withoutUrlPassword(value: string): string {
  const password = urlPassword(value)
  return password === undefined ? value : value.replace(`:${password}@`, `:${REDACTED}@`)
}

/** Every secret in a settings-like value: strings under secret-looking keys, and the password of any URL (as typed and decoded). */
export function registerSecretsIn(secrets: SecretRegistry, value: unknown, key = ''): void {
  if (typeof value === 'string') {
    if (isSecretKey(key)) secrets.add(value)
    const password = urlPassword(value)
    if (password !== undefined) {
      secrets.add(password)
      secrets.add(decodePercent(password))
      secrets.add(decodePercent(password.replace(/\+/g, ' ')))
    }
  } else if (Array.isArray(value)) {
    for (const item of value) registerSecretsIn(secrets, item, key)
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) registerSecretsIn(secrets, v, k)
  }
}
