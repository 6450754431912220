/**
 * Runs a TypeScript snippet as the user nobody (runuser, vite-node), for tests of what a user without
 * root may not read. Only root can switch users: `canRunAsNobody` says whether this process can; under
 * CI=true (where the tests run as root) a test that needs it must not skip.
 */
import {spawnSync} from 'node:child_process'
import {chmodSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'

const ROOT = join(import.meta.dirname, '..', '..')
export const isRoot = process.getuid?.() === 0
export const canRunAsNobody = isRoot && spawnSync('runuser', ['--help']).status === 0

/**
 * Writes `code` (an ES module; `process.argv[2]` and on are `args`) into `dir`, opens the temp folders
 * above it to others, runs it as nobody and returns its last stdout line. Imports in `code` take
 * absolute paths: `src(path)` gives one under the repository's src/.
 */
export function runAsNobody(dir: string, code: string, args: string[]): string {
  if (!canRunAsNobody) throw new Error('runuser is missing or this is not root: cannot run as another user')
  for (let d = dir; d !== dirname(d) && d.startsWith(tmpdir()); d = dirname(d)) chmodSync(d, 0o755)
  const script = join(dir, 'as-nobody.ts')
  writeFileSync(script, code, {mode: 0o644})
  const child = spawnSync('runuser', ['-u', 'nobody', '--', join(ROOT, 'node_modules', '.bin', 'vite-node'), script, ...args], {encoding: 'utf8', timeout: 60_000})
  if (child.status !== 0) throw new Error(`as nobody: exit ${child.status}: ${child.stderr}`)
  return child.stdout.trim().split('\n').at(-1)!
}

/** The absolute path of a module under src/, for an import in `runAsNobody`'s code. */
export const src = (path: string): string => JSON.stringify(join(ROOT, 'src', path))
