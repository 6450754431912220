/**
 * Host names, addresses and `host:port` strings, dependency-free.
 */
import {isIP} from 'node:net'

/** True for loopback names and addresses: localhost, 127.0.0.0/8, ::1, ::ffff:127.x. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '')
  if (h === 'localhost' || h.endsWith('.localhost')) return true
  if (h === '::1' || h === '0:0:0:0:0:0:0:1') return true
  if (/^(::ffff:)?127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h)) return true
  // IPv4-mapped 127.x in hex, as URL writes [::ffff:127.0.0.1]: [::ffff:7f00:1].
  if (/^::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(h)) return true
  return false
}

export interface HostPort {
  host: string
  port?: number
}

/**
 * Parses `host`, `host:port`, `[v6]`, `[v6]:port` and a bare IPv6 address. Returns undefined for
 * anything else (an empty host, a port outside 1-65535, stray characters).
 */
export function parseHostPort(text: string): HostPort | undefined {
  const t = text.trim()
  if (t === '') return undefined
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(t)
  if (bracketed) {
    if (isIP(bracketed[1]!) !== 6) return undefined
    return withPort(bracketed[1]!, bracketed[2])
  }
  if (isIP(t) === 6) return {host: t}
  const m = /^([^:\s/[\]]+)(?::(\d+))?$/.exec(t)
  if (!m) return undefined
  return withPort(m[1]!, m[2])
}

function withPort(host: string, port: string | undefined): HostPort | undefined {
  if (port === undefined) return {host}
  const n = Number(port)
  if (!Number.isInteger(n) || n < 1 || n > 65_535) return undefined
  return {host, port: n}
}

/** `host:port`, bracketing an IPv6 address. */
export function formatHostPort(host: string, port: number): string {
  return isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`
}

/** What is known of this machine for `isThisMachine`: its host name and every address of its interfaces. */
export interface MachineIdentity {
  hostname: string
  addresses: readonly string[]
}

/** True when `host` names this machine: loopback, a Unix socket path, its host name (or short name), or one of its addresses. */
export function isThisMachine(host: string, self: MachineIdentity): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '')
  if (h === '' || h.startsWith('/') || isLoopbackHost(h)) return true
  const name = self.hostname.toLowerCase()
  if (h === name || h.split('.')[0] === name.split('.')[0]) return true
  return self.addresses.some((a) => a.toLowerCase() === h)
}
