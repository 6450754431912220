// The pe source's string scanner against grep, measured in one run:
//  1. builds bench/.tmp/scan-1g.bin (1 GiB, kept between runs; SCAN_BENCH_MIB=256 for a smaller one)
//     with the UTF-16LE needle at 1 MiB buffer seams and at the very end, the UTF-8 one once;
//  2. reads it once so it is in the page cache;
//  3. times `LC_ALL=C grep -c -a -F -f <UTF-16LE pattern>` and the scanner (UTF-16LE + UTF-8 needles
//     in one pass, and UTF-16LE alone) with 1, 2 and 4 MiB buffers, alternating grep and scanner runs
//     (median of 5 pairs); each scan runs in a fresh process whose peak RSS is reported.
// Targets: throughput at least 0.8x grep's; peak RSS under 64 MiB whatever the file size.
// Prints; never asserts (a miss is reported as such). Run: npm run bench (or node bench/run.js scan).
import {spawnSync} from 'node:child_process'
import {randomFillSync} from 'node:crypto'
import {closeSync, existsSync, mkdirSync, openSync, readSync, statSync, writeFileSync, writeSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {median} from './stats.js'

const here = dirname(fileURLToPath(import.meta.url))
const tmp = join(here, '.tmp')
const MiB = 1024 * 1024
const sizeMiB = Number(process.env.SCAN_BENCH_MIB ?? 1024)
const size = sizeMiB * MiB
const file = join(tmp, `scan-v2-${sizeMiB}m.bin`)
const utf16 = Buffer.from('sip_dialog_set_id', 'utf16le')
const utf8 = Buffer.from('sip_dialog_set_id', 'utf8')
const REPEAT = 5

// Needles: straddling the read seams of 1, 2 and 4 MiB buffers (the k-th read of a buffer of B bytes
// ends at k*B - (k-1)*overlap, since each later read keeps the previous tail), and at the very end.
const overlap = utf16.length - 1
const placements = []
for (const B of [MiB, 2 * MiB, 4 * MiB]) {
  for (const k of [1, 2, 37, Math.floor(sizeMiB / 8)]) {
    const seam = k * B - (k - 1) * overlap
    if (k >= 1 && seam + utf16.length < size && !placements.some(([o]) => Math.abs(o - (seam - 9)) < 64)) placements.push([seam - 9, utf16])
  }
}
placements.push([Math.floor(size / 3), utf8])
placements.push([size - utf16.length, utf16])

function build() {
  mkdirSync(tmp, {recursive: true})
  if (existsSync(file) && statSync(file).size === size) return false
  const block = Buffer.alloc(4 * MiB)
  const fd = openSync(file, 'w')
  for (let at = 0; at < size; at += block.length) {
    randomFillSync(block)
    for (let i = 0; i < block.length; i++) if (block[i] === 0x73) block[i] = 0x74 // no stray needle starts
    for (const [offset, needle] of placements) {
      const rel = offset - at
      if (rel > -needle.length && rel < block.length) {
        // Copy the part of the needle that falls in this block.
        const from = Math.max(0, -rel)
        needle.copy(block, Math.max(0, rel), from, Math.min(needle.length, block.length - rel))
      }
    }
    writeSync(fd, block, 0, Math.min(block.length, size - at))
  }
  closeSync(fd)
  return true
}

function warm() {
  const fd = openSync(file, 'r')
  const buf = Buffer.allocUnsafe(4 * MiB)
  while (readSync(fd, buf, 0, buf.length, null) > 0);
  closeSync(fd)
}

const gbps = (bytes, ms) => (bytes / 1e9 / (ms / 1000)).toFixed(2)

const pattern = join(tmp, 'pattern-utf16le.bin')

function grepOnce() {
  const start = process.hrtime.bigint()
  const r = spawnSync('grep', ['-c', '-a', '-F', '-f', pattern, file], {env: {...process.env, LC_ALL: 'C'}, encoding: 'utf8'})
  const ms = Number(process.hrtime.bigint() - start) / 1e6
  if (r.status !== 0 && r.status !== 1) throw new Error(`grep exited ${r.status}: ${r.stderr}`)
  return {ms, count: Number(r.stdout.trim())}
}

function scanOnce(bufferSize, which) {
  const r = spawnSync(process.execPath, [join(here, 'scan-worker.js'), file, String(bufferSize), which], {encoding: 'utf8'})
  if (r.status !== 0) throw new Error(`scan-worker exited ${r.status}: ${r.stderr}`)
  return JSON.parse(r.stdout)
}

/**
 * grep and the scanner alternate, run by run, so both see the same machine load (other
 * processes share the cores); the ratio is the median of the per-pair ratios.
 */
function compare(bufferSize, which) {
  const pairs = []
  for (let i = 0; i < REPEAT; i++) pairs.push({grep: grepOnce(), scan: scanOnce(bufferSize, which)})
  return {
    grepMs: median(pairs.map((p) => p.grep.ms)),
    grepCount: pairs[0].grep.count,
    ms: median(pairs.map((p) => p.scan.ms)),
    ratio: median(pairs.map((p) => p.grep.ms / p.scan.ms)),
    maxRssMiB: Math.max(...pairs.map((p) => p.scan.maxRssMiB)),
    hits: pairs[0].scan.hits,
    counts: pairs[0].scan.counts,
  }
}

function nodeBaselineRss() {
  const r = spawnSync(process.execPath, ['-e', 'console.log(process.resourceUsage().maxRSS / 1024)'], {encoding: 'utf8'})
  return Number(r.stdout.trim())
}

const built = build()
warm()
console.log(`file: ${file} (${sizeMiB} MiB${built ? ', built now' : ', reused'}), page cache warmed; ${REPEAT} runs each, median`)
console.log(`needles placed: ${placements.map(([o, n]) => `${n === utf16 ? 'utf16le' : 'utf8'}@${o}`).join(', ')}`)
writeFileSync(pattern, utf16)
const expected16 = placements.filter(([, n]) => n === utf16).map(([o]) => o).sort((a, b) => a - b)
let ok = true
for (const which of ['both', 'utf16']) {
  for (const bufferSize of [MiB, 2 * MiB, 4 * MiB]) {
    const r = compare(bufferSize, which)
    const found16 = r.hits.filter(([n]) => n === 0).map(([, o]) => o)
    const allFound = JSON.stringify(found16) === JSON.stringify(expected16) && (which === 'utf16' || r.counts[1] === 1)
    const meets = r.ratio >= 0.8 && r.maxRssMiB < 64
    ok &&= meets && allFound
    console.log(
      `scanner ${which === 'both' ? 'UTF-16LE+UTF-8' : 'UTF-16LE     '} buffer ${bufferSize / MiB} MiB: ${r.ms.toFixed(0)} ms (${gbps(size, r.ms)} GB/s) ` +
        `vs grep ${r.grepMs.toFixed(0)} ms (${gbps(size, r.grepMs)} GB/s, ${r.grepCount} lines): ${r.ratio.toFixed(2)}x grep's throughput, ` +
        `peak RSS ${r.maxRssMiB.toFixed(1)} MiB; ${allFound ? 'every needle found' : `hits WRONG ${JSON.stringify(r.hits)}`}` +
        `${meets ? '' : '  <- misses a target (>= 0.8x grep, < 64 MiB)'}`,
    )
  }
}
console.log(`(a bare node process peaks at ${nodeBaselineRss().toFixed(1)} MiB RSS; scanner times are taken inside its process, without node's start-up; grep's include its ~1 ms start)`)
console.log(ok ? 'targets met: >= 0.8x grep throughput, peak RSS < 64 MiB, every needle found' : 'some target missed (see above)')
