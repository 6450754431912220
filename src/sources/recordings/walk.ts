/**
 * A bounded walk of a recordings folder: how many files of each extension, and the first few that are
 * not `.wav`. Hostile trees are safe to walk:
 * - only listings (opendir, streamed) and lstat: no file is opened, no symbolic link is followed
 *   (links are counted, so nothing outside the folder is reached), FIFOs, sockets and devices are counted
 *   and skipped;
 * - at most `maxDepth` folder levels below the root and `maxEntries` entries in all (then `truncated`);
 * - the signal is checked at every entry (a stopped check stops the walk).
 * The root itself may be a symbolic link (a recordings folder moved to another disk): it is followed
 * once and its real path reported.
 */
import type {Dirent, Stats} from 'node:fs'
import {lstat, opendir, realpath, stat} from 'node:fs/promises'
import {extname, join, relative} from 'node:path'
import {errorMessage} from '../../engine/errors.js'
import {kindOf, permissionAdvice} from '../../lib/fs.js'

export interface WalkLimits {
  /** Folder levels below the root that are entered (0: the root's own entries only). */
  maxDepth: number
  /** Entries (files, folders, links, others) read in all before the walk stops. */
  maxEntries: number
  /** Paths of non-.wav files kept as examples. */
  examples: number
  signal?: AbortSignal
}

export const DEFAULT_WALK_LIMITS: Omit<WalkLimits, 'signal'> = {maxDepth: 6, maxEntries: 200_000, examples: 10}

export interface ExtensionCount {
  /** Lower case with the dot (".wav", ".mp3"), or "" for a name without one. */
  extension: string
  files: number
  bytes: number
}

export type WalkState = 'ok' | 'absent' | 'not-a-folder' | 'unreadable'

export interface RecordingsWalk {
  folder: string
  state: WalkState
  /** One line when the state is not ok. */
  problem?: string
  /** The real path when the folder is a symbolic link. */
  realPath?: string
  /** Regular files seen. */
  files: number
  byExtension: ExtensionCount[]
  /** Regular files whose name does not end in .wav (any case), and the first of them, relative to the folder. */
  nonWav: {files: number; examples: string[]}
  skipped: {
    /** Symbolic links (never followed). */
    symlinks: number
    /** FIFOs, sockets, devices. */
    special: number
    /** Folders deeper than maxDepth, not entered. */
    tooDeep: number
    /** Folders that could not be listed. */
    unreadable: number
    /** The first few skipped paths with why, relative to the folder. */
    examples: string[]
  }
  entries: number
  /** The walk stopped at maxEntries: the counts are lower bounds. */
  truncated: boolean
}

const SKIP_EXAMPLES = 10

function emptyWalk(folder: string, state: WalkState, problem?: string): RecordingsWalk {
  return {
    folder,
    state,
    ...(problem ? {problem} : {}),
    files: 0,
    byExtension: [],
    nonWav: {files: 0, examples: []},
    skipped: {symlinks: 0, special: 0, tooDeep: 0, unreadable: 0, examples: []},
    entries: 0,
    truncated: false,
  }
}

/** Whether a file name is one the console lists as a recording. */
export const isWavName = (name: string): boolean => extname(name).toLowerCase() === '.wav'

async function rootOf(folder: string): Promise<{ok: true; path: string; realPath?: string} | {ok: false; walk: RecordingsWalk}> {
  let link: Stats
  try {
    link = await lstat(folder)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') return {ok: false, walk: emptyWalk(folder, 'absent', `${folder} does not exist`)}
    if (code === 'EACCES' || code === 'EPERM') return {ok: false, walk: emptyWalk(folder, 'unreadable', `cannot read ${folder}: permission denied; ${permissionAdvice()}`)}
    return {ok: false, walk: emptyWalk(folder, 'unreadable', `cannot read ${folder}: ${errorMessage(error)}`)}
  }
  if (link.isDirectory()) return {ok: true, path: folder}
  if (!link.isSymbolicLink()) return {ok: false, walk: emptyWalk(folder, 'not-a-folder', `${folder} is ${kindOf(link)}, not a folder`)}
  try {
    const target = await stat(folder)
    if (!target.isDirectory()) return {ok: false, walk: emptyWalk(folder, 'not-a-folder', `${folder} is a symbolic link to ${kindOf(target)}, not a folder`)}
    return {ok: true, path: folder, realPath: await realpath(folder)}
  } catch (error) {
    return {ok: false, walk: emptyWalk(folder, 'absent', `${folder} is a symbolic link to nothing readable (${errorMessage(error)})`)}
  }
}

