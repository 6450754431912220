/**
 * Writes one report file for `--output` without harming what is already there:
 * - `/dev/stdout`, `/dev/stderr`, `/dev/fd/N`, `/proc/self/fd/N`: written to that descriptor;
 * - a character device (`/dev/null`, a terminal) or a FIFO: written to it, never renamed over
 *   (a FIFO needs a reader, and one that stops reading is given up after `fifoTimeoutMs`);
 * - a block device, a socket, a folder, anything under /proc or /sys: refused with the reason;
 * - a symlink: followed, the target is written and the link stays;
 * - a regular file (or a new one): replaced atomically with write-file-atomic (temp file in the
 *   same folder, fsync, rename), keeping the mode and owner of the file it replaces.
 * Every failure is an `OutputWriteError` with one line: the path and why. No temp file is left.
 */
import {constants, open as openDescriptor, write, type Stats} from 'node:fs'
import {lstat, mkdir, open, readlink, realpath, stat} from 'node:fs/promises'
import {Socket} from 'node:net'
import {promisify} from 'node:util'
import {dirname, isAbsolute, resolve, sep} from 'node:path'
import writeFileAtomic from 'write-file-atomic'

export class OutputWriteError extends Error {
  constructor(readonly path: string, reason: string) {
    super(`cannot write ${path}: ${reason}`)
    this.name = 'OutputWriteError'
  }
}

export interface WriteOutputOptions {
  /** How long a FIFO's reader may take to read the whole report (default 30 s). */
  fifoTimeoutMs?: number
}

const KERNEL_FOLDERS = ['/proc', '/sys']
const MAX_LINKS = 40

/** The descriptor a path names by itself (`/dev/stdout`, `/dev/fd/3`, `/proc/self/fd/3`), if any. */
export function descriptorOf(path: string): number | undefined {
  if (path === '/dev/stdout') return 1
  if (path === '/dev/stderr') return 2
  const m = /^\/(?:dev\/fd|proc\/self\/fd)\/(\d+)$/.exec(path)
  return m ? Number(m[1]) : undefined
}

/** One line for a system error while writing. */
export function writeErrorReason(error: unknown): string {
  const e = error as NodeJS.ErrnoException
  switch (e.code) {
    case 'ENOSPC':
      return 'no space left on the device'
    case 'EDQUOT':
      return 'disk quota exceeded'
    case 'EACCES':
    case 'EPERM':
      return 'permission denied; choose a folder this user may write to, or run as a user that may'
    case 'EROFS':
      return 'the file system is read-only'
    case 'EISDIR':
      return 'it is a folder; give a file name (e.g. a path ending in /report.html)'
    case 'ENOTDIR':
      return 'a part of the path is a file, not a folder'
    case 'ELOOP':
      return 'too many levels of symbolic links'
    case 'ENAMETOOLONG':
      return 'the name is too long'
    case 'ENXIO':
      return 'nothing is there to receive it (a FIFO without a reader, or a socket)'
    case 'EPIPE':
      return 'the reader closed it before the whole report was written'
    case 'EBADF':
      return 'that descriptor is not open for writing'
    default:
      return e.code ? `${e.code}: ${String(e.message).split('\n')[0]}` : String(e.message ?? error).split('\n')[0]!
  }
}

