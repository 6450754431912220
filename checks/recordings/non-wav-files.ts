import {defineCheck, measure, pass, recordingsSource, skip, table, warn, type RecordingsWalk} from '../../src/index.js'

export const DEFAULT_MAX_DEPTH = 6
export const DEFAULT_MAX_ENTRIES = 200_000
export const EXAMPLES = 10

const extensionName = (e: string): string => (e === '' ? '(none)' : e)

/** "mp3: 2, (none): 1" */
const nonWavCounts = (walk: RecordingsWalk): string =>
  walk.byExtension
    .filter((e) => e.extension !== '.wav')
    .map((e) => `${extensionName(e.extension)}: ${e.files}`)
    .join(', ')

/** The skipped entries in one line, or undefined when nothing was skipped. */
function skippedLine(walk: RecordingsWalk): string | undefined {
  const s = walk.skipped
  const parts = [
    s.symlinks > 0 ? `${s.symlinks} symbolic link(s) (not followed)` : '',
    s.special > 0 ? `${s.special} FIFO(s), socket(s) or device(s)` : '',
    s.tooDeep > 0 ? `${s.tooDeep} folder(s) deeper than the walk's depth` : '',
    s.unreadable > 0 ? `${s.unreadable} folder(s) that could not be listed` : '',
  ].filter(Boolean)
  if (parts.length === 0) return undefined
  return `Skipped: ${parts.join(', ')}${s.examples.length > 0 ? ` (${s.examples.join('; ')})` : ''}.`
}

/**
 * recordings.non-wav-files: recordings converted to MP3 (or any file not named .wav) vanish from the
 * management console, which lists only .wav files.
 */
