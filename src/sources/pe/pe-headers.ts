/**
 * The few PE structures tcx-doctor needs, read from an open file without
 * loading it: the DOS and NT headers, the data directories and the section
 * table, and RVA -> file offset mapping. Every inconsistency is a PeFileError
 * with one line, never a RangeError from reading past a buffer.
 *
 * Reference: Microsoft PE/COFF specification (optional header magic 0x10b PE32,
 * 0x20b PE32+; data directory 2 = resources, 4 = certificates, 14 = CLI header).
 */
import type {FileHandle} from 'node:fs/promises'
import {PeFileError, fsProblem} from './errors.js'

export const DIR_RESOURCE = 2
export const DIR_CERTIFICATE = 4
export const DIR_CLI_HEADER = 14

export interface DataDirectory {
  rva: number
  size: number
}

export interface SectionHeader {
  name: string
  virtualAddress: number
  virtualSize: number
  rawOffset: number
  rawSize: number
  /** Byte offset of this 40-byte header in the file. */
  headerOffset: number
}

export interface PeHeaders {
  path: string
  fileSize: number
  format: 'PE32' | 'PE32+'
  machine: number
  isDll: boolean
  /** e_lfanew: offset of the "PE\0\0" signature. */
  ntOffset: number
  /** Offset of the optional header. */
  optionalOffset: number
  fileAlignment: number
  sizeOfHeaders: number
  /** Where the data directory array starts in the file, and how many entries it has. */
  dataDirectoryOffset: number
  directories: DataDirectory[]
  sectionTableOffset: number
  sections: SectionHeader[]
  /** The bytes from 0 to the end of the section table. */
  headerBytes: Buffer
}

const MAX_SECTIONS = 96 // the PE loader's own limit
const MAX_HEADER_BYTES = 1024 * 1024

/** Reads up to `length` bytes at `position`; the result is shorter only at end of file. */
export async function readAt(handle: FileHandle, path: string, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length)
  let filled = 0
  try {
    while (filled < length) {
      const {bytesRead} = await handle.read(buffer, filled, length - filled, position + filled)
      if (bytesRead === 0) break
      filled += bytesRead
    }
  } catch (error) {
    throw fsProblem(path, error)
  }
  return filled === length ? buffer : buffer.subarray(0, filled)
}

export const directory = (headers: PeHeaders, index: number): DataDirectory => headers.directories[index] ?? {rva: 0, size: 0}