/** The kind of an entry without following it; a listing that does not tell (DT_UNKNOWN) is asked with lstat. */
async function entryKind(entry: Dirent, path: string): Promise<'file' | 'folder' | 'link' | 'special'> {
  if (entry.isSymbolicLink()) return 'link'
  if (entry.isDirectory()) return 'folder'
  if (entry.isFile()) return 'file'
  if (entry.isFIFO() || entry.isSocket() || entry.isCharacterDevice() || entry.isBlockDevice()) return 'special'
  const s = await lstat(path)
  return s.isSymbolicLink() ? 'link' : s.isDirectory() ? 'folder' : s.isFile() ? 'file' : 'special'
}

/** Walks `folder` within `limits`; never throws for what it finds (absent, unreadable), only when stopped by the signal. */
export async function walkRecordings(folder: string, limits: WalkLimits): Promise<RecordingsWalk> {
  limits.signal?.throwIfAborted()
  const root = await rootOf(folder)
  if (!root.ok) return root.walk
  const walk = emptyWalk(folder, 'ok')
  if (root.realPath) walk.realPath = root.realPath
  const byExtension = new Map<string, ExtensionCount>()
  const rel = (path: string): string => relative(root.path, path) || '.'
  const skipExample = (path: string, why: string): void => {
    if (walk.skipped.examples.length < SKIP_EXAMPLES) walk.skipped.examples.push(`${rel(path)} (${why})`)
  }
  const pending: Array<{dir: string; depth: number}> = [{dir: root.path, depth: 0}]
  walking: for (let next = 0; next < pending.length; next++) {
    const {dir, depth} = pending[next]!
    let listing
    try {
      listing = await opendir(dir, {bufferSize: 64})
    } catch (error) {
      if (dir === root.path) return emptyWalk(folder, 'unreadable', `cannot list ${folder}: ${errorMessage(error)}${(error as NodeJS.ErrnoException).code === 'EACCES' ? `; ${permissionAdvice()}` : ''}`)
      walk.skipped.unreadable++
      skipExample(dir, `cannot be listed: ${(error as NodeJS.ErrnoException).code ?? errorMessage(error)}`)
      continue
    }
    try {
      for await (const entry of listing) {
        limits.signal?.throwIfAborted()
        if (walk.entries >= limits.maxEntries) {
          walk.truncated = true
          break walking
        }
        walk.entries++
        const path = join(dir, entry.name)
        let kind
        try {
          kind = await entryKind(entry, path)
        } catch {
          continue // removed while walking
        }
        if (kind === 'link') {
          walk.skipped.symlinks++
          skipExample(path, 'symbolic link, not followed')
        } else if (kind === 'special') {
          walk.skipped.special++
          skipExample(path, 'not a file or folder (FIFO, socket or device)')
        } else if (kind === 'folder') {
          if (depth + 1 > limits.maxDepth) {
            walk.skipped.tooDeep++
            skipExample(path, `deeper than ${limits.maxDepth} levels, not entered`)
          } else pending.push({dir: path, depth: depth + 1})
        } else {
          let size = 0
          try {
            size = (await lstat(path)).size
          } catch {
            continue // removed while walking
          }
          walk.files++
          const extension = extname(entry.name).toLowerCase()
          const count = byExtension.get(extension) ?? {extension, files: 0, bytes: 0}
          count.files++
          count.bytes += size
          byExtension.set(extension, count)
          if (!isWavName(entry.name)) {
            walk.nonWav.files++
            if (walk.nonWav.examples.length < limits.examples) walk.nonWav.examples.push(rel(path))
          }
        }
      }
    } finally {
      // A loop left early (truncated, aborted) leaves the listing open: close it (a finished one is closed already).
      await listing.close().catch(() => {})
    }
  }
  walk.byExtension = [...byExtension.values()].sort((a, b) => b.files - a.files || a.extension.localeCompare(b.extension))
  return walk
}
