/**
 * Reading files that may be hostile: a FIFO, a device, a directory, a symlink to
 * any of those, a huge or sparse file, or one this user may not read.
 *
 * - Only regular files are read. A FIFO is opened non-blocking (so opening never
 *   waits for a writer), then refused by fstat like a device, socket or directory.
 * - Text files are capped: a file above the limit is refused by its size, never read.
 * - Every failure is one line saying what, where and what to do, with a `kind`.
 */
import {constants, readFileSync} from 'node:fs'
import {open, stat, type FileHandle} from 'node:fs/promises'
import type {Stats} from 'node:fs'
import {InputFileError} from '../engine/errors.js'

export type FileProblemKind = 'missing' | 'permission' | 'not-regular' | 'too-large' | 'io'

/** A file that could not be read, with why (`kind`) in one line. */
export class FileReadError extends InputFileError {
  constructor(
    file: string,
    readonly kind: FileProblemKind,
    message: string,
  ) {
    super(file, message)
    this.name = 'FileReadError'
  }
}

/** What a path is, in words: "a FIFO (named pipe)", "a character device", ... */
export function kindOf(stats: Stats): string {
  if (stats.isFile()) return 'a regular file'
  if (stats.isDirectory()) return 'a directory'
  if (stats.isFIFO()) return 'a FIFO (named pipe)'
  if (stats.isCharacterDevice()) return 'a character device'
  if (stats.isBlockDevice()) return 'a block device'
  if (stats.isSocket()) return 'a socket'
  return 'not a regular file'
}

/** "1.5 MiB", "64 KiB", "200 B". */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GiB`
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KiB`
  return `${bytes} B`
}

let groupNames: Map<number, string> | undefined

/** The name of a group id from /etc/group (bounded read), or undefined. */
function groupName(gid: number): string | undefined {
  if (process.platform === 'win32') return undefined
  if (!groupNames) {
    groupNames = new Map()
    try {
      const text = readFileSync('/etc/group', {encoding: 'utf8', flag: 'r'}).slice(0, 1_000_000)
      for (const line of text.split('\n')) {
        const [name, , id] = line.split(':')
        if (name && id && /^\d+$/.test(id)) groupNames.set(Number(id), name)
      }
    } catch {
      // no group names: the message leaves the group out
    }
  }
  return groupNames.get(gid)
}

/** What to do about a permission problem on this platform. */
export function permissionAdvice(stats?: Stats): string {
  if (process.platform === 'win32') return 'run as Administrator or as an account with read access to the 3CX folders'
  const group = stats ? groupName(stats.gid) : undefined
  return `run as root or as a user in group ${group ?? 'that owns the file'}`
}

/** One line for a failed stat/open/read of `path` (`what` names the file's role: "3CXPhoneSystem.ini"). */
export function fileErrorOf(error: unknown, path: string, what = 'file'): FileReadError {
  if (error instanceof FileReadError) return error
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return new FileReadError(path, 'missing', `${what} ${path} does not exist`)
    case 'EACCES':
    case 'EPERM':
      return new FileReadError(path, 'permission', `cannot read ${what} ${path}: permission denied; ${permissionAdvice()}`)
    case 'EISDIR':
      return new FileReadError(path, 'not-regular', `${what} ${path} is a directory, not a file`)
    case 'ELOOP':
      return new FileReadError(path, 'not-regular', `${what} ${path} is a symbolic link loop`)
    default:
      return new FileReadError(path, 'io', `cannot read ${what} ${path}: ${(error as Error)?.message ?? String(error)}`)
  }
}

export interface OpenOptions {
  /** The file's role in messages ("3CXPhoneSystem.ini", "config file"). */
  what?: string
  /** Refuse a file larger than this many bytes (by its size, before reading). */
  maxBytes?: number
}

// O_NONBLOCK: opening a FIFO for reading returns at once instead of waiting for a writer (POSIX only).
const OPEN_FLAGS = constants.O_RDONLY | (process.platform === 'win32' ? 0 : (constants.O_NONBLOCK ?? 0))

/**
 * Opens a regular file for reading (symlinks followed), or throws a FileReadError: never waits on a
 * FIFO, never reads a device. The caller closes the handle.
 */
