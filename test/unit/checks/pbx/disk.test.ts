/**
 * pbx.disk through the check tester: the recorded v15.5 SystemStatus (DiskUsage 31%, no
 * byte counts) and v20 SystemStatus (38 GiB free of 55.1 GiB, recordings 1 MiB of a 10 GiB
 * quota), v16 shaped bodies, and volumes as the volumes source gives them (grouped by its
 * own groupByFilesystem).
 */
import {expect} from 'vitest'
import check from '../../../../checks/pbx/disk.js'
import {groupByFilesystem, installFolders, type FolderProblem, type FolderSpace, type VolumeFolder, type Volumes} from '../../../../src/sources/volumes/index.js'
import {testCheck, unavailable} from '../../../helpers/check-tester.js'
import {v15Console, v16Console, v20Console} from './status-fakes.js'

const GIB = 1024 ** 3
const DATA = '/var/lib/3cxpbx/Instance1/Data'
const [data, recordings] = installFolders(DATA, 'the layout') as [VolumeFolder, VolumeFolder]

/** The volumes source's value: the data and recordings folders with the given space; `more` answers read(). */
function volumes(spaces: Array<Omit<FolderSpace, 'folder'> & {folder?: VolumeFolder}>, problems: FolderProblem[] = [], more: Record<string, {free: number; total: number; device: string}> = {}): Volumes {
  const list = spaces.map((s, i) => ({...s, folder: s.folder ?? (i === 0 ? data : recordings)}))
  return {
    folders: [data, recordings],
    reading: {volumes: groupByFilesystem(list), problems},
    read: (folders) =>
      Promise.resolve({
        volumes: groupByFilesystem(folders.filter((f) => more[f.path]).map((f) => ({folder: f, freeBytes: more[f.path]!.free, totalBytes: more[f.path]!.total, device: more[f.path]!.device}))),
        problems: folders.filter((f) => !more[f.path]).map((f) => ({folder: f, reason: `${f.path} does not exist`})),
      }),
  }
}

/** Data and recordings on one 100 GiB filesystem with `free` GiB free. */
const oneDisk = (freeGib: number): Volumes =>
  volumes([
    {device: '8:1', freeBytes: freeGib * GIB, totalBytes: 100 * GIB},
    {device: '8:1', freeBytes: freeGib * GIB, totalBytes: 100 * GIB},
  ])

