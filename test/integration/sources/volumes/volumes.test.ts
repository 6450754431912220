/**
 * The volumes source on real folders: statfs agrees with df for the same folder, folders on
 * one filesystem are one volume and a tmpfs is another, missing folders, files, FIFOs and
 * (as a non-root user) unreadable folders are one-line problems, and the source finds the
 * data and recordings folders of the v20 sample install. The permission case runs as the user
 * nobody (runuser, vite-node) when the tests run as root; under CI=true it must run.
 */
import {execFileSync, spawnSync} from 'node:child_process'
import {chmodSync, existsSync, mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {defaultSettings} from '../../../../src/config/settings.js'
import {RunContext} from '../../../../src/engine/context.js'
import {sampleV20InstallDir} from '../../../../src/demo/sample-live.js'
import {readVolumes, volumesSource} from '../../../../src/sources/volumes/index.js'
import {tempDir} from '../../../helpers/temp.js'
import {canRunAsNobody, isRoot, runAsNobody, src} from '../../../helpers/as-nobody.js'

const folder = (path: string, role = 'data') => ({role, path, from: 'the test'})
if (isRoot && !canRunAsNobody && process.env.CI === 'true') throw new Error('the permission test needs runuser when run as root under CI=true')

/** Runs readVolumes on `path` as the user nobody; the problems' reasons. */
function probeAsNobody(dir: string, path: string): string[] {
  const line = runAsNobody(dir, `import {readVolumes} from ${src('sources/volumes/index.js')}\nconsole.log(JSON.stringify(await readVolumes([{role: 'data', path: process.argv[2]!, from: 'the test'}])))\n`, [path])
  const reading = JSON.parse(line) as {problems: Array<{reason: string}>}
  return reading.problems.map((p) => p.reason)
}
const onLinux = process.platform === 'linux'

describe('readVolumes on real folders', () => {
  it.runIf(onLinux)('free and total agree with df (the same statfs, read twice) within what a busy disk changes in between', async () => {
    const dir = tempDir('tcx-vol-')
    const {volumes, problems} = await readVolumes([folder(dir)])
    expect(problems).toEqual([])
    expect(volumes).toHaveLength(1)
    const [avail, size] = execFileSync('df', ['-B1', '--output=avail,size', dir], {encoding: 'utf8'}).trim().split('\n')[1]!.trim().split(/\s+/).map(Number) as [number, number]
    expect(volumes[0]!.totalBytes).toBe(size)
    expect(Math.abs(volumes[0]!.freeBytes - avail)).toBeLessThan(64 * 1024 ** 2)
    expect(volumes[0]!.freeBytes).toBeLessThanOrEqual(volumes[0]!.totalBytes)
    const dev = execFileSync('stat', ['-c', '%Hd:%Ld', dir], {encoding: 'utf8'}).trim()
    expect(volumes[0]!.device).toBe(dev)
  })

  it('a folder and its subfolder are one volume with both folders', async () => {
    const dir = tempDir('tcx-vol-')
    mkdirSync(join(dir, 'Recordings'))
    const {volumes} = await readVolumes([folder(dir), folder(join(dir, 'Recordings'), 'recordings')])
    expect(volumes).toHaveLength(1)
    expect(volumes[0]!.folders.map((f) => f.role)).toEqual(['data', 'recordings'])
    expect(volumes[0]!.path).toBe(dir)
  })

  it.runIf(onLinux && existsSync('/dev/shm'))('a tmpfs (/dev/shm) is another volume', async () => {
    const dir = tempDir('tcx-vol-')
    const shm = join('/dev/shm', `tcx-vol-${process.pid}`)
    mkdirSync(shm, {recursive: true})
    try {
      const {volumes} = await readVolumes([folder(dir), folder(shm, 'recordings')])
      const shmDevice = execFileSync('stat', ['-c', '%Hd:%Ld', shm], {encoding: 'utf8'}).trim()
      const dirDevice = execFileSync('stat', ['-c', '%Hd:%Ld', dir], {encoding: 'utf8'}).trim()
      expect(volumes.map((v) => v.device)).toEqual(shmDevice === dirDevice ? [dirDevice] : [dirDevice, shmDevice])
    } finally {
      spawnSync('rmdir', [shm])
    }
  })

  it('a missing folder, a file and a FIFO are problems, one line each, and nothing waits', async () => {
    const dir = tempDir('tcx-vol-')
    writeFileSync(join(dir, 'file'), 'x')
    const fifo = join(dir, 'fifo')
    const made = process.platform !== 'win32' && spawnSync('mkfifo', [fifo]).status === 0
    const {volumes, problems} = await readVolumes([folder(join(dir, 'missing')), folder(join(dir, 'file')), ...(made ? [folder(fifo)] : [])])
    expect(volumes).toEqual([])
    expect(problems.map((p) => p.reason)).toEqual([
      `${join(dir, 'missing')} does not exist`,
      `${join(dir, 'file')} is not a folder`,
      ...(made ? [`${fifo} is not a folder`] : []),
    ])
  })

  it.runIf(process.platform !== 'win32')('a folder under one the user may not enter: permission denied (as root, run as nobody through runuser)', async () => {
    const dir = tempDir('tcx-vol-')
    const locked = join(dir, 'locked')
    mkdirSync(join(locked, 'Data'), {recursive: true})
    chmodSync(locked, 0o000)
    try {
      const reasons = isRoot ? probeAsNobody(dir, join(locked, 'Data')) : (await readVolumes([folder(join(locked, 'Data'))])).problems.map((p) => p.reason)
      expect(reasons).toEqual([`${join(locked, 'Data')}: permission denied (run as root or as a user who may read the 3CX folders)`])
    } finally {
      chmodSync(locked, 0o755)
    }
  })
})

describe('volumesSource', () => {
  it("finds the v20 sample's data folder (--data-dir) and its Recordings folder on one volume", async () => {
    const installDir = sampleV20InstallDir()
    const dataDir = join(installDir, 'Instance1', 'Data')
    const ctx = new RunContext({...defaultSettings('/'), installDir, dataDir})
    try {
      const volumes = await ctx.use(volumesSource)
      expect(volumes.folders.map((f) => [f.role, f.path])).toEqual([
        ['data', dataDir],
        ['recordings', join(dataDir, 'Recordings')],
      ])
      expect(volumes.reading.problems).toEqual([])
      expect(volumes.reading.volumes).toHaveLength(1)
      expect(volumes.reading.volumes[0]!.folders.map((f) => f.role)).toEqual(['data', 'recordings'])
      const more = await volumes.read([folder(tempDir('tcx-vol-'), 'extra 1')])
      expect(more.volumes).toHaveLength(1)
    } finally {
      await ctx.close()
    }
  })

  it('without an install it is unavailable, saying the data folder is not known', async () => {
    const ctx = new RunContext({...defaultSettings('/'), installDir: join(tempDir('tcx-vol-'), 'none')})
    try {
      const got = await ctx.tryUse(volumesSource)
      expect(got.ok).toBe(false)
      if (!got.ok) expect(got.reason).toMatch(/^the 3CX data folder is not known: /)
    } finally {
      await ctx.close()
    }
  })
})
