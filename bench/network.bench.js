// What listing this machine's network interfaces costs, measured in one run:
//  - the host source's way on Linux: /sys/class/net + `ip -j -d addr` (+ os.networkInterfaces)
//  - systeminformation.networkInterfaces() (the first call, then a warm one)
//  - os.networkInterfaces() alone (sees only interfaces that are up and running)
// Median of 7 runs each, printed with the ratio to the host source's way. Prints, never asserts.
import {networkInterfaces} from 'node:os'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const {collectInterfaces} = await import(join(root, 'dist', 'src', 'sources', 'host', 'index.js'))
const si = (await import('systeminformation')).default

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
async function time(fn, runs = 7) {
  const ms = []
  let last
  for (let i = 0; i < runs; i++) {
    const t = performance.now()
    last = await fn()
    ms.push(performance.now() - t)
  }
  return {ms: median(ms), first: ms[0], last}
}

if (process.platform !== 'linux') {
  console.log(`network.bench: the /sys path is Linux only (this is ${process.platform}); nothing to compare`)
  process.exit(0)
}
const siFirstStart = performance.now()
const siFirst = await si.networkInterfaces()
const siFirstMs = performance.now() - siFirstStart
const host = await time(() => collectInterfaces())
const siWarm = await time(() => si.networkInterfaces())
const os = await time(() => networkInterfaces())

const seen = (n) => `${n} interface(s)`
const row = (name, ms, count) => console.log(`${name.padEnd(48)} ${ms.toFixed(2).padStart(9)} ms  x${(ms / host.ms).toFixed(2).padStart(7)}  ${count}`)
console.log(`${'way'.padEnd(48)} ${'median'.padStart(12)}  ${'ratio'.padStart(8)}  sees`)
row('/sys/class/net + ip -j -d addr (host source)', host.ms, seen(host.last.raws.length))
row('systeminformation.networkInterfaces(), first', siFirstMs, seen(siFirst.length))
row('systeminformation.networkInterfaces(), warm', siWarm.ms, seen(siWarm.last.length))
row('os.networkInterfaces()', os.ms, seen(Object.keys(os.last).length))
