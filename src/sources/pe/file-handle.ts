import {open, type FileHandle} from 'node:fs/promises'
import {PeFileError, fsProblem} from './errors.js'

/**
 * Opens a regular file for reading, runs `body` with the handle and the file's size,
 * and closes it. Opening or stat failures become one-line PeFileErrors naming the file.
 */
export async function withPeFile<T>(path: string, body: (handle: FileHandle, size: number) => Promise<T>): Promise<T> {
  let handle: FileHandle
  try {
    handle = await open(path, 'r')
  } catch (error) {
    throw fsProblem(path, error)
  }
  try {
    const stat = await handle.stat().catch((error: unknown) => {
      throw fsProblem(path, error)
    })
    if (stat.isDirectory()) throw fsProblem(path, {code: 'EISDIR'})
    if (!stat.isFile()) throw new PeFileError(path, 'unreadable', `${path} is not a regular file`)
    return await body(handle, stat.size)
  } finally {
    await handle.close().catch(() => {})
  }
}
