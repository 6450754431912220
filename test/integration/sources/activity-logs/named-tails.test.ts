/**
 * readNamedTails on real files: names matched without regard to case, a large file read only at
 * its tail, a missing name, a FIFO with no writer and a folder under a log's name listed as
 * unreadable without hanging.
 */
import {spawnSync} from 'node:child_process'
import {mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {REGISTRATION_LOG_FILES, readNamedTails} from '../../../../src/sources/activity-logs.js'
import {tempDir} from '../../../helpers/temp.js'

const posix = process.platform !== 'win32'
const haveMkfifo = posix && spawnSync('sh', ['-c', 'command -v mkfifo'], {encoding: 'utf8'}).status === 0
if (process.env.CI === 'true' && posix && !haveMkfifo) throw new Error('mkfifo (coreutils) is required under CI=true')

describe('readNamedTails', () => {
  it('reads the tails of the named logs, names without case; reports the missing ones', async () => {
    const dir = tempDir('tcx-named-')
    const lines = Array.from({length: 200_000}, (_, i) => `26-Nov-2026 08:00:00.000 [CM504001] Ext.${i}: new contact is registered. Contact(s): [sip:${i}@10.0.0.5:5060]`)
    writeFileSync(join(dir, '3cxphonesystem.log'), lines.join('\r\n') + '\r\n')
    const tails = await readNamedTails(dir, REGISTRATION_LOG_FILES, {maxBytes: 64 * 1024, maxLines: 100})
    expect(tails.files).toHaveLength(1)
    expect(tails.files[0]!.size).toBeGreaterThan(10_000_000)
    expect(tails.files[0]!.lines).toHaveLength(100)
    expect(tails.files[0]!.lines.at(-1)).toBe(lines.at(-1))
    expect(tails.missing).toEqual(['3cxSystemService.log', '3CXCallFlow.log'])
  })

  it.skipIf(!haveMkfifo)('lists a FIFO and a folder under a log name as unreadable, never opening the FIFO', async () => {
    const dir = tempDir('tcx-named-')
    spawnSync('mkfifo', [join(dir, '3CXPhoneSystem.log')])
    mkdirSync(join(dir, '3CXCallFlow.log'))
    const tails = await readNamedTails(dir, REGISTRATION_LOG_FILES)
    expect(tails.files).toEqual([])
    expect(tails.unreadable.map((u) => u.error)).toEqual([expect.stringMatching(/^3CXPhoneSystem\.log is a FIFO.*not read$/i), expect.stringMatching(/^3CXCallFlow\.log is a directory, not a regular file; not read$/)])
  })

  it('names a folder it cannot list', async () => {
    await expect(readNamedTails('/nonexistent/Logs', REGISTRATION_LOG_FILES)).rejects.toThrow(/^cannot list \/nonexistent\/Logs: .*--data-dir$/)
  })
})
