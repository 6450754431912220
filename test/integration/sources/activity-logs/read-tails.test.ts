/**
 * Reading activity-log tails from real files: large files (only the tail is
 * read), UTF-16, the newest files first, and hostile entries in Logs/ (a FIFO
 * with no writer, a symlink to /dev/zero, a folder named *.log) that must be
 * listed as unreadable without hanging or crashing the read.
 */
import {spawnSync} from 'node:child_process'
import {cpSync, mkdirSync, symlinkSync, utimesSync, writeFileSync} from 'node:fs'
import {join, resolve} from 'node:path'
import {describe, expect, it} from 'vitest'
import {readActivityLogs, readTail} from '../../../../src/sources/activity-logs.js'
import {tempDir} from '../../../helpers/temp.js'

const FIXTURES = resolve(import.meta.dirname, '..', '..', '..', 'fixtures', 'time', 'logs')
const CI = process.env.CI === 'true'
const posix = process.platform !== 'win32'
const haveMkfifo = posix && spawnSync('sh', ['-c', 'command -v mkfifo'], {encoding: 'utf8'}).status === 0
if (CI && posix && !haveMkfifo) throw new Error('mkfifo (coreutils) is required under CI=true')

function mkfifo(path: string): void {
  const r = spawnSync('mkfifo', [path], {encoding: 'utf8'})
  if (r.status !== 0) throw new Error(`mkfifo ${path} failed: ${r.stderr}`)
}

describe('reading log tails', () => {
  it('reads only the last lines of a large file, dropping the partial first line', async () => {
    const dir = tempDir('tcx-logs-')
    const file = join(dir, 'big.log')
    const lines = Array.from({length: 60_000}, (_, i) => `2026-11-26 03:${String(Math.floor(i / 1000) % 60).padStart(2, '0')}:00.000 line ${i}`)
    writeFileSync(file, lines.join('\r\n') + '\r\n')
    const tail = await readTail(file, 4096, 20)
    expect(tail.size).toBeGreaterThan(2_000_000)
    expect(tail.lines).toHaveLength(20)
    expect(tail.lines.at(-1)).toBe(lines.at(-1))
    expect(tail.lines[0]).toBe(lines.at(-20))
  })

  it('reads UTF-16 logs (byte-order mark FF FE)', async () => {
    const tail = await readTail(join(FIXTURES, '3CXMediaServer.log'))
    expect(tail.encoding).toBe('utf16le')
    expect(tail.lines).toEqual(['2026-11-26 03:59:59.900 media: RTP stream closed', '2026-11-26 04:00:00.900 media: port 40600 released'])
  })

  it('reads the newest files first and at most maxFiles of them', async () => {
    const dir = tempDir('tcx-logs-')
    cpSync(FIXTURES, dir, {recursive: true})
    writeFileSync(join(dir, 'notes.txt'), 'not a log')
    const base = Date.UTC(2026, 10, 26, 3, 0, 0) / 1000
    const names = ['3CXPhoneSystem.log', '3CXCallFlow.log', '3CXQueueManager.log', '3CXIvrServer.log', '3CXMediaServer.log']
    names.forEach((n, i) => utimesSync(join(dir, n), base + i * 60, base + i * 60))
    const logs = await readActivityLogs(dir, {maxFiles: 3})
    expect(logs.files.map((f) => f.file.split(/[\\/]/).at(-1))).toEqual(['3CXMediaServer.log', '3CXIvrServer.log', '3CXQueueManager.log'])
    expect(logs.notRead).toBe(2)
  })
})


describe('UTF-16 tails of large files', () => {
  it('keeps the encoding of the byte-order mark when only the tail is read, even from an odd offset', async () => {
    const dir = tempDir('tcx-logs-')
    const file = join(dir, 'big16.log')
    const lines = Array.from({length: 5000}, (_, i) => `2026-11-26 03:00:00.000 line ${i}`)
    writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(lines.join('\r\n') + '\r\n', 'utf16le')]))
    for (const maxBytes of [4096, 4097]) {
      const tail = await readTail(file, maxBytes, 5)
      expect(tail.encoding).toBe('utf16le')
      expect(tail.lines).toEqual(lines.slice(-5))
    }
  })
})

describe.skipIf(!haveMkfifo)('hostile entries in Logs/', () => {
  it('lists a FIFO, a symlink to /dev/zero and a folder named *.log as unreadable and reads the real logs', async () => {
    const dir = tempDir('tcx-logs-')
    cpSync(join(FIXTURES, '3CXPhoneSystem.log'), join(dir, '3CXPhoneSystem.log'))
    mkfifo(join(dir, 'pipe.log'))
    symlinkSync('/dev/zero', join(dir, 'zero.log'))
    mkdirSync(join(dir, 'folder.log'))
    const logs = await readActivityLogs(dir)
    expect(logs.files.map((f) => f.file.split('/').at(-1))).toEqual(['3CXPhoneSystem.log'])
    expect(logs.files[0]!.lines.at(-1)).toMatch(/^26-Nov-2026 04:00:01\.500 /)
    const why = Object.fromEntries(logs.unreadable.map((u) => [u.file.split('/').at(-1), u.error]))
    expect(why['pipe.log']).toBe('pipe.log is a FIFO (named pipe), not a regular file; not read')
    expect(why['zero.log']).toBe('zero.log is a character device, not a regular file; not read')
    expect(why['folder.log']).toBe('folder.log is a directory, not a regular file; not read')
  })

  it('refuses a FIFO or a device given to readTail itself, with one line', async () => {
    const dir = tempDir('tcx-logs-')
    mkfifo(join(dir, 'pipe.log'))
    await expect(readTail(join(dir, 'pipe.log'))).rejects.toThrow(/is a FIFO \(named pipe\), not a regular file/)
    await expect(readTail('/dev/zero')).rejects.toThrow(/is a character device, not a regular file/)
  })
})
