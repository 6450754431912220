/**
 * Free and total space of the filesystems holding some folders: `fs.stat` tells the
 * filesystem (its device id), `fs.statfs` its blocks. Folders on one filesystem are one
 * volume. Each call is bounded in time (a hung network mount answers nothing).
 */
import {stat, statfs} from 'node:fs/promises'
import {withTimeout} from '../../lib/async.js'

/** A folder whose volume is measured, and what it is to 3CX. */
export interface VolumeFolder {
  /** What the folder is: `data` (the 3CX data folder), `recordings`, or a name from the config. */
  role: string
  path: string
  /** How the folder was found (e.g. "the install's data folder (the layout)"). */
  from: string
}

/** One filesystem: its space and the folders on it. */
export interface Volume {
  /** The first folder read on this filesystem (the label of its measurements). */
  path: string
  folders: VolumeFolder[]
  /** Bytes free for a user that is not root (f_bavail x f_bsize): what the 3CX services can still write. */
  freeBytes: number
  /** The filesystem's size (f_blocks x f_bsize). */
  totalBytes: number
  /** The device id of the filesystem ("8:1", major:minor, on Linux; the volume serial number elsewhere). */
  device: string
}

/** A folder whose volume could not be read, with why in one line. */
export interface FolderProblem {
  folder: VolumeFolder
  reason: string
}

export interface VolumeReading {
  volumes: Volume[]
  problems: FolderProblem[]
}

/** What one folder's stat and statfs gave. */
export interface FolderSpace {
  folder: VolumeFolder
  device: string
  freeBytes: number
  totalBytes: number
}

/** Per folder, the longest wait for stat and statfs. */
export const VOLUME_TIMEOUT_MS = 5_000

/** st_dev as Linux writes it, major:minor (glibc's encoding); the plain number elsewhere. */
export function deviceLabel(dev: bigint, platform: NodeJS.Platform = process.platform): string {
  if (platform !== 'linux') return dev.toString()
  const major = ((dev >> 8n) & 0xfffn) | ((dev >> 32n) & 0xfffff000n)
  const minor = (dev & 0xffn) | ((dev >> 12n) & 0xffffff00n)
  return `${major}:${minor}`
}

/** Folders on the same filesystem (same device) become one volume, in the order first seen. */
export function groupByFilesystem(spaces: FolderSpace[]): Volume[] {
  const byDevice = new Map<string, Volume>()
  for (const s of spaces) {
    const known = byDevice.get(s.device)
    if (known) {
      if (!known.folders.some((f) => f.path === s.folder.path && f.role === s.folder.role)) known.folders.push(s.folder)
      continue
    }
    byDevice.set(s.device, {path: s.folder.path, folders: [s.folder], freeBytes: s.freeBytes, totalBytes: s.totalBytes, device: s.device})
  }
  return [...byDevice.values()]
}

/** One line for a failed stat/statfs of a folder. */
export function folderProblemOf(error: unknown, path: string): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  if (code === 'ENOENT') return `${path} does not exist`
  if (code === 'ENOTDIR') return `${path}: a part of the path is not a folder`
  if (code === 'EACCES' || code === 'EPERM') return `${path}: permission denied (run as root or as a user who may read the 3CX folders)`
  if (code === 'ELOOP') return `${path}: too many symbolic links`
  return `${path}: ${error instanceof Error ? error.message : String(error)}`
}

async function readFolder(folder: VolumeFolder, timeoutMs: number): Promise<FolderSpace> {
  const timeout = `no answer from the filesystem within ${timeoutMs} ms (a hung network mount?)`
  const stats = await withTimeout(stat(folder.path, {bigint: true}), timeoutMs, timeout)
  if (!stats.isDirectory()) throw Object.assign(new Error(`${folder.path} is not a folder`), {code: 'NOTAFOLDER'})
  const fs = await withTimeout(statfs(folder.path, {bigint: true}), timeoutMs, timeout)
  return {
    folder,
    device: deviceLabel(stats.dev),
    freeBytes: Number(fs.bavail * fs.bsize),
    totalBytes: Number(fs.blocks * fs.bsize),
  }
}

/** Reads the volume of each folder (all at once), grouped by filesystem; a folder that cannot be read is a problem, not a throw. */
export async function readVolumes(folders: VolumeFolder[], timeoutMs = VOLUME_TIMEOUT_MS): Promise<VolumeReading> {
  const settled = await Promise.allSettled(folders.map((f) => readFolder(f, timeoutMs)))
  const spaces: FolderSpace[] = []
  const problems: FolderProblem[] = []
  settled.forEach((s, i) => {
    if (s.status === 'fulfilled') spaces.push(s.value)
    else {
      const folder = folders[i]!
      const e = s.reason as NodeJS.ErrnoException
      problems.push({folder, reason: e?.code === 'NOTAFOLDER' ? e.message : folderProblemOf(e, folder.path)})
    }
  })
  return {volumes: groupByFilesystem(spaces), problems}
}
