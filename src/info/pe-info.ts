/**
 * `tcx-doctor info`: the versions of the 3CX binaries the checks read (PE version
 * resource), each file's problem in one line when it cannot be read.
 */
import {existsSync} from 'node:fs'
import {join} from 'node:path'
import {installSource} from '../sources/install.js'
import {isPeFileError, peSource} from '../sources/pe/index.js'
import type {InfoProvider} from './collect-info.js'

export const KNOWN_BINARIES = ['MyPhoneServer.dll', 'VCEWebRTCNet.dll', '3cxpscomcpp2.dll', 'sl.dll', 'tcxpscom_native.dll']

export const binariesInfo: InfoProvider = {
  title: '3CX binaries',
  source: 'pe',
  async collect(ctx) {
    const install = await ctx.use(installSource)
    const pe = await ctx.use(peSource)
    const dirs = [...new Set([install.sharedBinDir, install.instanceBinDir, ...install.extraBinDirs])]
    const files: Record<string, unknown> = {}
    for (const dir of dirs) {
      for (const name of KNOWN_BINARIES) {
        const path = join(dir, name)
        if (!existsSync(path)) continue
        try {
          const v = await pe.version(path)
          files[path] = {fileVersion: v.fileVersion, productVersion: v.strings.ProductVersion ?? v.productVersion, format: v.format}
        } catch (error) {
          if (!isPeFileError(error)) throw error
          files[path] = {problem: error.message}
        }
      }
    }
    return {lookedIn: dirs, files}
  },
}
