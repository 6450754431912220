import {
  defineCheck,
  fail,
  hostAddresses,
  hostSource,
  isIpAddress,
  isLoopbackHost,
  onLinkInterface,
  pass,
  sameAddress,
  skip,
  table,
  usableAddresses,
  consoleSource,
  type PingOutcome,
} from '../../src/index.js'

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
  docs: 'docs/checks/network.md#networkip-changed-ip-address-unchanged-since-3cx-was-set-up',
  sources: ['host', 'console'],
  versions: {
    15: {applies: 'yes', decides: 'this machine\'s addresses against the console\'s CurrentLocalIp/LocalIpValid or --expected-ip'},
    16: {applies: 'yes', decides: 'as v15.5', sure: 'confirmed'},
    18: {applies: 'yes', decides: 'as v15.5 (SystemStatus also has IpV4)', sure: 'confirmed'},
    20: {applies: 'yes', decides: 'addresses against CurrentLocalIp/LocalIpValid of /xapi/v1/SystemStatus or --expected-ip', sure: 'reported'},
  },
  timeoutMs: 20_000,
  options: {
    schema: {
      ping: {type: 'boolean', description: 'Ping an expected address that is not on this machine (on the local link only) to tell whether another machine holds it.'},
      pingTimeoutSeconds: {type: 'number', minimum: 1, maximum: 30, description: 'How long to wait for a ping answer, in seconds.'},
    },
    defaults: {ping: true, pingTimeoutSeconds: 2},
  },
  async run(ctx) {
    const expected: Expected[] = ctx.settings.expectedIps.map((address) => ({address, from: '--expected-ip/expectedIps'}))
    const notes: string[] = []
    let localIpValid: boolean | undefined
    const api = await ctx.tryUse(consoleSource)
    if (api.ok) {
      const status = await api.value.systemStatus()
      if (typeof status.LocalIpValid === 'boolean') localIpValid = status.LocalIpValid
      const current = typeof status.CurrentLocalIp === 'string' ? status.CurrentLocalIp.trim().split(/\s+/)[0] : undefined
      if (current && isIpAddress(current) && !expected.some((e) => sameAddress(e.address, current))) expected.push({address: current, from: "the console's CurrentLocalIp"})
    } else {
      notes.push(`The console API was not asked: ${api.reason}`)
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
    const pingEnabled = ctx.options.ping
    const evidence: Record<string, unknown> = {
      expected,
      localIpValid: localIpValid ?? null,
      hostAddresses: hostList,
    }

    const details: string[] = [...notes]
    const pings: Record<string, PingOutcome | {status: 'not-pinged'; reason: string}> = {}
    const pingTimeout = ctx.options.pingTimeoutSeconds
    const whereFound: Record<string, string> = {}
    // Each expected address gives one line; missing ones are pinged in parallel (each probe is bounded).
    const lines = await Promise.all(
      expected.map(async (e): Promise<string | undefined> => {
        const here = onHost.filter((h) => sameAddress(h.address, e.address))
        const upHere = here.find((h) => h.iface.up)
        if (upHere) {
          whereFound[e.address] = upHere.iface.name
          details.push(`${e.address} (${e.from}) is on ${upHere.iface.name}.`)
          return undefined
        }
        if (here.length > 0) whereFound[e.address] = `${here[0]!.iface.name} (${here[0]!.iface.state})`
        if (here.length > 0) return `${e.address} (${e.from}) is configured on ${here[0]!.iface.name}, but that card is ${here[0]!.iface.state}`
        let answer = ''
        if (!pingEnabled) {
          pings[e.address] = {status: 'not-pinged', reason: 'ping disabled by checks."network.ip-changed".ping = false'}
        } else if (ctx.settings.demo && !isLoopbackHost(e.address)) {
          pings[e.address] = {status: 'not-pinged', reason: 'demo mode pings only loopback addresses'}
        } else if (!isLoopbackHost(e.address) && !onLinkInterface(e.address, host)) {
          pings[e.address] = {status: 'not-pinged', reason: 'not on a local subnet of this machine (tcx-doctor pings only on the local link)'}
        } else {
          const outcome = await host.ping(e.address, {timeoutSeconds: pingTimeout})
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
    const pingText = (p: (typeof pings)[string] | undefined): string =>
      p === undefined ? '' : p.status === 'answered' ? 'answered' : p.status === 'no-answer' ? 'no answer' : p.status === 'unavailable' ? `unknown: ${p.reason}` : `not pinged: ${p.reason}`
    const tables = [
      table(
        'Addresses 3CX expects',
        ['address', 'from', 'on this machine', 'ping'],
        expected.map((e) => [e.address, e.from, whereFound[e.address] ?? 'no', pingText(pings[e.address])]),
      ),
    ]
    if (localIpValid === false) problems.unshift('3CX reports LocalIpValid = false: the local IP it was set up with is no longer valid')

    const hostText = hostList.length > 0 ? hostList.join(', ') : 'no address'
    if (problems.length > 0) {
      return fail(`${problems.join('; ')}. This machine has ${hostText}.`, {
        details: ['3CX was set up with the address it expects; an IP change after the install confuses it until the address is restored.', ...details],
        evidence,
        tables,
      })
    }
    const summary =
      expected.length > 0
        ? `3CX's address ${expected.map((e) => e.address).join(', ')} is on this machine${localIpValid === true ? ' and 3CX reports LocalIpValid' : ''}.`
        : '3CX reports LocalIpValid = true (it gave no CurrentLocalIp to compare).'
    return pass(summary, {details, evidence, tables})
  },
})
