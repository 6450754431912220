/**
 * The activity-logs source: the newest lines of the 3CX logs (`Logs/*.log` in
 * the data folder) with each file's modification time. Only the tail of each
 * file is read (a bounded number of bytes), and only the most recently written
 * files: a log folder holds gigabytes on a busy PBX.
 *
 * The line-timestamp parser recognises a few explicit formats and reports any
 * other line as unrecognised: it never guesses (e.g. 03/04/2026 could be either
 * March or April, so slash dates are not read).
 */
import {readdir, stat} from 'node:fs/promises'
import {basename, join} from 'node:path'
import type {SourceContext, SourceDefinition} from '../engine/context.js'
import {SourceUnavailableError, errorMessage} from '../engine/errors.js'
import {kindOf, openRegularFile, readFileTail} from '../lib/fs.js'
import {installSource} from './install/index.js'
import {offsetMinutes} from './timezone.js'

/** Bytes read from the end of each file. */
export const TAIL_BYTES = 64 * 1024
/** Lines kept from each tail (the newest). */
export const TAIL_LINES = 20
/** At most this many files (the newest by modification time). */
export const MAX_LOG_FILES = 12

export interface LogTail {
  file: string
  size: number
  mtime: Date
  /** The newest complete lines, oldest first (at most TAIL_LINES). */
  lines: string[]
  encoding: 'utf8' | 'utf16le'
}

export interface ActivityLogs {
  dir: string
  /** Newest first. */
  files: LogTail[]
  /** .log files that exist but were not read (beyond MAX_LOG_FILES). */
  notRead: number
  /** Files that could not be read, with why (also a FIFO, a device or a folder named *.log). */
  unreadable: Array<{file: string; error: string}>
}

/** True when the file starts with the UTF-16LE byte-order mark FF FE (the first two bytes only are read). */
async function startsWithUtf16Bom(path: string): Promise<boolean> {
  const {handle} = await openRegularFile(path, {what: 'log file'})
  try {
    const head = Buffer.alloc(2)
    const {bytesRead} = await handle.read(head, 0, 2, 0)
    return bytesRead === 2 && head[0] === 0xff && head[1] === 0xfe
  } finally {
    await handle.close().catch(() => {})
  }
}

/**
 * Reads the last `maxBytes` of a regular file (`readFileTail`: never a FIFO or a device) and
 * returns its last `maxLines` complete, non-empty lines.
 */
export async function readTail(path: string, maxBytes = TAIL_BYTES, maxLines = TAIL_LINES): Promise<{lines: string[]; encoding: 'utf8' | 'utf16le'; size: number}> {
  const tail = await readFileTail(path, maxBytes, {what: 'log file'})
  const size = tail.stats.size
  const start = size - tail.data.length
  const utf16 = start === 0 ? tail.data[0] === 0xff && tail.data[1] === 0xfe : await startsWithUtf16Bom(path)
  // A UTF-16 tail must start on a code unit: drop a leading odd byte.
  const data = utf16 && start % 2 === 1 ? tail.data.subarray(1) : tail.data
  let text = data.toString(utf16 ? 'utf16le' : 'utf8')
  if (start === 0) text = text.replace(/^\uFEFF/, '')
  let lines = text.split(/\r?\n/)
  // The first piece is a partial line unless the tail starts at the beginning of the file.
  if (start > 0) lines = lines.slice(1)
  lines = lines.filter((l) => l.trim() !== '')
  return {lines: lines.slice(-maxLines), encoding: utf16 ? 'utf16le' : 'utf8', size}
}

/**
 * The newest `.log` files of a folder, each with its tail. Anything named `*.log` that is not a
 * regular file (a FIFO, a device, a folder, a symlink to one) is listed as unreadable, never opened for reading.
 */
export async function readActivityLogs(dir: string, options: {maxFiles?: number; maxBytes?: number; maxLines?: number} = {}): Promise<ActivityLogs> {
  let names: string[]
  try {
    names = (await readdir(dir)).filter((n) => n.toLowerCase().endsWith('.log'))
  } catch (error) {
    throw new SourceUnavailableError('activity-logs', `cannot list ${dir}: ${errorMessage(error)}; give the 3CX data folder with --data-dir`)
  }
  const unreadable: Array<{file: string; error: string}> = []
  const stated: Array<{file: string; mtime: Date}> = []
  for (const name of names) {
    const file = join(dir, name)
    try {
      const stats = await stat(file)
      if (stats.isFile()) stated.push({file, mtime: stats.mtime})
      else unreadable.push({file, error: `${basename(file)} is ${kindOf(stats)}, not a regular file; not read`})
    } catch (error) {
      unreadable.push({file, error: errorMessage(error)})
    }
  }
  stated.sort((a, b) => b.mtime.getTime() - a.mtime.getTime())
  const maxFiles = options.maxFiles ?? MAX_LOG_FILES
  const files: LogTail[] = []
  for (const {file, mtime} of stated.slice(0, maxFiles)) {
    try {
      const tail = await readTail(file, options.maxBytes, options.maxLines)
      files.push({file, mtime, size: tail.size, lines: tail.lines, encoding: tail.encoding})
    } catch (error) {
      unreadable.push({file, error: errorMessage(error)})
    }
  }
  return {dir, files, notRead: Math.max(0, stated.length - maxFiles), unreadable}
}