testCheck(check, {
  pass: [
    {
      name: 'v20 recorded, data and recordings on one filesystem (one volume, measured once)',
      sources: {console: v20Console(), volumes: oneDisk(60)},
      summary: 'Disk space is fine on 2 volume(s); no quota stops recordings or voicemail.',
      expect(r) {
        expect(r.tables?.[0]?.rows).toEqual([
          ['PBX disk', 'console', '38.0 GiB', '55.1 GiB', '69%', 'pass'],
          [DATA, 'this machine (data, recordings; device 8:1)', '60.0 GiB', '100.0 GiB', '60%', 'pass'],
        ])
        expect(r.measurements?.map((m) => [m.name, m.value, m.labels])).toEqual([
          ['disk_free_bytes', 40802189312, {from: 'console'}],
          ['disk_free_ratio', 0.6901, {from: 'console'}],
          ['recording_quota_used_ratio', 0.0001, {from: 'console'}],
          ['disk_free_bytes', 60 * GIB, {volume: DATA}],
          ['disk_free_ratio', 0.6, {volume: DATA}],
        ])
        expect(r.measurements?.find((m) => m.name === 'disk_free_bytes')).toMatchObject({warn: 5 * GIB, fail: GIB, bad: 'below'})
      },
    },
    {
      name: 'v15.5 recorded: DiskUsage 31% only (judged by the share, no byte measurement); no quotas on this version',
      sources: {console: v15Console(), volumes: unavailable('volumes', 'the 3CX data folder is not known: no 3CX install found')},
      summary: 'Disk space is fine on 1 volume(s).',
      expect(r) {
        expect(r.measurements?.map((m) => m.name)).toEqual(['disk_free_ratio'])
        expect(r.details).toContain('3CX 15.5.10244.4 does not report recording or voicemail quotas (v20 does).')
        expect(r.details).toContain("This machine's volumes were not read: the 3CX data folder is not known: no 3CX install found")
      },
    },
    {
      name: 'no Recordings folder yet: a note, not a problem',
      sources: {console: v16Console(), volumes: volumes([{device: '8:1', freeBytes: 50 * GIB, totalBytes: 100 * GIB}], [{folder: recordings, reason: `${DATA}/Recordings does not exist`}])},
      summary: /fine/,
      expect: (r) => expect(r.details).toContain(`recordings folder (the recordings folder (<data folder>/Recordings)): ${DATA}/Recordings does not exist.`),
    },
  ],
  warn: [
    {
      name: 'v16 shaped: the console disk has 10% free (20 GiB of 200)',
      sources: {console: v16Console({FreeDiskSpace: 20 * GIB, TotalDiskSpace: 200 * GIB}), volumes: oneDisk(60)},
      summary: 'The PBX disk (console, FreeDiskSpace / TotalDiskSpace) has only 20.0 GiB free of 200.0 GiB (10%).',
      expect: (r) => expect(r.details.at(-1)).toBe('Limits: warn below 15% or 5.0 GiB free, fail below 5.0% or 1.0 GiB.'),
    },
    {
      name: 'the v20 demo plant: recordings at 92% of their quota',
      sources: {console: v20Console({RecordingUsedSpace: Math.round(0.92 * 10 * GIB)}), volumes: oneDisk(60)},
      summary: 'Recordings use 9.2 GiB of their 10.0 GiB quota (92%).',
      expect: (r) => expect(r.details.join('\n')).not.toContain('Limits: warn below'),
    },
    {
      name: 'the voicemail quota is reached',
      sources: {console: v20Console({VoicemailQuotaReached: true}), volumes: oneDisk(60)},
      summary: 'The voicemail quota is reached (VoicemailQuotaReached is true).',
    },
    {
      name: 'the data folder cannot be measured (permission denied)',
      sources: {console: v20Console(), volumes: volumes([], [{folder: data, reason: `${DATA}: permission denied (run as root or as a user who may read the 3CX folders)`}])},
      summary: `The data folder could not be measured (${DATA}: permission denied`,
    },
    {
      name: 'option warnFreeRatio 0.7: a local volume with 60% free warns',
      sources: {console: v20Console(), volumes: oneDisk(60)},
      options: {warnFreeRatio: 0.7},
      summary: /^The PBX disk .* has only 38\.0 GiB free of 55\.1 GiB \(69%\); the volume of \/var/,
    },
  ],
  fail: [
    {
      name: 'a local volume with 0.5 GiB free (below failFreeBytes, though 5% of a small disk)',
      sources: {console: v20Console(), volumes: volumes([{device: '8:1', freeBytes: 0.5 * GIB, totalBytes: 10 * GIB}])},
      summary: `The volume of ${DATA} (data) has only 512.0 MiB free of 10.0 GiB (5.0%).`,
    },
    {
      name: 'recordings on their own disk, nearly full; the data disk fine',
      sources: {
        console: v16Console(),
        volumes: volumes([
          {device: '8:1', freeBytes: 50 * GIB, totalBytes: 100 * GIB},
          {device: '8:17', freeBytes: 2 * GIB, totalBytes: 500 * GIB},
        ]),
      },
      summary: `The volume of ${DATA}/Recordings (recordings) has only 2.0 GiB free of 500.0 GiB (0.4%).`,
      expect: (r) => expect(r.measurements?.filter((m) => m.labels?.volume).map((m) => m.labels?.volume)).toEqual([DATA, DATA, `${DATA}/Recordings`, `${DATA}/Recordings`]),
    },
    {
      name: 'v20: the recorder stopped (a stopped recorder fails); the quota reached is not repeated',
      sources: {console: v20Console({RecordingStopped: true, RecordingQuotaReached: true, RecordingUsedSpace: 10 * GIB}), volumes: oneDisk(60)},
      summary: 'Call recording has stopped (RecordingStopped is true): calls are not being recorded.',
    },
    {
      name: 'v20: voicemail stopped',
      sources: {console: v20Console({VoicemailStopped: true}), volumes: oneDisk(60)},
      summary: 'Voicemail has stopped (VoicemailStopped is true): callers cannot leave messages.',
    },
    {
      name: 'option extraFolders: a folder on a full disk, read through the source',
      sources: {console: v20Console(), volumes: volumes([{device: '8:1', freeBytes: 50 * GIB, totalBytes: 100 * GIB}], [], {'/mnt/rec': {free: 0, total: 50 * GIB, device: '8:33'}})},
      options: {extraFolders: ['/mnt/rec']},
      summary: 'The volume of /mnt/rec (extra 1) has only 0 B free of 50.0 GiB (0.0%).',
    },
  ],
  skip: [
    {
      name: 'neither the console nor the volumes',
      sources: {console: unavailable('console', 'HTTP 502'), volumes: unavailable('volumes', 'no install')},
      summary: "No disk figure could be read: neither the console nor this machine's volumes.",
      expect: (r) => expect(r.details).toEqual(["The console's disk figures were not read: HTTP 502", "This machine's volumes were not read: no install"]),
    },
    {
      name: 'console fields that do not add up, and no volumes: unknown, not guessed',
      sources: {console: v15Console({DiskUsage: 'full', FreeDiskSpace: 10, TotalDiskSpace: 5}), volumes: unavailable('volumes', 'no install')},
      summary: /No disk figure could be read/,
      expect: (r) => expect(r.details[0]).toBe('The console\'s disk space is unknown: the console\'s disk fields do not add up (FreeDiskSpace 10, TotalDiskSpace 5, DiskUsage "full").'),
    },
  ],
})
