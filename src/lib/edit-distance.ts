/**
 * Edit distance (Levenshtein plus swaps) and "did you mean" candidates for mistyped words (command names,
 * check ids). Written here rather than imported: fast-levenshtein is only a dependency of
 * @oclif/plugin-not-found, not of this package, and the words compared are a few dozen short ids.
 */

/**
 * The number of single-character insertions, deletions, substitutions and swaps of two neighbours
 * that turn `a` into `b` (optimal string alignment: "rnu" is one swap from "run").
 */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0
  let before: number[] = []
  let previous = Array.from({length: b.length + 1}, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      let best = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, before[j - 2]! + 1)
      current.push(best)
    }
    before = previous
    previous = current
  }
  return previous[b.length]!
}

/** How far a typo may be from the word meant: 1 edit for short words, about one in three for longer ones. */
export function typoBudget(word: string): number {
  return Math.max(1, Math.min(4, Math.floor(word.length / 3)))
}

/**
 * The candidates within the typo budget of `word`, nearest first (ties in the candidates' order),
 * at most `limit`. Compared case-insensitively; the word itself is never suggested.
 */
export function nearestWords(word: string, candidates: readonly string[], limit = 3): string[] {
  const typed = word.toLowerCase()
  const budget = typoBudget(typed)
  return [...new Set(candidates)]
    .map((candidate, order) => ({candidate, order, distance: editDistance(typed, candidate.toLowerCase())}))
    .filter((c) => c.distance > 0 && c.distance <= budget)
    .sort((x, y) => x.distance - y.distance || x.order - y.order)
    .slice(0, limit)
    .map((c) => c.candidate)
}
