/**
 * IP address arithmetic for comparing this machine's addresses: parse to a
 * number, compare whatever the spelling, subnet membership, the on-link
 * interface of an address. Pure.
 */
import {isIP} from 'node:net'
import {usableAddresses, type HostInterface} from './classify.js'

/** An address as a bigint (IPv4 32 bits, IPv6 128 bits), or undefined. */
export function ipToBigInt(address: string): {value: bigint; bits: number} | undefined {
  const a = address.replace(/%.*$/, '')
  if (isIP(a) === 4) return {value: a.split('.').reduce((acc, octet) => (acc << 8n) + BigInt(Number(octet)), 0n), bits: 32}
  if (isIP(a) !== 6) return undefined
  let text = a.toLowerCase()
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)
  if (v4) {
    const n = ipToBigInt(v4[1]!)!.value
    text = text.replace(v4[1]!, `${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`)
  }
  const [head, tail] = text.split('::') as [string, string | undefined]
  const h = head ? head.split(':') : []
  const t = tail ? tail.split(':') : []
  const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t]
  return {value: groups.reduce((acc, g) => (acc << 16n) + BigInt(Number.parseInt(g || '0', 16)), 0n), bits: 128}
}

/** True for an IPv4 or IPv6 address (a zone id allowed). */
export const isIpAddress = (text: string): boolean => isIP(text.replace(/%.*$/, '')) !== 0

/** The canonical form used to compare addresses (IPv6 zero runs and case do not matter). */
export function sameAddress(a: string, b: string): boolean {
  const x = ipToBigInt(a)
  const y = ipToBigInt(b)
  return x !== undefined && y !== undefined ? x.bits === y.bits && x.value === y.value : a.toLowerCase() === b.toLowerCase()
}

export function inSubnet(address: string, network: string, prefixLength: number): boolean {
  const a = ipToBigInt(address)
  const n = ipToBigInt(network)
  if (!a || !n || a.bits !== n.bits || prefixLength < 0 || prefixLength > a.bits) return false
  const shift = BigInt(a.bits - prefixLength)
  return a.value >> shift === n.value >> shift
}

/** The up interface whose subnet holds the address (so a ping stays on the local link), if any. */
export function onLinkInterface(address: string, host: {interfaces: HostInterface[]}): HostInterface | undefined {
  return host.interfaces.find((i) => i.up && usableAddresses(i).some((a) => a.prefixLength !== undefined && inSubnet(address, a.address, a.prefixLength)))
}
