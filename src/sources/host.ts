/**
 * The host source: this machine's network interfaces, every one of them
 * (also cards that are down or without cable), classified physical / virtual
 * (with the reason) / loopback. See src/sources/network-classify.ts for the rules.
 *
 * Where the facts come from, and why:
 *  - Linux: /sys/class/net (every interface, hardware or not, operstate,
 *    carrier, driver, bond/bridge membership) and `ip -j -d addr` (addresses
 *    also of cards that are down, link kinds). os.networkInterfaces() is the
 *    fallback for addresses when `ip` is missing; it lists only interfaces that
 *    are up and running. systeminformation is not called on Linux: it adds
 *    nothing /sys does not say, misses down cards, and costs ~60-100 ms against
 *    ~1-3 ms for the above (measured, see docs/checks/network.md).
 *  - Windows and others: systeminformation.networkInterfaces() (bounded by a
 *    timeout: it runs PowerShell on Windows) for descriptions and state,
 *    `Get-NetAdapter` on Windows for disconnected/disabled cards and the
 *    HardwareInterface flag, os.networkInterfaces() for every address.
 * Every external call is bounded; a failing part becomes a note, and only when
 * no interface list at all can be had does the source throw SourceUnavailableError.
 */
import {execFile} from 'node:child_process'
import {existsSync, readFileSync, readdirSync, readlinkSync} from 'node:fs'
import {hostname, networkInterfaces as osNetworkInterfaces, type NetworkInterfaceInfo} from 'node:os'
import {basename, join} from 'node:path'
import type {SourceContext, SourceDefinition} from '../engine/context.js'
import {SourceUnavailableError, errorMessage} from '../engine/errors.js'
import {
  classifyAll,
  normalizeMac,
  type ClassificationOverrides,
  type HostInterface,
  type InterfaceAddress,
  type RawInterface,
} from './network-classify.js'

export * from './network-classify.js'

export interface HostFacts {
  platform: NodeJS.Platform
  /** This machine's host name (os.hostname()). */
  hostname: string
  interfaces: HostInterface[]
  /** What was read, e.g. ["/sys/class/net", "ip -j -d addr"]. */
  collectedFrom: string[]
  /** Parts that could not be read, one line each. */
  notes: string[]
  /** How long collecting took. */
  durationMs: number
}

type OsInterfaces = NodeJS.Dict<NetworkInterfaceInfo[]>

const DEFAULT_COMMAND_TIMEOUT_MS = 4000

/** Runs a command with a hard timeout; resolves stdout or rejects with one line. */
export function runBounded(file: string, args: string[], timeoutMs = DEFAULT_COMMAND_TIMEOUT_MS): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    execFile(file, args, {timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 8 * 1024 * 1024, windowsHide: true}, (error, stdout, stderr) => {
      if (error) {
        const e = error as NodeJS.ErrnoException & {killed?: boolean}
        if (e.code === 'ENOENT') reject(new Error(`${file} is not installed`))
        else if (e.killed) reject(new Error(`${file} ${args.join(' ')} did not finish within ${timeoutMs} ms`))
        else reject(new Error(`${file} ${args.join(' ')} failed: ${(stderr || e.message).trim().split('\n')[0]}`))
        return
      }
      resolvePromise(stdout)
    })
  })
}

/** Resolves the promise or rejects after timeoutMs with the given message. */
export function withTimeout<T>(promise: Promise<T>, timeoutMs: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(message)), timeoutMs)
      timer.unref()
    }),
  ])
}

// ---------------------------------------------------------------- Linux /sys

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

const osAddresses = (list: NetworkInterfaceInfo[] | undefined): InterfaceAddress[] =>
  (list ?? []).map((a) => ({
    address: a.address.replace(/%.*$/, ''),
    family: a.family === 'IPv6' || (a.family as unknown) === 6 ? 'IPv6' : 'IPv4',
    ...(a.cidr ? {prefixLength: Number(a.cidr.split('/')[1])} : {}),
  }))

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

// ---------------------------------------------------------------- Windows and others

/** One element of systeminformation.networkInterfaces() (fields tcx-doctor reads). */
export interface SiInterface {
  iface: string
  ifaceName?: string
  ip4?: string
  ip4subnet?: string
  ip6?: string
  mac?: string
  internal?: boolean
  virtual?: boolean
  operstate?: string
  type?: string
}

