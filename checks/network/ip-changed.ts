import {isIP} from 'node:net'
import {defineCheck, fail, pass, skip} from '../../src/index.js'
import {isSourceUnavailable} from '../../src/engine/errors.js'
import {consoleSource} from '../../src/sources/console-api.js'
import {hostAddresses, hostSource, usableAddresses, type HostFacts, type HostInterface} from '../../src/sources/host.js'
import {pingAddress, type PingOutcome} from '../../src/sources/ping.js'

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
export function onLinkInterface(address: string, host: HostFacts): HostInterface | undefined {
  return host.interfaces.find((i) => i.up && usableAddresses(i).some((a) => a.prefixLength !== undefined && inSubnet(address, a.address, a.prefixLength)))
}

const isLoopback = (address: string): boolean => address.startsWith('127.') || address === '::1'

interface Expected {
  address: string
  from: string
}

/**
 * network.ip-changed: 3CX keeps the address it was installed with. When the
 * machine's address changes afterwards, 3CX binds to an address that is gone.
 */
export default defineCheck({
  id: 'network.ip-changed',
  title: 'IP address unchanged since 3CX was set up',
  severity: 'critical',
  description:
    'Compares the address 3CX uses (the console\'s CurrentLocalIp and LocalIpValid, and any address given with --expected-ip or expectedIps) ' +
    'with the addresses on this machine now. An address change after the install confuses 3CX (field reports): it still holds the address it ' +
    'was set up with, and its SystemStatus may show LocalIpValid = false. When the old address is missing, it pings it (on the local link only) ' +
    'to tell whether another machine now holds it.',
  remediation:
    'Give the machine back the address 3CX was installed with (a static IP, or a DHCP reservation for its MAC), then restart the 3CX services; ' +
    'if the new address must stay, follow 3CX\'s procedure for changing the server\'s IP rather than editing files. ' +
    'If another machine answers at the old address, find it and move it off first.',
  docs: 'docs/checks/network.md#networkip-changed',
  sources: ['host', 'console'],
  timeoutMs: 20_000,
  async run(ctx) {
    const expected: Expected[] = ctx.settings.expectedIps.map((address) => ({address, from: '--expected-ip/expectedIps'}))
    const notes: string[] = []
    let localIpValid: boolean | undefined
    try {
      const api = await ctx.use(consoleSource)
      const status = await api.systemStatus()
      if (typeof status.LocalIpValid === 'boolean') localIpValid = status.LocalIpValid
      const current = typeof status.CurrentLocalIp === 'string' ? status.CurrentLocalIp.trim().split(/\s+/)[0] : undefined
      if (current && isIP(current) !== 0 && !expected.some((e) => sameAddress(e.address, current))) expected.push({address: current, from: "the console's CurrentLocalIp"})
    } catch (error) {
      if (!isSourceUnavailable(error)) throw error
      notes.push(`The console API was not asked: ${error.message}`)
    }
    if (expected.length === 0 && localIpValid === undefined) {
      return skip('Nothing to compare the host\'s addresses with: give the address 3CX was installed with by --expected-ip IP (or "expectedIps" in the config), or let tcx-doctor reach the console API.', {
        details: notes,
      })
    }

    const host = await ctx.use(hostSource)
    const onHost = hostAddresses(host)
    const hostList = host.interfaces
      .filter((i) => i.kind !== 'loopback')
      .flatMap((i) => usableAddresses(i).map((a) => `${a.address} (${i.name}${i.up ? '' : `, ${i.state}`})`))
    const pingEnabled = ctx.options.ping !== false
    const evidence: Record<string, unknown> = {
      expected,
      localIpValid: localIpValid ?? null,
      hostAddresses: hostList,
    }

    const details: string[] = [...notes]
    const pings: Record<string, PingOutcome | {status: 'not-pinged'; reason: string}> = {}
    const pingTimeout = ctx.numberOption('pingTimeoutSeconds', 2)
    // Each expected address gives one line; missing ones are pinged in parallel (each probe is bounded).
    const lines = await Promise.all(
      expected.map(async (e): Promise<string | undefined> => {
        const here = onHost.filter((h) => sameAddress(h.address, e.address))
        const upHere = here.find((h) => h.iface.up)
        if (upHere) {
          details.push(`${e.address} (${e.from}) is on ${upHere.iface.name}.`)
          return undefined
        }
        if (here.length > 0) return `${e.address} (${e.from}) is configured on ${here[0]!.iface.name}, but that card is ${here[0]!.iface.state}`
        let answer = ''
        if (!pingEnabled) {
          pings[e.address] = {status: 'not-pinged', reason: 'ping disabled by checks."network.ip-changed".ping = false'}
        } else if (ctx.settings.demo && !isLoopback(e.address)) {
          pings[e.address] = {status: 'not-pinged', reason: 'demo mode pings only loopback addresses'}
        } else if (!isLoopback(e.address) && !onLinkInterface(e.address, host)) {
          pings[e.address] = {status: 'not-pinged', reason: 'not on a local subnet of this machine (tcx-doctor pings only on the local link)'}
        } else {
          const outcome = await pingAddress(e.address, {timeoutSeconds: pingTimeout})
          pings[e.address] = outcome
          answer =
            outcome.status === 'answered'
              ? `; something else answers ping at ${e.address} (another machine holds the old address)`
              : outcome.status === 'no-answer'
                ? `; nothing answers ping at ${e.address}`
                : `; whether something answers at ${e.address} is unknown: ${outcome.reason}`
        }
        return `${e.address} (${e.from}) is not on this machine${answer}`
      }),
    )
    const problems = lines.filter((l): l is string => l !== undefined)
    if (Object.keys(pings).length > 0) evidence.ping = pings
    for (const [address, p] of Object.entries(pings)) if (p.status === 'not-pinged') details.push(`${address} not pinged: ${p.reason}.`)
    if (localIpValid === false) problems.unshift('3CX reports LocalIpValid = false: the local IP it was set up with is no longer valid')

    const hostText = hostList.length > 0 ? hostList.join(', ') : 'no address'
    if (problems.length > 0) {
      return fail(`${problems.join('; ')}. This machine has ${hostText}.`, {
        details: ['3CX was set up with the address it expects; an IP change after the install confuses it until the address is restored.', ...details],
        evidence,
      })
    }
    const summary =
      expected.length > 0
        ? `3CX's address ${expected.map((e) => e.address).join(', ')} is on this machine${localIpValid === true ? ' and 3CX reports LocalIpValid' : ''}.`
        : '3CX reports LocalIpValid = true (it gave no CurrentLocalIp to compare).'
    return pass(summary, {
      details,
      evidence,
    })
  },
})
