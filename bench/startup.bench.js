// Start-up and parallelism of the engine, measured in one run:
//  1. `tcx-doctor --version` and `tcx-doctor run --help`, with the help and autocomplete plugins
//     and the not-found hook loaded, against bare `node -e 0` (target: each at most 2.5x)
//  2. a run of 8 checks that each wait 500 ms against one such check
//     (target: total at most 1.3x a single check plus start-up: the checks run in parallel)
import {spawnSync} from 'node:child_process'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const bin = join(root, 'bin', 'run.js')
const REPEAT = 7

function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

function time(args, options = {}) {
  const samples = []
  for (let i = 0; i < REPEAT; i++) {
    const start = process.hrtime.bigint()
    const r = spawnSync(process.execPath, args, {encoding: 'utf8', ...options})
    samples.push(Number(process.hrtime.bigint() - start) / 1e6)
    if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`)
  }
  return median(samples)
}

const bare = time(['-e', '0'])
const version = time([bin, '--version'])
const runHelp = time([bin, 'run', '--help'])
console.log(`node -e 0:              ${bare.toFixed(0)} ms (baseline)`)
console.log(`tcx-doctor --version:   ${version.toFixed(0)} ms = ${(version / bare).toFixed(2)}x baseline (target <= 2.5x)`)
console.log(`tcx-doctor run --help:  ${runHelp.toFixed(0)} ms = ${(runHelp / bare).toFixed(2)}x baseline (target <= 2.5x)`)

const dir = mkdtempSync(join(tmpdir(), 'tcx-bench-'))
try {
  const one = join(dir, 'one')
  const eight = join(dir, 'eight')
  for (const [folder, n] of [[one, 1], [eight, 8]]) {
    spawnSync('mkdir', ['-p', folder])
    for (let i = 0; i < n; i++) {
      writeFileSync(
        join(folder, `wait${i}.mjs`),
        `export default {id: 'bench.wait-${i}', title: 'wait ${i}', severity: 'info', description: 'waits 500 ms', remediation: 'none',
          run: () => new Promise((r) => setTimeout(() => r({status: 'pass', summary: 'waited'}), 500))}\n`,
      )
    }
  }
  const common = ['run', '--only', 'bench', '--format', 'json', '--install-dir', dir]
  const single = time([bin, ...common, '--checks-dir', one], {cwd: dir})
  const parallel = time([bin, ...common, '--checks-dir', eight], {cwd: dir})
  console.log(`1 check of 500 ms:      ${single.toFixed(0)} ms (baseline: one check plus start-up)`)
  console.log(`8 checks of 500 ms:     ${parallel.toFixed(0)} ms = ${(parallel / single).toFixed(2)}x baseline (target <= 1.3x; serial would be ~${((single + 3500) / single).toFixed(1)}x)`)
} finally {
  rmSync(dir, {recursive: true, force: true})
}
