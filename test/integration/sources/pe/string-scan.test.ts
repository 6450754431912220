import {randomBytes} from 'node:crypto'
import {chmodSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {PeFileError} from '../../../../src/sources/pe/errors.js'
import {encodedNeedles, scanFile} from '../../../../src/sources/pe/string-scan.js'
import {tempDir} from '../../../helpers/cli.js'

const KiB = 1024
const {utf16le: U16, utf8: U8} = encodedNeedles('sip_dialog_set_id')

/** Random bytes that contain neither needle (no 's' byte at all), with needles written at the given offsets. */
function fileWith(size: number, placements: Array<[number, Buffer]>): string {
  const data = randomBytes(size)
  for (let i = 0; i < data.length; i++) if (data[i] === 0x73) data[i] = 0x74
  for (const [offset, needle] of placements) needle.copy(data, offset)
  const path = join(tempDir('tcx-scan-'), 'data.bin')
  writeFileSync(path, data)
  return path
}

describe('scanFile: one reused buffer, overlapping reads', () => {
  it('finds a UTF-16LE needle split across a read boundary at every split point', async () => {
    const B = 64 * KiB
    for (let split = 1; split < U16.length; split++) {
      const at = B - split
      const path = fileWith(3 * B, [[at, U16]])
      const result = await scanFile(path, [U16, U8], {bufferSize: B})
      expect(result.hits, `split at ${split}`).toEqual([{needle: 0, offset: at}])
      expect(result.counts).toEqual([1, 0])
      expect(result.bytesScanned).toBe(3 * B)
    }
  })

  it('finds needles in later windows too (where the carried tail shifts the buffer) and reports each hit once', async () => {
    const B = 64 * KiB
    // Window k covers file bytes [k*(B-overlap) - ..., ...]: place hits around several boundaries and inside the carried bytes.
    const overlap = U16.length - 1
    const seams = [B, 2 * B - overlap, 3 * B - 2 * overlap, 4 * B - 3 * overlap]
    const placements: Array<[number, Buffer]> = []
    for (const seam of seams) {
      placements.push([seam - 5, U16]) // straddles the seam
      placements.push([seam - 6 - U8.length, U8]) // lies wholly in the bytes carried into the next window
    }
    const path = fileWith(5 * B, placements)
    const result = await scanFile(path, [U16, U8], {bufferSize: B})
    expect(result.hits.filter((h) => h.needle === 0).map((h) => h.offset)).toEqual(seams.map((s) => s - 5))
    expect(result.hits.filter((h) => h.needle === 1).map((h) => h.offset)).toEqual(seams.map((s) => s - 6 - U8.length))
  })

  it('finds needles at the very start and the very end of the file, and adjacent hits', async () => {
    const size = 200 * KiB + 7
    const path = fileWith(size, [
      [0, U8],
      [1000, U16],
      [1000 + U16.length, U16],
      [size - U16.length, U16],
    ])
    const result = await scanFile(path, [U16, U8], {bufferSize: 64 * KiB})
    expect(result.hits).toEqual([
      {needle: 1, offset: 0},
      {needle: 0, offset: 1000},
      {needle: 0, offset: 1000 + U16.length},
      {needle: 0, offset: size - U16.length},
    ])
  })

  it('handles files shorter than the needle and empty files', async () => {
    const dir = tempDir('tcx-scan-')
    writeFileSync(join(dir, 'short'), 'sip')
    writeFileSync(join(dir, 'empty'), '')
    expect((await scanFile(join(dir, 'short'), [U16, U8])).hits).toEqual([])
    expect((await scanFile(join(dir, 'empty'), [U16, U8])).bytesScanned).toBe(0)
  })

  it('caps the hits it records but keeps counting', async () => {
    const placements: Array<[number, Buffer]> = Array.from({length: 50}, (_, i) => [i * 100, U8] as [number, Buffer])
    const path = fileWith(10 * KiB, placements)
    const result = await scanFile(path, [U8], {maxHitsPerNeedle: 10})
    expect(result.hits).toHaveLength(10)
    expect(result.counts).toEqual([50])
  })

  it('says in one line when the file is missing, a folder, or unreadable', async () => {
    const dir = tempDir('tcx-scan-')
    await expect(scanFile(join(dir, 'gone.dll'), [U8])).rejects.toThrow(/gone\.dll does not exist/)
    const error = await scanFile(dir, [U8]).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(PeFileError)
    expect((error as PeFileError).message).toMatch(/is a folder, not a file/)
    if (process.getuid?.() !== 0) {
      const locked = join(dir, 'locked.dll')
      writeFileSync(locked, 'x')
      chmodSync(locked, 0)
      await expect(scanFile(locked, [U8])).rejects.toThrow(/permission denied/)
    }
  })

  it('stops between reads when aborted', async () => {
    const path = fileWith(512 * KiB, [])
    const controller = new AbortController()
    controller.abort()
    await expect(scanFile(path, [U8], {signal: controller.signal})).rejects.toThrow(/was stopped after 0 bytes/)
  })
})
