/**
 * Finds byte strings in a file of any size with bounded memory: one buffer
 * (2 MiB by default, 64 KiB to 16 MiB allowed; bench/scan.bench.js compares sizes) reused for the whole file,
 * filled with positioned reads, searched with Buffer.indexOf (V8's
 * Boyer-Moore-Horspool). Consecutive windows overlap by (longest needle - 1)
 * bytes, so a needle split across a read boundary is still found, and each hit
 * is reported once.
 *
 * Kept free of heavy imports: the bench loads this module alone.
 */
import {PeFileError, fsProblem} from './errors.js'
import {withPeFile} from './file-handle.js'

export const DEFAULT_BUFFER_SIZE = 2 * 1024 * 1024
const MIN_BUFFER_SIZE = 64 * 1024
const MAX_BUFFER_SIZE = 16 * 1024 * 1024

export interface ScanOptions {
  /** Bytes read at a time (the one buffer's size). */
  bufferSize?: number
  /** Stop recording hits of a needle after this many (the count goes on). */
  maxHitsPerNeedle?: number
  /** Aborting stops the scan between two reads. */
  signal?: AbortSignal
}

export interface ScanHit {
  /** Index of the needle in the list given. */
  needle: number
  /** File offset of the hit's first byte. */
  offset: number
}

export interface ScanResult {
  bytesScanned: number
  /** Hits in file order per needle (at most maxHitsPerNeedle each). */
  hits: ScanHit[]
  /** Hits per needle, including those not recorded. */
  counts: number[]
}

/** The encodings a .NET assembly stores text in: UTF-16LE (#US string literals) and UTF-8 (#Strings names). */
export function encodedNeedles(text: string): {utf16le: Buffer; utf8: Buffer} {
  return {utf16le: Buffer.from(text, 'utf16le'), utf8: Buffer.from(text, 'utf8')}
}

/** Searches `data` (a window of the file starting at `base`) for every needle from `from[i]` on. */
function searchWindow(data: Buffer, base: number, needles: Buffer[], from: number[], result: ScanResult, maxHits: number): void {
  for (let i = 0; i < needles.length; i++) {
    const needle = needles[i]!
    let at = data.indexOf(needle, from[i]!)
    while (at !== -1) {
      const count = (result.counts[i] ?? 0) + 1
      result.counts[i] = count
      if (count <= maxHits) result.hits.push({needle: i, offset: base + at})
      at = data.indexOf(needle, at + 1)
    }
  }
}

/**
 * Scans the file at `path` for the needles (non-empty byte strings). Throws a
 * PeFileError with one line when the file cannot be read or vanishes.
 */
export async function scanFile(path: string, needles: Buffer[], options: ScanOptions = {}): Promise<ScanResult> {
  if (needles.length === 0 || needles.some((n) => n.length === 0)) throw new TypeError('scanFile needs non-empty needles')
  const longest = Math.max(...needles.map((n) => n.length))
  const size = Math.min(MAX_BUFFER_SIZE, Math.max(MIN_BUFFER_SIZE, options.bufferSize ?? DEFAULT_BUFFER_SIZE, longest * 2))
  const overlap = longest - 1
  const maxHits = options.maxHitsPerNeedle ?? 1000
  const result: ScanResult = {bytesScanned: 0, hits: [], counts: needles.map(() => 0)}
  await withPeFile(path, async (handle) => {
    const buffer = Buffer.allocUnsafeSlow(size)
    // `carried` bytes at the start of the buffer are the previous window's tail.
    let carried = 0
    let position = 0
    for (;;) {
      if (options.signal?.aborted) throw new PeFileError(path, 'aborted', `scanning ${path} was stopped after ${position} bytes (the check's time limit ran out: --timeout, else the check's own limit)`)
      let bytesRead: number
      try {
        ;({bytesRead} = await handle.read(buffer, carried, size - carried, position))
      } catch (error) {
        throw fsProblem(path, error)
      }
      if (bytesRead === 0) break
      const filled = carried + bytesRead
      const base = position - carried
      // A hit starting in the carried bytes was found last time unless it reaches past them.
      const from = needles.map((n) => Math.max(0, carried - n.length + 1))
      searchWindow(buffer.subarray(0, filled), base, needles, from, result, maxHits)
      position += bytesRead
      carried = Math.min(overlap, filled)
      buffer.copy(buffer, 0, filled - carried, filled)
    }
    result.bytesScanned = position
  })
  result.hits.sort((a, b) => a.offset - b.offset || a.needle - b.needle)
  return result
}
