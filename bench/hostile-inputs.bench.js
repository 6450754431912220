// Peak RSS and wall time of tcx-doctor on hostile inputs, against bare `node -e 0` measured
// in the same run (issue 10 targets: under 100 MB RSS, under 3 s):
//  (a) `run --only install` on a 200 MB 3CXPhoneSystem.ini (sparse: it is refused by size)
//  (b) `run --only build.sip-dialog-set-id --timeout 2` on a 16 GiB sparse MyPhoneServer.dll
// Peak RSS comes from GNU time (`/usr/bin/time -f %M`, Debian package `time`); without it
// only times are printed. Needs `npm run build` first.
import {copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync} from 'node:fs'
import {spawnSync} from 'node:child_process'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const bin = join(root, 'bin', 'run.js')
const sampleIni = join(root, 'examples', 'sample-pbx', '3CX Phone System', 'Instance1', 'Bin', '3CXPhoneSystem.ini')
const dll = join(root, 'test', 'fixtures', 'dotnet', 'bin', 'mps-15.5.10244', 'MyPhoneServer.dll')
const GNU_TIME = '/usr/bin/time'
const hasGnuTime = existsSync(GNU_TIME) && spawnSync(GNU_TIME, ['-f', '%M', 'true'], {encoding: 'utf8'}).status === 0
const REPEAT = 3

/** Median wall time (ms) and peak RSS (KiB, or undefined) of a node command. */
function measure(args) {
  const runs = []
  for (let i = 0; i < REPEAT; i++) {
    const start = process.hrtime.bigint()
    const r = hasGnuTime
      ? spawnSync(GNU_TIME, ['-f', '@@%M', process.execPath, ...args], {encoding: 'utf8', maxBuffer: 64 * 1024 * 1024})
      : spawnSync(process.execPath, args, {encoding: 'utf8', maxBuffer: 64 * 1024 * 1024})
    const ms = Number(process.hrtime.bigint() - start) / 1e6
    const rss = hasGnuTime ? Number(/@@(\d+)/.exec(r.stderr)?.[1]) : undefined
    runs.push({ms, rss, status: r.status, stdout: r.stdout})
  }
  runs.sort((a, b) => a.ms - b.ms)
  const median = runs[Math.floor(runs.length / 2)]
  return {...median, rss: hasGnuTime ? Math.max(...runs.map((r) => r.rss)) : undefined}
}

const mib = (kib) => (kib === undefined ? 'n/a' : `${(kib / 1024).toFixed(1)} MiB`)
function line(name, m, base) {
  const rss = m.rss === undefined ? 'RSS n/a (no GNU time)' : `peak RSS ${mib(m.rss)} = ${(m.rss / base.rss).toFixed(2)}x baseline (target < 100 MiB)`
  console.log(`${name.padEnd(38)} ${m.ms.toFixed(0).padStart(6)} ms = ${(m.ms / base.ms).toFixed(2)}x baseline (target < 3000 ms); ${rss}; exit ${m.status}`)
}

const dir = mkdtempSync(join(tmpdir(), 'tcx-bench-hostile-'))
try {
  const iniRoot = join(dir, 'ini', '3cxpbx')
  mkdirSync(join(iniRoot, 'Bin'), {recursive: true})
  const bigIni = join(iniRoot, 'Bin', '3CXPhoneSystem.ini')
  writeFileSync(bigIni, '')
  truncateSync(bigIni, 200 * 1024 * 1024)

  const dllRoot = join(dir, 'dll', '3CX Phone System')
  mkdirSync(join(dllRoot, 'Bin'), {recursive: true})
  mkdirSync(join(dllRoot, 'Instance1', 'Bin'), {recursive: true})
  copyFileSync(sampleIni, join(dllRoot, 'Instance1', 'Bin', '3CXPhoneSystem.ini'))
  const bigDll = join(dllRoot, 'Bin', 'MyPhoneServer.dll')
  copyFileSync(dll, bigDll)
  truncateSync(bigDll, 16 * 1024 ** 3)

  const base = measure(['-e', '0'])
  console.log(`${'node -e 0'.padEnd(38)} ${base.ms.toFixed(0).padStart(6)} ms (baseline); peak RSS ${mib(base.rss)}`)
  const ini = measure([bin, 'run', '--format', 'json', '--only', 'install', '--install-dir', iniRoot])
  line('(a) run on a 200 MB ini', ini, base)
  const scan = measure([bin, 'run', '--format', 'json', '--only', 'build.sip-dialog-set-id', '--timeout', '2', '--install-dir', dllRoot])
  line('(b) 16 GiB sparse DLL, --timeout 2', scan, base)
  for (const [name, m] of [['(a)', ini], ['(b)', scan]]) {
    const result = JSON.parse(m.stdout).results[0]
    console.log(`${name} result: ${result.status}: ${result.summary}`)
  }
} finally {
  rmSync(dir, {recursive: true, force: true})
}
