import {readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {dirname, join} from 'node:path'

/** The package's root folder (holds package.json), from dist/src/engine or src/engine alike. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (let i = 0; i < 5; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {name?: string}
      if (pkg.name === 'tcx-doctor') return dir
    } catch {
      // keep climbing
    }
    dir = dirname(dir)
  }
  throw new Error('tcx-doctor: cannot find its own package.json')
}

let cached: string | undefined
export function toolVersion(): string {
  cached ??= (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as {version: string}).version
  return cached
}
