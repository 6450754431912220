/**
 * Linux interface facts: a /sys/class/net reader and the parsers of `ip -j -d addr`
 * and `ip -o addr`, merged into one raw record per interface (pure but for the /sys reads).
 */
import {existsSync, readFileSync, readdirSync, readlinkSync} from 'node:fs'
import {basename, join} from 'node:path'
import {normalizeMac, osAddresses, type InterfaceAddress, type OsInterfaces, type RawInterface} from './classify.js'

/** One /sys/class/net/<name> entry, as read (recorded as JSON in test fixtures). */
export interface SysNetEntry {
  name: string
  /** readlink of /sys/class/net/<name>. */
  link?: string
  hasDevice: boolean
  driver?: string
  operstate?: string
  /** undefined when the kernel refuses to say (interface administratively down). */
  carrier?: boolean
  address?: string
  type?: number
  /** /sys/class/net/<name>/flags as a number (IFF_UP 0x1, IFF_LOOPBACK 0x8). */
  flags?: number
  /** DEVTYPE from uevent (bridge, bond, vlan, wlan, wireguard, ...). */
  devtype?: string
  master?: string
  bonding?: boolean
  bridge?: boolean
  tun?: boolean
  wireless?: boolean
}

const readText = (path: string): string | undefined => {
  try {
    return readFileSync(path, 'utf8').trim()
  } catch {
    return undefined
  }
}
const readLink = (path: string): string | undefined => {
  try {
    return readlinkSync(path)
  } catch {
    return undefined
  }
}

/** Reads every interface under /sys/class/net (or a copy of that tree, for tests). */
export function readSysClassNet(root = '/sys/class/net'): SysNetEntry[] {
  return readdirSync(root)
    .sort()
    .map((name) => {
      const dir = join(root, name)
      const carrier = readText(join(dir, 'carrier'))
      const type = readText(join(dir, 'type'))
      const flags = readText(join(dir, 'flags'))
      const devtype = /^DEVTYPE=(.+)$/m.exec(readText(join(dir, 'uevent')) ?? '')?.[1]
      const driverLink = readLink(join(dir, 'device', 'driver'))
      const master = readLink(join(dir, 'master'))
      const entry: SysNetEntry = {name, hasDevice: existsSync(join(dir, 'device'))}
      const link = readLink(dir)
      if (link !== undefined) entry.link = link
      if (driverLink) entry.driver = basename(driverLink)
      const operstate = readText(join(dir, 'operstate'))
      if (operstate) entry.operstate = operstate
      if (carrier === '1' || carrier === '0') entry.carrier = carrier === '1'
      const address = readText(join(dir, 'address'))
      if (address) entry.address = address
      if (type && /^\d+$/.test(type)) entry.type = Number(type)
      if (flags && /^0x[0-9a-f]+$/i.test(flags)) entry.flags = Number.parseInt(flags, 16)
      if (devtype) entry.devtype = devtype
      if (master) entry.master = basename(master)
      if (existsSync(join(dir, 'bonding'))) entry.bonding = true
      if (existsSync(join(dir, 'bridge'))) entry.bridge = true
      if (existsSync(join(dir, 'tun_flags'))) entry.tun = true
      if (existsSync(join(dir, 'phy80211')) || existsSync(join(dir, 'wireless'))) entry.wireless = true
      return entry
    })
}

/** One link of `ip -j -d addr show` (fields tcx-doctor reads). */
export interface IpLink {
  ifname: string
  flags?: string[]
  operstate?: string
  link_type?: string
  address?: string
  master?: string
  linkinfo?: {info_kind?: string; info_slave_kind?: string}
  addr_info?: Array<{family?: string; local?: string; prefixlen?: number; scope?: string}>
}

