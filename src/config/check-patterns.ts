import {nearestWords} from '../lib/edit-distance.js'

/**
 * The check patterns of --only, --skip, --require-checks and waiver ids:
 * an id (`api.stale-files`), a category (`api`), or `category.*`.
 */
export function matchesCheckPattern(pattern: string, id: string): boolean {
  return pattern === id || (pattern.endsWith('.*') && id.startsWith(pattern.slice(0, -1))) || (!pattern.includes('.') && id.startsWith(`${pattern}.`))
}

/** The patterns that match none of the ids. */
export function unmatchedPatterns(patterns: readonly string[], ids: readonly string[]): string[] {
  return patterns.filter((p) => !ids.some((id) => matchesCheckPattern(p, id)))
}

/**
 * What a mistyped check pattern probably meant: the ids and categories within a few typos of it,
 * else the ids that contain it (`clock` → time.clock-drift), else the ids of the category it names
 * (`install.nope` → the install checks), at most `limit`.
 */
export function suggestCheckPatterns(pattern: string, ids: readonly string[], limit = 3): string[] {
  const categories = [...new Set(ids.map((id) => id.split('.')[0]!))]
  const near = nearestWords(pattern.replace(/\.\*$/, ''), [...ids, ...categories], limit)
  if (near.length > 0) return near
  const containing = pattern.length >= 3 ? ids.filter((id) => id.includes(pattern)) : []
  if (containing.length > 0) return containing.slice(0, limit)
  const category = pattern.split('.')[0]!
  return ids.filter((id) => id.startsWith(`${category}.`)).slice(0, limit)
}

/** `pattern (did you mean a, b?)`, or just the pattern when no id or category is near it. */
export function withSuggestion(pattern: string, ids: readonly string[]): string {
  const near = suggestCheckPatterns(pattern, ids)
  return near.length > 0 ? `${pattern} (did you mean ${near.join(', ')}?)` : pattern
}
