/**
 * Locates the heaps of a .NET assembly's metadata (ECMA-335 II.24): the CLI
 * header (data directory 14) gives the metadata root ("BSJB"), whose stream
 * headers give each heap's offset and size. With the section table's RVA ->
 * file offset mapping this says, for any file offset, which heap it lies in:
 *  - #US       user strings: the string literals the code reads (UTF-16LE)
 *  - #Strings  identifiers: type, member, namespace names (UTF-8)
 *  - #Blob, #GUID, #~ / #- (tables)
 */
import type {FileHandle} from 'node:fs/promises'
import {PeFileError} from './errors.js'
import {DIR_CLI_HEADER, directory, readAt, rvaToOffset, sectionOfOffset, type PeHeaders} from './pe-headers.js'

export interface MetadataStream {
  /** As written: #US, #Strings, #Blob, #GUID, #~ or #-. */
  name: string
  fileOffset: number
  size: number
}

export interface DotnetMetadata {
  /** The runtime version string of the metadata root, e.g. "v4.0.30319". */
  runtimeVersion: string
  metadataOffset: number
  metadataSize: number
  streams: MetadataStream[]
}

/** Where a file offset lies: a heap of the metadata, elsewhere in the metadata, a section, or the headers. */
export interface Location {
  /** The heap's name (#US, #Strings, ...) when the bytes lie in one. */
  heap?: string
  /** The PE section (.text, .rsrc, ...) holding the bytes. */
  section?: string
  /** True when the bytes lie inside the metadata but in no stream. */
  inMetadata: boolean
}

/** Reads the metadata stream headers; undefined when the file is a PE without a CLI header (not .NET). */
export async function readDotnetMetadata(handle: FileHandle, headers: PeHeaders): Promise<DotnetMetadata | undefined> {
  const {path} = headers
  const cli = directory(headers, DIR_CLI_HEADER)
  if (cli.rva === 0 || cli.size === 0) return undefined
  const damaged = (what: string): PeFileError =>
    new PeFileError(path, 'malformed', `${path} is a damaged .NET assembly: ${what}; copy it again from the 3CX install`)
  const cliOffset = rvaToOffset(headers, cli.rva)
  if (cliOffset === undefined) throw damaged(`its CLI header (RVA 0x${cli.rva.toString(16)}) lies outside the file's sections`)
  const cliHeader = await readAt(handle, path, cliOffset, 72)
  if (cliHeader.length < 16) throw damaged('its CLI header is cut short')
  const metadataRva = cliHeader.readUInt32LE(8)
  const metadataSize = cliHeader.readUInt32LE(12)
  const metadataOffset = rvaToOffset(headers, metadataRva)
  if (metadataOffset === undefined || metadataSize < 20) throw damaged(`its metadata (RVA 0x${metadataRva.toString(16)}, ${metadataSize} bytes) lies outside the file's sections`)
  if (metadataOffset + metadataSize > headers.fileSize) {
    throw new PeFileError(path, 'truncated', `${path} is truncated: its .NET metadata ends past the end of the file; copy it again from the 3CX install`)
  }
  // The root and the stream headers come first; 64 KiB is far more than they need.
  const root = await readAt(handle, path, metadataOffset, Math.min(metadataSize, 64 * 1024))
  if (root.readUInt32LE(0) !== 0x424a5342) throw damaged('its metadata root has no "BSJB" signature')
  const versionLength = root.readUInt32LE(12)
  const afterVersion = 16 + versionLength
  if (versionLength > 255 || afterVersion + 4 > root.length) throw damaged(`its metadata root has an impossible version length ${versionLength}`)
  const runtimeVersion = root.subarray(16, afterVersion).toString('latin1').replace(/\0+$/, '')
  const streamCount = root.readUInt16LE(afterVersion + 2)
  const streams: MetadataStream[] = []
  let at = afterVersion + 4
  for (let i = 0; i < streamCount; i++) {
    if (at + 8 >= root.length) throw damaged('its stream headers are cut short')
    const offset = root.readUInt32LE(at)
    const size = root.readUInt32LE(at + 4)
    const nameEnd = root.indexOf(0, at + 8)
    if (nameEnd === -1 || nameEnd - (at + 8) > 32) throw damaged('a stream header has no name')
    const name = root.subarray(at + 8, nameEnd).toString('latin1')
    if (offset + size > metadataSize) throw damaged(`its ${name} stream (${size} bytes at ${offset}) ends past the metadata`)
    streams.push({name, fileOffset: metadataOffset + offset, size})
    // The name, with its terminating NUL, is padded to a multiple of 4 bytes.
    at += 8 + Math.ceil((nameEnd + 1 - (at + 8)) / 4) * 4
  }
  return {runtimeVersion, metadataOffset, metadataSize, streams}
}

/** Which heap (and section) the bytes [offset, offset + length) lie in. */
export function locate(headers: PeHeaders, metadata: DotnetMetadata | undefined, offset: number, length: number): Location {
  const section = sectionOfOffset(headers, offset)?.name
  const stream = metadata?.streams.find((s) => offset >= s.fileOffset && offset + length <= s.fileOffset + s.size)
  const inMetadata = metadata !== undefined && offset >= metadata.metadataOffset && offset < metadata.metadataOffset + metadata.metadataSize
  return {...(stream ? {heap: stream.name} : {}), ...(section === undefined ? {} : {section}), inMetadata}
}
