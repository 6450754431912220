/**
 * Finds Call Control API application folders under given roots (`--app-search DIR`):
 * folders holding 3cxpscomcpp2.dll (name compared without regard to case).
 * Bounded: at most `maxDepth` levels below each root and `maxFolders` folders in all;
 * symbolic links to folders are followed once (by real path), so a link loop ends.
 * Only folder listings and stats: no file is opened here, so a FIFO, device or socket
 * cannot block it; a marker that is a folder (or links to one) does not count.
 */
import {readdir, realpath, stat} from 'node:fs/promises'
import {join} from 'node:path'
import {errorMessage} from '../../engine/errors.js'

export interface AppSearchOptions {
  /** Levels below each root to look into (the root itself is level 0). */
  maxDepth?: number
  /** Folders to read in all before giving up. */
  maxFolders?: number
  /** The file whose presence marks an application folder. */
  marker?: string
  signal?: AbortSignal
}

export interface AppSearchResult {
  found: string[]
  /** One line per root that could not be searched, or per limit reached. */
  problems: string[]
  foldersRead: number
}

export async function findAppFolders(roots: string[], options: AppSearchOptions = {}): Promise<AppSearchResult> {
  const maxDepth = options.maxDepth ?? 4
  const maxFolders = options.maxFolders ?? 20_000
  const marker = (options.marker ?? '3cxpscomcpp2.dll').toLowerCase()
  const seen = new Set<string>()
  const found: string[] = []
  const problems: string[] = []
  let foldersRead = 0
  let limitHit = false

  const visit = async (dir: string, depth: number, root: string): Promise<void> => {
    if (limitHit || options.signal?.aborted) return
    let real: string
    try {
      real = await realpath(dir)
    } catch {
      return
    }
    if (seen.has(real)) return
    seen.add(real)
    if (foldersRead >= maxFolders) {
      limitHit = true
      problems.push(`--app-search stopped after reading ${maxFolders} folders under ${root}; give a narrower folder`)
      return
    }
    foldersRead++
    let entries
    try {
      entries = await readdir(dir, {withFileTypes: true})
    } catch (error) {
      if (depth === 0) problems.push(`--app-search ${dir} cannot be read: ${errorMessage(error)}`)
      return
    }
    const markerEntry = entries.find((e) => e.name.toLowerCase() === marker)
    if (markerEntry && (markerEntry.isFile() || (markerEntry.isSymbolicLink() && (await stat(join(dir, markerEntry.name)).then((s) => s.isFile(), () => false))))) {
      found.push(dir)
    }
    if (depth >= maxDepth) return
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const child = join(dir, entry.name)
      let isDir = entry.isDirectory()
      if (entry.isSymbolicLink()) isDir = await stat(child).then((s) => s.isDirectory(), () => false)
      if (isDir) await visit(child, depth + 1, root)
    }
  }

  for (const root of roots) {
    const isDir = await stat(root).then((s) => s.isDirectory(), () => false)
    if (!isDir) {
      problems.push(`--app-search ${root} is not a folder`)
      continue
    }
    await visit(root, 0, root)
  }
  return {found, problems, foldersRead}
}
