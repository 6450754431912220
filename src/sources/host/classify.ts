/**
 * Network interface classification: physical card, virtual adapter (with the
 * reason), or loopback. Pure functions fed by what the host source collected
 * (Linux /sys/class/net and `ip -j -d addr`, Windows Get-NetAdapter,
 * systeminformation, os.networkInterfaces), so recorded data from any machine
 * can be classified in a unit test.
 *
 * Why not systeminformation's own `virtual` flag: it compares MAC prefixes
 * case-sensitively against a list with `00:15:5d` in lower case (so Hyper-V is
 * missed), lists `54:52:00` instead of QEMU/KVM's `52:54:00`, catches veth only by
 * name, and sees neither cards that are down nor the hardware/software split that
 * Linux (/sys/devices/virtual/net) and Windows (HardwareInterface) record.
 *
 * A card presented by a hypervisor (a VM's virtio, Hyper-V, VMware or VirtualBox
 * NIC) is a network card to the machine and to 3CX: it is classified physical,
 * with `hypervisor` naming who presents it.
 */

import type {NetworkInterfaceInfo} from 'node:os'
import {isLoopbackHost} from '../../lib/net.js'

export type InterfaceKind = 'physical' | 'virtual' | 'loopback'

export interface InterfaceAddress {
  address: string
  family: 'IPv4' | 'IPv6'
  prefixLength?: number
}

/** Everything known about one interface before classification; every field but name/addresses is optional. */
export interface RawInterface {
  name: string
  /** Windows adapter description ("Intel(R) Ethernet Connection I219-LM", "Hyper-V Virtual Ethernet Adapter"). */
  description?: string
  /** Lower case, colon separated. */
  mac?: string
  addresses: InterfaceAddress[]
  /** Lower case: up, down, unknown, dormant, lowerlayerdown, notpresent, disconnected, disabled. */
  operstate?: string
  /** The administrator enabled it (Linux IFF_UP, Windows AdminStatus). */
  adminUp?: boolean
  /** A cable or link partner is there; undefined when the OS does not say (Linux: card administratively down). */
  carrier?: boolean
  /** The OS flags it as loopback (Linux IFF_LOOPBACK, Node `internal`). */
  loopbackFlag?: boolean
  /** Linux: where /sys/class/net/<name> points, e.g. ../../devices/pci0000:00/.../net/eth0 or ../../devices/virtual/net/veth1. */
  sysPath?: string
  /** Linux: /sys/class/net/<name>/device exists (backed by a bus device). */
  hasDevice?: boolean
  /** Linux: the bus driver (e1000e, virtio_net, hv_netvsc, vmxnet3). */
  driver?: string
  /** Linux: the link kind (ip -d linkinfo.info_kind or sysfs: veth, bridge, bond, tun, tap, vlan, wireguard, wlan, ...). */
  linkKind?: string
  /** Linux: the bond or bridge this interface is a member of. */
  master?: string
  /** Linux: ARPHRD type from /sys (1 ethernet, 772 loopback, 65534 none/tun). */
  arpType?: number
  /** Windows Get-NetAdapter HardwareInterface. */
  hardwareInterface?: boolean
  /** systeminformation's `virtual` flag (known to be wrong for Hyper-V and KVM). */
  siVirtual?: boolean
  /** Where the facts came from, e.g. ["/sys/class/net", "ip -j -d addr"]. */
  from?: string[]
}

export interface Classification {
  kind: InterfaceKind
  /** Why, in plain words: "hardware device (driver e1000e)", "veth pair (container or namespace link)". */
  reason: string
  /** For a VM's card: the hypervisor presenting it (Hyper-V, KVM/QEMU, VMware, VirtualBox, Xen, Parallels). */
  hypervisor?: string
  /** A bond or bridge: it carries the traffic of its member cards. */
  aggregate?: boolean
}

export interface ClassificationOverrides {
  /** Interface names (or MACs) to count as physical cards whatever they look like. */
  physical?: string[]
  /** Interface names (or MACs) to count as virtual adapters whatever they look like. */
  virtual?: string[]
}