export async function openRegularFile(path: string, options: OpenOptions = {}): Promise<{handle: FileHandle; stats: Stats}> {
  const what = options.what ?? 'file'
  // A stat first: a Windows named pipe or a device is refused without opening it.
  let before: Stats
  try {
    before = await stat(path)
  } catch (error) {
    throw fileErrorOf(error, path, what)
  }
  if (!before.isFile()) throw new FileReadError(path, 'not-regular', `${what} ${path} is ${kindOf(before)}, not a regular file; give the path of the file itself`)
  let handle: FileHandle
  try {
    handle = await open(path, OPEN_FLAGS)
  } catch (error) {
    const e = fileErrorOf(error, path, what)
    if (e.kind === 'permission') throw new FileReadError(path, 'permission', `cannot read ${what} ${path}: permission denied; ${permissionAdvice(before)}`)
    throw e
  }
  try {
    // The path may have been swapped between stat and open: judge what was opened.
    const stats = await handle.stat()
    if (!stats.isFile()) throw new FileReadError(path, 'not-regular', `${what} ${path} is ${kindOf(stats)}, not a regular file; give the path of the file itself`)
    if (options.maxBytes !== undefined && stats.size > options.maxBytes) {
      throw new FileReadError(
        path,
        'too-large',
        `${what} ${path} is ${formatBytes(stats.size)}, more than the ${formatBytes(options.maxBytes)} such a file can be; it is not read (is this the right file?)`,
      )
    }
    return {handle, stats}
  } catch (error) {
    await handle.close().catch(() => {})
    throw error
  }
}

/**
 * Reads a whole regular file of at most `maxBytes` (refused above, by size). Reads at most
 * `maxBytes + 1` bytes even if the file grows while being read.
 */
export async function readBoundedFile(path: string, options: OpenOptions & {maxBytes: number}): Promise<{data: Buffer; stats: Stats}> {
  const {handle, stats} = await openRegularFile(path, options)
  try {
    const limit = options.maxBytes + 1
    const buffer = Buffer.alloc(Math.min(limit, Math.max(stats.size, 0) + 1))
    let filled = 0
    for (;;) {
      if (filled === buffer.length) break
      const {bytesRead} = await handle.read(buffer, filled, buffer.length - filled, filled)
      if (bytesRead === 0) break
      filled += bytesRead
    }
    if (filled > options.maxBytes) {
      throw new FileReadError(path, 'too-large', `${options.what ?? 'file'} ${path} is larger than ${formatBytes(options.maxBytes)}; it is not read (is this the right file?)`)
    }
    return {data: buffer.subarray(0, filled), stats}
  } catch (error) {
    if (error instanceof FileReadError) throw error
    throw fileErrorOf(error, path, options.what)
  } finally {
    await handle.close().catch(() => {})
  }
}

/** Reads the last `maxBytes` of a regular file (log tails), whatever its size. */
export async function readFileTail(path: string, maxBytes: number, options: OpenOptions = {}): Promise<{data: Buffer; stats: Stats; truncated: boolean}> {
  const {handle, stats} = await openRegularFile(path, options)
  try {
    const length = Math.min(stats.size, maxBytes)
    const buffer = Buffer.alloc(length)
    let filled = 0
    const start = stats.size - length
    while (filled < length) {
      const {bytesRead} = await handle.read(buffer, filled, length - filled, start + filled)
      if (bytesRead === 0) break
      filled += bytesRead
    }
    return {data: buffer.subarray(0, filled), stats, truncated: start > 0}
  } catch (error) {
    throw fileErrorOf(error, path, options.what)
  } finally {
    await handle.close().catch(() => {})
  }
}

/** Limits for text files the tool reads, documented in README ("What is refused"). */
export const MAX_BYTES = {
  /** 3CXPhoneSystem.ini: a few KB on real servers. */
  ini: 1024 * 1024,
  /** config.json of v18, tcx-doctor's own config file. */
  json: 1024 * 1024,
  /** A plugin module file. */
  plugin: 8 * 1024 * 1024,
} as const
