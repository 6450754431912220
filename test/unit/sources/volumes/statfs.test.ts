/**
 * The pure parts of the volumes source: device ids as Linux writes them, folders on one
 * filesystem grouped into one volume, one-line folder problems, the install's folders.
 */
import {describe, expect, it} from 'vitest'
import {deviceLabel, folderProblemOf, groupByFilesystem, installFolders, type FolderSpace} from '../../../../src/sources/volumes/index.js'

describe('deviceLabel', () => {
  it('writes st_dev as major:minor on Linux (glibc encoding, also above 255)', () => {
    expect(deviceLabel(0x801n, 'linux')).toBe('8:1')
    expect(deviceLabel(0x10303n, 'linux')).toBe('259:3') // nvme0n1p3: major 259
    // glibc's makedev(major, minor)
    const makedev = (major: bigint, minor: bigint): bigint => ((major & 0xfffn) << 8n) | ((major & ~0xfffn) << 32n) | (minor & 0xffn) | ((minor & ~0xffn) << 12n)
    expect(deviceLabel(makedev(4101n, 512n), 'linux')).toBe('4101:512')
  })
  it('keeps the number elsewhere (the volume serial number on Windows)', () => {
    expect(deviceLabel(3_735_928_559n, 'win32')).toBe('3735928559')
  })
})

describe('groupByFilesystem', () => {
  const space = (role: string, path: string, device: string, freeBytes = 10, totalBytes = 100): FolderSpace => ({folder: {role, path, from: 'test'}, device, freeBytes, totalBytes})

  it('one volume per device, labelled by the first folder read, with every folder on it', () => {
    const volumes = groupByFilesystem([space('data', '/d', '8:1'), space('recordings', '/d/Recordings', '8:17', 5, 50), space('extra 1', '/d/x', '8:1')])
    expect(volumes).toEqual([
      {path: '/d', device: '8:1', freeBytes: 10, totalBytes: 100, folders: [{role: 'data', path: '/d', from: 'test'}, {role: 'extra 1', path: '/d/x', from: 'test'}]},
      {path: '/d/Recordings', device: '8:17', freeBytes: 5, totalBytes: 50, folders: [{role: 'recordings', path: '/d/Recordings', from: 'test'}]},
    ])
  })
  it('the same folder twice is listed once', () => {
    expect(groupByFilesystem([space('data', '/d', '8:1'), space('data', '/d', '8:1')])[0]!.folders).toHaveLength(1)
  })
})

describe('folderProblemOf', () => {
  const err = (code: string): NodeJS.ErrnoException => Object.assign(new Error(code), {code})
  it.each([
    ['ENOENT', '/x does not exist'],
    ['EACCES', '/x: permission denied (run as root or as a user who may read the 3CX folders)'],
    ['ENOTDIR', '/x: a part of the path is not a folder'],
    ['ELOOP', '/x: too many symbolic links'],
  ])('%s is one line', (code, line) => {
    expect(folderProblemOf(err(code), '/x')).toBe(line)
  })
  it('a timeout keeps its message', () => {
    expect(folderProblemOf(new Error('no answer from the filesystem within 5000 ms (a hung network mount?)'), '/x')).toBe('/x: no answer from the filesystem within 5000 ms (a hung network mount?)')
  })
})

describe('installFolders', () => {
  it('the data folder and <data>/Recordings, saying where each came from', () => {
    expect(installFolders('/var/lib/3cxpbx/Instance1/Data', '--data-dir')).toEqual([
      {role: 'data', path: '/var/lib/3cxpbx/Instance1/Data', from: 'the 3CX data folder (--data-dir)'},
      {role: 'recordings', path: '/var/lib/3cxpbx/Instance1/Data/Recordings', from: 'the recordings folder (<data folder>/Recordings)'},
    ])
  })
})
