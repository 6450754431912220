/**
 * The volumes source: free and total space of the filesystems holding the 3CX data
 * folder and its recordings folder, on this machine.
 * CONTRACT: volumesSource: SourceDefinition<Volumes>
 *
 * The folders come from the install source (its data folder, `--data-dir` or the ini's
 * AppDataPath or the layout; recordings are `<data>/Recordings`). `read(folders)` measures
 * them, or other folders a check is told about; folders on one filesystem are one volume.
 */
import {join} from 'node:path'
import type {SourceContext, SourceDefinition} from '../../engine/context.js'
import {SourceUnavailableError, errorMessage} from '../../engine/errors.js'
import {installSource} from '../install/index.js'
import {readVolumes, type VolumeFolder, type VolumeReading} from './statfs.js'

export {deviceLabel, folderProblemOf, groupByFilesystem, readVolumes, VOLUME_TIMEOUT_MS, type FolderProblem, type FolderSpace, type Volume, type VolumeFolder, type VolumeReading} from './statfs.js'

export interface Volumes {
  /** The install's folders: the data folder and its recordings folder. */
  folders: VolumeFolder[]
  /** What the install's folders gave (measured when the source opened). */
  reading: VolumeReading
  /** Measures other folders (e.g. ones named in a check's options), grouped by filesystem. */
  read(folders: VolumeFolder[]): Promise<VolumeReading>
}

/** The data folder and `<data>/Recordings` of an install's data folder. */
export function installFolders(dataDir: string, dataDirFrom: string): VolumeFolder[] {
  return [
    {role: 'data', path: dataDir, from: `the 3CX data folder (${dataDirFrom})`},
    {role: 'recordings', path: join(dataDir, 'Recordings'), from: 'the recordings folder (<data folder>/Recordings)'},
  ]
}

export const volumesSource: SourceDefinition<Volumes> = {
  name: 'volumes',
  async open(ctx: SourceContext): Promise<Volumes> {
    let install
    try {
      install = await ctx.use(installSource)
    } catch (error) {
      throw new SourceUnavailableError('volumes', `the 3CX data folder is not known: ${errorMessage(error)}`)
    }
    if (!install.dataDir) {
      throw new SourceUnavailableError('volumes', `the install at ${install.root} has no data folder (no Instance1/Data, no usable AppDataPath); give --data-dir`)
    }
    const folders = installFolders(install.dataDir, install.dataDirFrom ?? 'the install')
    return {folders, reading: await readVolumes(folders), read: (more) => readVolumes(more)}
  },
  describe(value) {
    return value.reading.volumes.map((v) => `${v.path} (device ${v.device})`).join(', ') || 'no volume read'
  },
}
