/**
 * Interface classification from recorded and modelled data of Linux and
 * Windows machines (test/fixtures/network): physical / virtual (with the
 * reason) / loopback, the hypervisor of a VM's card, bond and bridge members,
 * and the network.multiple-nics decision built on it.
 */
import {mkdirSync, readFileSync, symlinkSync, writeFileSync} from 'node:fs'
import type {NetworkInterfaceInfo} from 'node:os'
import {join, resolve} from 'node:path'
import {describe, expect, it} from 'vitest'
import {assessNics} from '../../../../checks/network/multiple-nics.js'
import {
  classifyAll,
  classifyInterface,
  isUp,
  linuxInterfaces,
  parseIpAddr,
  parseIpOneline,
  parseNetAdapters,
  readSysClassNet,
  windowsInterfaces,
  type HostInterface,
  type IpLink,
  type NetAdapter,
  type SiInterface,
  type SysNetEntry,
} from '../../../../src/sources/host/index.js'
import {tempDir} from '../../../helpers/cli.js'

const FIXTURES = resolve(import.meta.dirname, '..', '..', '..', 'fixtures', 'network')
const fixture = <T>(name: string): T => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as T

type OsDict = NodeJS.Dict<NetworkInterfaceInfo[]>
interface LinuxMachine {
  sys: SysNetEntry[]
  ip: IpLink[] | null
  os?: OsDict
}

const linux = (m: LinuxMachine, overrides = {}): HostInterface[] => classifyAll(linuxInterfaces(m.sys, m.ip ?? undefined, m.os ?? {}), overrides)
const byName = (all: HostInterface[], name: string): HostInterface => {
  const found = all.find((i) => i.name === name)
  if (!found) throw new Error(`no interface ${name} in ${all.map((i) => i.name).join(', ')}`)
  return found
}
const names = (list: HostInterface[]) => list.map((i) => i.name).sort()

describe('Linux, recorded on this kind of machine', () => {
  it('a KVM guest: virtio eth0 is a card presented by KVM/QEMU, ifb devices are virtual, lo is loopback', () => {
    const all = linux(fixture<LinuxMachine>('linux-kvm-guest-recorded.json'))
    const eth0 = byName(all, 'eth0')
    expect(eth0).toMatchObject({kind: 'physical', hypervisor: 'KVM/QEMU', up: true, carrier: true})
    expect(eth0.reason).toContain('driver virtio_net')
    expect(eth0.addresses.map((a) => a.address)).toContain('192.0.2.2')
    expect(byName(all, 'ifb0')).toMatchObject({kind: 'virtual', up: false})
    expect(byName(all, 'ifb0').reason).toContain('intermediate functional block')
    expect(byName(all, 'lo')).toMatchObject({kind: 'loopback', up: true})
    expect(names(assessNics(all).active)).toEqual(['eth0'])
    expect(assessNics(all).idle).toEqual([])
  })

  it('software links made in a namespace: veth, bridge, tun, tap, vxlan are virtual with their reason', () => {
    const all = linux(fixture<LinuxMachine>('linux-software-links-recorded.json'))
    for (const i of all.filter((x) => x.name !== 'lo')) expect(i.kind, i.name).toBe('virtual')
    expect(byName(all, 'veth-lan').reason).toMatch(/^veth pair/)
    expect(byName(all, 'br-test').reason).toContain('bridge')
    expect(byName(all, 'docker0').reason).toMatch(/^Docker bridge/)
    expect(byName(all, 'tun0').reason).toMatch(/tun device \(VPN tunnel\)/)
    expect(byName(all, 'tap0').reason).toMatch(/tun|tap/)
    expect(byName(all, 'vx0').reason).toContain('VXLAN')
    expect(byName(all, 'veth-a').memberOf).toBe('br-test')
    expect(byName(all, 'br-test').members).toEqual(['veth-a'])
    // A bridge over veths only is not a network card; its address is a virtual adapter 3CX may bind to.
    const assessment = assessNics(all)
    expect(assessment.active).toEqual([])
    expect(names(assessment.virtualActive)).toEqual(['br-test', 'docker0', 'veth-lan'])
    // tun0 has an address but no process holds it open: NO-CARRIER, so it is down.
    expect(byName(all, 'tun0')).toMatchObject({up: false, carrier: false})
  })

  it('the same namespace with veth-lan listed in network.physicalInterfaces counts it as the one card', () => {
    const all = linux(fixture<LinuxMachine>('linux-software-links-recorded.json'), {physical: ['veth-lan']})
    expect(byName(all, 'veth-lan')).toMatchObject({kind: 'physical'})
    expect(byName(all, 'veth-lan').reason).toContain('network.physicalInterfaces')
    expect(names(assessNics(all).active)).toEqual(['veth-lan'])
  })
})

