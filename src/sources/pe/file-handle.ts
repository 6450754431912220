import {stat, type FileHandle} from 'node:fs/promises'
import {FileReadError, openRegularFile} from '../../lib/fs.js'
import {PeFileError, fsProblem} from './errors.js'

/**
 * Opens a regular file for reading through lib/fs (a FIFO, device, socket or folder is
 * refused without waiting or reading), runs `body` with the handle and the file's size,
 * and closes it. Open and stat failures become one-line PeFileErrors naming the file.
 */
export async function withPeFile<T>(path: string, body: (handle: FileHandle, size: number) => Promise<T>): Promise<T> {
  let opened: {handle: FileHandle; stats: {size: number}}
  try {
    opened = await openRegularFile(path, {what: 'file'})
  } catch (error) {
    if (error instanceof FileReadError) {
      if (error.kind === 'not-regular' && (await stat(path).then((s) => s.isDirectory(), () => false))) throw fsProblem(path, {code: 'EISDIR'})
      throw new PeFileError(path, error.kind === 'missing' ? 'missing' : 'unreadable', error.message)
    }
    throw fsProblem(path, error)
  }
  try {
    return await body(opened.handle, opened.stats.size)
  } finally {
    await opened.handle.close().catch(() => {})
  }
}
