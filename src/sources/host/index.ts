/**
 * The host source: this machine's network interfaces, every one of them
 * (also cards that are down or without cable), classified physical / virtual
 * (with the reason) / loopback: the rules are in ./classify.ts, the Linux
 * parsers in ./linux.ts, the Windows ones in ./windows.ts, ping in ./ping.ts.
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
import {existsSync} from 'node:fs'
import {hostname, networkInterfaces as osNetworkInterfaces} from 'node:os'
import type {SourceContext, SourceDefinition} from '../../engine/context.js'
import {SourceUnavailableError, errorMessage} from '../../engine/errors.js'
import {withTimeout} from '../../lib/async.js'
import {classifyAll, type ClassificationOverrides, type HostInterface, type RawInterface} from './classify.js'
import {linuxInterfaces, parseIpAddr, parseIpOneline, readSysClassNet, type IpLink} from './linux.js'
import {pingAddress, type PingOutcome} from './ping.js'
import {GET_NET_ADAPTER_ARGS, parseNetAdapters, windowsInterfaces, type NetAdapter, type SiInterface} from './windows.js'

export * from './classify.js'
export * from './linux.js'
export * from './windows.js'
export * from './addresses.js'
export {findPingBinary, pingAddress, type PingOutcome} from './ping.js'

/** An address of this machine and the interface it is on. */
export interface HostAddress {
  /** Lower case, without a zone id. */
  address: string
  /** The interface's name. */
  interface: string
  up: boolean
}

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
  /** Every address of every interface (also of cards that are down), with its interface. */
  addresses: HostAddress[]
  /** Sends echo requests to `address` from this machine, bounded; never throws. */
  ping(address: string, options?: {timeoutSeconds?: number; count?: number}): Promise<PingOutcome>
}

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
    return {
      platform: process.platform,
      hostname: hostname(),
      interfaces,
      collectedFrom: collected.collectedFrom,
      notes: collected.notes,
      durationMs: Math.round(performance.now() - started),
      addresses: addressesOf(interfaces),
      ping: (address, options) => pingAddress(address, options),
    }
  },
  info: {
    title: 'Network interfaces',
    collect: (facts) => ({
      interfaces: facts.interfaces.map(interfaceEvidence),
      collectedFrom: facts.collectedFrom,
      ...(facts.notes.length > 0 ? {notes: facts.notes} : {}),
      durationMs: facts.durationMs,
    }),
  },
  describe(facts) {
    const count = (k: string) => facts.interfaces.filter((i) => i.kind === k).length
    return `${facts.interfaces.length} interface(s): ${count('physical')} physical, ${count('virtual')} virtual, ${count('loopback')} loopback, from ${facts.collectedFrom.join(' + ')}${facts.notes.length > 0 ? `; ${facts.notes.join('; ')}` : ''}`
  },
}

/** Every address of the interfaces, lower case and without a zone id, with the interface it is on. */
export function addressesOf(interfaces: HostInterface[]): HostAddress[] {
  return interfaces.flatMap((iface) => iface.addresses.map((a) => ({address: a.address.toLowerCase().replace(/%.*$/, ''), interface: iface.name, up: iface.up})))
}

/** Every address on the host, with the interface it is on. */
export function hostAddresses(facts: Pick<HostFacts, 'interfaces'>): Array<{address: string; iface: HostInterface}> {
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
