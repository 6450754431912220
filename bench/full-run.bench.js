// A whole `tcx-doctor run` against each demo PBX (v15.5 and v20) against its slowest single check,
// measured in the same run: the checks run in parallel, so the run should take little more than
// its slowest check (target: at most 1.3x). Each figure is the median of REPEAT runs; the run's
// time is the report's durationMs (the checks and the report, without the demo's own start-up:
// the sample database and the console simulator), the slowest check the largest result durationMs
// of the same report. Run after `npm run build`.
import {spawnSync} from 'node:child_process'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {median} from './stats.js'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const bin = join(root, 'bin', 'run.js')
const REPEAT = Number(process.env.BENCH_REPEAT ?? 3)

const cwd = mkdtempSync(join(tmpdir(), 'tcx-bench-run-'))
try {
  for (const demo of [[], ['v20']]) {
    const runs = []
    for (let i = 0; i < REPEAT; i++) {
      const r = spawnSync(process.execPath, [bin, 'run', '--demo', ...demo, '--format', 'json', '--fail-on', 'never'], {cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024})
      if (r.status !== 0) throw new Error(`run --demo ${demo.join(' ')} exited ${r.status}: ${r.stderr}`)
      const report = JSON.parse(r.stdout)
      const slowest = report.results.reduce((a, b) => (b.durationMs > a.durationMs ? b : a))
      runs.push({run: report.durationMs, slowest: slowest.durationMs, id: slowest.id, checks: report.results.length})
    }
    const run = median(runs.map((r) => r.run))
    const slowest = median(runs.map((r) => r.slowest))
    const ids = [...new Set(runs.map((r) => r.id))].join(', ')
    const name = `--demo${demo.length ? ` ${demo[0]}` : ''}`.padEnd(11)
    console.log(`${name} slowest check ${slowest} ms (${ids}; baseline), whole run of ${runs[0].checks} checks ${run} ms = ${(run / slowest).toFixed(2)}x (target <= 1.3x)`)
  }
} finally {
  rmSync(cwd, {recursive: true, force: true})
}
