/**
 * Whether a trunk's host is this PBX itself (a loopback trunk): a 127.x or ::1
 * address, an address of this host, the PBX FQDN, or one of 3CX's own
 * addresses (CurrentLocalIp, AvailableLocalIps, public Ip). Used by
 * trunk.loopback-registration and by pbx.call-capacity (calls through a
 * loopback trunk count twice). Pure: no I/O.
 */
import {isLoopbackHost, parseHostPort} from '../../lib/net.js'
import {availableLocalIps, publicIpOf, type SystemStatus} from './parse.js'

/** A trunk Host without a sip:/sips: scheme, as host and optional port ("10.20.30.40:5060", "[::1]:5060", "pbx.example.com"). */
export function trunkHostPort(host: string): {host: string; port?: number} {
  const h = host.trim().replace(/^sips?:/i, '')
  return parseHostPort(h) ?? {host: h}
}

/** The address part of a trunk Host ("10.20.30.40:5060", "[::1]:5060", "pbx.example.com"), lower case. */
export function trunkHostName(host: string): string {
  return trunkHostPort(host).host.toLowerCase()
}

/** This machine's addresses (from the host source), by address: the interface they are on. */
export function addressMap(addresses: ReadonlyArray<{address: string; interface: string}>): Map<string, string> {
  return new Map(addresses.map((a) => [a.address.toLowerCase(), a.interface]))
}

/** Why the trunk's host is this PBX, or undefined when it is not. */
export function loopbackRule(host: string, status: SystemStatus, addresses: Map<string, string>): string | undefined {
  const name = trunkHostName(host)
  if (name === '') return undefined
  if (isLoopbackHost(name)) return `${name} is a loopback address (127.0.0.0/8)`
  const nic = addresses.get(name)
  if (nic !== undefined) return `${name} is an address of this host (${nic})`
  if (typeof status.FQDN === 'string' && status.FQDN.toLowerCase() === name) return `${name} is the PBX FQDN`
  if (typeof status.CurrentLocalIp === 'string' && status.CurrentLocalIp.trim().toLowerCase() === name) return `${name} is 3CX's CurrentLocalIp`
  if (availableLocalIps(status).some((ip) => ip.toLowerCase() === name)) return `${name} is one of 3CX's AvailableLocalIps`
  if (publicIpOf(status)?.toLowerCase() === name) return `${name} is 3CX's public Ip`
  return undefined
}