describe('Linux, modelled machines', () => {
  const host = fixture<LinuxMachine>('linux-kvm-host-bond.json')

  it('a KVM host: the bridge over the bond over two igb ports is the one attachment; members do not count twice', () => {
    const all = linux(host)
    expect(byName(all, 'enp1s0f0')).toMatchObject({kind: 'physical', memberOf: 'bond0'})
    expect(byName(all, 'enp1s0f0').reason).toBe('hardware device (driver igb)')
    expect(byName(all, 'bond0')).toMatchObject({kind: 'virtual', aggregate: true, memberOf: 'br0', members: ['enp1s0f0', 'enp1s0f1']})
    expect(byName(all, 'br0')).toMatchObject({kind: 'virtual', aggregate: true, members: ['bond0']})
    const a = assessNics(all)
    expect(names(a.active)).toEqual(['br0'])
    expect(names(a.idle)).toEqual(['eno1'])
    expect(names(a.virtualActive)).toEqual(['virbr0', 'wg0'])
  })

  it('names the reason of each software interface, and sees a card without cable as down', () => {
    const all = linux(host)
    expect(byName(all, 'eno1')).toMatchObject({kind: 'physical', up: false, carrier: false, state: 'down'})
    expect(byName(all, 'virbr0').reason).toMatch(/^libvirt bridge/)
    expect(byName(all, 'vnet0')).toMatchObject({kind: 'virtual', memberOf: 'virbr0'})
    expect(byName(all, 'docker0')).toMatchObject({kind: 'virtual', up: false})
    expect(byName(all, 'wg0')).toMatchObject({kind: 'virtual', up: true, reason: 'WireGuard VPN'})
    expect(byName(all, 'br0.30').reason).toBe('VLAN sub-interface')
  })

  it('network.virtualInterfaces wins over the hardware: the unplugged eno1 is then no extra card', () => {
    const all = linux(host, {virtual: ['3C:EC:EF:11:22:33']})
    expect(byName(all, 'eno1').kind).toBe('virtual')
    expect(assessNics(all).idle).toEqual([])
  })

  const guests = fixture<{machines: Record<string, LinuxMachine>}>('linux-single-nic-guests.json').machines

  it('Hyper-V and KVM guests: their one card is presented by the hypervisor and counts as a network card', () => {
    const hv = linux(guests['hyperv-guest']!)
    expect(byName(hv, 'eth0')).toMatchObject({kind: 'physical', hypervisor: 'Hyper-V'})
    expect(byName(hv, 'eth0').reason).toContain('MAC 00:15:5d')
    expect(names(assessNics(hv).active)).toEqual(['eth0'])
    const kvm = linux(guests['kvm-guest-ens3']!)
    expect(byName(kvm, 'ens3')).toMatchObject({kind: 'physical', hypervisor: 'KVM/QEMU'})
    expect(byName(kvm, 'ens3').reason).toContain('MAC 52:54:00')
  })

  it('a VMware guest with a second card up and addressed: two active cards', () => {
    const all = linux(guests['vmware-guest-two-cards']!)
    expect(all.filter((i) => i.hypervisor === 'VMware')).toHaveLength(2)
    expect(names(assessNics(all).active)).toEqual(['ens192', 'ens224'])
  })

  it('without `ip`, addresses come from os.networkInterfaces and a down card is still seen from /sys', () => {
    const all = linux(guests['virtualbox-guest-no-ip-tool']!)
    expect(byName(all, 'enp0s3')).toMatchObject({kind: 'physical', hypervisor: 'VirtualBox', up: true})
    expect(byName(all, 'enp0s3').from).toEqual(['/sys/class/net', 'os.networkInterfaces'])
    expect(byName(all, 'enp0s8')).toMatchObject({kind: 'physical', up: false, addresses: []})
    expect(names(assessNics(all).idle)).toEqual(['enp0s8'])
  })
})

