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
