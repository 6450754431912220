import {spawnSync} from 'node:child_process'
import {copyFileSync, existsSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {createPeReader, findStringInPe, isPeFileError, readPeVersion, sha256File, type PeFileError} from '../../../../src/sources/pe/index.js'
import {tempDir} from '../../../helpers/cli.js'
import {DOTNET, MONO_SYSTEM_DLL, available, fixture, hasMcs} from '../../../helpers/dotnet-fixtures.js'

async function problem(promise: Promise<unknown>): Promise<PeFileError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  if (!isPeFileError(error)) throw new Error(`expected a PeFileError, got ${String(error)}`)
  return error
}

describe('PE version resource (resedit + pe-library)', () => {
  it('reads the fixed and string-table versions that mcs wrote from the assembly attributes', async () => {
    const v = await readPeVersion(fixture('mps-15.5.10244', 'MyPhoneServer.dll'))
    expect(v.format).toBe('PE32')
    expect(v.fileVersion).toBe('15.5.10244.4')
    expect(v.productVersion).toBe('15.5.10244.4')
    expect(v.strings.FileVersion).toBe('15.5.10244.4')
    expect(v.strings.ProductVersion).toBe('15.5.10244.4')
    expect(v.strings.ProductName).toBe('3CX Phone System (fake)')
    expect((await readPeVersion(fixture('mps-15.5.1694', 'MyPhoneServer.dll'))).fileVersion).toBe('15.5.1694.0')
  })

  it('reads a PE32+ (x64) build', async () => {
    const v = await readPeVersion(fixture('mps-15.5.10244-x64', 'MyPhoneServer.dll'))
    expect(v.format).toBe('PE32+')
    expect(v.fileVersion).toBe('15.5.10244.4')
  })

  it('reads a real Mono assembly nobody here wrote', async (ctx) => {
    if (!available(MONO_SYSTEM_DLL, existsSync(MONO_SYSTEM_DLL))) ctx.skip()
    const v = await readPeVersion(MONO_SYSTEM_DLL)
    expect(v.fileVersion).toMatch(/^4\.\d+\.\d+\.\d+$/)
    expect(v.strings.FileVersion).toBe(v.fileVersion)
    expect(v.strings.CompanyName).toMatch(/Mono/)
    const search = await findStringInPe(MONO_SYSTEM_DLL, 'System.Net.Sockets')
    expect(search.dotnet?.streams.map((s) => s.name)).toEqual(expect.arrayContaining(['#~', '#Strings', '#US', '#Blob', '#GUID']))
    expect(search.hits.some((h) => h.kind === 'identifier')).toBe(true) // a namespace name lives in #Strings
  })

  it('names the problem in one line: non-PE, truncated, missing, folder', async () => {
    const notPe = await problem(readPeVersion(fixture('broken', 'not-a-pe.dll')))
    expect(notPe.kind).toBe('not-pe')
    expect(notPe.message).toMatch(/not-a-pe\.dll is not a Windows PE file \(no "MZ" signature/)
    const truncated = await problem(readPeVersion(fixture('broken', 'MyPhoneServer-truncated.dll')))
    expect(truncated.kind).toBe('truncated')
    expect(truncated.message).toMatch(/is truncated: its headers need at least \d+ bytes but the file has 1200; copy it again/)
    const dir = tempDir('tcx-pe-')
    expect((await problem(readPeVersion(join(dir, 'gone.dll')))).kind).toBe('missing')
    expect((await problem(readPeVersion(dir))).message).toMatch(/not a regular file|is a folder/)
    for (const e of [notPe, truncated]) expect(e.message).not.toContain('\n')
  })

  it('cuts a DLL at every length without a raw RangeError or TypeError', async () => {
    const bytes = readFileSync(fixture('mps-15.5.10244', 'MyPhoneServer.dll'))
    const dir = tempDir('tcx-pe-cut-')
    for (let length = 0; length < bytes.length; length += 61) {
      const path = join(dir, `cut-${length}.dll`)
      writeFileSync(path, bytes.subarray(0, length))
      for (const work of [() => readPeVersion(path), () => findStringInPe(path, 'sip_dialog_set_id')]) {
        const error = await problem(work())
        expect(['not-pe', 'truncated', 'malformed']).toContain(error.kind)
      }
    }
  })

  it('reads a signed DLL (certificate table after the sections, as in 3CX releases)', async () => {
    // pe-library refuses signed files by default; the source hands it an image without the certificate.
    const bytes = readFileSync(fixture('mps-15.5.10244', 'MyPhoneServer.dll'))
    const certificate = Buffer.alloc(0x208)
    certificate.writeUInt32LE(certificate.length, 0) // WIN_CERTIFICATE.dwLength
    certificate.writeUInt16LE(0x0200, 4) // revision 2
    certificate.writeUInt16LE(0x0002, 6) // PKCS#7 signed data
    const signed = Buffer.concat([bytes, certificate])
    const nt = signed.readUInt32LE(0x3c)
    const optional = nt + 24
    const dirs = optional + (signed.readUInt16LE(optional) === 0x10b ? 96 : 112)
    signed.writeUInt32LE(bytes.length, dirs + 4 * 8) // the certificate "RVA" is a file offset
    signed.writeUInt32LE(certificate.length, dirs + 4 * 8 + 4)
    const path = join(tempDir('tcx-pe-'), 'Signed.dll')
    writeFileSync(path, signed)
    expect((await readPeVersion(path)).fileVersion).toBe('15.5.10244.4')
    expect((await findStringInPe(path, 'sip_dialog_set_id')).hits).toEqual([expect.objectContaining({kind: 'literal', whole: true})])
  })

  it('says so when a valid PE has no version resource', async () => {
    // Zero the resource data directory (entry 2) of a copy: still a valid PE, no resources.
    const bytes = Buffer.from(readFileSync(fixture('mps-15.5.10244', 'MyPhoneServer.dll')))
    const nt = bytes.readUInt32LE(0x3c)
    const optional = nt + 24
    const dirs = optional + (bytes.readUInt16LE(optional) === 0x10b ? 96 : 112)
    bytes.fill(0, dirs + 2 * 8, dirs + 3 * 8)
    const path = join(tempDir('tcx-pe-'), 'NoVersion.dll')
    writeFileSync(path, bytes)
    const error = await problem(readPeVersion(path))
    expect(error.kind).toBe('no-version')
    expect(error.message).toBe(`${path} is a PE32 file without a version resource, so its build cannot be told from the file; compare it by hash instead`)
    // The string scan still works on it.
    expect((await findStringInPe(path, 'sip_dialog_set_id')).hits[0]?.kind).toBe('literal')
  })
})

describe('.NET metadata heaps', () => {
  it('places a string literal in #US (UTF-16LE) as a whole entry', async () => {
    for (const variant of ['mps-15.5.10244', 'mps-15.5.10244-x64']) {
      const search = await findStringInPe(fixture(variant, 'MyPhoneServer.dll'), 'sip_dialog_set_id')
      expect(search.hits).toEqual([expect.objectContaining({encoding: 'utf16le', heap: '#US', section: '.text', kind: 'literal', whole: true})])
      expect(search.dotnet?.runtimeVersion).toMatch(/^v\d/)
    }
  })

  it('places a member of the same name in #Strings (UTF-8), never as a literal', async () => {
    const search = await findStringInPe(fixture('mps-member-only', 'MyPhoneServer.dll'), 'sip_dialog_set_id')
    expect(search.hits.length).toBeGreaterThan(0)
    expect(search.hits.every((h) => h.kind === 'identifier' && h.heap === '#Strings' && h.encoding === 'utf8')).toBe(true)
    // The property's own name is a whole entry; get_/set_ and the backing field contain it.
    expect(search.hits.filter((h) => h.whole)).toHaveLength(1)
  })

  it('finds nothing in the 15.5.1694 build, and the literal in a #US heap larger than the smallest buffer', async () => {
    expect((await findStringInPe(fixture('mps-15.5.1694', 'MyPhoneServer.dll'), 'sip_dialog_set_id')).hits).toEqual([])
    const seam = fixture('mps-seam', 'MyPhoneServer.dll')
    const whole = await findStringInPe(seam, 'sip_dialog_set_id')
    const offset = whole.hits[0]!.offset
    expect(offset).toBeGreaterThan(64 * 1024)
    // A buffer ending 10 bytes into the literal: the first read splits it.
    const split = await findStringInPe(seam, 'sip_dialog_set_id', {bufferSize: offset + 10})
    expect(split.hits).toEqual(whole.hits)
  })

  it('finds a literal in an assembly compiled now with mcs', async (ctx) => {
    if (!available('mcs (Debian package mono-mcs)', hasMcs())) ctx.skip()
    const dir = tempDir('tcx-mcs-')
    const source = join(dir, 'Probe.cs')
    writeFileSync(source, '[assembly: System.Reflection.AssemblyFileVersion("1.2.3.4")]\npublic static class Probe { public static string Key = "dialog \\u00e9t\\u00e9 sip_dialog_set_id"; }\n')
    const out = join(dir, 'Probe.dll')
    const mcs = spawnSync('mcs', ['-nologo', '-target:library', `-out:${out}`, source], {encoding: 'utf8'})
    expect(mcs.status, mcs.stderr).toBe(0)
    expect((await readPeVersion(out)).fileVersion).toBe('1.2.3.4')
    const hits = (await findStringInPe(out, 'dialog été sip_dialog_set_id')).hits
    expect(hits).toEqual([expect.objectContaining({kind: 'literal', heap: '#US', whole: true})])
    expect(existsSync(join(DOTNET, 'build.sh'))).toBe(true)
  })
})

describe('pe source reader', () => {
  it('hashes files and memoises results per path', async () => {
    const dir = tempDir('tcx-pe-')
    const a = join(dir, 'a.dll')
    copyFileSync(fixture('api-15.5.1694', 'sl.dll'), a)
    const reader = createPeReader()
    const first = await reader.sha256(a)
    expect(first).toBe(await sha256File(fixture('api-15.5.1694', 'sl.dll')))
    expect(first).not.toBe(await sha256File(fixture('api-shared-bin', 'sl.dll')))
    expect(await reader.sha256(a)).toBe(first)
    expect((await reader.version(a)).fileVersion).toBe('15.5.1694.0')
    expect(reader.filesRead).toBe(1)
  })
})
