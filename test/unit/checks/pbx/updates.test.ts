/**
 * pbx.updates through the check tester: the recorded v20 SystemStatus (auto-update on,
 * last check 2026-12-01T04:15Z, last update 2026-11-22T10:15Z); v15.5-v18 skip by version
 * or because their SystemStatus has no update fields.
 */
import {expect} from 'vitest'
import check from '../../../../checks/pbx/updates.js'
import {testCheck, unavailable} from '../../../helpers/check-tester.js'
import {versionFacts} from '../../../helpers/tcx-version.js'
import {v15Console, v16Console, v18Console, v20Console} from './status-fakes.js'

const NOW = new Date('2026-12-01T10:15:42.123Z') // 6 h after the last check, 9 days after the last update
const v20 = versionFacts('20.0.7.1080')

testCheck(check, {
  pass: [
    {
      name: 'v20 recorded: automatic, checked 6 h ago, updated 9 days ago',
      sources: {console: v20Console(), version: v20},
      now: NOW,
      summary: 'Automatic updates are on; the last check for updates was 6 h ago; the last update 9 days ago.',
      expect(r) {
        expect(r.measurements?.map((m) => [m.name, m.value, m.warn, m.fail])).toEqual([
          ['updates_last_check_age_seconds', 6 * 3600, 3 * 86_400, undefined],
          ['updates_last_success_age_seconds', 9 * 86_400, 60 * 86_400, 180 * 86_400],
        ])
      },
    },
    {
      name: 'an unknown version runs the check',
      sources: {console: v20Console(), version: versionFacts('21.0.1.100')},
      now: NOW,
      summary: /^Automatic updates are on/,
    },
  ],
  warn: [
    {
      name: 'the v20 demo plant: automatic updates off, the last update 120 days ago',
      sources: {console: v20Console({AutoUpdateEnabled: false, LastSuccessfulUpdate: '2026-08-03T10:15:42.1230000Z'}), version: v20},
      now: NOW,
      summary: 'Automatic updates are off (AutoUpdateEnabled is false); the last successful update was 120 days ago (2026-08-03).',
      expect: (r) => expect(r.details).toEqual(['The last check for updates was 6 h ago (2026-12-01).']),
    },
    {
      name: 'the PBX has not looked for updates for 10 days',
      sources: {console: v20Console({LastCheckForUpdates: '2026-11-21T10:15:42.1230000Z'}), version: v20},
      now: NOW,
      summary: 'The last check for updates was 10 days ago (2026-11-21).',
    },
    {
      name: 'never updated (null)',
      sources: {console: v20Console({LastSuccessfulUpdate: null}), version: v20},
      now: NOW,
      summary: 'The last successful update never happened (LastSuccessfulUpdate null).',
    },
  ],
  fail: [
    {
      name: 'the last update older than updateFailDays (option 5)',
      sources: {console: v20Console(), version: v20},
      options: {updateWarnDays: 2, updateFailDays: 5},
      now: NOW,
      summary: 'The last successful update was 9 days ago (2026-11-22).',
    },
  ],
  skip: [
    {
      name: 'v15.5 by version: not applicable, naming the version and where it was read',
      sources: {console: v15Console(), version: versionFacts('15.5.10244.4')},
      summary: /^Not applicable: 3CX 15\.5\.10244\.4 \(parameter VERSION of the database\): the v15-v18 SystemStatus has no AutoUpdateEnabled/,
    },
    {
      name: 'v18 by version',
      sources: {console: v18Console(), version: versionFacts('18.0.2.307')},
      summary: /^Not applicable: 3CX 18\.0\.2\.307/,
    },
    {
      name: 'v16 shaped console with the version unknown: the fields are missing, said so',
      sources: {console: v16Console(), version: unavailable('version', 'no source told the version')},
      summary: '3CX 16.0.7.1078 does not report updates: its SystemStatus has no AutoUpdateEnabled, LastCheckForUpdates or LastSuccessfulUpdate (v20 sends them).',
    },
    {
      name: 'no console',
      sources: {console: unavailable('console', 'HTTP 502'), version: v20},
      summary: /HTTP 502/,
      expect: (r) => expect(r.status).toBe('skip'),
    },
  ],
})