export interface HostInterface {
  name: string
  description?: string
  mac?: string
  addresses: InterfaceAddress[]
  /** As the OS said it (lower case), or "unknown". */
  state: string
  /** Usable now: enabled, with a link. */
  up: boolean
  carrier?: boolean
  kind: InterfaceKind
  reason: string
  hypervisor?: string
  aggregate?: boolean
  /** Bond or bridge it belongs to. */
  memberOf?: string
  /** Member interfaces (for a bond or bridge). */
  members?: string[]
  from?: string[]
}

/** MAC prefixes of cards a hypervisor presents to its guests (the guest sees a network card). */
export const GUEST_MAC_PREFIXES: ReadonlyArray<[string, string]> = [
  ['00:15:5d', 'Hyper-V'],
  ['52:54:00', 'KVM/QEMU'],
  ['00:50:56', 'VMware'],
  ['00:0c:29', 'VMware'],
  ['00:05:69', 'VMware'],
  ['00:1c:14', 'VMware'],
  ['08:00:27', 'VirtualBox'],
  ['00:16:3e', 'Xen'],
  ['00:1c:42', 'Parallels'],
]

/** MAC prefixes of host-side adapters of a hypervisor (virtual switches, host-only networks, VM taps). */
export const HOST_SIDE_MAC_PREFIXES: ReadonlyArray<[string, string]> = [
  ['0a:00:27', 'VirtualBox host-only network adapter'],
  ['00:50:56:c0:00', 'VMware host network adapter (VMnet)'],
  ['fe:54:00', 'KVM/QEMU host tap for a VM (vnet)'],
]

const HYPERVISOR_DRIVERS: Record<string, string> = {
  virtio_net: 'KVM/QEMU',
  'virtio-net': 'KVM/QEMU',
  hv_netvsc: 'Hyper-V',
  vmxnet3: 'VMware',
  'xen-netfront': 'Xen',
  vif: 'Xen',
}

/** Linux link kinds (ip -d linkinfo.info_kind, sysfs) that are software, with the reason shown. */
const LINUX_VIRTUAL_KINDS: Record<string, string> = {
  veth: 'veth pair (container or namespace link)',
  bridge: 'software bridge',
  bond: 'bond (aggregates its member cards)',
  team: 'team (aggregates its member cards)',
  vlan: 'VLAN sub-interface',
  macvlan: 'macvlan sub-interface',
  ipvlan: 'ipvlan sub-interface',
  macvtap: 'macvtap (VM link)',
  vxlan: 'VXLAN overlay',
  geneve: 'Geneve overlay',
  tun: 'tun device (VPN tunnel)',
  tap: 'tap device (VM or VPN)',
  wireguard: 'WireGuard VPN',
  dummy: 'dummy interface',
  ifb: 'intermediate functional block (traffic shaping)',
  gre: 'GRE tunnel',
  gretap: 'GRE tunnel',
  ipip: 'IP-in-IP tunnel',
  sit: 'IPv6-in-IPv4 tunnel',
  ip6tnl: 'IPv6 tunnel',
  vti: 'IPsec tunnel',
  nlmon: 'netlink monitor',
  vrf: 'VRF device',
}

/** Names that betray software adapters, for when nothing better is known. */
const VIRTUAL_NAME_PATTERNS: ReadonlyArray<[RegExp, string]> = [
  [/^docker\d*$/i, 'Docker bridge'],
  [/^br-[0-9a-f]{6,}$/i, 'Docker network bridge'],
  [/^veth/i, 'veth pair (container or namespace link)'],
  [/^virbr\d/i, 'libvirt bridge'],
  [/^vnet\d/i, 'VM tap (libvirt vnet)'],
  [/^vmnet\d/i, 'VMware host network (vmnet)'],
  [/^vboxnet\d/i, 'VirtualBox host-only network'],
  [/^(tun|tap|utun)\d/i, 'tunnel device (VPN)'],
  [/^wg\d/i, 'WireGuard VPN'],
  [/^tailscale/i, 'Tailscale VPN'],
  [/^zt[0-9a-z]{6,}$/i, 'ZeroTier VPN'],
  [/^ppp\d/i, 'PPP link (VPN or modem)'],
  [/^(cni|flannel|cali|weave|kube-bridge|lxcbr|lxdbr|podman)/i, 'container network'],
  [/^vEthernet/i, 'Hyper-V virtual switch port (vEthernet)'],
  [/^(awdl|llw|anpi|ap)\d/i, 'Apple wireless link or software adapter'],
  [/^bond\d/i, 'bond (aggregates its member cards)'],
  [/^br\d/i, 'software bridge'],
]

