/**
 * 3CXPhoneSystem.ini, read as Windows tools and 3CX write it: UTF-8 with or
 * without BOM, UTF-16LE (with BOM, or without as some tools write it), CRLF,
 * keys in any case, sections missing. Parsed with the `ini` package after a
 * strict line check, so a malformed file is named instead of half-read.
 * Read through lib/fs: a regular file of at most MAX_BYTES.ini (1 MiB), else one
 * line saying why (missing, permission denied, a FIFO/device/folder, too large).
 */
import {parse} from 'ini'
import {InputFileError, errorMessage} from '../../engine/errors.js'
import {isSecretKey} from '../../engine/secrets.js'
import {MAX_BYTES, readBoundedFile} from '../../lib/fs.js'

export type IniEncoding = 'utf8' | 'utf8-bom' | 'utf16le' | 'utf16be'

export interface IniFile {
  path: string
  encoding: IniEncoding
  /** Section names as written in the file. */
  sections: string[]
  /** A value by section and key, both compared without regard to case. */
  get(section: string, key: string): string | undefined
  /** Keys of a section as written, or [] when it is missing. */
  keys(section: string): string[]
  has(section: string): boolean
  /** Every value whose key looks like a secret (passwords), to register for redaction. */
  secretValues(): string[]
  /**
   * Sections and key names with secret values replaced: safe to print. At most `maxSections`
   * sections and `maxKeys` keys each (default 100); the rest are counted under OUTLINE_MORE.
   */
  outline(limits?: OutlineLimits): Record<string, Record<string, string>>
}

export interface OutlineLimits {
  maxSections?: number
  maxKeys?: number
}

/** The key under which an outline counts what it left out. */
export const OUTLINE_MORE = '(not shown)'
const OUTLINE_DEFAULT = 100

export function decodeIniBytes(bytes: Buffer): {text: string; encoding: IniEncoding} {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return {text: bytes.subarray(3).toString('utf8'), encoding: 'utf8-bom'}
  }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return {text: bytes.subarray(2).toString('utf16le'), encoding: 'utf16le'}
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    const swapped = Buffer.from(bytes.subarray(2))
    swapped.swap16()
    return {text: swapped.toString('utf16le'), encoding: 'utf16be'}
  }
  // UTF-16LE without a BOM: ASCII text with a NUL after every character.
  if (bytes.length >= 4 && bytes.length % 2 === 0 && bytes[0] !== 0 && bytes[1] === 0 && bytes[3] === 0) {
    return {text: bytes.toString('utf16le'), encoding: 'utf16le'}
  }
  return {text: bytes.toString('utf8'), encoding: 'utf8'}
}

const SECTION_LINE = /^\[[^\]\r\n]+\]$/
const KEY_LINE = /^[^=[\];#]+=.*$/
const COMMENT_LINE = /^[;#]/

/**
 * Reads and parses an ini file. Throws a FileReadError (kind missing, permission, not-regular,
 * too-large, io) or an InputFileError (malformed), each one line naming the file.
 */
export async function readIniFile(path: string, what = '3CXPhoneSystem.ini'): Promise<IniFile> {
  const {data} = await readBoundedFile(path, {what, maxBytes: MAX_BYTES.ini})
  return parseIniText(path, data)
}

export function parseIniText(path: string, bytes: Buffer): IniFile {
  const {text, encoding} = decodeIniBytes(bytes)
  if (text.includes('\u0000')) {
    throw new InputFileError(path, `${path} is not a text ini file (it holds binary data); give the real 3CXPhoneSystem.ini with --ini`)
  }
  const lines = text.split(/\r\n|\n|\r/)
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!.trim()
    if (line === '' || COMMENT_LINE.test(line) || SECTION_LINE.test(line) || KEY_LINE.test(line)) continue
    const shown = line.length > 40 ? `${line.slice(0, 40)}...` : line
    throw new InputFileError(
      path,
      `${path} line ${index + 1} is neither [section] nor key=value (${isSecretKey(line) ? 'value hidden' : JSON.stringify(shown)}); fix or restore the file from the 3CX install`,
    )
  }
  let parsed: Record<string, unknown>
  try {
    parsed = parse(text) as Record<string, unknown>
  } catch (error) {
    throw new InputFileError(path, `${path} could not be parsed as an ini file: ${errorMessage(error)}`)
  }
  return makeIniFile(path, encoding, parsed)
}

function makeIniFile(path: string, encoding: IniEncoding, parsed: Record<string, unknown>): IniFile {
  // Section name (lower case) -> {key (lower case) -> [key as written, value]}
  const sections = new Map<string, {name: string; entries: Map<string, [string, string]>}>()
  for (const [name, body] of Object.entries(parsed)) {
    if (body === null || typeof body !== 'object') continue // keys before any section: 3CX writes none
    const lower = name.toLowerCase()
    const section = sections.get(lower) ?? {name, entries: new Map<string, [string, string]>()}
    for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
      section.entries.set(key.toLowerCase(), [key, value === true ? '' : String(value)])
    }
    sections.set(lower, section)
  }
  return {
    path,
    encoding,
    sections: [...sections.values()].map((s) => s.name),
    get: (section, key) => sections.get(section.toLowerCase())?.entries.get(key.toLowerCase())?.[1],
    keys: (section) => [...(sections.get(section.toLowerCase())?.entries.values() ?? [])].map(([k]) => k),
    has: (section) => sections.has(section.toLowerCase()),
    secretValues: () =>
      [...sections.values()].flatMap((s) => [...s.entries.values()].filter(([k, v]) => isSecretKey(k) && v !== '').map(([, v]) => v)),
    outline: (limits = {}) => {
      const maxSections = limits.maxSections ?? OUTLINE_DEFAULT
      const maxKeys = limits.maxKeys ?? OUTLINE_DEFAULT
      const out: Record<string, Record<string, string>> = {}
      let shown = 0
      for (const s of sections.values()) {
        if (shown++ >= maxSections) break
        const keys: Record<string, string> = {}
        let n = 0
        for (const [k, v] of s.entries.values()) {
          if (n++ >= maxKeys) break
          keys[k] = isSecretKey(k) ? (v === '' ? '(empty)' : '(set, hidden)') : v
        }
        if (s.entries.size > maxKeys) keys[OUTLINE_MORE] = `${s.entries.size - maxKeys} more key(s)`
        out[s.name] = keys
      }
      if (sections.size > maxSections) out[OUTLINE_MORE] = {sections: `${sections.size - maxSections} more section(s)`}
      return out
    },
  }
}
