/**
 * The recordings walk on real folders: symbolic links out of the tree (never followed), a FIFO made
 * with mkfifo (skipped, the walk never waits on it), a tree deeper than maxDepth, more entries than
 * maxEntries, a root that is a link, an absent root, a stopped signal; and the source's candidates
 * from a real install tree (the sample PBX) and the sample database's parameters.
 */
import {spawnSync} from 'node:child_process'
import {chmodSync, mkdirSync, symlinkSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {defaultSettings} from '../../../../src/config/settings.js'
import {RunContext} from '../../../../src/engine/context.js'
import {recordingsSource, walkRecordings, DEFAULT_WALK_LIMITS} from '../../../../src/sources/recordings/index.js'
import {SAMPLE_INSTALL} from '../../../helpers/cli.js'
import {startTestPostgres, SAMPLE_QM_USER, type TestPostgres} from '../../../helpers/postgres.js'
import {tempDir} from '../../../helpers/temp.js'
import {canRunAsNobody, isRoot, runAsNobody, src} from '../../../helpers/as-nobody.js'

const CI = process.env.CI === 'true'
const posix = process.platform !== 'win32'
const haveMkfifo = posix && spawnSync('sh', ['-c', 'command -v mkfifo'], {encoding: 'utf8'}).status === 0
if (CI && posix && !haveMkfifo) throw new Error('mkfifo (coreutils) is required under CI=true')

const limits = {...DEFAULT_WALK_LIMITS}

function mkfifo(path: string): void {
  const r = spawnSync('mkfifo', [path], {encoding: 'utf8'})
  if (r.status !== 0) throw new Error(`mkfifo ${path} failed: ${r.stderr}`)
}

describe('walkRecordings', () => {
  it('counts files by extension and names the first non-.wav files, relative to the folder', async () => {
    const dir = tempDir('tcx-rec-')
    mkdirSync(join(dir, '100', '2026'), {recursive: true})
    writeFileSync(join(dir, '100', 'a.wav'), Buffer.alloc(100))
    writeFileSync(join(dir, '100', 'B.WAV'), Buffer.alloc(50))
    writeFileSync(join(dir, '100', '2026', 'c.mp3'), Buffer.alloc(7))
    writeFileSync(join(dir, 'notes'), 'x')
    const walk = await walkRecordings(dir, limits)
    expect(walk).toMatchObject({state: 'ok', files: 4, truncated: false, nonWav: {files: 2}})
    expect(walk.byExtension).toEqual([
      {extension: '.wav', files: 2, bytes: 150},
      {extension: '', files: 1, bytes: 1},
      {extension: '.mp3', files: 1, bytes: 7},
    ])
    expect(walk.nonWav.examples.sort()).toEqual([join('100', '2026', 'c.mp3'), 'notes'])
  })

  it.skipIf(!posix)('never follows a symbolic link out of the tree (to a folder full of .mp3, to /dev/zero), and counts it', async () => {
    const outside = tempDir('tcx-rec-outside-')
    for (let i = 0; i < 5; i++) writeFileSync(join(outside, `${i}.mp3`), 'x')
    const dir = tempDir('tcx-rec-')
    writeFileSync(join(dir, 'a.wav'), 'x')
    symlinkSync(outside, join(dir, 'elsewhere'))
    symlinkSync(join(outside, '0.mp3'), join(dir, 'link.mp3'))
    symlinkSync('/dev/zero', join(dir, 'zero.wav'))
    symlinkSync(dir, join(dir, 'loop'))
    const walk = await walkRecordings(dir, limits)
    expect(walk).toMatchObject({files: 1, nonWav: {files: 0}, skipped: {symlinks: 4, special: 0}})
    expect(walk.skipped.examples).toContain('elsewhere (symbolic link, not followed)')
  })

  it.skipIf(!haveMkfifo)('skips a FIFO without opening it (the walk does not wait for a writer)', async () => {
    const dir = tempDir('tcx-rec-')
    writeFileSync(join(dir, 'a.wav'), 'x')
    mkfifo(join(dir, 'pipe.mp3'))
    const walk = await walkRecordings(dir, limits)
    expect(walk).toMatchObject({files: 1, nonWav: {files: 0}, skipped: {special: 1}})
    expect(walk.skipped.examples).toEqual(['pipe.mp3 (not a file or folder (FIFO, socket or device))'])
  })

  it('does not enter folders deeper than maxDepth, and says how many it left', async () => {
    const dir = tempDir('tcx-rec-')
    let deep = dir
    for (let level = 1; level <= 40; level++) {
      deep = join(deep, `d${level}`)
      mkdirSync(deep)
      writeFileSync(join(deep, `f${level}.mp3`), 'x')
    }
    const walk = await walkRecordings(dir, {...limits, maxDepth: 3})
    // d1 (depth 1), d2, d3 are entered: f1..f3 seen; d4 (depth 4) is not.
    expect(walk).toMatchObject({files: 3, nonWav: {files: 3}, skipped: {tooDeep: 1}})
    const all = await walkRecordings(dir, {...limits, maxDepth: 64})
    expect(all.files).toBe(40)
  })

  it('stops at maxEntries among many files: truncated, the counts lower bounds', async () => {
    const dir = tempDir('tcx-rec-')
    for (let i = 0; i < 3000; i++) writeFileSync(join(dir, `${i}.${i % 3 === 0 ? 'mp3' : 'wav'}`), '')
    const whole = await walkRecordings(dir, limits)
    expect(whole).toMatchObject({files: 3000, entries: 3000, truncated: false, nonWav: {files: 1000}})
    expect(whole.nonWav.examples).toHaveLength(10)
    const cut = await walkRecordings(dir, {...limits, maxEntries: 500})
    expect(cut).toMatchObject({files: 500, entries: 500, truncated: true})
  })

  it('follows the folder itself when it is a link (recordings moved to another disk), and reports the real path', async () => {
    const real = tempDir('tcx-rec-real-')
    writeFileSync(join(real, 'a.mp3'), 'x')
    const parent = tempDir('tcx-rec-')
    symlinkSync(real, join(parent, 'Recordings'))
    const walk = await walkRecordings(join(parent, 'Recordings'), limits)
    expect(walk).toMatchObject({state: 'ok', realPath: real, files: 1, nonWav: {files: 1, examples: ['a.mp3']}})
  })

  it('an absent folder, a file in its place and a stopped signal', async () => {
    const dir = tempDir('tcx-rec-')
    expect(await walkRecordings(join(dir, 'nope'), limits)).toMatchObject({state: 'absent', problem: `${join(dir, 'nope')} does not exist`})
    writeFileSync(join(dir, 'file'), 'x')
    expect(await walkRecordings(join(dir, 'file'), limits)).toMatchObject({state: 'not-a-folder', problem: `${join(dir, 'file')} is a regular file, not a folder`})
    const stopped = new AbortController()
    stopped.abort(new Error('stopped by the test'))
    await expect(walkRecordings(dir, {...limits, signal: stopped.signal})).rejects.toThrow('stopped by the test')
  })

  it.skipIf(!posix || (isRoot && !canRunAsNobody && process.env.CI !== 'true'))('a subfolder it may not list is counted, the rest walked (as nobody when the tests run as root)', async () => {
    const dir = tempDir('tcx-rec-')
    mkdirSync(join(dir, 'locked'))
    writeFileSync(join(dir, 'locked', 'x.mp3'), 'x')
    writeFileSync(join(dir, 'a.wav'), 'x')
    chmodSync(join(dir, 'locked'), 0o000)
    chmodSync(dir, 0o755)
    try {
      const walk = isRoot
        ? JSON.parse(runAsNobody(tempDir('tcx-rec-run-'), `import {walkRecordings} from ${src('sources/recordings/index.js')}\nconsole.log(JSON.stringify(await walkRecordings(process.argv[2]!, ${JSON.stringify(limits)})))\n`, [dir]))
        : await walkRecordings(dir, limits)
      expect(walk).toMatchObject({files: 1, skipped: {unreadable: 1}})
    } finally {
      chmodSync(join(dir, 'locked'), 0o755)
    }
  })
})

describe('recordingsSource', () => {
  let pg: TestPostgres
  beforeAll(async () => {
    pg = await startTestPostgres({
      extraSql: [
        "INSERT INTO parameter (idparameter, name, value, description, parametertype) VALUES (800101, 'RECORDINGSPATH', '/nonexistent/recordings', 'test', 0), (800102, 'RECORDINGQUOTA', '10', 'test', 0)",
      ],
    })
  }, 120_000)
  afterAll(async () => pg?.stop())

  it('looks in the database\'s *RECORD* path parameters, then Recordings of the sample install\'s data folder', async () => {
    const settings = {...defaultSettings(process.cwd()), installDir: SAMPLE_INSTALL, dbUrl: pg.url(SAMPLE_QM_USER)}
    const ctx = new RunContext(settings)
    try {
      const recordings = await ctx.use(recordingsSource)
      expect(recordings.candidates.map((c) => c.from)).toEqual(['parameter RECORDINGSPATH of the database', 'Recordings of the data folder, from the layout'])
      expect(recordings.candidates[1]!.path).toBe(join(SAMPLE_INSTALL, 'Instance1', 'Data', 'Recordings'))
      expect(recordings.probed).toEqual(['parameter RECORDINGQUOTA = "10": not a path', 'parameter RECORDINGSPATH = "/nonexistent/recordings": a path, looked in'])
      const walk = await recordings.walk(recordings.candidates[1]!.path)
      expect(walk).toMatchObject({state: 'ok', files: 2, nonWav: {files: 1, examples: [join('100', '[Alice]_100-102_20261125101500(13).mp3')]}})
    } finally {
      await ctx.close()
    }
  })

  it('without a database, only the data folder, and the reason is kept for when there is no install either', async () => {
    const ctx = new RunContext({...defaultSettings(process.cwd()), installDir: SAMPLE_INSTALL, dbUrl: 'postgres://nobody:x@127.0.0.1:1/none'})
    try {
      const recordings = await ctx.use(recordingsSource)
      expect(recordings.candidates).toHaveLength(1)
    } finally {
      await ctx.close()
    }
    const none = new RunContext({...defaultSettings(process.cwd()), installDir: tempDir('tcx-no-install-'), dbUrl: 'postgres://nobody:x@127.0.0.1:1/none'})
    try {
      await expect(none.use(recordingsSource)).rejects.toThrow(/^no recordings folder known \(database: .*; install: /)
    } finally {
      await none.close()
    }
  })
})