/** Parses the headers of an open file. Throws PeFileError (not-pe, truncated, malformed). */
export async function readPeHeaders(handle: FileHandle, path: string, fileSize: number): Promise<PeHeaders> {
  const notPe = (why: string): PeFileError =>
    new PeFileError(path, 'not-pe', `${path} is not a Windows PE file (${why}); expected a .dll or .exe from the 3CX install`)
  const truncated = (needed: number): PeFileError =>
    new PeFileError(
      path,
      'truncated',
      `${path} is truncated: its headers need at least ${needed} bytes but the file has ${fileSize}; copy it again from the 3CX install (an interrupted copy or download?)`,
    )
  if (fileSize === 0) throw notPe('the file is empty')
  const head = await readAt(handle, path, 0, Math.min(fileSize, 4096))
  if (head.length < 2 || head[0] !== 0x4d || head[1] !== 0x5a) throw notPe('no "MZ" signature at the start')
  if (head.length < 64) throw truncated(64)
  const ntOffset = head.readUInt32LE(0x3c)
  if (ntOffset < 64 || ntOffset > MAX_HEADER_BYTES) throw notPe(`"MZ" header but its PE header offset ${ntOffset} is impossible (an old DOS program?)`)
  if (ntOffset + 24 > fileSize) throw truncated(ntOffset + 24)

  // The COFF header tells how long the optional header and the section table are.
  let bytes = head.length >= ntOffset + 24 ? head : await readAt(handle, path, 0, ntOffset + 24)
  if (bytes.readUInt32LE(ntOffset) !== 0x00004550) throw notPe('"MZ" header but no "PE" signature (a DOS program?)')
  const machine = bytes.readUInt16LE(ntOffset + 4)
  const sectionCount = bytes.readUInt16LE(ntOffset + 6)
  const optionalSize = bytes.readUInt16LE(ntOffset + 20)
  const characteristics = bytes.readUInt16LE(ntOffset + 22)
  if (sectionCount > MAX_SECTIONS) {
    throw new PeFileError(path, 'malformed', `${path} is a damaged PE file: it claims ${sectionCount} sections (at most ${MAX_SECTIONS}); copy it again from the 3CX install`)
  }
  const optionalOffset = ntOffset + 24
  const sectionTableOffset = optionalOffset + optionalSize
  const headerEnd = sectionTableOffset + sectionCount * 40
  if (headerEnd > fileSize) throw truncated(headerEnd)
  if (bytes.length < headerEnd) bytes = await readAt(handle, path, 0, headerEnd)
  if (bytes.length < headerEnd) throw truncated(headerEnd)
  const headerBytes = bytes.subarray(0, headerEnd)

  if (optionalSize < 2) throw notPe('it has no optional header: an object file, not a .dll or .exe')
  const magic = headerBytes.readUInt16LE(optionalOffset)
  if (magic !== 0x10b && magic !== 0x20b) {
    throw notPe(`unknown optional header magic 0x${magic.toString(16)} (neither PE32 nor PE32+)`)
  }
  const format = magic === 0x10b ? 'PE32' : 'PE32+'
  const countOffset = optionalOffset + (format === 'PE32' ? 92 : 108)
  const dataDirectoryOffset = countOffset + 4
  if (dataDirectoryOffset > sectionTableOffset) {
    throw new PeFileError(path, 'malformed', `${path} is a damaged PE file: its optional header (${optionalSize} bytes) is too short; copy it again from the 3CX install`)
  }
  const declared = headerBytes.readUInt32LE(countOffset)
  const dirCount = Math.min(declared, 16, Math.floor((sectionTableOffset - dataDirectoryOffset) / 8))
  const directories: DataDirectory[] = []
  for (let i = 0; i < dirCount; i++) {
    directories.push({rva: headerBytes.readUInt32LE(dataDirectoryOffset + i * 8), size: headerBytes.readUInt32LE(dataDirectoryOffset + i * 8 + 4)})
  }
  const sections: SectionHeader[] = []
  for (let i = 0; i < sectionCount; i++) {
    const at = sectionTableOffset + i * 40
    const rawName = headerBytes.subarray(at, at + 8)
    const end = rawName.indexOf(0)
    sections.push({
      name: rawName.subarray(0, end === -1 ? 8 : end).toString('latin1'),
      virtualSize: headerBytes.readUInt32LE(at + 8),
      virtualAddress: headerBytes.readUInt32LE(at + 12),
      rawSize: headerBytes.readUInt32LE(at + 16),
      rawOffset: headerBytes.readUInt32LE(at + 20),
      headerOffset: at,
    })
  }
  const headers: PeHeaders = {
    path,
    fileSize,
    format,
    machine,
    isDll: (characteristics & 0x2000) !== 0,
    ntOffset,
    optionalOffset,
    fileAlignment: headerBytes.readUInt32LE(optionalOffset + 36),
    sizeOfHeaders: headerBytes.readUInt32LE(optionalOffset + 60),
    dataDirectoryOffset,
    directories,
    sectionTableOffset,
    sections,
    headerBytes,
  }
  const needed = expectedFileSize(headers)
  if (needed > fileSize) throw truncated(needed)
  return headers
}

/** The size the section table promises: the end of the last section's raw data. */
export function expectedFileSize(headers: PeHeaders): number {
  return headers.sections.reduce((max, s) => (s.rawSize > 0 ? Math.max(max, s.rawOffset + s.rawSize) : max), headers.headerBytes.length)
}

/** The section whose memory image holds `rva`, if any. */
export function sectionOfRva(headers: PeHeaders, rva: number): SectionHeader | undefined {
  return headers.sections.find((s) => rva >= s.virtualAddress && rva < s.virtualAddress + Math.max(s.virtualSize, s.rawSize))
}

/** The section whose raw data holds file offset `offset`, if any. */
export function sectionOfOffset(headers: PeHeaders, offset: number): SectionHeader | undefined {
  return headers.sections.find((s) => s.rawSize > 0 && offset >= s.rawOffset && offset < s.rawOffset + s.rawSize)
}

/** Maps an RVA to a file offset, or undefined when it is not backed by file bytes. */
export function rvaToOffset(headers: PeHeaders, rva: number): number | undefined {
  if (rva < headers.sizeOfHeaders && rva < headers.headerBytes.length) return rva
  const section = sectionOfRva(headers, rva)
  if (!section) return undefined
  const delta = rva - section.virtualAddress
  if (delta >= section.rawSize) return undefined
  return section.rawOffset + delta
}

export function formatVersion(ms: number, ls: number): string {
  return `${ms >>> 16}.${ms & 0xffff}.${ls >>> 16}.${ls & 0xffff}`
}