/** One element of `Get-NetAdapter | ConvertTo-Json` (fields tcx-doctor reads). */
export interface NetAdapter {
  Name: string
  InterfaceDescription?: string
  MacAddress?: string
  /** "Up", "Disconnected", "Disabled", "Not Present". */
  Status?: string
  HardwareInterface?: boolean
  Virtual?: boolean
  /** 1 up, 2 down (or the words). */
  AdminStatus?: number | string
  /** 1 connected, 2 disconnected (or the words). */
  MediaConnectionState?: number | string
}

export const GET_NET_ADAPTER_ARGS = [
  '-NoProfile',
  '-NonInteractive',
  '-Command',
  'Get-NetAdapter | Select-Object Name,InterfaceDescription,MacAddress,Status,HardwareInterface,Virtual,AdminStatus,MediaConnectionState | ConvertTo-Json -Compress',
]

export function parseNetAdapters(text: string): NetAdapter[] {
  const trimmed = text.trim()
  if (trimmed === '') return []
  let parsed: unknown
  try {
    parsed = JSON.parse(trimmed)
  } catch {
    throw new Error('Get-NetAdapter did not print JSON')
  }
  const list = Array.isArray(parsed) ? parsed : [parsed]
  return list.filter((a): a is NetAdapter => a !== null && typeof a === 'object' && typeof (a as NetAdapter).Name === 'string')
}

/** Merges systeminformation, Get-NetAdapter and os.networkInterfaces() facts (pure). */
export function windowsInterfaces(si: SiInterface[], adapters: NetAdapter[] | undefined, os: OsInterfaces): RawInterface[] {
  const names = [...new Set([...si.map((s) => s.iface), ...(adapters ?? []).map((a) => a.Name), ...Object.keys(os)])]
  return names.map((name) => {
    const s = si.find((e) => e.iface === name)
    const a = adapters?.find((e) => e.Name === name)
    const from = [...(s ? ['systeminformation'] : []), ...(a ? ['Get-NetAdapter'] : []), ...(os[name] ? ['os.networkInterfaces'] : [])]
    let addresses = osAddresses(os[name])
    if (addresses.length === 0 && s) {
      addresses = [
        ...(s.ip4 ? [{address: s.ip4, family: 'IPv4' as const}] : []),
        ...(s.ip6 ? [{address: s.ip6.replace(/%.*$/, ''), family: 'IPv6' as const}] : []),
      ]
    }
    const raw: RawInterface = {name, addresses, from}
    const description = a?.InterfaceDescription ?? (s?.ifaceName && s.ifaceName !== name ? s.ifaceName : undefined)
    if (description) raw.description = description
    const mac = normalizeMac(a?.MacAddress ?? s?.mac ?? os[name]?.[0]?.mac)
    if (mac) raw.mac = mac
    const status = a?.Status?.toLowerCase()
    const operstate = status ?? s?.operstate?.toLowerCase() ?? (os[name] ? 'up' : undefined)
    if (operstate) raw.operstate = operstate
    const admin = a?.AdminStatus
    if (admin !== undefined) raw.adminUp = admin === 1 || String(admin).toLowerCase() === 'up'
    else if (status === 'disabled') raw.adminUp = false
    const media = a?.MediaConnectionState
    if (media !== undefined && media !== 0 && String(media).toLowerCase() !== 'unknown') {
      raw.carrier = media === 1 || String(media).toLowerCase() === 'connected'
    }
    if (s?.internal === true || os[name]?.some((x) => x.internal) === true) raw.loopbackFlag = true
    if (a?.HardwareInterface !== undefined) raw.hardwareInterface = a.HardwareInterface
    if (s?.virtual !== undefined) raw.siVirtual = s.virtual
    return raw
  })
}

// ---------------------------------------------------------------- collection

export interface CollectOptions {
  platform?: NodeJS.Platform
  /** A copy of /sys/class/net to read instead (tests). */
  sysRoot?: string
  /** Bound for every external command and for systeminformation. */
  timeoutMs?: number
}