describe('Windows', () => {
  const w = fixture<{si: SiInterface[]; adapters: NetAdapter[]; os: OsDict}>('windows-hyperv-host.json')

  it('a Hyper-V host: vEthernet, TAP, VirtualBox and VMware host adapters are virtual though systeminformation misses some', () => {
    const all = classifyAll(windowsInterfaces(w.si, w.adapters, w.os))
    expect(byName(all, 'Ethernet')).toMatchObject({kind: 'physical', up: true})
    expect(byName(all, 'Ethernet').hypervisor).toBeUndefined()
    expect(byName(all, 'vEthernet (Default Switch)').reason).toMatch(/^Hyper-V virtual switch port/)
    // systeminformation says virtual: false for the TAP adapter; the description says VPN.
    expect(w.si.find((s) => s.iface === 'Ethernet 3')?.virtual).toBe(false)
    expect(byName(all, 'Ethernet 3')).toMatchObject({kind: 'virtual'})
    expect(byName(all, 'Ethernet 3').reason).toMatch(/^VPN adapter/)
    expect(byName(all, 'VirtualBox Host-Only Network').reason).toMatch(/VirtualBox host-only/)
    expect(byName(all, 'VMware Network Adapter VMnet8').reason).toMatch(/VMware host network/)
    expect(byName(all, 'Loopback Pseudo-Interface 1').kind).toBe('loopback')
  })

  it('sees the unplugged and the disabled card that only Get-NetAdapter lists', () => {
    const all = classifyAll(windowsInterfaces(w.si, w.adapters, w.os))
    expect(byName(all, 'Ethernet 2')).toMatchObject({kind: 'physical', up: false, carrier: false, state: 'disconnected', from: ['Get-NetAdapter']})
    expect(byName(all, 'Wi-Fi')).toMatchObject({kind: 'physical', up: false, state: 'disabled'})
    const a = assessNics(all)
    expect(names(a.active)).toEqual(['Ethernet'])
    expect(names(a.idle)).toEqual(['Ethernet 2', 'Wi-Fi'])
    expect(a.virtualActive).toHaveLength(4)
  })

  it('without Get-NetAdapter the same machine shows only adapters with an address', () => {
    const all = classifyAll(windowsInterfaces(w.si, undefined, w.os))
    expect(all.find((i) => i.name === 'Ethernet 2')).toBeUndefined()
    expect(names(assessNics(all).active)).toEqual(['Ethernet'])
  })

  const guests = fixture<{machines: Record<string, SiInterface[]>}>('windows-guests-si-only.json').machines
  it.each([
    ['hyperv-guest', 'Hyper-V'],
    ['kvm-guest', 'KVM/QEMU'],
    ['vmware-guest', 'VMware'],
    ['virtualbox-guest', 'VirtualBox'],
  ])('%s: the guest card is a network card presented by %s, whatever systeminformation says', (machine, hypervisor) => {
    const all = classifyAll(windowsInterfaces(guests[machine]!, undefined, {}))
    expect(all).toHaveLength(1)
    expect(all[0]).toMatchObject({kind: 'physical', hypervisor, up: true})
    expect(assessNics(all).active).toHaveLength(1)
  })

  it('a Hyper-V guest with a second card: two active cards', () => {
    const all = classifyAll(windowsInterfaces(guests['hyperv-guest-second-card']!, undefined, {}))
    expect(names(assessNics(all).active)).toEqual(['Ethernet', 'Ethernet 2'])
  })

  it('parses Get-NetAdapter JSON: one object, a list, nothing; rejects text', () => {
    expect(parseNetAdapters('{"Name":"Ethernet","Status":"Up"}')).toEqual([{Name: 'Ethernet', Status: 'Up'}])
    expect(parseNetAdapters(JSON.stringify(w.adapters))).toHaveLength(7)
    expect(parseNetAdapters('  ')).toEqual([])
    expect(() => parseNetAdapters('Get-NetAdapter : not recognized')).toThrow(/did not print JSON/)
  })
})

