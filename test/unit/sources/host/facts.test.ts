/**
 * What the host source adds over the classification: every address with its
 * interface (lower case, no zone id, also on cards that are down), and its
 * `info` section. From the recorded KVM host (test/fixtures/network).
 */
import {describe, expect, it} from 'vitest'
import {addressesOf, classifyAll, hostSource, linuxInterfaces, type HostFacts} from '../../../../src/sources/host/index.js'
import {hostFacts, linuxMachine} from '../../checks/network/fakes.js'

describe('host addresses', () => {
  it('lists every address with its interface and whether that is up', () => {
    const m = linuxMachine('linux-kvm-host-bond.json')
    const addresses = addressesOf(classifyAll(linuxInterfaces(m.sys, m.ip ?? undefined, {})))
    expect(addresses).toContainEqual({address: '198.51.100.10', interface: 'br0', up: true})
    expect(addresses).toContainEqual({address: '172.17.0.1', interface: 'docker0', up: false})
    expect(addresses).toContainEqual({address: '127.0.0.1', interface: 'lo', up: true})
  })

  it('drops zone ids and lower-cases', () => {
    const [iface] = classifyAll([{name: 'eth0', addresses: [{address: 'FE80::1%eth0', family: 'IPv6'}], from: ['test'], operstate: 'up', hasDevice: true}])
    expect(addressesOf([iface!])).toEqual([{address: 'fe80::1', interface: 'eth0', up: true}])
  })
})

describe('info', () => {
  it('shows the interfaces as network.multiple-nics judges them, and where they were read', async () => {
    const facts: HostFacts = hostFacts(linuxMachine('linux-kvm-guest-recorded.json'))
    const section = await hostSource.info!.collect(facts, undefined as never)
    expect(hostSource.info!.title).toBe('Network interfaces')
    expect(section).toMatchObject({collectedFrom: ['/sys/class/net', 'ip -j -d addr'], durationMs: 1})
    expect(section.interfaces).toContainEqual(expect.objectContaining({name: 'eth0', kind: 'physical', hypervisor: 'KVM/QEMU', addresses: ['192.0.2.2/24', 'fd00::2/64', 'fe80::fc:ff:fe00:1/64']}))
  })
})