export async function collectInterfaces(options: CollectOptions = {}): Promise<{raws: RawInterface[]; collectedFrom: string[]; notes: string[]}> {
  const platform = options.platform ?? process.platform
  const timeoutMs = options.timeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS
  const sysRoot = options.sysRoot ?? '/sys/class/net'
  const notes: string[] = []
  const os = osNetworkInterfaces()
  if (platform === 'linux' && existsSync(sysRoot)) {
    const sys = readSysClassNet(sysRoot)
    let ip: IpLink[] | undefined
    let ipFrom = 'ip -j -d addr'
    try {
      ip = parseIpAddr(await runBounded('ip', ['-j', '-d', 'addr', 'show'], timeoutMs))
    } catch (error) {
      try {
        // iproute2 before 4.13 has no JSON output: its one-line format still gives every address.
        ip = parseIpOneline(await runBounded('ip', ['-o', 'addr', 'show'], timeoutMs))
        ipFrom = 'ip -o addr'
      } catch {
        notes.push(`${errorMessage(error)}: addresses of cards that are down are not seen (install iproute2)`)
      }
    }
    return {raws: linuxInterfaces(sys, ip, os), collectedFrom: [sysRoot, ...(ip ? [ipFrom] : ['os.networkInterfaces'])], notes}
  }
  const collectedFrom: string[] = []
  let si: SiInterface[] = []
  try {
    const mod = await import('systeminformation')
    const result = await withTimeout(
      mod.default.networkInterfaces() as Promise<unknown>,
      Math.max(timeoutMs, 6000),
      `systeminformation.networkInterfaces() did not answer within ${Math.max(timeoutMs, 6000)} ms`,
    )
    si = (Array.isArray(result) ? result : [result]) as SiInterface[]
    collectedFrom.push('systeminformation')
  } catch (error) {
    notes.push(`${errorMessage(error)}; using os.networkInterfaces() (cards that are down are not seen)`)
  }
  let adapters: NetAdapter[] | undefined
  if (platform === 'win32') {
    try {
      adapters = parseNetAdapters(await runBounded('powershell.exe', GET_NET_ADAPTER_ARGS, Math.max(timeoutMs, 6000)))
      collectedFrom.push('Get-NetAdapter')
    } catch (error) {
      notes.push(`${errorMessage(error)}: disconnected or disabled cards may be missing`)
    }
  }
  collectedFrom.push('os.networkInterfaces')
  return {raws: windowsInterfaces(si, adapters, os), collectedFrom, notes}
}

export function overridesOf(settings: {physicalInterfaces?: string[]; virtualInterfaces?: string[]}): ClassificationOverrides {
  return {physical: settings.physicalInterfaces ?? [], virtual: settings.virtualInterfaces ?? []}
}

export const hostSource: SourceDefinition<HostFacts> = {
  name: 'host',
  async open(ctx: SourceContext): Promise<HostFacts> {
    const started = performance.now()
    let collected
    try {
      collected = await collectInterfaces({timeoutMs: Math.min(ctx.settings.timeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS, DEFAULT_COMMAND_TIMEOUT_MS)})
    } catch (error) {
      throw new SourceUnavailableError('host', `cannot list this machine's network interfaces: ${errorMessage(error)}`)
    }
    const interfaces = classifyAll(collected.raws, overridesOf(ctx.settings))
    if (interfaces.length === 0) {
      throw new SourceUnavailableError('host', `no network interface found (read ${collected.collectedFrom.join(', ')}); ${collected.notes.join('; ')}`)
    }
    return {platform: process.platform, hostname: hostname(), interfaces, collectedFrom: collected.collectedFrom, notes: collected.notes, durationMs: Math.round(performance.now() - started)}
  },
  describe(facts) {
    const count = (k: string) => facts.interfaces.filter((i) => i.kind === k).length
    return `${facts.interfaces.length} interface(s): ${count('physical')} physical, ${count('virtual')} virtual, ${count('loopback')} loopback, from ${facts.collectedFrom.join(' + ')}${facts.notes.length > 0 ? `; ${facts.notes.join('; ')}` : ''}`
  },
}

/** Every address on the host, with the interface it is on. */
export function hostAddresses(facts: HostFacts): Array<{address: string; iface: HostInterface}> {
  return facts.interfaces.flatMap((iface) => iface.addresses.map((a) => ({address: a.address.toLowerCase(), iface})))
}

/** Interface evidence, one compact object each (for reports). */
export function interfaceEvidence(iface: HostInterface): Record<string, unknown> {
  return {
    name: iface.name,
    ...(iface.description ? {description: iface.description} : {}),
    mac: iface.mac ?? null,
    addresses: iface.addresses.map((a) => (a.prefixLength === undefined ? a.address : `${a.address}/${a.prefixLength}`)),
    state: iface.state,
    up: iface.up,
    ...(iface.carrier === undefined ? {} : {carrier: iface.carrier}),
    kind: iface.kind,
    reason: iface.reason,
    ...(iface.hypervisor ? {hypervisor: iface.hypervisor} : {}),
    ...(iface.memberOf ? {memberOf: iface.memberOf} : {}),
    ...(iface.members ? {members: iface.members} : {}),
  }
}
