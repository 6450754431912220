#!/usr/bin/env node
// Writes README.md's command reference (between <!-- commands --> and <!-- commandsstop -->) with
// `oclif readme` from the built commands' metadata, at a fixed width of 120 columns and without
// oclif's new-version check (so it runs offline and writes the same text on every machine).
// `node scripts/readme.mjs --check [FILE]` writes nothing: it exits 1 when README.md (or FILE) is stale.
// Run with `npm run readme` (after `npm run build`; `npm run docs` does both).
import {spawnSync} from 'node:child_process'
import {readFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const oclif = join(dirname(createRequire(import.meta.url).resolve('oclif/package.json')), 'bin', 'run.js')
const check = process.argv.includes('--check')
const readme = (check && process.argv[process.argv.indexOf('--check') + 1]) || join(root, 'README.md')
const args = [oclif, 'readme', '--no-aliases', '--no-source-links', '--readme-path', readme, ...(check ? ['--dry-run'] : [])]
const r = spawnSync(process.execPath, args, {
  cwd: root,
  encoding: 'utf8',
  env: {...process.env, COLUMNS: '120', OCLIF_SKIP_NEW_VERSION_CHECK: 'true', NO_COLOR: '1'},
})
if (r.status !== 0) {
  process.stderr.write(`readme: oclif readme exited ${r.status}: ${r.stderr}`)
  process.exit(1)
}
if (!check) {
  process.stdout.write('readme: wrote the command reference of README.md\n')
  process.exit(0)
}
// --dry-run prints "replacing <!-- commands --> in ..." and then the whole README as it would be.
const generated = r.stdout.replace(/^replacing [^\n]*\n/, '')
const current = readFileSync(readme, 'utf8')
if (generated.trimEnd() !== current.trimEnd()) {
  process.stderr.write(`readme: the command reference of ${readme} is stale; run \`npm run docs\` (or \`npm run build && npm run readme\`)\n`)
  process.exit(1)
}
process.stdout.write(`readme: the command reference of ${readme} is current\n`)
