/**
 * pbx.backup through the check tester: the recorded v15.5 SystemStatus (last backup
 * 2026-11-25T03:00:09+01:00, no BackupScheduled) and v20 SystemStatus (scheduled, last
 * backup 2026-11-30T10:15:42+01:00), and v16 / v18 shaped bodies.
 */
import {expect} from 'vitest'
import check from '../../../../checks/pbx/backup.js'
import {testCheck, unavailable} from '../../../helpers/check-tester.js'
import {v15Console, v16Console, v18Console, v20Console} from './status-fakes.js'

const V15_NOW = new Date('2026-11-26T03:00:00Z') // 25 h after the recorded v15.5 backup
const V20_NOW = new Date('2026-12-01T10:00:00Z') // 24.7 h after the recorded v20 backup
const DAY = 86_400_000

testCheck(check, {
  pass: [
    {
      name: 'v15.5 recorded: a backup 25 h old; the version does not say whether one is scheduled',
      sources: {console: v15Console()},
      now: V15_NOW,
      summary: 'The last backup is 25 h old (2026-11-25T03:00:09.6347531+01:00).',
      expect(r) {
        expect(r.details).toContain('3CX 15.5.10244.4 does not report BackupScheduled: whether a backup is scheduled is not known.')
        expect(r.measurements).toEqual([
          {name: 'backup_age_seconds', value: 89_990, unit: 'seconds', help: expect.any(String), warn: 2 * 86_400, fail: 7 * 86_400, bad: 'above', min: 0},
        ])
        expect(r.evidence).toMatchObject({backupScheduled: null, lastBackupAt: '2026-11-25T02:00:09.634Z', ageSeconds: 89_990, warnDays: 2, failDays: 7})
        expect(r.tables?.[0]?.rows).toEqual([
          ['BackupScheduled', 'not reported'],
          ['LastBackupDateTime', '2026-11-25T03:00:09.6347531+01:00'],
          ['age', '25 h'],
        ])
      },
    },
    {
      name: 'v20 recorded: scheduled, 25 h old',
      sources: {console: v20Console()},
      now: V20_NOW,
      summary: /^The last backup is 24 h 44 min old/,
      expect: (r) => expect(r.details).toContain('A backup is scheduled (BackupScheduled is true).'),
    },
    {
      name: 'v18 shaped: scheduled, a backup an hour ago stamped with the server\'s offset',
      sources: {console: v18Console({LastBackupDateTime: '2026-11-26T03:00:00.0000000+01:00'})},
      now: V15_NOW,
      summary: 'The last backup is 60 min old',
    },
    {
      name: 'a backup a few minutes in the future (clocks a little apart) counts as fresh',
      sources: {console: v16Console({LastBackupDateTime: '2026-11-26T03:05:00.0000000Z'})},
      now: V15_NOW,
      summary: 'The last backup is 0 s old',
    },
  ],
  warn: [
    {
      name: 'older than warnDays (3 days)',
      sources: {console: v15Console()},
      now: new Date(V15_NOW.getTime() + 2 * DAY),
      summary: 'The last backup is 3 days old',
      expect: (r) => expect(r.details).toContain('Limits: warn when older than 2 days, fail when older than 7 days.'),
    },
    {
      name: 'v16 shaped: recent, but no backup is scheduled',
      sources: {console: v16Console({BackupScheduled: false})},
      now: V15_NOW,
      summary: 'The last backup is 25 h old (2026-11-25T03:00:09.6347531+01:00); no backup is scheduled (BackupScheduled is false).',
    },
    {
      name: 'stamped a day in the future: a clock problem, the age is unknown and no measurement',
      sources: {console: v20Console({LastBackupDateTime: '2026-12-02T10:00:00.0000000Z'})},
      now: V20_NOW,
      summary: /stamped 24 h in the future .*the PBX clock or this machine's is off/,
      expect: (r) => expect(r.measurements).toEqual([]),
    },
    {
      name: 'option warnDays 0.5 makes a 25 h old backup a warning; BackupScheduled "true" as a string is read',
      sources: {console: v16Console({BackupScheduled: 'true'})},
      options: {warnDays: 0.5},
      now: V15_NOW,
      summary: 'The last backup is 25 h old',
      expect: (r) => expect(r.measurements?.[0]).toMatchObject({warn: 43_200, fail: 604_800}),
    },
  ],
  fail: [
    {
      name: 'the v15 demo plant: the last backup 9 days old',
      sources: {console: v15Console()},
      now: new Date(V15_NOW.getTime() + 8 * DAY),
      summary: 'The last backup is 9 days old',
    },
    {
      name: 'never backed up ("")',
      sources: {console: v15Console({LastBackupDateTime: ''})},
      now: V15_NOW,
      summary: '3CX 15.5.10244.4 has never made a backup (LastBackupDateTime "")',
      expect: (r) => expect(r.measurements).toEqual([]),
    },
    {
      name: 'v20: never backed up (null, 0001-01-01) and not scheduled',
      sources: {console: v20Console({LastBackupDateTime: '0001-01-01T00:00:00', BackupScheduled: false})},
      now: V20_NOW,
      summary: '3CX 20.0.7.1080 has never made a backup (LastBackupDateTime "0001-01-01T00:00:00"); no backup is scheduled (BackupScheduled is false).',
    },
    {
      name: 'option failDays 1',
      sources: {console: v15Console()},
      options: {failDays: 1},
      now: V15_NOW,
      summary: 'The last backup is 25 h old',
    },
  ],
  skip: [
    {
      name: 'a build that reports neither field',
      sources: {console: v15Console({LastBackupDateTime: undefined})},
      summary: '3CX 15.5.10244.4 does not report backups: its SystemStatus has neither BackupScheduled nor LastBackupDateTime.',
    },
    {
      name: 'a time that is not a time, and no schedule field: unknown, not guessed',
      sources: {console: v15Console({LastBackupDateTime: 'yesterday\u202e'})},
      summary: '3CX 15.5.10244.4 reports no backup time tcx-doctor can judge.',
      expect: (r) => expect(r.details[0]).toBe('LastBackupDateTime is "yesterday\u202e", not a time tcx-doctor can read: the age of the last backup is unknown.'),
    },
    {
      name: 'no console',
      sources: {console: unavailable('console', 'connection refused at http://127.0.0.1:5015')},
      summary: /connection refused/,
    },
  ],
})
