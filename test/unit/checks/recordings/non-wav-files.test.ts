/**
 * recordings.non-wav-files through the check tester: a fake recordings source whose walks are the
 * sample PBX's folder (one .wav, one .mp3) or variants; the real walk is tested on real folders in
 * test/integration/sources/recordings/.
 */
import {expect} from 'vitest'
import check from '../../../../checks/recordings/non-wav-files.js'
import type {Recordings, RecordingsFolder, RecordingsWalk, WalkLimits} from '../../../../src/sources/recordings/index.js'
import {testCheck, unavailable} from '../../../helpers/check-tester.js'

const DATA = '/var/lib/3cxpbx/Instance1/Data/Recordings'
const FROM_DATA = 'Recordings of the data folder, from the layout'

function walkOf(folder: string, files: Array<[string, number]>, extra: Partial<RecordingsWalk> = {}): RecordingsWalk {
  const byExtension = new Map<string, {extension: string; files: number; bytes: number}>()
  for (const [path, bytes] of files) {
    const extension = /\.[^./]*$/.exec(path)?.[0]?.toLowerCase() ?? ''
    const e = byExtension.get(extension) ?? {extension, files: 0, bytes: 0}
    e.files++
    e.bytes += bytes
    byExtension.set(extension, e)
  }
  const nonWav = files.filter(([p]) => !p.toLowerCase().endsWith('.wav')).map(([p]) => p)
  return {
    folder,
    state: 'ok',
    files: files.length,
    byExtension: [...byExtension.values()].sort((a, b) => b.files - a.files || a.extension.localeCompare(b.extension)),
    nonWav: {files: nonWav.length, examples: nonWav.slice(0, 10)},
    skipped: {symlinks: 0, special: 0, tooDeep: 0, unreadable: 0, examples: []},
    entries: files.length + 1,
    truncated: false,
    ...extra,
  }
}
const absent = (folder: string): RecordingsWalk => ({...walkOf(folder, []), state: 'absent', problem: `${folder} does not exist`})

/** A recordings source with fixed walks by folder; `asked` records the limits each walk got. */
function recordings(candidates: RecordingsFolder[], walks: RecordingsWalk[], probed: string[] = [], asked: Array<Partial<WalkLimits>> = []): Recordings {
  return {
    candidates,
    probed,
    async walk(folder, limits = {}) {
      asked.push(limits)
      return walks.find((w) => w.folder === folder) ?? absent(folder)
    },
  }
}

const SAMPLE: Array<[string, number]> = [
  ['100/[Alice]_100-101_20261125093012(12).wav', 44],
  ['100/[Alice]_100-102_20261125101500(13).mp3', 16],
]
const sample = () => recordings([{path: DATA, from: FROM_DATA}], [walkOf(DATA, SAMPLE)])
const asked: Array<Partial<WalkLimits>> = []

testCheck(check, {
  pass: [
    {
      name: 'only .wav files',
      sources: {recordings: recordings([{path: DATA, from: FROM_DATA}], [walkOf(DATA, [SAMPLE[0]!, ['101/b.WAV', 10]])], [], asked)},
      summary: '2 file(s) in the recordings folder, all .wav.',
      expect(r) {
        expect(asked.at(-1)).toMatchObject({maxDepth: 6, maxEntries: 200_000, examples: 10})
        expect(r.tables).toHaveLength(1)
        expect(r.tables?.[0]?.rows).toEqual([['.wav', 2, 54, true]])
        expect(r.measurements).toEqual([expect.objectContaining({name: 'recordings_non_wav', value: 0, unit: 'count', warn: 0, bad: 'above'})])
        expect(r.details[0]).toBe(`Looked in ${DATA} (${FROM_DATA}).`)
      },
    },
    {
      name: 'one .mp3 allowed by maxNonWav 1',
      sources: {recordings: sample()},
      options: {maxNonWav: 1},
      summary: '2 file(s) in the recordings folder, 1 not .wav (at most 1 allowed).',
    },
  ],
  warn: [
    {
      name: 'the sample: one .wav and one .mp3 the console will not list',
      sources: {recordings: sample()},
      summary: '1 of 2 file(s) in the recordings folder are not .wav (.mp3: 1): the console does not list them.',
      expect(r) {
        expect(r.details[0]).toBe('Not listed by the console: 100/[Alice]_100-102_20261125101500(13).mp3.')
        expect(r.tables?.[0]?.rows).toEqual([
          ['.mp3', 1, 16, false],
          ['.wav', 1, 44, true],
        ])
        expect(r.tables?.[1]).toMatchObject({title: 'Files the console will not list (the first 10)', rows: [['100/[Alice]_100-102_20261125101500(13).mp3']]})
        expect(r.measurements?.[0]).toMatchObject({value: 1})
      },
    },
    {
      name: 'v20: a *RECORD* path parameter is absent here; the data folder is used, and both are named',
      sources: {
        recordings: recordings(
          [
            {path: '/mnt/recordings', from: 'parameter RECORDINGSPATH of the database'},
            {path: DATA, from: FROM_DATA},
          ],
          [walkOf(DATA, SAMPLE)],
          ['parameter RECORDINGSPATH = "/mnt/recordings": a path, looked in', 'parameter RECORDINGQUOTA = "10": not a path'],
        ),
      },
      summary: /^1 of 2 file\(s\)/,
      expect(r) {
        expect(r.details).toContain('Not there: /mnt/recordings does not exist (parameter RECORDINGSPATH of the database).')
        expect(r.details).toContain('Database probe: parameter RECORDINGSPATH = "/mnt/recordings": a path, looked in; parameter RECORDINGQUOTA = "10": not a path.')
        expect(r.evidence).toMatchObject({folder: DATA, tried: [{folder: '/mnt/recordings', state: 'absent'}, {folder: DATA, state: 'ok'}]})
      },
    },
    {
      name: 'a walk that stopped at maxEntries, with links and a FIFO skipped: lower bounds, said so',
      sources: {
        recordings: recordings(
          [{path: DATA, from: FROM_DATA}],
          [walkOf(DATA, [['a.mp3', 1], ['b.ogg', 1], ['c', 1]], {truncated: true, skipped: {symlinks: 1, special: 1, tooDeep: 0, unreadable: 0, examples: ['out (symbolic link, not followed)', 'pipe (not a file or folder (FIFO, socket or device))']}})],
        ),
      },
      options: {maxEntries: 5},
      summary: 'at least 3 of at least 3 file(s) in the recordings folder are not .wav ((none): 1, .mp3: 1, .ogg: 1): the console does not list them.',
      expect(r) {
        expect(r.details).toContain('The walk stopped after 5 entries (option maxEntries): the counts are lower bounds.')
        expect(r.details).toContain('Skipped: 1 symbolic link(s) (not followed), 1 FIFO(s), socket(s) or device(s) (out (symbolic link, not followed); pipe (not a file or folder (FIFO, socket or device))).')
      },
    },
  ],
  skip: [
    {
      name: 'no candidate folder exists',
      sources: {recordings: recordings([{path: DATA, from: FROM_DATA}], [])},
      summary: `No recordings folder to look in: ${DATA} does not exist.`,
    },
    {name: 'no install and no database', sources: {recordings: unavailable('recordings', 'no recordings folder known (database: refused; install: no 3CX install found)')}, summary: /no recordings folder known/},
  ],
})