async function statOrUndefined(path: string, follow: boolean): Promise<Stats | undefined> {
  try {
    return follow ? await stat(path) : await lstat(path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}

/** Follows a chain of symlinks (also a dangling one) to the path that is to be written. */
async function followLinks(path: string): Promise<string> {
  let current = path
  for (let i = 0; i < MAX_LINKS; i++) {
    const info = await statOrUndefined(current, false)
    if (!info?.isSymbolicLink()) return current
    const target = await readlink(current)
    current = isAbsolute(target) ? target : resolve(dirname(current), target)
  }
  throw Object.assign(new Error('too many links'), {code: 'ELOOP'})
}

/** The real path of a file that may not exist yet: the real path of its nearest existing folder, plus the rest. */
async function realLocation(path: string): Promise<string> {
  let folder = path
  let rest = ''
  for (;;) {
    try {
      return (await realpath(folder)) + rest
    } catch {
      const parent = dirname(folder)
      if (parent === folder) return path
      rest = `${sep}${folder.slice(parent.length).replace(/^[\\/]+/, '')}${rest}`
      folder = parent
    }
  }
}

const isUnder = (path: string, folder: string): boolean => path === folder || path.startsWith(`${folder}/`)

async function writeToDescriptor(fd: number, content: string): Promise<void> {
  const stream = fd === 1 ? process.stdout : fd === 2 ? process.stderr : undefined
  if (stream) {
    await new Promise<void>((done, fail) => {
      stream.write(content, (error) => (error ? fail(error) : done()))
    })
    return
  }
  await new Promise<void>((done, fail) => {
    const bytes = Buffer.from(content)
    const step = (offset: number): void => {
      if (offset >= bytes.length) return done()
      write(fd, bytes, offset, bytes.length - offset, null, (error, written) => (error ? fail(error) : step(offset + written)))
    }
    step(0)
  })
}

/** A FIFO is opened without blocking (no reader: ENXIO) and written as a stream, bounded in time. */
async function writeToFifo(path: string, content: string, timeoutMs: number): Promise<void> {
  const fd = await promisify(openDescriptor)(path, constants.O_WRONLY | constants.O_NONBLOCK)
  // The socket owns the descriptor from here on and closes it when destroyed.
  const socket = new Socket({fd, readable: false, writable: true})
  try {
    await new Promise<void>((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`the reader did not take the report within ${timeoutMs / 1000} s`)), timeoutMs)
      socket.once('error', (error) => {
        clearTimeout(timer)
        fail(error)
      })
      socket.end(content, () => {
        clearTimeout(timer)
        done()
      })
    })
  } finally {
    socket.destroy()
  }
}

async function writeToDevice(path: string, content: string): Promise<void> {
  const handle = await open(path, constants.O_WRONLY)
  try {
    await handle.writeFile(content)
  } finally {
    await handle.close()
  }
}

export async function writeOutput(path: string, content: string, options: WriteOutputOptions = {}): Promise<void> {
  try {
    const fd = descriptorOf(path)
    if (fd !== undefined) return await writeToDescriptor(fd, content)
    const existing = await statOrUndefined(path, true)
    if (existing && !existing.isFile()) {
      if (existing.isDirectory()) throw Object.assign(new Error('folder'), {code: 'EISDIR'})
      if (existing.isFIFO()) return await writeToFifo(path, content, options.fifoTimeoutMs ?? 30_000)
      if (existing.isCharacterDevice()) return await writeToDevice(path, content)
      if (existing.isBlockDevice()) throw new OutputWriteError(path, 'it is a block device (a disk or partition); tcx-doctor writes reports to files only')
      throw new OutputWriteError(path, 'it is a socket, not a file')
    }
    const target = await followLinks(path)
    const real = await realLocation(target)
    const kernel = KERNEL_FOLDERS.find((folder) => isUnder(real, folder))
    if (kernel) throw new OutputWriteError(path, `${kernel} holds kernel interfaces, not report files; choose another path`)
    await mkdir(dirname(target), {recursive: true})
    await writeFileAtomic(target, content, {fsync: true})
  } catch (error) {
    if (error instanceof OutputWriteError) throw error
    throw new OutputWriteError(path, writeErrorReason(error))
  }
}

export interface OutputFile {
  path: string
  content: () => string
}

export interface OutputFailure {
  path: string
  /** One line: `cannot write PATH: why`. */
  line: string
}

/** Writes every output that can be written; one failure each for the others (in the order given). */
export async function writeOutputs(outputs: readonly OutputFile[], options: WriteOutputOptions = {}): Promise<OutputFailure[]> {
  const failures: OutputFailure[] = []
  for (const output of outputs) {
    try {
      await writeOutput(output.path, output.content(), options)
    } catch (error) {
      failures.push({path: output.path, line: error instanceof OutputWriteError ? error.message : `cannot write ${output.path}: ${writeErrorReason(error)}`})
    }
  }
  return failures
}