/** The logs that carry SIP registration lines ([CM504001] ... new contact is registered). */
export const REGISTRATION_LOG_FILES = ['3CXPhoneSystem.log', '3cxSystemService.log', '3CXCallFlow.log'] as const
/** Bytes read from the end of each named log (a larger tail than TAIL_BYTES: registrations are rarer than other lines). */
export const NAMED_TAIL_BYTES = 2 * 1024 * 1024
/** Lines kept from each named tail. */
export const NAMED_TAIL_LINES = 20_000

export interface NamedLogTails {
  dir: string
  /** The files found (names matched without regard to case), each with its tail. */
  files: LogTail[]
  /** Names asked for that are not in the folder. */
  missing: string[]
  unreadable: Array<{file: string; error: string}>
  maxBytes: number
  maxLines: number
}

/**
 * The tails of the named files of a log folder (names without regard to case), with the same
 * safety as readTail: regular files only (a FIFO, a device or a folder is unreadable, never
 * opened for reading), at most `maxBytes` read from the end of each.
 */
export async function readNamedTails(dir: string, names: readonly string[], options: {maxBytes?: number; maxLines?: number} = {}): Promise<NamedLogTails> {
  const maxBytes = options.maxBytes ?? NAMED_TAIL_BYTES
  const maxLines = options.maxLines ?? NAMED_TAIL_LINES
  let entries: string[]
  try {
    entries = await readdir(dir)
  } catch (error) {
    throw new SourceUnavailableError('registration-logs', `cannot list ${dir}: ${errorMessage(error)}; give the 3CX data folder with --data-dir`)
  }
  const files: LogTail[] = []
  const missing: string[] = []
  const unreadable: Array<{file: string; error: string}> = []
  for (const name of names) {
    const entry = entries.find((e) => e.toLowerCase() === name.toLowerCase())
    if (entry === undefined) {
      missing.push(name)
      continue
    }
    const file = join(dir, entry)
    try {
      const stats = await stat(file)
      if (!stats.isFile()) {
        unreadable.push({file, error: `${entry} is ${kindOf(stats)}, not a regular file; not read`})
        continue
      }
      const tail = await readTail(file, maxBytes, maxLines)
      files.push({file, mtime: stats.mtime, size: tail.size, lines: tail.lines, encoding: tail.encoding})
    } catch (error) {
      unreadable.push({file, error: errorMessage(error)})
    }
  }
  return {dir, files, missing, unreadable, maxBytes, maxLines}
}

/** The registration-logs source: larger bounded tails of REGISTRATION_LOG_FILES in the activity logs' folder. */
export const registrationLogsSource: SourceDefinition<NamedLogTails> = {
  name: 'registration-logs',
  async open(ctx: SourceContext): Promise<NamedLogTails> {
    const logs = await ctx.use(activityLogsSource)
    return readNamedTails(logs.dir, REGISTRATION_LOG_FILES)
  },
  describe: (tails) => `${tails.files.map((f) => basename(f.file)).join(', ') || 'no registration log'} in ${tails.dir} (last ${Math.round(tails.maxBytes / 1024 / 1024)} MiB of each)`,
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']

export interface LineTimestamp {
  /** The instant the line names. */
  instant: Date
  /** The text matched, as written. */
  text: string
  /** Which format it was read as. */
  format: 'iso-8601' | 'dd-mon-yyyy' | 'yyyy/mm/dd'
  /** True when the line states its UTC offset; false when it was read in the machine's zone. */
  hasOffset: boolean
}

interface WallTime {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
  ms: number
}

/** The instant a wall-clock time names in `zone` (for a time in a DST gap or overlap: the earlier reading). */
export function wallTimeToInstant(wall: WallTime, zone: string): Date {
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second, wall.ms)
  let guess = asUtc - offsetMinutes(zone, new Date(asUtc)) * 60_000
  guess = asUtc - offsetMinutes(zone, new Date(guess)) * 60_000
  return new Date(guess)
}

