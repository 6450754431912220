#!/usr/bin/env node
// Runs every bench/*.bench.js in turn (after `npm run build`). Each prints its own
// figures as ratios against a baseline measured in the same run. Benchmarks never
// assert: they print. Pass names to run only some: node bench/run.js startup scan
import {spawnSync} from 'node:child_process'
import {readdirSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const wanted = process.argv.slice(2)
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.js'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.includes(w)))
  .sort()
let failed = 0
for (const file of files) {
  console.log(`\n=== ${file} ===`)
  const result = spawnSync(process.execPath, ['--expose-gc', join(here, file)], {stdio: 'inherit'})
  if (result.status !== 0) {
    failed += 1
    console.log(`${file} exited with ${result.status}`)
  }
}
process.exitCode = failed > 0 ? 1 : 0
