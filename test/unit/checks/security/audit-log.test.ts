/**
 * security.audit-log through the check tester: the recorded v20 SystemStatus
 * (IsAuditLogEnabled true); v15.5-v18 do not report the switch.
 */
import {expect} from 'vitest'
import check from '../../../../checks/security/audit-log.js'
import {testCheck, unavailable} from '../../../helpers/check-tester.js'
import {versionFacts} from '../../../helpers/tcx-version.js'
import {v15Console, v18Console, v20Console} from '../pbx/status-fakes.js'

const v20 = versionFacts('20.0.7.1080')

testCheck(check, {
  pass: [
    {
      name: 'v20 recorded: on',
      sources: {console: v20Console(), version: v20},
      summary: 'The audit log is on: changes in the management console are recorded.',
      expect: (r) => expect(r.tables?.[0]?.rows).toEqual([['IsAuditLogEnabled', true]]),
    },
  ],
  warn: [
    {
      name: 'the v20 demo plant: off',
      sources: {console: v20Console({IsAuditLogEnabled: false}), version: v20},
      summary: 'The audit log is off: who changed what in the management console is not recorded.',
      expect: (r) => expect(r.evidence).toEqual({isAuditLogEnabled: false}),
    },
  ],
  skip: [
    {
      name: 'v15.5 by version: not applicable',
      sources: {console: v15Console(), version: versionFacts('15.5.10244.4', 'console')},
      summary: /^Not applicable: 3CX 15\.5\.10244\.4 \(SystemStatus\.Version of the console\): the v15-v18 SystemStatus does not report/,
    },
    {
      name: 'v18 shaped console, version unknown: the field is missing, said so',
      sources: {console: v18Console(), version: unavailable('version', 'no source told the version')},
      summary: '3CX 18.0.2.307 does not report whether its audit log is on (no IsAuditLogEnabled in its SystemStatus; v20 sends it).',
    },
    {
      name: 'not true or false',
      sources: {console: v20Console({IsAuditLogEnabled: 'maybe'}), version: v20},
      summary: 'IsAuditLogEnabled is "maybe", not true or false: whether the audit log is on is unknown.',
    },
    {name: 'no console', sources: {console: unavailable('console', 'two-factor authentication required'), version: v20}, summary: /two-factor/},
  ],
})
