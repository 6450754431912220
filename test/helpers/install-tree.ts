/**
 * Builds 3CX install trees in temp folders: Windows layout (ini in Instance1/Bin)
 * or Debian layout (ini in Bin), from the sample ini or given bytes.
 */
import {cpSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {SAMPLE_INSTALL, tempDir} from './cli.js'

export const SAMPLE_INI_PATH = join(SAMPLE_INSTALL, 'Instance1', 'Bin', '3CXPhoneSystem.ini')
export const sampleIniText = (): string => readFileSync(SAMPLE_INI_PATH, 'utf8')

/** The passwords in the sample ini: no output may ever contain them. */
export const SAMPLE_PASSWORDS = ['SampleConfPass-7f3a91', 'SampleMasterPw-c41e08', 'SampleQmReaderPw-55d2b6', 'SampleReadonlyPw-9b7c21']

export interface InstallTree {
  root: string
  iniPath: string
}

export function makeInstall(layout: 'windows' | 'debian', ini: string | Buffer = sampleIniText()): InstallTree {
  const root = join(tempDir('tcx-install-'), layout === 'windows' ? '3CX Phone System' : '3cxpbx')
  mkdirSync(join(root, 'Bin'), {recursive: true})
  mkdirSync(join(root, 'Instance1', 'Bin'), {recursive: true})
  mkdirSync(join(root, 'Instance1', 'Data', 'Logs'), {recursive: true})
  const iniPath = layout === 'windows' ? join(root, 'Instance1', 'Bin', '3CXPhoneSystem.ini') : join(root, 'Bin', '3CXPhoneSystem.ini')
  writeFileSync(iniPath, ini)
  return {root, iniPath}
}

/** A full copy of the bundled sample install. */
export function copySampleInstall(): string {
  const root = join(tempDir('tcx-sample-'), '3CX Phone System')
  cpSync(SAMPLE_INSTALL, root, {recursive: true})
  return root
}