/** Windows adapter descriptions (InterfaceDescription / systeminformation ifaceName). */
const WINDOWS_VIRTUAL_DESCRIPTIONS: ReadonlyArray<[RegExp, string]> = [
  [/Hyper-V Virtual Ethernet Adapter/i, 'Hyper-V virtual switch port (vEthernet)'],
  [/Hyper-V Virtual Switch/i, 'Hyper-V virtual switch'],
  [/VirtualBox Host-Only/i, 'VirtualBox host-only network adapter'],
  [/VMware Virtual Ethernet Adapter/i, 'VMware host network adapter (VMnet)'],
  [/TAP-Windows|TAP-Win32|OpenVPN|Wintun|WireGuard|Tailscale|ZeroTier|AnyConnect|Fortinet|FortiClient|Juniper|Pulse Secure|GlobalProtect|PANGP|SonicWall|NordLynx|Check Point Virtual|\bVPN\b/i, 'VPN adapter'],
  [/WAN Miniport|Teredo|ISATAP|6to4|IP-HTTPS|Kernel Debug/i, 'Windows tunnel or miniport'],
  [/Wi-Fi Direct Virtual|Hosted Network Virtual/i, 'Wi-Fi Direct virtual adapter'],
  [/Loopback Adapter|Npcap Loopback/i, 'software loopback adapter'],
  [/Bluetooth/i, 'Bluetooth personal-area network, not a LAN card'],
  [/Virtual Adapter|Virtual Ethernet/i, 'virtual adapter (by its description)'],
]

const WINDOWS_GUEST_DESCRIPTIONS: ReadonlyArray<[RegExp, string]> = [
  [/Hyper-V Network Adapter/i, 'Hyper-V'],
  [/VirtIO Ethernet/i, 'KVM/QEMU'],
  [/vmxnet/i, 'VMware'],
  [/Xen Net|XenServer|Citrix PV Network/i, 'Xen'],
  [/Parallels .*Ethernet/i, 'Parallels'],
]

export function normalizeMac(mac: string | undefined): string | undefined {
  if (!mac) return undefined
  const m = mac.trim().toLowerCase().replace(/-/g, ':')
  return m === '' ? undefined : m
}

function macPrefix(mac: string | undefined, table: ReadonlyArray<[string, string]>): string | undefined {
  const m = normalizeMac(mac)
  if (!m) return undefined
  return table.find(([prefix]) => m.startsWith(prefix))?.[1]
}

const matches = (list: string[] | undefined, raw: RawInterface): boolean => {
  if (!list || list.length === 0) return false
  const mac = normalizeMac(raw.mac)
  return list.some((entry) => entry === raw.name || (mac !== undefined && normalizeMac(entry) === mac))
}

