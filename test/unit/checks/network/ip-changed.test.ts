/**
 * network.ip-changed through the check tester: the recorded KVM guest (eth0
 * 192.0.2.2/24) as this machine, the recorded v15.5 SystemStatus as 3CX's view,
 * and a fake ping of the host source that records what it was asked.
 */
import {expect} from 'vitest'
import check from '../../../../checks/network/ip-changed.js'
import type {PingOutcome} from '../../../../src/index.js'
import {testCheck, unavailable} from '../../../helpers/check-tester.js'
import {consoleApi, hostFacts, linuxMachine} from './fakes.js'

const guest = linuxMachine('linux-kvm-guest-recorded.json')
const pinged: Array<{address: string; timeoutSeconds?: number}> = []
const host = (ping: Record<string, PingOutcome> = {}) => hostFacts(guest, {ping, pinged})
const noConsole = unavailable('console', 'connection refused at http://127.0.0.1:5015')

testCheck(check, {
  pass: [
    {
      name: "the console's CurrentLocalIp is on eth0 and LocalIpValid",
      sources: {host: host(), console: consoleApi({systemStatus: {CurrentLocalIp: '192.0.2.2'}})},
      summary: "3CX's address 192.0.2.2 is on this machine and 3CX reports LocalIpValid.",
      expect(r) {
        expect(r.tables?.[0]).toEqual({
          title: 'Addresses 3CX expects',
          columns: ['address', 'from', 'on this machine', 'ping'],
          rows: [['192.0.2.2', "the console's CurrentLocalIp", 'eth0', '']],
        })
        expect(r.evidence).toMatchObject({localIpValid: true, expected: [{address: '192.0.2.2', from: "the console's CurrentLocalIp"}]})
      },
    },
    {
      name: '--expected-ip in another spelling, no console',
      sources: {host: host(), console: noConsole},
      settings: {expectedIps: ['FD00:0:0::2']},
      summary: "3CX's address FD00:0:0::2 is on this machine.",
    },
  ],
  fail: [
    {
      name: "the recorded CurrentLocalIp 10.20.30.40 is not here, and off every local subnet: not pinged",
      sources: {host: host(), console: consoleApi()},
      summary: "10.20.30.40 (the console's CurrentLocalIp) is not on this machine. This machine has 192.0.2.2 (eth0), fd00::2 (eth0)",
      expect(r) {
        expect(r.details).toContain('10.20.30.40 not pinged: not on a local subnet of this machine (tcx-doctor pings only on the local link).')
        expect(pinged.map((p) => p.address)).not.toContain('10.20.30.40')
      },
    },
    {
      name: 'the old address is on the local link and another machine answers ping (with the declared timeout)',
      sources: {host: host({'192.0.2.9': {status: 'answered', address: '192.0.2.9', timeMs: 0.4}}), console: noConsole},
      settings: {expectedIps: ['192.0.2.9']},
      options: {pingTimeoutSeconds: 4},
      summary: '192.0.2.9 (--expected-ip/expectedIps) is not on this machine; something else answers ping at 192.0.2.9 (another machine holds the old address)',
      expect(r) {
        expect(pinged).toContainEqual({address: '192.0.2.9', timeoutSeconds: 4})
        expect(r.tables?.[0]?.rows).toEqual([['192.0.2.9', '--expected-ip/expectedIps', 'no', 'answered']])
      },
    },
    {
      name: 'ping disabled by the option: the address is still missing, not pinged',
      sources: {host: host(), console: noConsole},
      settings: {expectedIps: ['192.0.2.10']},
      options: {ping: false},
      summary: /^192\.0\.2\.10 \(--expected-ip\/expectedIps\) is not on this machine\. /,
      expect: (r) => expect(r.details).toContain('192.0.2.10 not pinged: ping disabled by checks."network.ip-changed".ping = false.'),
    },
    {
      name: '3CX reports LocalIpValid = false',
      sources: {host: host(), console: consoleApi({systemStatus: {CurrentLocalIp: '192.0.2.2', LocalIpValid: false}})},
      summary: /^3CX reports LocalIpValid = false: the local IP it was set up with is no longer valid\./,
    },
    {
      name: 'the address is configured on a card that is down',
      sources: {host: hostFacts(linuxMachine('linux-kvm-host-bond.json')), console: noConsole},
      settings: {expectedIps: ['172.17.0.1']},
      summary: /^172\.17\.0\.1 \(--expected-ip\/expectedIps\) is configured on docker0, but that card is down/,
    },
  ],
  skip: [
    {
      name: 'no console and no --expected-ip: nothing to compare with',
      sources: {host: host(), console: noConsole},
      summary: /^Nothing to compare the host's addresses with: give the address 3CX was installed with by --expected-ip/,
      expect: (r) => expect(r.details).toContain('The console API was not asked: connection refused at http://127.0.0.1:5015'),
    },
    {
      name: 'no host facts',
      sources: {host: unavailable('host', 'no network interface found'), console: consoleApi()},
      summary: /no network interface found/,
    },
  ],
})