/** Parses `ip -j addr` output; throws one line when it is not that. */
export function parseIpAddr(text: string): IpLink[] {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw new Error('ip -j addr did not print JSON (iproute2 too old?)')
  }
  if (!Array.isArray(parsed)) throw new Error('ip -j addr did not print a list of links')
  return parsed.filter((l): l is IpLink => l !== null && typeof l === 'object' && typeof (l as IpLink).ifname === 'string')
}

/**
 * Parses `ip -o addr show` (one line per address), the fallback for iproute2
 * before 4.13 (Debian 9, where 3CX v15.5 often runs), which has no `-j`.
 */
export function parseIpOneline(text: string): IpLink[] {
  const links = new Map<string, IpLink>()
  for (const line of text.split('\n')) {
    const m = /^\d+:\s+([^\s@]+)(?:@\S+)?\s+(inet6?)\s+([0-9a-fA-F:.]+)\/(\d+)/.exec(line)
    if (!m) continue
    const link = links.get(m[1]!) ?? {ifname: m[1]!, addr_info: []}
    link.addr_info!.push({family: m[2]!, local: m[3]!, prefixlen: Number(m[4])})
    links.set(m[1]!, link)
  }
  return [...links.values()]
}

/** Merges /sys, `ip` and os.networkInterfaces() facts into one raw record per interface (pure). */
export function linuxInterfaces(sys: SysNetEntry[], ip: IpLink[] | undefined, os: OsInterfaces): RawInterface[] {
  const names = [...new Set([...sys.map((s) => s.name), ...(ip ?? []).map((l) => l.ifname), ...Object.keys(os)])]
  return names.map((name) => {
    const s = sys.find((e) => e.name === name)
    const l = ip?.find((e) => e.ifname === name)
    const from = [...(s ? ['/sys/class/net'] : []), ...(l ? ['ip addr'] : []), ...(!l && os[name] ? ['os.networkInterfaces'] : [])]
    const addresses: InterfaceAddress[] = l
      ? (l.addr_info ?? [])
          .filter((a) => typeof a.local === 'string' && (a.family === 'inet' || a.family === 'inet6'))
          .map((a) => ({address: a.local!, family: a.family === 'inet6' ? 'IPv6' : 'IPv4', ...(typeof a.prefixlen === 'number' ? {prefixLength: a.prefixlen} : {})}))
      : osAddresses(os[name])
    const linkKind =
      l?.linkinfo?.info_kind ??
      (s?.bonding ? 'bond' : s?.bridge ? 'bridge' : s?.wireless ? 'wlan' : s?.devtype ?? (s?.tun ? (s.type === 1 ? 'tap' : 'tun') : undefined))
    const flags = l?.flags
    const adminUp = s?.flags !== undefined ? (s.flags & 0x1) === 0x1 : flags ? flags.includes('UP') : os[name] ? true : undefined
    const loopback = (s?.flags !== undefined && (s.flags & 0x8) === 0x8) || flags?.includes('LOOPBACK') === true || os[name]?.some((a) => a.internal) === true
    const carrier = s?.carrier ?? (flags ? (flags.includes('NO-CARRIER') ? false : flags.includes('LOWER_UP') ? true : undefined) : undefined)
    const raw: RawInterface = {name, addresses, from}
    const mac = normalizeMac(s?.address ?? l?.address ?? os[name]?.[0]?.mac)
    if (mac) raw.mac = mac
    const operstate = (s?.operstate ?? l?.operstate ?? (os[name] ? 'up' : undefined))?.toLowerCase()
    if (operstate) raw.operstate = operstate
    if (adminUp !== undefined) raw.adminUp = adminUp
    if (carrier !== undefined) raw.carrier = carrier
    if (loopback) raw.loopbackFlag = true
    if (s?.link !== undefined) raw.sysPath = s.link
    if (s) raw.hasDevice = s.hasDevice
    if (s?.driver) raw.driver = s.driver
    if (linkKind) raw.linkKind = linkKind
    const master = s?.master ?? l?.master
    if (master) raw.master = master
    if (s?.type !== undefined) raw.arpType = s.type
    return raw
  })
}