function validWall(w: WallTime): boolean {
  const d = new Date(Date.UTC(w.year, w.month - 1, w.day))
  return (
    w.month >= 1 && w.month <= 12 && d.getUTCDate() === w.day && d.getUTCMonth() === w.month - 1 && w.hour <= 23 && w.minute <= 59 && w.second <= 60
  )
}

const fractionMs = (digits: string | undefined): number => (digits ? Math.round(Number(`0.${digits}`) * 1000) : 0)

const ISO = /^\s*[[|]?\s*(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?\s*(Z|[+-]\d{2}:?\d{2})?(?=$|[\s\]|;,])/i
const DMY = /^\s*[[|]?\s*(\d{1,2})-([A-Za-z]{3})-(\d{4})\s+(\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?(?=$|[\s\]|;,])/
const YMD_SLASH = /^\s*[[|]?\s*(\d{4})\/(\d{2})\/(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?(?=$|[\s\]|;,])/

/**
 * The timestamp a log line starts with, read in `zone` unless the line states
 * its offset; undefined when the line does not start with a recognised format.
 * Recognised: ISO 8601 (`2026-11-26 04:02:47.407`, with `T`, `Z` or `+01:00`),
 * `26-Nov-2026 04:02:47.407` (the 3CX activity log style), `2026/11/26 04:02:47`.
 */
export function parseLineTimestamp(line: string, zone: string): LineTimestamp | undefined {
  let m = ISO.exec(line)
  if (m) {
    const wall = {year: +m[1]!, month: +m[2]!, day: +m[3]!, hour: +m[4]!, minute: +m[5]!, second: +m[6]!, ms: fractionMs(m[7])}
    if (!validWall(wall)) return undefined
    const text = m[0].trim().replace(/^[[|]\s*/, '')
    if (m[8]) {
      const z = m[8].toUpperCase()
      const offset = z === 'Z' ? 0 : (z.startsWith('-') ? -1 : 1) * (Number(z.slice(1, 3)) * 60 + Number(z.slice(-2)))
      const utc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second, wall.ms) - offset * 60_000
      return {instant: new Date(utc), text, format: 'iso-8601', hasOffset: true}
    }
    return {instant: wallTimeToInstant(wall, zone), text, format: 'iso-8601', hasOffset: false}
  }
  m = DMY.exec(line)
  if (m) {
    const month = MONTHS.indexOf(m[2]!.toLowerCase()) + 1
    if (month === 0) return undefined
    const wall = {year: +m[3]!, month, day: +m[1]!, hour: +m[4]!, minute: +m[5]!, second: +m[6]!, ms: fractionMs(m[7])}
    if (!validWall(wall)) return undefined
    return {instant: wallTimeToInstant(wall, zone), text: m[0].trim().replace(/^[[|]\s*/, ''), format: 'dd-mon-yyyy', hasOffset: false}
  }
  m = YMD_SLASH.exec(line)
  if (m) {
    const wall = {year: +m[1]!, month: +m[2]!, day: +m[3]!, hour: +m[4]!, minute: +m[5]!, second: +m[6]!, ms: fractionMs(m[7])}
    if (!validWall(wall)) return undefined
    return {instant: wallTimeToInstant(wall, zone), text: m[0].trim().replace(/^[[|]\s*/, ''), format: 'yyyy/mm/dd', hasOffset: false}
  }
  return undefined
}

/** The activity-logs source: `Logs/` in the 3CX data folder. */
export const activityLogsSource: SourceDefinition<ActivityLogs> = {
  name: 'activity-logs',
  async open(ctx: SourceContext): Promise<ActivityLogs> {
    const install = await ctx.use(installSource)
    if (!install.dataDir) {
      throw new SourceUnavailableError('activity-logs', `no 3CX data folder found for ${install.root}; give it with --data-dir (the folder holding Logs/)`)
    }
    const dir = join(install.dataDir, 'Logs')
    const isFolder = await stat(dir).then((s) => s.isDirectory(), () => false)
    if (!isFolder) {
      throw new SourceUnavailableError('activity-logs', `no Logs folder in ${install.dataDir} (from ${install.dataDirFrom ?? 'the layout'}); give the data folder with --data-dir`)
    }
    return readActivityLogs(dir)
  },
  info: {
    title: 'Activity logs',
    collect: (logs) => ({
      dir: logs.dir,
      files: logs.files.map((f) => ({name: basename(f.file), size: f.size, modified: f.mtime.toISOString(), encoding: f.encoding, lastLine: f.lines.at(-1) ?? null})),
      olderFilesNotRead: logs.notRead,
      ...(logs.unreadable.length > 0 ? {unreadable: logs.unreadable} : {}),
    }),
  },
  describe: (logs) => `${logs.files.length} log file(s) in ${logs.dir}` + (logs.notRead > 0 ? ` (${logs.notRead} older not read)` : ''),
}
