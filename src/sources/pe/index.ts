/**
 * The pe source: facts about Windows binaries (3CX's DLLs) for any check.
 *   const pe = await ctx.use(peSource)
 *   await pe.version(path)            -> fixed and string-table versions (resedit)
 *   await pe.findString(path, text)   -> where `text` occurs: #US literal, #Strings name, elsewhere
 *   await pe.sha256(path)             -> content hash
 * Each reads the file with bounded memory and throws a PeFileError (one line:
 * what, where, what to do) for a missing, unreadable, non-PE or truncated file.
 * Results are memoised per run by path, so two checks reading one DLL read it once.
 */
import {createHash} from 'node:crypto'
import type {SourceDefinition} from '../../engine/context.js'
import {binaryIn, installSource} from '../install/index.js'
import {PeFileError, fsProblem, isPeFileError} from './errors.js'
import {locate, readDotnetMetadata, type DotnetMetadata} from './dotnet-metadata.js'
import {withPeFile} from './file-handle.js'
import {readAt, readPeHeaders, type PeHeaders} from './pe-headers.js'
import {DEFAULT_BUFFER_SIZE, encodedNeedles, scanFile} from './string-scan.js'
import {readPeVersion, type PeVersion} from './version-resource.js'

export {PeFileError, isPeFileError, type PeProblem} from './errors.js'
export {readPeVersion, parseVersion, compareVersions, type PeVersion} from './version-resource.js'
export {scanFile, encodedNeedles, DEFAULT_BUFFER_SIZE, type ScanHit, type ScanResult, type ScanOptions} from './string-scan.js'
export {readDotnetMetadata, locate, type DotnetMetadata, type MetadataStream, type Location} from './dotnet-metadata.js'
export {readPeHeaders, rvaToOffset, type PeHeaders, type SectionHeader} from './pe-headers.js'

/** How a hit is to be read: a string literal the code uses, an identifier, or bytes elsewhere. */
export type HitKind = 'literal' | 'identifier' | 'other'

export interface StringHit {
  encoding: 'utf16le' | 'utf8'
  offset: number
  /** #US, #Strings, #Blob, ... when the hit lies in a metadata heap. */
  heap?: string
  section?: string
  /** literal: UTF-16LE in #US; identifier: UTF-8 in #Strings; other: anywhere else. */
  kind: HitKind
  /** True when the hit is a whole heap entry (the literal or name itself, not part of a longer one). */
  whole: boolean
}

export interface StringSearch {
  path: string
  text: string
  fileSize: number
  format: 'PE32' | 'PE32+'
  /** The metadata's heaps; null when the PE is not a .NET assembly. */
  dotnet: {runtimeVersion: string; streams: Array<{name: string; offset: number; size: number}>} | null
  hits: StringHit[]
  bytesScanned: number
}

export interface ReadOptions {
  signal?: AbortSignal
  /** The scanner's buffer size in bytes (findString only; 64 KiB to 16 MiB, default 2 MiB). */
  bufferSize?: number
}

/** Is the hit the whole heap entry? #US: compressed length (bytes + 1) before, a 0/1 flag byte after. #Strings: NUL on both sides. */
async function isWholeEntry(handle: import('node:fs/promises').FileHandle, path: string, hit: {offset: number; kind: HitKind}, length: number): Promise<boolean> {
  if (hit.kind === 'other' || hit.offset < 2) return false
  const around = await readAt(handle, path, hit.offset - 2, length + 3)
  if (around.length < length + 3) return false
  const after = around[length + 2]!
  if (hit.kind === 'identifier') return around[1] === 0 && after === 0
  const blobLength = length + 1
  const prefixOk = blobLength < 0x80 ? around[1] === blobLength : around[0] === (0x80 | (blobLength >> 8)) && around[1] === (blobLength & 0xff)
  return prefixOk && (after === 0 || after === 1)
}

