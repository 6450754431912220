// Child process of scan.bench.js: scans one file with the pe source's scanner and
// prints {ms, bytes, hits, counts, maxRssMiB} as JSON. A separate process so its
// peak RSS is the scanner's alone. Usage: node bench/scan-worker.js FILE [BUFFER_BYTES] [utf16|both]
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const {scanFile, encodedNeedles} = await import(join(root, 'dist', 'src', 'sources', 'pe', 'string-scan.js'))
const [file, bufferArg, which = 'both'] = process.argv.slice(2)
const {utf16le, utf8} = encodedNeedles('sip_dialog_set_id')
const needles = which === 'utf16' ? [utf16le] : [utf16le, utf8]
const start = process.hrtime.bigint()
const result = await scanFile(file, needles, {bufferSize: Number(bufferArg ?? 1024 * 1024)})
const ms = Number(process.hrtime.bigint() - start) / 1e6
console.log(
  JSON.stringify({
    ms,
    bytes: result.bytesScanned,
    hits: result.hits.map((h) => [h.needle, h.offset]),
    counts: result.counts,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
  }),
)
