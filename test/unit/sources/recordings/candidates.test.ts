/**
 * Where the recordings source looks, from recorded-shape source values: the database's *RECORD*
 * parameters (paths looked in, other values listed as not a path, secret-looking names not shown),
 * then Recordings of the install's data folder; and which names the console lists.
 */
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import type {Availability, SourceDefinition} from '../../../../src/engine/context.js'
import {SourceUnavailableError} from '../../../../src/engine/errors.js'
import {isWavName, looksLikePath, recordingsCandidates} from '../../../../src/sources/recordings/index.js'
import {fakeDb} from '../../checks/time/fakes.js'

type Values = Record<string, unknown>
const ctxWith = (values: Values) => ({
  async tryUse<T>(source: SourceDefinition<T>): Promise<Availability<T>> {
    const v = values[source.name]
    if (v === undefined || v instanceof Error) {
      const error = new SourceUnavailableError(source.name, v instanceof Error ? v.message : `${source.name} not given`)
      return {ok: false, source: source.name, reason: error.message, tried: [], error}
    }
    return {ok: true, value: v as T}
  },
})

const install = (dataDir?: string) => ({root: '/var/lib/3cxpbx', ...(dataDir ? {dataDir, dataDirFrom: '[General] AppDataPath of /var/lib/3cxpbx/Bin/3CXPhoneSystem.ini'} : {})})

describe('recordingsCandidates', () => {
  it('a path parameter first, then the data folder; other values and secret-looking names listed as probed', async () => {
    const db = fakeDb({
      tables: {parameter: ['name', 'value']},
      parameters: [
        {name: 'RECORDINGSPATH', value: '/srv/recordings'},
        {name: 'RECORDING_QUOTA', value: '10'},
        {name: 'RECORDINGS_FTP_PASSWORD', value: 'C:\\secret-looking'},
        {name: 'VERSION', value: '20.0.7.1080'},
      ],
    })
    const c = await recordingsCandidates(ctxWith({db, install: install('/var/lib/3cxpbx/Instance1/Data')}))
    expect(c.candidates).toEqual([
      {path: '/srv/recordings', from: 'parameter RECORDINGSPATH of the database'},
      {path: 'C:\\secret-looking', from: 'parameter RECORDINGS_FTP_PASSWORD of the database'},
      {path: join('/var/lib/3cxpbx/Instance1/Data', 'Recordings'), from: 'Recordings of the data folder, from [General] AppDataPath of /var/lib/3cxpbx/Bin/3CXPhoneSystem.ini'},
    ])
    expect(c.probed).toEqual([
      'parameter RECORDINGSPATH = "/srv/recordings": a path, looked in',
      'parameter RECORDING_QUOTA = "10": not a path',
      'parameter RECORDINGS_FTP_PASSWORD (value not shown): a path, looked in',
    ])
  })

  it('no database, no data folder: no candidates, and both reasons', async () => {
    const c = await recordingsCandidates(ctxWith({db: new Error('connection refused'), install: install()}))
    expect(c.candidates).toEqual([])
    expect(c.reasons).toEqual(['database: connection refused', 'install: no data folder found (give it with --data-dir)'])
  })

  it('a database without parameter rows named like *RECORD* says so', async () => {
    const c = await recordingsCandidates(ctxWith({db: fakeDb({tables: {parameter: ['name', 'value']}, parameters: []}), install: install('/d')}))
    expect(c.probed).toEqual(['no parameter named like *RECORD* in the database'])
    expect(c.candidates.map((x) => x.path)).toEqual([join('/d', 'Recordings')])
  })
})

describe('names', () => {
  it('paths: POSIX, drive letters, UNC; not numbers or relative names', () => {
    expect(['/var/rec', 'D:\\Rec', 'd:/rec', '\\\\nas\\rec'].map(looksLikePath)).toEqual([true, true, true, true])
    expect(['10', 'Recordings', '', 'true'].map(looksLikePath)).toEqual([false, false, false, false])
  })
  it('.wav in any case is listed by the console; .mp3, .wav.mp3, no extension are not', () => {
    expect(['a.wav', 'B.WAV', 'c.Wav'].map(isWavName)).toEqual([true, true, true])
    expect(['a.mp3', 'a.wav.mp3', 'wav', '.wav'].map(isWavName)).toEqual([false, false, false, false])
  })
})
