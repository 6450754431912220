/**
 * pbx.licence through the check tester: the recorded v15.5 SystemStatus (activated,
 * maintenance until 2027-03-01, no ExpirationDate, no LicenseActive) and v20 SystemStatus
 * (LicenseActive, ExpirationDate null), and v16 / v18 shaped bodies.
 */
import {expect} from 'vitest'
import check from '../../../../checks/pbx/licence.js'
import {testCheck, unavailable} from '../../../helpers/check-tester.js'
import {v15Console, v16Console, v18Console, v20Console} from './status-fakes.js'

const NOW = new Date('2026-12-01T12:00:00Z') // 90 days before the recorded maintenance end
const inDays = (days: number): string => new Date(NOW.getTime() + days * 86_400_000).toISOString().replace('Z', '+00:00')

testCheck(check, {
  pass: [
    {
      name: 'v15.5 recorded: activated, maintenance for 90 more days; LicenseActive and ExpirationDate not reported by this version',
      sources: {console: v15Console()},
      now: NOW,
      summary: 'The licence is in order: maintenance until 2027-03-01.',
      expect(r) {
        expect(r.details).toEqual([
          '3CX 15.5.10244.4 does not report LicenseActive (sent from v18 on).',
          'The maintenance runs until 2027-03-01 (90 days from now).',
          '3CX 15.5.10244.4 does not report ExpirationDate: when the licence ends is not known.',
        ])
        expect(r.measurements).toEqual([
          {name: 'maintenance_expires_in_seconds', value: 90 * 86_400, unit: 'seconds', help: expect.any(String), warn: 30 * 86_400, bad: 'below'},
        ])
        expect(r.tables?.[0]?.rows).toEqual([
          ['Activated', true],
          ['LicenseActive', 'not reported'],
          ['MaintenanceExpiresAt', '2027-03-01T12:00:00+00:00'],
          ['ExpirationDate', 'not reported'],
        ])
      },
    },
    {
      name: 'v20 recorded: ExpirationDate null is a licence without an end date (perpetual), said so',
      sources: {console: v20Console()},
      now: NOW,
      summary: 'The licence is in order: maintenance until 2027-03-01.',
      expect(r) {
        expect(r.details).toContain('ExpirationDate is null: the licence has no end date (a perpetual licence).')
        expect(r.evidence).toMatchObject({activated: true, licenseActive: true, expirationDate: 'null', licenceExpiresInSeconds: null})
      },
    },
    {
      name: 'v18 shaped: a licence that ends in a year',
      sources: {console: v18Console({ExpirationDate: inDays(365)})},
      now: NOW,
      summary: /maintenance until 2027-03-01, licence until 2027-12-01/,
      expect: (r) => expect(r.measurements?.map((m) => [m.name, m.fail])).toEqual([['maintenance_expires_in_seconds', undefined], ['licence_expires_in_seconds', 0]]),
    },
    {
      name: 'v16 shaped: MaintenanceExpiresAt null means no maintenance end date is set, not judged',
      sources: {console: v16Console({MaintenanceExpiresAt: null})},
      now: NOW,
      summary: 'The licence is in order.',
      expect: (r) => expect(r.details).toContain('MaintenanceExpiresAt is null: no maintenance end date is set.'),
    },
  ],
  warn: [
    {
      name: 'the v15 demo plant: maintenance ends within the 30-day window',
      sources: {console: v15Console({MaintenanceExpiresAt: inDays(20)})},
      now: NOW,
      summary: /^The maintenance expires in 20 days \(2026-12-21\)\.$/,
    },
    {
      name: 'maintenance ended: the PBX keeps running, updates stop',
      sources: {console: v18Console({MaintenanceExpiresAt: inDays(-10)})},
      now: NOW,
      summary: 'The maintenance expired 10 days ago (2026-11-21).',
      expect(r) {
        expect(r.details).toContain('With maintenance ended the PBX keeps running, but updates (and their security fixes) and 3CX support stop.')
        expect(r.measurements?.[0]?.value).toBe(-10 * 86_400)
      },
    },
    {
      name: 'option maintenanceWarnDays 120 puts the recorded date inside the window',
      sources: {console: v15Console()},
      options: {maintenanceWarnDays: 120},
      now: NOW,
      summary: 'The maintenance expires in 90 days',
    },
    {
      name: 'v20: the licence expires within the window',
      sources: {console: v20Console({ExpirationDate: '2026-12-15T00:00:00Z'})},
      now: NOW,
      summary: 'The licence expires in 14 days (2026-12-15).',
    },
  ],
  fail: [
    {
      name: 'not activated',
      sources: {console: v15Console({Activated: false})},
      now: NOW,
      summary: 'The licence is not activated (Activated is false).',
    },
    {
      name: 'v18: LicenseActive false',
      sources: {console: v18Console({LicenseActive: false})},
      now: NOW,
      summary: 'The licence is not active (LicenseActive is false).',
    },
    {
      name: 'v20: the licence expired; maintenance within the window too',
      sources: {console: v20Console({ExpirationDate: '2026-11-30T00:00:00Z', MaintenanceExpiresAt: inDays(5)})},
      now: NOW,
      summary: 'The maintenance expires in 5 days (2026-12-06); the licence expired 36 h ago (2026-11-30).',
    },
  ],
  skip: [
    {
      name: 'a build that reports none of the four fields',
      sources: {console: v15Console({Activated: undefined, MaintenanceExpiresAt: undefined})},
      summary: '3CX 15.5.10244.4 does not report its licence',
    },
    {
      name: 'only unreadable values: unknown, not guessed',
      sources: {console: v15Console({Activated: 1, MaintenanceExpiresAt: 'soon'})},
      summary: '3CX 15.5.10244.4 reports no licence fact tcx-doctor can judge.',
      expect: (r) => expect(r.details).toContain('MaintenanceExpiresAt is "soon", not a date tcx-doctor can read: the maintenance expiry is unknown.'),
    },
    {
      name: 'no console',
      sources: {console: unavailable('console', 'login refused')},
      summary: /login refused/,
    },
  ],
})
