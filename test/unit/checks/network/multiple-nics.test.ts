/**
 * network.multiple-nics through the check tester, on host facts built from the
 * recorded machines of test/fixtures/network and the recorded v15.5 SystemStatus.
 */
import {expect} from 'vitest'
import check from '../../../../checks/network/multiple-nics.js'
import {testCheck, unavailable} from '../../../helpers/check-tester.js'
import {consoleApi, hostFacts, linuxMachine} from './fakes.js'

const kvmGuest = () => hostFacts(linuxMachine('linux-kvm-guest-recorded.json'))

testCheck(check, {
  pass: [
    {
      name: 'a KVM guest with one virtio card; the console lists one local IP',
      sources: {host: kvmGuest(), console: consoleApi()},
      summary: 'One network card in use: eth0 192.0.2.2, fd00::2 (presented by KVM/QEMU).',
      expect(r) {
        const [interfaces] = r.tables ?? []
        expect(interfaces?.columns).toEqual(['name', 'kind', 'state', 'addresses', 'why'])
        expect(interfaces?.rows.find((row) => row[0] === 'eth0')).toEqual(['eth0', 'physical', 'up', expect.stringContaining('192.0.2.2/'), expect.stringContaining('virtio_net')])
        expect(interfaces?.rows.find((row) => row[0] === 'ifb0')?.[1]).toBe('virtual')
        expect(r.evidence?.availableLocalIps).toEqual(['10.20.30.40'])
      },
    },
    {
      name: 'without the console the host facts alone decide, and the report says what was not compared',
      sources: {host: hostFacts(linuxMachine('linux-single-nic-guests.json', 'hyperv-guest')), console: unavailable('console', 'connection refused at http://127.0.0.1:5015')},
      summary: /^One network card in use: eth0 /,
      expect: (r) => expect(r.details).toContain("The console's AvailableLocalIps was not compared: connection refused at http://127.0.0.1:5015"),
    },
  ],
  warn: [
    {
      name: 'a KVM host: the bridge over the bonded ports is the one attachment, the unplugged onboard card is an extra card',
      sources: {host: hostFacts(linuxMachine('linux-kvm-host-bond.json'))},
      summary: /^One card in use \(br0 .*extra physical card\(s\) eno1 /,
    },
    {
      name: 'the console lists two AvailableLocalIps',
      sources: {host: kvmGuest(), console: consoleApi({systemStatus: {AvailableLocalIps: '10.20.30.40, 10.20.31.40'}})},
      summary: "the console's AvailableLocalIps lists 2 addresses (10.20.30.40, 10.20.31.40)",
    },
    {
      name: 'software links only: no physical card up, naming the override',
      sources: {host: hostFacts(linuxMachine('linux-software-links-recorded.json'))},
      summary: /^no physical network card is up with an address; .*network\.physicalInterfaces/,
    },
  ],
  fail: [
    {
      name: 'a VMware guest that got a second card up with an address',
      sources: {host: hostFacts(linuxMachine('linux-single-nic-guests.json', 'vmware-guest-two-cards'))},
      summary: /^2 network cards are up with an address \(ens192 .*; ens224 .*\): 3CX supports one\.$/,
      expect: (r) => expect(r.details[0]).toMatch(/console answers HTTP 502/),
    },
  ],
  skip: [
    {
      name: 'no host facts',
      sources: {host: unavailable('host', 'cannot list this machine\'s network interfaces: /sys/class/net unreadable')},
      summary: /\/sys\/class\/net unreadable/,
    },
  ],
})
