/**
 * The PE version resource (VS_VERSIONINFO): the fixed FileVersion and
 * ProductVersion and the string table (FileVersion, ProductVersion, ...),
 * parsed by `resedit` on top of `pe-library`.
 *
 * pe-library copies every section of the image it is given; to keep memory
 * bounded whatever the DLL's size, we hand it a small image made of the real
 * headers and the resource section only (other sections emptied in the copy of
 * the section table). The file itself is never loaded whole.
 */
import * as PE from 'pe-library'
import * as ResEdit from 'resedit'
import {errorMessage} from '../../engine/errors.js'
import {PeFileError} from './errors.js'
import {withPeFile} from './file-handle.js'
import {DIR_CERTIFICATE, DIR_RESOURCE, directory, formatVersion, readAt, readPeHeaders, sectionOfRva, type PeHeaders} from './pe-headers.js'

/** The largest resource section we load (real 3CX DLLs have a few KiB to a few MiB of resources). */
export const MAX_RESOURCE_SECTION = 64 * 1024 * 1024

export interface PeVersion {
  path: string
  format: 'PE32' | 'PE32+'
  /** Fixed info FileVersion, e.g. "15.5.10244.4". */
  fileVersion: string
  /** Fixed info ProductVersion. */
  productVersion: string
  /** The string table of the first language (FileVersion, ProductVersion, ProductName, ...). */
  strings: Record<string, string>
  /** The string table's languages, e.g. ["0x0000/1200"]. */
  languages: string[]
}

const roundUp = (value: number, to: number): number => Math.ceil(value / to) * to

/** A PE image holding only the headers and the section that holds the resource directory. */
export async function resourceOnlyImage(handle: import('node:fs/promises').FileHandle, headers: PeHeaders): Promise<Buffer | undefined> {
  const {path} = headers
  const dir = directory(headers, DIR_RESOURCE)
  if (dir.rva === 0 || dir.size === 0) return undefined
  const section = sectionOfRva(headers, dir.rva)
  if (!section || section.rawSize === 0) {
    throw new PeFileError(path, 'malformed', `${path} is a damaged PE file: its resource directory (RVA 0x${dir.rva.toString(16)}) lies in no section; copy it again from the 3CX install`)
  }
  if (section.rawSize > MAX_RESOURCE_SECTION) {
    throw new PeFileError(path, 'too-large', `${path} has a ${section.rawSize}-byte resource section, more than the ${MAX_RESOURCE_SECTION} bytes tcx-doctor loads to read a version`)
  }
  const alignment = headers.fileAlignment >= 512 && headers.fileAlignment <= 65536 ? headers.fileAlignment : 512
  const headerLength = roundUp(headers.headerBytes.length, alignment)
  const image = Buffer.alloc(headerLength + section.rawSize)
  headers.headerBytes.copy(image, 0)
  // No symbols, no certificate (its "RVA" is a file offset into bytes we do not copy).
  image.writeUInt32LE(0, headers.ntOffset + 12)
  image.writeUInt32LE(0, headers.ntOffset + 16)
  const certAt = headers.dataDirectoryOffset + DIR_CERTIFICATE * 8
  if (headers.directories.length > DIR_CERTIFICATE) image.fill(0, certAt, certAt + 8)
  image.writeUInt32LE(alignment, headers.optionalOffset + 36)
  for (const s of headers.sections) {
    const keep = s === section
    image.writeUInt32LE(keep ? s.rawSize : 0, s.headerOffset + 16)
    image.writeUInt32LE(keep ? headerLength : 0, s.headerOffset + 20)
  }
  const data = await readAt(handle, path, section.rawOffset, section.rawSize)
  if (data.length < section.rawSize) {
    throw new PeFileError(path, 'truncated', `${path} is truncated: its resource section ends past the end of the file; copy it again from the 3CX install`)
  }
  data.copy(image, headerLength)
  return image
}

/** Reads the version resource of a PE32 or PE32+ file. Throws PeFileError with one line on any problem. */
export async function readPeVersion(path: string): Promise<PeVersion> {
  return withPeFile(path, async (handle, size) => {
    const headers = await readPeHeaders(handle, path, size)
    const image = await resourceOnlyImage(handle, headers)
    const noVersion = (): PeFileError =>
      new PeFileError(path, 'no-version', `${path} is a ${headers.format} file without a version resource, so its build cannot be told from the file; compare it by hash instead`)
    if (!image) throw noVersion()
    let infos: ResEdit.Resource.VersionInfo[]
    try {
      const exe = PE.NtExecutable.from(image, {ignoreCert: true})
      const resources = PE.NtExecutableResource.from(exe)
      infos = ResEdit.Resource.VersionInfo.fromEntries(resources.entries)
    } catch (error) {
      throw new PeFileError(path, 'malformed', `${path} has a damaged resource section (${errorMessage(error)}); copy it again from the 3CX install`)
    }
    const info = infos[0]
    if (!info) throw noVersion()
    const fixed = info.fixedInfo
    const languages = info.getAllLanguagesForStringValues()
    const first = languages[0]
    return {
      path,
      format: headers.format,
      fileVersion: formatVersion(fixed.fileVersionMS, fixed.fileVersionLS),
      productVersion: formatVersion(fixed.productVersionMS, fixed.productVersionLS),
      strings: first ? {...info.getStringValues(first)} : {},
      languages: languages.map((l) => `0x${l.lang.toString(16).padStart(4, '0')}/${l.codepage}`),
    }
  })
}

/** "15.5.10244.4" -> [15, 5, 10244, 4]; undefined when it is not dotted numbers. */
export function parseVersion(text: string | undefined): number[] | undefined {
  const match = /^\s*(\d+(?:\.\d+){0,3})/.exec(text ?? '')
  if (!match?.[1]) return undefined
  return match[1].split('.').map(Number)
}

/** Compares dotted versions part by part (missing parts count as 0). */
export function compareVersions(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0)
    if (d !== 0) return d < 0 ? -1 : 1
  }
  return 0
}
