/**
 * trunk.registration through the check tester: the recorded v15.5 TrunkList and
 * SystemStatus (Carrier registered; Loopback at 3CX's CurrentLocalIp shown not
 * registered while SystemStatus counts 2 of 2: the display bug), the recorded v20
 * Trunks (IsOnline, no register times), host facts of the recorded KVM guest.
 */
import {expect} from 'vitest'
import check from '../../../../checks/trunk/registration.js'
import {testCheck, unavailable} from '../../../helpers/check-tester.js'
import {consoleApi, hostFacts, linuxMachine, trunk} from '../network/fakes.js'
import {v20Fixture, v20FixtureConsole} from '../../sources/console/v20-fixture-console.js'

const NOW = new Date('2026-11-26T03:00:00Z')
const host = hostFacts(linuxMachine('linux-kvm-guest-recorded.json'))
const v20Trunks = (changes: Record<string, Record<string, unknown>>): Array<Record<string, unknown>> =>
  (v20Fixture('Trunks.json') as {value: Array<Record<string, unknown>>}).value.map((t) => ({...t, ...changes[(t.Gateway as {Name: string}).Name]}))
const carrierDown = trunk('Carrier', {IsRegistered: false, RegisterOkTime: '2026-11-25T21:10:00.0000000Z', RegisterSentTime: '2026-11-26T02:58:00.0000000Z', RegisterFailedTime: '2026-11-26T02:58:01.0000000Z'})
const sbc = trunk('Carrier', {Id: '90', Number: '', Name: 'Branch SBC', Host: '198.51.100.9', Type: 'SBC', IsRegistered: false, RegisterOkTime: ''})
const measured = (r: {measurements?: Array<{name: string; value: number}>}): Record<string, number> => Object.fromEntries((r.measurements ?? []).map((m) => [m.name, m.value]))

testCheck(check, {
  pass: [
    {
      name: 'v15.5 recorded: both trunks counted; the loopback one shown down is left to trunk.loopback-registration, and the 2-of-2 dashboard count is explained by it',
      sources: {console: consoleApi(), host},
      now: NOW,
      summary: '1 of 2 trunk(s) registered (down but not judged here: Loopback, see trunk.loopback-registration).',
      expect(r) {
        expect(r.details.join('\n')).toContain("it is a loopback trunk (10.20.30.40 is 3CX's CurrentLocalIp): see trunk.loopback-registration")
        expect(r.details.join('\n')).toContain('the difference is loopback trunks shown as down')
        expect(measured(r)).toEqual({trunks_registered: 1, trunks_configured: 2})
        expect(r.tables?.[0]?.rows[1]).toEqual(['Loopback', '10001', '10.20.30.40', false, '2026-11-26T02:55:40.0000000Z', 'never', 'loopback (see trunk.loopback-registration)'])
      },
    },
    {
      name: 'v20 recorded: both trunks online; no register times, and the report says so',
      sources: {console: v20FixtureConsole(), host},
      now: NOW,
      summary: '2 of 2 trunk(s) online.',
      expect(r) {
        expect(r.details.join('\n')).toContain('when it last registered or failed is not known')
        expect(r.tables?.[0]?.columns).toContain('online')
        expect(r.evidence).toMatchObject({registeredFrom: 'IsOnline', registerTimesKnown: false, systemStatus: {trunksRegistered: 2, trunksTotal: 2}})
      },
    },
    {
      name: 'v18: an SBC row is not a trunk; counted apart',
      sources: {console: consoleApi({trunks: [trunk('Carrier'), sbc], systemStatus: {TrunksRegistered: 1, TrunksTotal: 1}}), host},
      now: NOW,
      summary: '1 of 1 trunk(s) registered.',
      expect: (r) => expect(r.details.join('\n')).toContain('1 SBC row(s) in the trunk list are not trunks and are not counted (0 of them registered): Branch SBC.'),
    },
    {
      name: 'a trunk down on purpose, in the option ignore (by number)',
      sources: {console: consoleApi({trunks: [carrierDown], systemStatus: {TrunksRegistered: 0, TrunksTotal: 1}}), host},
      options: {ignore: ['10000']},
      now: NOW,
      summary: '0 of 1 trunk(s) registered (down but not judged here: Carrier, ignored).',
    },
  ],
  warn: [
    {
      name: 'a down provider trunk with downStatus warn',
      sources: {console: consoleApi({trunks: [carrierDown], systemStatus: {TrunksRegistered: 0, TrunksTotal: 1}}), host},
      options: {downStatus: 'warn'},
      now: NOW,
      summary: '0 of 1 trunk(s) registered; not registered: Carrier.',
    },
    {
      name: 'SystemStatus counts disagree with the list',
      sources: {console: consoleApi({trunks: [trunk('Carrier')], systemStatus: {TrunksRegistered: 3, TrunksTotal: 4}}), host},
      now: NOW,
      summary: '1 of 1 trunk(s) registered; SystemStatus counts disagree with the trunk list.',
      expect: (r) => expect(r.details.join('\n')).toContain('SystemStatus says 3 of 4 trunk(s) registered, but the trunk list shows 1 of 1'),
    },
  ],
  fail: [
    {
      name: 'v15.5: the provider trunk is down, named with its register times',
      sources: {console: consoleApi({trunks: [carrierDown, trunk('Loopback', {IsRegistered: true})], systemStatus: {TrunksRegistered: 1, TrunksTotal: 2}}), host},
      now: NOW,
      summary: '1 of 2 trunk(s) registered; not registered: Carrier.',
      expect(r) {
        expect(r.details[0]).toBe(
          'Carrier (10000, host sip.carrier.example) is not registered: last register OK 2026-11-25T21:10:00.0000000Z, sent 2026-11-26T02:58:00.0000000Z, failed 2026-11-26T02:58:01.0000000Z. Check its registrar, credentials and firewall, then "Refresh Registration".',
        )
        expect(r.measurements?.find((m) => m.name === 'trunks_registered')).toMatchObject({value: 1, warn: 2, bad: 'below', unit: 'count'})
      },
    },
    {
      name: 'v20: the carrier trunk offline, with its ConfigurationIssue; no times to give',
      sources: {console: v20FixtureConsole({trunks: v20Trunks({Carrier: {IsOnline: false, ConfigurationIssue: 'Registration failed: 403 Forbidden'}}), systemStatus: {TrunksRegistered: 1}}), host},
      now: NOW,
      summary: '1 of 2 trunk(s) online; not online: Carrier.',
      expect: (r) =>
        expect(r.details[0]).toBe(
          'Carrier (10000, host sip.carrier.example) is not online: IsOnline is false; this console (v20) gives no register times; the console reports a configuration issue: Registration failed: 403 Forbidden. Check its registrar, credentials and firewall, then "Refresh Registration".',
        ),
    },
  ],
  skip: [
    {
      name: 'no trunk at all (only an SBC)',
      sources: {console: consoleApi({trunks: [sbc]}), host},
      summary: 'No trunk configured (only 1 SBC row(s)): nothing to register.',
    },
    {
      name: 'no console',
      sources: {console: unavailable('console', 'connection refused at http://127.0.0.1:5015'), host},
      summary: /connection refused/,
    },
  ],
})
