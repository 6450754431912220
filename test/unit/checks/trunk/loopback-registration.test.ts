/**
 * trunk.loopback-registration through the check tester: the recorded v15.5
 * TrunkList and SystemStatus (trunk "Loopback" at 3CX's CurrentLocalIp, shown
 * not registered, last OK 02:55:40Z), host facts of the recorded KVM guest, a
 * fake SIP probe.
 */
import {expect} from 'vitest'
import check from '../../../../checks/trunk/loopback-registration.js'
import type {SipRegisterOptions} from '../../../../src/sources/sip/index.js'
import {testCheck, unavailable} from '../../../helpers/check-tester.js'
import {consoleApi, hostFacts, linuxMachine, sipProbe, trunk} from '../network/fakes.js'
import {v20Fixture, v20FixtureConsole} from '../../sources/console/v20-fixture-console.js'

/** The recorded v20 Trunks (Carrier, and Loopback at 127.0.0.1), the loopback one online or not. */
const v20Trunks = (loopbackOnline: boolean): Array<Record<string, unknown>> =>
  ((v20Fixture('Trunks.json') as {value: Array<Record<string, unknown>>}).value).map((t) =>
    (t.Gateway as {Name?: string} | undefined)?.Name === 'Loopback' ? {...t, IsOnline: loopbackOnline} : t,
  )

const NOW = new Date('2026-11-26T03:00:00Z')
const host = hostFacts(linuxMachine('linux-kvm-guest-recorded.json'))
const carrier = trunk('Carrier')
const asked: SipRegisterOptions[] = []
const credentials = {sipProbe: {credentials: {Loopback: {authId: 'lb-auth', password: 'Trunk-Secret-77'}}, port: 5070}}

testCheck(check, {
  pass: [
    {
      name: 'v20: the loopback trunk (Gateway.Host 127.0.0.1) is online; no register times to judge',
      sources: {console: v20FixtureConsole({trunks: v20Trunks(true)}), host},
      now: NOW,
      summary: '1 loopback trunk(s) online: Loopback.',
      expect: (r) => expect(r.details.join('\n')).toContain('online (IsOnline); this console gives no register times'),
    },
    {
      name: 'the loopback trunk is registered with a recent OK time',
      sources: {console: consoleApi({trunks: [carrier, trunk('Loopback', {IsRegistered: true})]}), host},
      now: NOW,
      summary: '1 loopback trunk(s) registered with a recent OK time: Loopback.',
      expect(r) {
        expect(r.tables?.[0]).toEqual({
          title: 'Loopback trunks',
          columns: ['name', 'host', 'registered', 'last OK', 'last failed'],
          rows: [['Loopback', '10.20.30.40', true, '2026-11-26T02:55:40.0000000Z', 'never']],
        })
        expect(r.evidence).toMatchObject({windowMinutes: 60, checkedAt: NOW.toISOString(), otherTrunks: ['Carrier']})
      },
    },
    {
      name: "a trunk at one of this host's addresses (from the host source)",
      sources: {console: consoleApi({trunks: [trunk('Loopback', {Host: '192.0.2.2:5060', IsRegistered: true})]}), host},
      now: NOW,
      summary: /registered with a recent OK time: Loopback\./,
      expect: (r) => expect(r.details[0]).toContain('192.0.2.2 is an address of this host (eth0)'),
    },
  ],
  warn: [
    {
      name: 'v20: the loopback trunk is offline; without register times it cannot tell a real failure from the display bug',
      sources: {console: v20FixtureConsole({trunks: v20Trunks(false)}), host},
      now: NOW,
      summary: /^Loopback trunk Loopback is offline; this console gives no register times/,
      expect: (r) => expect(r.details.join('\n')).toContain('--sip-probe'),
    },
    {
      name: 'the recorded display bug: shown not registered, OK 4 min ago, no failure since',
      sources: {console: consoleApi(), host},
      now: NOW,
      summary: 'Loopback trunk Loopback is shown as not registered but registered recently: the known display bug; click "Refresh Registration".',
      expect: (r) => expect(r.details[0]).toContain("10.20.30.40 is 3CX's CurrentLocalIp"),
    },
    {
      name: '--sip-probe: the PBX accepts the configured credentials, the display bug stands; the password never shows',
      sources: {console: consoleApi(), host, sip: sipProbe({outcome: 'accepted', status: 200, reason: '10.20.30.40:5070 accepted the credentials of lb-auth (200 OK)'}, asked)},
      settings: {sipProbe: true},
      options: credentials,
      now: NOW,
      summary: /shown as not registered but registered recently/,
      expect(r) {
        expect(asked.at(-1)).toMatchObject({host: '10.20.30.40', port: 5070, user: 'lb-auth', authId: 'lb-auth', password: 'Trunk-Secret-77', timeoutMs: 3000})
        expect(r.details).toContain('Loopback, SIP probe: 10.20.30.40:5070 accepted the credentials of lb-auth (200 OK).')
        expect(JSON.stringify(r)).not.toContain('Trunk-Secret-77')
      },
    },
    {
      name: 'the host source is unavailable: 3CX\'s own addresses still find the trunk, and the report says so',
      sources: {console: consoleApi(), host: unavailable('host', 'ip failed')},
      now: NOW,
      summary: /display bug/,
      expect: (r) => expect(r.details[0]).toMatch(/^This machine's addresses are unknown \(ip failed\)/),
    },
  ],
  fail: [
    {
      name: 'a failure after the last success',
      sources: {console: consoleApi({trunks: [trunk('Loopback', {RegisterFailedTime: '2026-11-26T02:57:00.0000000Z'})]}), host},
      now: NOW,
      summary: 'Loopback trunk registration really fails: Loopback.',
      expect: (r) => expect(r.details[0]).toMatch(/registration failed at 2026-11-26T02:57:00.0000000Z, after the last success/),
    },
    {
      name: 'never registered',
      sources: {console: consoleApi({trunks: [trunk('Loopback', {RegisterOkTime: ''})]}), host},
      now: NOW,
      summary: 'Loopback trunk registration really fails: Loopback.',
      expect: (r) => expect(r.tables?.[0]?.rows[0]?.[3]).toBe('never'),
    },
    {
      name: 'the OK time is older than a 2-minute window (option windowMinutes)',
      sources: {console: consoleApi(), host},
      options: {windowMinutes: 2},
      now: NOW,
      summary: 'Loopback trunk registration really fails: Loopback.',
      expect: (r) => expect(r.details[0]).toMatch(/last successful registration 4 min ago .*, older than the 2 min re-registration window: it stopped re-registering/),
    },
    {
      name: '--sip-probe: the PBX refuses the configured credentials',
      sources: {console: consoleApi(), host, sip: sipProbe({outcome: 'rejected', status: 403, reason: '10.20.30.40:5070 rejected the credentials of lb-auth (403 Forbidden)'})},
      settings: {sipProbe: true},
      options: credentials,
      now: NOW,
      summary: 'Loopback trunk registration really fails: Loopback.',
      expect: (r) => expect(r.details[0]).toMatch(/the PBX refused a REGISTER with the configured credentials just now/),
    },
  ],
  skip: [
    {
      name: 'no trunk points at this PBX',
      sources: {console: consoleApi({trunks: [carrier]}), host},
      now: NOW,
      summary: 'No loopback trunk: none of the 1 trunk(s) points at this PBX (Carrier (sip.carrier.example)).',
    },
    {
      name: 'no console',
      sources: {console: unavailable('console', 'connection refused at http://127.0.0.1:5015'), host},
      summary: /connection refused at http:\/\/127\.0\.0\.1:5015/,
    },
  ],
})