describe('rules', () => {
  it('MAC prefixes: guest cards vs host-side adapters, case and dashes do not matter', () => {
    expect(classifyInterface({name: 'x', mac: '00-15-5D-AA-BB-CC', addresses: []})).toMatchObject({kind: 'physical', hypervisor: 'Hyper-V'})
    expect(classifyInterface({name: 'x', mac: '52:54:00:AA:BB:CC', addresses: []})).toMatchObject({kind: 'physical', hypervisor: 'KVM/QEMU'})
    expect(classifyInterface({name: 'x', mac: '0a:00:27:00:00:01', addresses: []}).kind).toBe('virtual')
    expect(classifyInterface({name: 'x', mac: 'fe:54:00:00:00:01', addresses: []}).kind).toBe('virtual')
    expect(classifyInterface({name: 'x', mac: '00:50:56:c0:00:01', addresses: []}).kind).toBe('virtual')
    expect(classifyInterface({name: 'x', mac: '00:50:56:9a:00:01', addresses: []})).toMatchObject({kind: 'physical', hypervisor: 'VMware'})
  })

  it('veth is virtual from /sys even with a name that looks like a card; a card named veth0 with a device is physical', () => {
    expect(classifyInterface({name: 'eth1', sysPath: '../../../../devices/virtual/net/eth1', hasDevice: false, addresses: []}).kind).toBe('virtual')
    expect(classifyInterface({name: 'eth1', linkKind: 'veth', addresses: []}).reason).toMatch(/^veth pair/)
    expect(classifyInterface({name: 'veth0', hasDevice: true, driver: 'e1000e', addresses: []}).kind).toBe('physical')
  })

  it('up: operstate up; unknown only when enabled with carrier; admin down or no carrier is down', () => {
    expect(isUp({operstate: 'up'})).toBe(true)
    expect(isUp({operstate: 'unknown', adminUp: true})).toBe(true)
    expect(isUp({operstate: 'unknown'})).toBe(false)
    expect(isUp({operstate: 'up', carrier: false})).toBe(false)
    expect(isUp({operstate: 'lowerlayerdown', adminUp: true})).toBe(false)
    expect(isUp({operstate: 'disconnected'})).toBe(false)
  })

  it('parses `ip -o addr` of iproute2 without JSON (Debian 9), also veth@peer names', () => {
    const text = [
      '1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever',
      '4: eth0    inet 192.0.2.2/24 brd 192.0.2.255 scope global eth0\\       valid_lft forever preferred_lft forever',
      '4: eth0    inet6 fe80::fc:ff:fe00:1/64 scope link \\       valid_lft forever preferred_lft forever',
      '7: veth1@if6    inet 10.77.1.1/24 scope global veth1\\       valid_lft forever preferred_lft forever',
    ].join('\n')
    const links = parseIpOneline(text)
    expect(links.map((l) => l.ifname)).toEqual(['lo', 'eth0', 'veth1'])
    expect(links[1]!.addr_info).toEqual([
      {family: 'inet', local: '192.0.2.2', prefixlen: 24},
      {family: 'inet6', local: 'fe80::fc:ff:fe00:1', prefixlen: 64},
    ])
    const recorded = fixture<LinuxMachine>('linux-kvm-guest-recorded.json')
    const all = classifyAll(linuxInterfaces(recorded.sys, links, {}))
    expect(byName(all, 'eth0')).toMatchObject({kind: 'physical', up: true, addresses: [{address: '192.0.2.2', family: 'IPv4', prefixLength: 24}, {address: 'fe80::fc:ff:fe00:1', family: 'IPv6', prefixLength: 64}]})
  })

  it('parseIpAddr rejects what is not ip -j output with one line', () => {
    expect(() => parseIpAddr('Usage: ip address')).toThrow('ip -j addr did not print JSON (iproute2 too old?)')
    expect(() => parseIpAddr('{}')).toThrow('not print a list')
  })
})

describe('readSysClassNet on a copy of the /sys tree', () => {
  it('reads links, driver, carrier, flags, master and DEVTYPE; an unreadable carrier stays unknown', () => {
    const root = tempDir('tcx-sys-')
    const devices = join(root, 'devices')
    const classNet = join(root, 'class', 'net')
    mkdirSync(classNet, {recursive: true})
    const make = (name: string, real: string, files: Record<string, string>, extra: (dir: string) => void = () => {}) => {
      const dir = join(devices, real, name)
      mkdirSync(dir, {recursive: true})
      for (const [f, v] of Object.entries(files)) writeFileSync(join(dir, f), `${v}\n`)
      extra(dir)
      symlinkSync(join('..', '..', 'devices', real, name), join(classNet, name))
    }
    mkdirSync(join(devices, 'drivers', 'e1000e'), {recursive: true})
    make('eno1', 'pci0000:00/0000:00:1f.6/net', {operstate: 'up', carrier: '1', address: '3c:ec:ef:11:22:33', type: '1', flags: '0x1003'}, (dir) => {
      mkdirSync(join(dir, 'device'))
      symlinkSync(join(devices, 'drivers', 'e1000e'), join(dir, 'device', 'driver'))
    })
    make('br0', 'virtual/net', {operstate: 'down', address: '02:00:00:00:00:01', type: '1', flags: '0x1002', uevent: 'DEVTYPE=bridge\nINTERFACE=br0\nIFINDEX=5'}, (dir) =>
      mkdirSync(join(dir, 'bridge')),
    )
    const entries = readSysClassNet(classNet)
    expect(entries.map((e) => e.name)).toEqual(['br0', 'eno1'])
    expect(entries[1]).toMatchObject({hasDevice: true, driver: 'e1000e', carrier: true, flags: 0x1003, operstate: 'up'})
    expect(entries[0]).toMatchObject({hasDevice: false, devtype: 'bridge', bridge: true, operstate: 'down'})
    expect(entries[0]!.carrier).toBeUndefined()
    expect(entries[0]!.link).toContain('/devices/virtual/net/br0')
    const all = classifyAll(linuxInterfaces(entries, undefined, {}))
    expect(byName(all, 'eno1')).toMatchObject({kind: 'physical', reason: 'hardware device (driver e1000e)', up: true})
    expect(byName(all, 'br0')).toMatchObject({kind: 'virtual', up: false})
  })
})