export default defineCheck({
  id: 'recordings.non-wav-files',
  title: 'Every file in the recordings folder is a .wav the console lists',
  severity: 'minor',
  description:
    'Walks the recordings folder (a database parameter named like *RECORD* that holds a path, else Recordings in the 3CX data folder) and ' +
    'counts its files by extension. The management console lists only .wav recordings: files converted to MP3 (or other formats) to save ' +
    'space vanish from it unless they keep a .wav name. The walk is bounded (folder depth, number of entries), lists folders and reads ' +
    'no file, never follows symbolic links, and skips FIFOs and devices.',
  remediation:
    'Keep recordings as .wav in the recordings folder, or keep converted files elsewhere (an archive the users know about); a converter ' +
    'that must stay in place can keep the .wav name. Options: config `checks: {"recordings.non-wav-files": {"maxNonWav": 0, "maxDepth": 6, ' +
    '"maxEntries": 200000}}`.',
  docs: 'docs/checks/recordings.md#recordingsnon-wav-files',
  sources: ['recordings', 'install', 'db'],
  versions: {
    15: {applies: 'yes', decides: 'file names in Recordings of the data folder (Windows C:\\ProgramData\\3CX\\Instance1\\Data)', sure: 'reported'},
    16: {applies: 'yes', decides: 'as v15.5', sure: 'unknown'},
    18: {applies: 'yes', decides: 'as v15.5 (Debian /var/lib/3cxpbx/Instance1/Data/Recordings)', sure: 'unknown'},
    20: {applies: 'yes', decides: 'as v18, or a *RECORD* path parameter of the database when there is one', cannotTell: 'a recordings folder on remote storage (RemoteStorageStatus)', sure: 'unknown'},
  },
  timeoutMs: 60_000,
  options: {
    schema: {
      maxNonWav: {type: 'integer', minimum: 0, description: 'Warn when more files than this in the recordings folder are not .wav.'},
      maxDepth: {type: 'integer', minimum: 0, maximum: 32, description: 'Folder levels below the recordings folder that are walked.'},
      maxEntries: {type: 'integer', minimum: 1, maximum: 10_000_000, description: 'Entries read in all before the walk stops (the counts are then lower bounds).'},
    },
    defaults: {maxNonWav: 0, maxDepth: DEFAULT_MAX_DEPTH, maxEntries: DEFAULT_MAX_ENTRIES},
  },
  async run(ctx) {
    const {maxNonWav, maxDepth, maxEntries} = ctx.options
    const recordings = await ctx.use(recordingsSource)
    const tried: Array<{folder: string; from: string; state: string; problem: string | null}> = []
    let found: {walk: RecordingsWalk; from: string} | undefined
    for (const candidate of recordings.candidates) {
      const walk = await recordings.walk(candidate.path, {maxDepth, maxEntries, examples: EXAMPLES, signal: ctx.signal})
      tried.push({folder: candidate.path, from: candidate.from, state: walk.state, problem: walk.problem ?? null})
      if (walk.state === 'ok') {
        found = {walk, from: candidate.from}
        break
      }
    }
    const probed = recordings.probed.length > 0 ? [`Database probe: ${recordings.probed.join('; ')}.`] : []
    if (!found) {
      return skip(`No recordings folder to look in: ${tried.map((t) => t.problem ?? `${t.folder}: ${t.state}`).join('; ')}.`, {details: probed, evidence: {tried, probed: recordings.probed}})
    }
    const {walk, from} = found
    const atLeast = walk.truncated ? 'at least ' : ''
    const evidence = {
      folder: walk.folder,
      from,
      realPath: walk.realPath ?? null,
      files: walk.files,
      byExtension: walk.byExtension,
      nonWav: walk.nonWav,
      skipped: walk.skipped,
      entries: walk.entries,
      truncated: walk.truncated,
      limits: {maxDepth, maxEntries},
      tried,
      probed: recordings.probed,
    }
    const tables = [
      table('Files by extension', ['extension', 'files', 'bytes', 'listed by the console'], walk.byExtension.map((e) => [extensionName(e.extension), e.files, e.bytes, e.extension === '.wav'])),
      ...(walk.nonWav.files > 0
        ? [table(`Files the console will not list (the first ${EXAMPLES})`, ['path'], walk.nonWav.examples.map((p) => [p]), walk.nonWav.files > walk.nonWav.examples.length ? {note: `${walk.nonWav.files - walk.nonWav.examples.length} more`} : {})]
        : []),
    ]
    const measurements = [measure('recordings_non_wav', walk.nonWav.files, 'count', {help: 'Files in the recordings folder that are not .wav (the console does not list them).', warn: maxNonWav, bad: 'above', min: 0})]
    const where = `${walk.folder} (${from}${walk.realPath ? `, a link to ${walk.realPath}` : ''})`
    const details = [
      `Looked in ${where}.`,
      ...tried.filter((t) => t.state !== 'ok').map((t) => `Not there: ${t.problem ?? t.folder} (${t.from}).`),
      ...probed,
      ...(walk.truncated ? [`The walk stopped after ${maxEntries} entries (option maxEntries): the counts are lower bounds.`] : []),
      ...(skippedLine(walk) ? [skippedLine(walk)!] : []),
    ]
    if (walk.nonWav.files > maxNonWav) {
      return warn(
        `${atLeast}${walk.nonWav.files} of ${atLeast}${walk.files} file(s) in the recordings folder are not .wav (${nonWavCounts(walk)}): the console does not list them.`,
        {
          details: [
            ...walk.nonWav.examples.map((p) => `Not listed by the console: ${p}.`),
            'The management console lists only .wav recordings: files converted to MP3 (or other formats) vanish from it unless they keep a .wav name.',
            ...details,
          ],
          evidence,
          tables,
          measurements,
        },
      )
    }
    return pass(`${atLeast}${walk.files} file(s) in the recordings folder${walk.nonWav.files > 0 ? `, ${walk.nonWav.files} not .wav (at most ${maxNonWav} allowed)` : ', all .wav'}.`, {details, evidence, tables, measurements})
  },
})
