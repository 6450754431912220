/**
 * The recordings source (name `recordings`): where 3CX keeps call recordings and a bounded walk of them
 * (./walk.ts), so checks learn what files are there without touching the disk.
 *
 * Where: database parameters whose name contains RECORD and whose value is an absolute path (the name
 * is not documented, so every such row counts, in the database's name order), then `Recordings` in the install's data
 * folder (`--data-dir`, `[General] AppDataPath`, `<root>/Instance1/Data`). The database and the install
 * are both optional; without either there is no candidate and the source is unavailable.
 */
import {join} from 'node:path'
import type {SourceContext, SourceDefinition} from '../../engine/context.js'
import {SourceUnavailableError} from '../../engine/errors.js'
import {isSecretKey} from '../../engine/secrets.js'
import {dbSource} from '../db/index.js'
import {installSource} from '../install/index.js'
import {DEFAULT_WALK_LIMITS, walkRecordings, type RecordingsWalk, type WalkLimits} from './walk.js'

export {walkRecordings, isWavName, DEFAULT_WALK_LIMITS, type RecordingsWalk, type WalkLimits, type WalkState, type ExtensionCount} from './walk.js'

export interface RecordingsFolder {
  path: string
  /** Where the path came from: "parameter RECORDINGSPATH of the database", "the data folder (from [General] AppDataPath)". */
  from: string
}

export interface Recordings {
  /** The folders to look in, in order. */
  candidates: RecordingsFolder[]
  /** What the database probe saw: parameter rows named like *RECORD* (name = value), and why each was or was not used. */
  probed: string[]
  /** Walks one folder within the limits (defaults: DEFAULT_WALK_LIMITS). */
  walk(folder: string, limits?: Partial<WalkLimits>): Promise<RecordingsWalk>
}

/** A parameter value that names a folder: an absolute POSIX path or a Windows drive path. */
export const looksLikePath = (value: string): boolean => /^(\/|[A-Za-z]:[\\/]|\\\\)/.test(value.trim())

const MAX_SHOWN = 200

/** The candidates from the database's *RECORD* parameters and the install's data folder. */
export async function recordingsCandidates(ctx: Pick<SourceContext, 'tryUse'>): Promise<{candidates: RecordingsFolder[]; probed: string[]; reasons: string[]}> {
  const candidates: RecordingsFolder[] = []
  const probed: string[] = []
  const reasons: string[] = []
  const db = await ctx.tryUse(dbSource)
  if (db.ok) {
    if (await db.value.hasTable('parameter')) {
      const rows = await db.value.parametersLike('%RECORD%')
      for (const row of rows) {
        const value = row.value.trim()
        const shown = isSecretKey(row.name) ? `parameter ${row.name} (value not shown)` : `parameter ${row.name} = "${value.slice(0, MAX_SHOWN)}"`
        if (looksLikePath(value)) {
          candidates.push({path: value, from: `parameter ${row.name} of the database`})
          probed.push(`${shown}: a path, looked in`)
        } else probed.push(`${shown}: not a path`)
      }
      if (rows.length === 0) probed.push('no parameter named like *RECORD* in the database')
    } else probed.push('no parameter table in the database')
  } else reasons.push(`database: ${db.reason}`)
  const install = await ctx.tryUse(installSource)
  if (install.ok && install.value.dataDir) {
    candidates.push({path: join(install.value.dataDir, 'Recordings'), from: `Recordings of the data folder, from ${install.value.dataDirFrom ?? 'the install'}`})
  } else reasons.push(install.ok ? 'install: no data folder found (give it with --data-dir)' : `install: ${install.reason}`)
  return {candidates, probed, reasons}
}

export const recordingsSource: SourceDefinition<Recordings> = {
  name: 'recordings',
  async open(ctx) {
    const {candidates, probed, reasons} = await recordingsCandidates(ctx)
    if (candidates.length === 0) {
      throw new SourceUnavailableError('recordings', `no recordings folder known (${reasons.join('; ')})`, probed)
    }
    return {
      candidates,
      probed,
      walk: (folder, limits = {}) => walkRecordings(folder, {...DEFAULT_WALK_LIMITS, ...limits}),
    }
  },
  describe: (r) => `recordings folder candidates: ${r.candidates.map((c) => `${c.path} (${c.from})`).join(', ')}`,
}