/** Finds `text` in the file as UTF-16LE and UTF-8 and says where each hit lies. */
export async function findStringInPe(path: string, text: string, options: ReadOptions = {}): Promise<StringSearch> {
  if (text === '') throw new TypeError('findStringInPe needs a non-empty text')
  const {headers, metadata} = await withPeFile(path, async (handle, size) => {
    const headers: PeHeaders = await readPeHeaders(handle, path, size)
    const metadata: DotnetMetadata | undefined = await readDotnetMetadata(handle, headers)
    return {headers, metadata}
  })
  const {utf16le, utf8} = encodedNeedles(text)
  const needles = [utf16le, utf8]
  const scan = await scanFile(path, needles, {bufferSize: options.bufferSize ?? DEFAULT_BUFFER_SIZE, maxHitsPerNeedle: 200, ...(options.signal ? {signal: options.signal} : {})})
  const hits = await withPeFile(path, async (handle) => {
    const out: StringHit[] = []
    for (const h of scan.hits) {
      const encoding = h.needle === 0 ? 'utf16le' : 'utf8'
      const length = needles[h.needle]!.length
      const where = locate(headers, metadata, h.offset, length)
      const kind: HitKind = encoding === 'utf16le' && where.heap === '#US' ? 'literal' : encoding === 'utf8' && where.heap === '#Strings' ? 'identifier' : 'other'
      const whole = await isWholeEntry(handle, path, {offset: h.offset, kind}, length)
      out.push({encoding, offset: h.offset, ...(where.heap ? {heap: where.heap} : {}), ...(where.section ? {section: where.section} : {}), kind, whole})
    }
    return out
  })
  return {
    path,
    text,
    fileSize: headers.fileSize,
    format: headers.format,
    dotnet: metadata ? {runtimeVersion: metadata.runtimeVersion, streams: metadata.streams.map((s) => ({name: s.name, offset: s.fileOffset, size: s.size}))} : null,
    hits,
    bytesScanned: scan.bytesScanned,
  }
}

/** SHA-256 of a file, read through one reused buffer. */
export async function sha256File(path: string, options: ReadOptions = {}): Promise<string> {
  return withPeFile(path, async (handle) => {
    const hash = createHash('sha256')
    const buffer = Buffer.allocUnsafeSlow(DEFAULT_BUFFER_SIZE)
    let position = 0
    for (;;) {
      if (options.signal?.aborted) throw new PeFileError(path, 'aborted', `hashing ${path} was stopped (the check's time limit ran out: --timeout, else the check's own limit)`)
      let bytesRead: number
      try {
        ;({bytesRead} = await handle.read(buffer, 0, buffer.length, position))
      } catch (error) {
        throw fsProblem(path, error)
      }
      if (bytesRead === 0) break
      hash.update(buffer.subarray(0, bytesRead))
      position += bytesRead
    }
    return hash.digest('hex')
  })
}

export interface PeReader {
  version(path: string): Promise<PeVersion>
  findString(path: string, text: string, options?: ReadOptions): Promise<StringSearch>
  sha256(path: string, options?: ReadOptions): Promise<string>
  /** How many distinct files were read. */
  readonly filesRead: number
}

/** A reader that memoises successful results per path (failures are retried: the next caller may have more time). */
export function createPeReader(): PeReader {
  const memo = new Map<string, Promise<unknown>>()
  const files = new Set<string>()
  const remember = <T>(key: string, path: string, work: () => Promise<T>): Promise<T> => {
    files.add(path)
    let promise = memo.get(key) as Promise<T> | undefined
    if (!promise) {
      promise = work()
      memo.set(key, promise)
      promise.catch(() => memo.delete(key))
    }
    return promise
  }
  return {
    version: (path) => remember(`version\0${path}`, path, () => readPeVersion(path)),
    findString: (path, text, options = {}) => remember(`find\0${path}\0${text}`, path, () => findStringInPe(path, text, options)),
    sha256: (path, options = {}) => remember(`sha256\0${path}`, path, () => sha256File(path, options)),
    get filesRead() {
      return files.size
    },
  }
}

/** The 3CX binaries whose versions `tcx-doctor info` shows. */
export const KNOWN_BINARIES = ['MyPhoneServer.dll', 'VCEWebRTCNet.dll', '3cxpscomcpp2.dll', 'sl.dll', 'tcxpscom_native.dll']

/** The pe source: `const pe = await ctx.use(peSource)`. Opening it never fails; each file read can. */
export const peSource: SourceDefinition<PeReader> = {
  name: 'pe',
  async open(): Promise<PeReader> {
    return createPeReader()
  },
  describe: (reader) => `read ${reader.filesRead} Windows binar${reader.filesRead === 1 ? 'y' : 'ies'} (version resource, string scan, SHA-256)`,
  info: {
    title: '3CX binaries',
    // The versions of the 3CX binaries in the install's folders; a file's problem in one line.
    async collect(pe, ctx) {
      const install = await ctx.use(installSource)
      const dirs = install.binFolders.map((f) => f.dir)
      const files: Record<string, unknown> = {}
      for (const dir of dirs) {
        for (const name of KNOWN_BINARIES) {
          const path = binaryIn(install, dir, name)
          if (path === undefined) continue
          try {
            const v = await pe.version(path)
            files[path] = {fileVersion: v.fileVersion, productVersion: v.strings.ProductVersion ?? v.productVersion, format: v.format}
          } catch (error) {
            if (!isPeFileError(error)) throw error
            files[path] = {problem: error.message}
          }
        }
      }
      const problems = install.binFolders.flatMap((f) => (f.problem ? [f.problem] : []))
      return {lookedIn: dirs, files, ...(problems.length > 0 ? {problems} : {})}
    },
  },
}
