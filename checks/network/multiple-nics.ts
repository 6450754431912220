import {
  availableLocalIps,
  consoleSource,
  defineCheck,
  fail,
  hostSource,
  interfaceEvidence,
  pass,
  physicalMembers,
  table,
  usableAddresses,
  warn,
  type HostInterface,
  type SystemStatus,
} from '../../src/index.js'

/** AvailableLocalIps is a string in the real API ("10.0.0.5" or "10.0.0.5, 10.0.1.5"), a list in some builds; each address once. */
export function splitIps(value: unknown): string[] {
  return [...new Set(availableLocalIps({AvailableLocalIps: value} as SystemStatus))]
}

export interface NicAssessment {
  /** Physical cards (or bonds/bridges over physical cards) that are up with a usable address: 3CX supports exactly one. */
  active: HostInterface[]
  /** Physical cards that are down, without cable, or without address. */
  idle: HostInterface[]
  /** Virtual adapters (not over physical cards) that are up with a usable address: 3CX may bind to them. */
  virtualActive: HostInterface[]
}

/** The decision of network.multiple-nics, as a pure function of the classified interfaces. */
export function assessNics(all: HostInterface[]): NicAssessment {
  // A bond or bridge over physical cards is one attachment; its members do not count on their own.
  const carriers = all.filter((i) => i.kind === 'physical' && i.memberOf === undefined)
  const aggregates = all.filter((i) => i.kind === 'virtual' && i.aggregate === true && physicalMembers(i, all).length > 0)
  const topAggregates = aggregates.filter((i) => i.memberOf === undefined || !aggregates.some((a) => a.name === i.memberOf))
  const active = [...carriers, ...topAggregates].filter((i) => i.up && usableAddresses(i).length > 0)
  const idle = carriers.filter((i) => !active.includes(i))
  const virtualActive = all.filter((i) => i.kind === 'virtual' && !aggregates.includes(i) && i.memberOf === undefined && i.up && usableAddresses(i).length > 0)
  return {active, idle, virtualActive}
}

/** The interfaces as a table for people: name | kind | state | addresses | why. */
export function interfaceTable(all: HostInterface[]): ReturnType<typeof table> {
  return table(
    'Network interfaces',
    ['name', 'kind', 'state', 'addresses', 'why'],
    all.map((i) => [i.name, i.kind, i.up ? 'up' : i.state, i.addresses.map((a) => (a.prefixLength === undefined ? a.address : `${a.address}/${a.prefixLength}`)).join(', '), i.reason]),
  )
}

const addressList = (iface: HostInterface): string => usableAddresses(iface).map((a) => a.address).join(', ')

/**
 * network.multiple-nics: the 3CX installer refuses a machine with more than one
 * network card, and a card added later stops the "3CX PhoneSystem Nginx Server"
 * service, so the console answers 502.
 */
export default defineCheck({
  id: 'network.multiple-nics',
  title: 'Only one network card',
  severity: 'critical',
  description:
    'Lists every network interface of this machine (also cards that are down or without cable) and classifies each as a physical card ' +
    '(including a card a hypervisor presents to a VM), a virtual adapter (VPN, Hyper-V switch, Docker bridge, veth, ...) or loopback. ' +
    '3CX supports exactly one network card: the installer refuses more, and a card added later stops the "3CX PhoneSystem Nginx Server" ' +
    'service, so the management console answers HTTP 502.',
  remediation:
    'Remove or disable the extra network card, restore the original IP configuration of the remaining one, and reboot. ' +
    'Disable VPN or virtual adapters 3CX does not need. If an interface is classified wrongly, list it under network.physicalInterfaces ' +
    'or network.virtualInterfaces in the config file (or pass --physical-interface NAME).',
  docs: 'docs/checks/network.md#networkmultiple-nics-only-one-network-card',
  sources: ['host', 'console'],
  versions: {
    15: {applies: 'yes', decides: 'this machine\'s interfaces (host source); AvailableLocalIps of the console when reachable'},
    16: {applies: 'yes', decides: 'as v15.5 (AvailableLocalIps is a string)', sure: 'confirmed'},
    18: {applies: 'yes', decides: 'as v15.5', sure: 'confirmed'},
    20: {applies: 'yes', decides: 'interfaces (host source); AvailableLocalIps of /xapi/v1/SystemStatus when reachable', sure: 'reported'},
  },
  // The host facts take milliseconds; the console's SystemStatus (login + GET, each bounded by the console timeout) may take longer.
  timeoutMs: 20_000,
  async run(ctx) {
    const host = await ctx.use(hostSource)
    const all = host.interfaces
    const evidence: Record<string, unknown> = {
      interfaces: all.map(interfaceEvidence),
      collectedFrom: host.collectedFrom,
      ...(host.notes.length > 0 ? {notes: host.notes} : {}),
    }
    const details: string[] = []

    const {active, idle, virtualActive} = assessNics(all)

    let available: string[] | undefined
    const api = await ctx.tryUse(consoleSource)
    if (api.ok) {
      available = splitIps((await api.value.systemStatus()).AvailableLocalIps)
      evidence.availableLocalIps = available
    } else {
      details.push(`The console's AvailableLocalIps was not compared: ${api.reason}`)
    }
    const tables = [interfaceTable(all)]

    const describe = (i: HostInterface): string =>
      `${i.name}${i.mac ? ` (${i.mac})` : ''}: ${i.up ? 'up' : i.state}${addressList(i) ? `, ${addressList(i)}` : ', no address'}; ${i.reason}`
    for (const i of all.filter((x) => x.kind !== 'loopback')) details.push(describe(i))

    if (active.length >= 2) {
      return fail(`${active.length} network cards are up with an address (${active.map((i) => `${i.name} ${addressList(i)}`).join('; ')}): 3CX supports one.`, {
        details: [
          'The 3CX installer refuses such a machine; a card added after the install stops the "3CX PhoneSystem Nginx Server" service and the console answers HTTP 502.',
          ...details,
        ],
        evidence,
        tables,
      })
    }

    const warnings: string[] = []
    if (idle.length > 0) {
      warnings.push(`extra physical card(s) ${idle.map((i) => `${i.name} (${i.up ? 'up, no address' : i.state})`).join(', ')} present: 3CX may pick them up when they come up`)
    }
    if (virtualActive.length > 0) {
      warnings.push(`virtual adapter(s) with an address that 3CX may bind to: ${virtualActive.map((i) => `${i.name} ${addressList(i)} (${i.reason})`).join('; ')}`)
    }
    if (available !== undefined && available.length > 1) {
      warnings.push(`the console's AvailableLocalIps lists ${available.length} addresses (${available.join(', ')})`)
    }
    if (active.length === 0) {
      warnings.unshift(
        'no physical network card is up with an address; if this machine\'s card was classified virtual wrongly, list it under network.physicalInterfaces in the config (or --physical-interface)',
      )
    }
    if (warnings.length > 0) {
      const one = active[0]
      return warn(`${one ? `One card in use (${one.name} ${addressList(one)}), but ` : ''}${warnings.join('; ')}.`, {details, evidence, tables})
    }
    const one = active[0]!
    return pass(`One network card in use: ${one.name} ${addressList(one)}${one.hypervisor ? ` (presented by ${one.hypervisor})` : ''}.`, {details, evidence, tables})
  },
})