/** Classifies one interface. Order: overrides, loopback, Linux link kind and /sys, Windows facts, MAC, names, default. */
export function classifyInterface(raw: RawInterface, overrides: ClassificationOverrides = {}): Classification {
  if (matches(overrides.physical, raw)) {
    return {kind: 'physical', reason: 'listed in network.physicalInterfaces (config) or --physical-interface'}
  }
  if (matches(overrides.virtual, raw)) {
    return {kind: 'virtual', reason: 'listed in network.virtualInterfaces (config)'}
  }
  if (raw.loopbackFlag === true || raw.arpType === 772 || raw.name === 'lo' || /Loopback Pseudo-Interface/i.test(raw.description ?? '')) {
    return {kind: 'loopback', reason: 'loopback interface'}
  }

  const kind = raw.linkKind?.toLowerCase()
  if (kind && kind !== 'wlan' && LINUX_VIRTUAL_KINDS[kind]) {
    const named = VIRTUAL_NAME_PATTERNS.find(([re]) => re.test(raw.name))
    const base = LINUX_VIRTUAL_KINDS[kind]
    const reason = kind === 'bridge' && named && named[1] !== 'software bridge' ? `${named[1]} (software bridge)` : base
    return {kind: 'virtual', reason, ...(kind === 'bridge' || kind === 'bond' || kind === 'team' ? {aggregate: true} : {})}
  }

  if (raw.hasDevice === true || (raw.sysPath !== undefined && !raw.sysPath.includes('/devices/virtual/'))) {
    const byDriver = raw.driver ? HYPERVISOR_DRIVERS[raw.driver] : undefined
    const byMac = macPrefix(raw.mac, GUEST_MAC_PREFIXES)
    const hypervisor = byDriver ?? byMac
    const what = kind === 'wlan' ? 'wireless card' : 'hardware device'
    const driver = raw.driver ? `driver ${raw.driver}` : 'has a device in /sys/class/net'
    if (hypervisor) {
      const evidence = [raw.driver ? `driver ${raw.driver}` : undefined, byMac ? `MAC ${normalizeMac(raw.mac)?.slice(0, 8)}` : undefined].filter(Boolean).join(', ')
      return {kind: 'physical', reason: `card presented by ${hypervisor} (${evidence}): to this machine it is a ${what === 'wireless card' ? 'wireless card' : 'network card'}`, hypervisor}
    }
    return {kind: 'physical', reason: `${what} (${driver})`}
  }
  if (raw.sysPath !== undefined && raw.sysPath.includes('/devices/virtual/')) {
    const named = VIRTUAL_NAME_PATTERNS.find(([re]) => re.test(raw.name))
    const hostSide = macPrefix(raw.mac, HOST_SIDE_MAC_PREFIXES)
    const why = named?.[1] ?? hostSide ?? 'software interface'
    return {kind: 'virtual', reason: `${why} (/sys/devices/virtual/net, no hardware device)`}
  }

  const description = raw.description ?? ''
  const windowsVirtual = WINDOWS_VIRTUAL_DESCRIPTIONS.find(([re]) => re.test(description))
  if (windowsVirtual) return {kind: 'virtual', reason: `${windowsVirtual[1]}: "${description}"`}
  const windowsGuest = WINDOWS_GUEST_DESCRIPTIONS.find(([re]) => re.test(description))

  if (raw.hardwareInterface === true) {
    const hypervisor = windowsGuest?.[1] ?? macPrefix(raw.mac, GUEST_MAC_PREFIXES)
    if (hypervisor) return {kind: 'physical', reason: `card presented by ${hypervisor} ("${description || raw.name}"): to this machine it is a network card`, hypervisor}
    return {kind: 'physical', reason: `hardware adapter (Windows HardwareInterface${description ? `, "${description}"` : ''})`}
  }
  if (raw.hardwareInterface === false) {
    return {kind: 'virtual', reason: `software adapter (Windows HardwareInterface false${description ? `, "${description}"` : ''})`}
  }

  const hostSide = macPrefix(raw.mac, HOST_SIDE_MAC_PREFIXES)
  if (hostSide) return {kind: 'virtual', reason: `${hostSide} (MAC ${normalizeMac(raw.mac)})`}
  const named = VIRTUAL_NAME_PATTERNS.find(([re]) => re.test(raw.name))
  if (named) return {kind: 'virtual', reason: `${named[1]} (by its name)`, ...(/bond|bridge/.test(named[1]) ? {aggregate: true} : {})}
  if (windowsGuest) return {kind: 'physical', reason: `card presented by ${windowsGuest[1]} ("${description}"): to this machine it is a network card`, hypervisor: windowsGuest[1]}
  const guest = macPrefix(raw.mac, GUEST_MAC_PREFIXES)
  if (guest) {
    return {kind: 'physical', reason: `card presented by ${guest} (MAC ${normalizeMac(raw.mac)?.slice(0, 8)}): to this machine it is a network card`, hypervisor: guest}
  }
  if (raw.siVirtual === true) return {kind: 'virtual', reason: 'systeminformation flags it virtual'}
  return {kind: 'physical', reason: description ? `network adapter "${description}" (no sign of a virtual adapter)` : 'no sign of a virtual adapter'}
}

