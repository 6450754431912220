// An example third-party check for tcx-doctor: how much disk the call recordings use.
// Load it with:  tcx-doctor run --checks-dir examples/plugins
// or in tcx-doctor.config.json:  {"plugins": ["./examples/plugins/recordings-disk-usage.js"]}
// Thresholds:    {"checks": {"example.recordings-disk-usage": {"warnGiB": 50, "failGiB": 200}}}
import {readdir, stat} from 'node:fs/promises'
import {join} from 'node:path'
import {defineCheck, installSource, outcome, skip, table} from 'tcx-doctor'

const MAX_FILES = 200_000

/** Bytes and files under `dir` (regular files only, symlinks not followed), at most MAX_FILES files. */
async function folderSize(dir, signal) {
  let bytes = 0
  let files = 0
  const pending = [dir]
  while (pending.length > 0 && files < MAX_FILES) {
    signal.throwIfAborted()
    const current = pending.pop()
    for (const entry of await readdir(current, {withFileTypes: true})) {
      const path = join(current, entry.name)
      if (entry.isDirectory()) pending.push(path)
      else if (entry.isFile()) {
        bytes += (await stat(path)).size
        files += 1
      }
    }
  }
  return {bytes, files, truncated: files >= MAX_FILES}
}

export default defineCheck({
  id: 'example.recordings-disk-usage',
  title: 'Call recordings disk usage',
  severity: 'minor',
  description:
    'Adds up the size of the Recordings folder in the 3CX data folder. A full disk stops recordings, backups and the database.',
  remediation: 'Archive or delete old recordings (3CX console: Recordings, or a clean-up policy), or move the data folder to a larger disk.',
  docs: 'docs/PLUGINS.md',
  sources: ['install'],
  options: {
    schema: {
      warnGiB: {type: 'number', exclusiveMinimum: 0, description: 'Warn when the recordings use at least this many GiB.'},
      failGiB: {type: 'number', exclusiveMinimum: 0, description: 'Fail when the recordings use at least this many GiB.'},
    },
    defaults: {warnGiB: 50, failGiB: 200},
  },
  async run(ctx) {
    const install = await ctx.tryUse(installSource)
    if (!install.ok) return skip(`No 3CX install to look in: ${install.reason}`)
    const {dataDir} = install.value
    if (!dataDir) return skip('No 3CX data folder found; give it with --data-dir.')
    const dir = join(dataDir, 'Recordings')
    let size
    try {
      size = await folderSize(dir, ctx.signal)
    } catch (error) {
      if (error.code === 'ENOENT') return skip(`No Recordings folder in ${dataDir}.`)
      throw error
    }
    const {warnGiB, failGiB} = ctx.options
    const gib = size.bytes / 2 ** 30
    const status = gib >= failGiB ? 'fail' : gib >= warnGiB ? 'warn' : 'pass'
    return outcome(status, `${size.files} recording file(s) use ${gib.toFixed(2)} GiB in ${dir}.`, {
      evidence: {folder: dir, files: size.files, bytes: size.bytes, warnGiB, failGiB, countStoppedAt: size.truncated ? MAX_FILES : null},
      tables: [table('Recordings', ['Folder', 'Files', 'GiB', 'Warn at GiB', 'Fail at GiB'], [[dir, size.files, Number(gib.toFixed(2)), warnGiB, failGiB]])],
    })
  },
})
