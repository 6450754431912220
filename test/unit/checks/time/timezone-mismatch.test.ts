import {expect} from 'vitest'
import timezoneMismatch from '../../../../checks/time/timezone-mismatch.js'
import {testCheck, unavailable} from '../../../helpers/check-tester.js'
import {fakeDb, machineZone} from './fakes.js'

// Winter in the northern hemisphere: Berlin and Lagos are both at UTC+01:00 now, not from late March.
const WINTER = new Date('2026-11-26T04:00:00Z')
const SUMMER = new Date('2027-07-01T12:00:00Z')
const berlin = machineZone('Europe/Berlin', 60)
const withZone = (name: string, value: string) => fakeDb({tables: {parameter: ['name', 'value']}, parameters: [{name, value}, {name: 'IVRTIMEOUT', value: '10'}]})

testCheck(timezoneMismatch, {
  pass: [
    {
      name: 'the same zone given with --tcx-timezone',
      now: WINTER,
      sources: {timezone: berlin},
      settings: {tcxTimezone: 'Europe/Berlin'},
      summary: 'This machine and 3CX are both in Europe/Berlin (UTC+01:00 now).',
      expect(r) {
        expect(r.tables?.[0]).toEqual({
          title: 'Zones compared',
          columns: ['side', 'zone', 'from', 'UTC offset now'],
          rows: [
            ['this machine', 'Europe/Berlin', 'TZ environment variable', '+01:00'],
            ['3CX', 'Europe/Berlin', '--tcx-timezone / tcxTimezone in the config', '+01:00'],
          ],
        })
      },
    },
    {
      name: "the Windows zone id in 3CX's parameter table names the same rules",
      now: WINTER,
      sources: {timezone: berlin, db: withZone('TIMEZONE', 'W. Europe Standard Time')},
      expect(r) {
        expect(r.evidence).toMatchObject({tcxZone: 'Europe/Berlin', zoneParameters: [{name: 'TIMEZONE', value: 'W. Europe Standard Time'}]})
        expect(r.tables?.at(-1)).toMatchObject({title: 'Zone settings in the parameter table', rows: [['TIMEZONE', 'W. Europe Standard Time']]})
      },
    },
  ],
  warn: [
    {
      name: 'Berlin and Lagos agree in winter but not from March',
      now: WINTER,
      sources: {timezone: berlin},
      settings: {tcxTimezone: 'Africa/Lagos'},
      summary: /^Europe\/Berlin and Africa\/Lagos agree now \(UTC\+01:00\) but not from 2027-03-28/,
      expect: (r) => expect(r.tables?.[1]).toMatchObject({columns: ['from', 'until', 'machine', '3CX'], rows: [['2027-03-28', expect.any(String), '+02:00', '+01:00']]}),
    },
  ],
  fail: [
    {
      name: "3CX's parameter names London, the machine is in Berlin",
      now: WINTER,
      sources: {timezone: berlin, db: withZone('TIMEZONE', 'GMT Standard Time')},
      summary: 'Time zone mismatch: the machine is at UTC+01:00 (Europe/Berlin), 3CX at UTC+00:00 (Europe/London).',
    },
    {
      name: 'Berlin and Lagos in summer',
      now: SUMMER,
      sources: {timezone: machineZone('Europe/Berlin', 120)},
      settings: {tcxTimezone: 'Africa/Lagos'},
      summary: /^Time zone mismatch/,
    },
  ],
  skip: [
    {
      name: 'no database and no --tcx-timezone',
      sources: {timezone: berlin, db: unavailable('db', 'connection refused')},
      summary: /^3CX's time zone is not known: the database is not reachable \(connection refused\); give 3CX's zone with --tcx-timezone/,
    },
    {name: 'a database without a parameter table', sources: {timezone: berlin, db: fakeDb()}, summary: 'the database has no parameter table'},
    {
      name: 'a zone setting that is no zone name tcx-doctor can read',
      sources: {timezone: berlin, db: withZone('TIMEZONE', '(UTC+01:00) Amsterdam, Berlin')},
      summary: 'none of which is a zone name tcx-doctor can read',
    },
    {name: "the machine's zone is unknown", sources: {timezone: unavailable('timezone', 'cannot tell this machine\'s time zone')}, summary: "cannot tell this machine's time zone"},
  ],
})
