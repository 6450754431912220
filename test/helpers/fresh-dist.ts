/**
 * e2e global setup: the CLI tests run the built dist/. Refuse to run them
 * when any source file is newer than the build (a stale build tests old code).
 */
import {existsSync, readdirSync, statSync} from 'node:fs'
import {join} from 'node:path'

const ROOT = join(import.meta.dirname, '..', '..')

function newest(dir: string, ext: RegExp): {path: string; mtimeMs: number} {
  let best = {path: '', mtimeMs: 0}
  if (!existsSync(dir)) return best
  for (const entry of readdirSync(dir, {withFileTypes: true, recursive: true})) {
    if (!entry.isFile() || !ext.test(entry.name)) continue
    const path = join(entry.parentPath, entry.name)
    const {mtimeMs} = statSync(path)
    if (mtimeMs > best.mtimeMs) best = {path, mtimeMs}
  }
  return best
}

export default function setup(): void {
  const built = join(ROOT, 'dist', 'src', 'index.js')
  if (!existsSync(built)) throw new Error('dist/ is missing: run `npm run build` before the e2e tests (npm test does)')
  const buildTime = statSync(built).mtimeMs
  const sources = ['src', 'checks', 'reports'].map((d) => newest(join(ROOT, d), /\.ts$/)).sort((a, b) => b.mtimeMs - a.mtimeMs)[0]!
  if (sources.mtimeMs > buildTime) {
    throw new Error(`dist/ is older than ${sources.path}: run \`npm run build\` before the e2e tests (npm test does)`)
  }
}
