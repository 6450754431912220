/**
 * Real Linux network namespaces for tests: unique names (tcxd-<pid>-<n>), veth
 * pairs with both ends inside namespaces the test made, addresses only inside
 * them (10.x / TEST-NET), nothing routed out, and cleanup that also runs when
 * a test fails. Needs root and iproute2.
 */
import {execFileSync} from 'node:child_process'
import {existsSync} from 'node:fs'

export const IP = ['/usr/sbin/ip', '/sbin/ip', '/usr/bin/ip', '/bin/ip'].find((p) => existsSync(p)) ?? 'ip'

/** Why namespaces cannot be used here, or undefined when they can. */
export function netnsUnavailableReason(): string | undefined {
  if (process.platform !== 'linux') return `network namespaces are Linux only (this is ${process.platform})`
  if (typeof process.getuid === 'function' && process.getuid() !== 0) return 'creating network namespaces needs root (run the tests as root, e.g. in the CI container)'
  try {
    execFileSync(IP, ['-V'], {stdio: 'pipe'})
  } catch {
    return 'iproute2 (`ip`) is not installed (apt-get install iproute2)'
  }
  const probe = `tcxd-${process.pid}-probe`
  try {
    execFileSync(IP, ['netns', 'add', probe], {stdio: 'pipe'})
    execFileSync(IP, ['netns', 'del', probe], {stdio: 'pipe'})
  } catch (error) {
    return `\`ip netns add\` fails here: ${String((error as {stderr?: Buffer}).stderr ?? error).trim().split('\n')[0]}`
  }
  return undefined
}

export function ip(args: string[]): string {
  return execFileSync(IP, args, {stdio: ['ignore', 'pipe', 'pipe']}).toString()
}

let counter = 0

/** A set of namespaces created by one test; `cleanup()` deletes them all (and with them their veths). */
export class NetnsLab {
  readonly namespaces: string[] = []

  /** Creates a namespace with a unique name and its loopback up. */
  add(): string {
    const name = `tcxd-${process.pid}-${++counter}`
    ip(['netns', 'add', name])
    this.namespaces.push(name)
    ip(['-n', name, 'link', 'set', 'lo', 'up'])
    return name
  }

  /** A veth pair from `ns:name` to `peerNs:peerName`, both ends up, made directly inside the namespaces. */
  veth(ns: string, name: string, peerNs: string, peerName: string): void {
    ip(['-n', ns, 'link', 'add', name, 'type', 'veth', 'peer', 'name', peerName, 'netns', peerNs])
    ip(['-n', ns, 'link', 'set', name, 'up'])
    ip(['-n', peerNs, 'link', 'set', peerName, 'up'])
  }

  addr(ns: string, dev: string, cidr: string): void {
    ip(['-n', ns, 'addr', 'add', cidr, 'dev', dev])
  }

  link(ns: string, dev: string, state: 'up' | 'down'): void {
    ip(['-n', ns, 'link', 'set', dev, state])
  }

  /** The prefix for runCli's `wrap` to run the CLI inside the namespace. */
  exec(ns: string): string[] {
    return [IP, 'netns', 'exec', ns]
  }

  cleanup(): void {
    for (const ns of this.namespaces.splice(0)) {
      try {
        ip(['netns', 'del', ns])
      } catch {
        // already gone
      }
    }
  }
}

/** Deletes any namespace this process made that a crashed test left behind. */
export function sweepNamespaces(): void {
  let list = ''
  try {
    list = ip(['netns', 'list'])
  } catch {
    return
  }
  for (const line of list.split('\n')) {
    const name = line.split(' ')[0]
    if (name && name.startsWith(`tcxd-${process.pid}-`)) {
      try {
        ip(['netns', 'del', name])
      } catch {
        // ignore
      }
    }
  }
}