const DOWN_STATES = new Set(['down', 'lowerlayerdown', 'notpresent', 'dormant', 'disconnected', 'disabled', 'not present', 'testing'])

/** Usable now: the OS says up, or (loopback, tun) "unknown" while enabled and not without carrier. */
export function isUp(raw: Pick<RawInterface, 'operstate' | 'adminUp' | 'carrier'>): boolean {
  const state = (raw.operstate ?? 'unknown').toLowerCase()
  if (raw.adminUp === false || raw.carrier === false) return false
  if (state === 'up') return true
  if (DOWN_STATES.has(state)) return false
  return raw.adminUp === true || raw.carrier === true
}

/** Classifies every interface and links bond/bridge members to their master. */
export function classifyAll(raws: RawInterface[], overrides: ClassificationOverrides = {}): HostInterface[] {
  const members = new Map<string, string[]>()
  for (const raw of raws) {
    if (raw.master) members.set(raw.master, [...(members.get(raw.master) ?? []), raw.name])
  }
  return raws.map((raw) => {
    const c = classifyInterface(raw, overrides)
    const own = members.get(raw.name)
    const iface: HostInterface = {
      name: raw.name,
      ...(raw.description ? {description: raw.description} : {}),
      ...(raw.mac ? {mac: normalizeMac(raw.mac)!} : {}),
      addresses: raw.addresses,
      state: (raw.operstate ?? 'unknown').toLowerCase(),
      up: isUp(raw),
      ...(raw.carrier === undefined ? {} : {carrier: raw.carrier}),
      kind: c.kind,
      reason: c.reason,
      ...(c.hypervisor ? {hypervisor: c.hypervisor} : {}),
      ...(c.aggregate || (own && own.length > 0) ? {aggregate: true} : {}),
      ...(raw.master ? {memberOf: raw.master} : {}),
      ...(own ? {members: own} : {}),
      ...(raw.from ? {from: raw.from} : {}),
    }
    return iface
  })
}

/** Link-local (169.254/16, fe80::/10) and loopback addresses are not what 3CX binds to. */
export function isUsableAddress(a: InterfaceAddress): boolean {
  const ip = a.address.toLowerCase()
  if (isLoopbackHost(ip)) return false
  return a.family === 'IPv4' ? !ip.startsWith('169.254.') : !/^fe[89ab][0-9a-f]:/.test(ip)
}

export const usableAddresses = (iface: HostInterface): InterfaceAddress[] => iface.addresses.filter(isUsableAddress)

/** The physical cards under a bond or bridge, also through nested ones (a bridge over a bond over two cards). */
export function physicalMembers(iface: HostInterface, all: HostInterface[], seen: Set<string> = new Set()): HostInterface[] {
  if (seen.has(iface.name)) return []
  seen.add(iface.name)
  return (iface.members ?? [])
    .map((m) => all.find((i) => i.name === m))
    .filter((i): i is HostInterface => i !== undefined)
    .flatMap((i) => (i.kind === 'physical' ? [i] : physicalMembers(i, all, seen)))
}

/** os.networkInterfaces() as it returns. */
export type OsInterfaces = NodeJS.Dict<NetworkInterfaceInfo[]>

/** The addresses of one os.networkInterfaces() entry (zone ids dropped). */
export const osAddresses = (list: NetworkInterfaceInfo[] | undefined): InterfaceAddress[] =>
  (list ?? []).map((a) => ({
    address: a.address.replace(/%.*$/, ''),
    family: a.family === 'IPv6' || (a.family as unknown) === 6 ? 'IPv6' : 'IPv4',
    ...(a.cidr ? {prefixLength: Number(a.cidr.split('/')[1])} : {}),
  }))

