/**
 * network.multiple-nics and network.ip-changed in real network namespaces: the
 * CLI itself runs under `ip netns exec`, so it reads the namespace's own
 * /sys/class/net and `ip` output. Each test builds a "pbx" namespace (the
 * machine under test) and a "lan" namespace (the other end of its cables),
 * joined by veth pairs; addresses exist only inside them. veths are software
 * interfaces, so the tests mark the pbx ends as physical cards the way an
 * admin would: config `network.physicalInterfaces` (or --physical-interface).
 *
 * Needs root: skipped with the reason otherwise, but under CI=true it fails.
 */
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, afterEach, beforeEach, describe, expect, it} from 'vitest'
import {runCli, tempDir} from '../../helpers/cli.js'
import {NetnsLab, netnsUnavailableReason, sweepNamespaces} from '../../helpers/netns.js'
import {resultOf, type JsonResult} from '../../helpers/report-schema.js'

const unavailable = netnsUnavailableReason()
if (unavailable && process.env.CI === 'true') throw new Error(`CI=true but the network namespace tests cannot run: ${unavailable}`)

type Result = JsonResult

describe.skipIf(unavailable !== undefined)(`network checks in network namespaces${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  const lab = new NetnsLab()
  let pbx = ''
  let lan = ''
  let configDir = ''
  let subnet = 0

  beforeEach(() => {
    pbx = lab.add()
    lan = lab.add()
    subnet = (subnet % 200) + 1
    lab.veth(pbx, 'nic0', lan, 'lan0')
    lab.addr(pbx, 'nic0', `10.77.${subnet}.1/24`)
    lab.addr(lan, 'lan0', `10.77.${subnet}.2/24`)
    configDir = tempDir('tcx-netns-')
  })
  afterEach(() => lab.cleanup())
  afterAll(() => {
    lab.cleanup()
    sweepNamespaces()
  })

  const config = (content: Record<string, unknown>): string => {
    const file = join(configDir, 'tcx-doctor.config.json')
    writeFileSync(file, JSON.stringify(content))
    return file
  }

  const secondCard = (withAddress = true): void => {
    lab.veth(pbx, 'nic1', lan, 'lan1')
    if (withAddress) {
      lab.addr(pbx, 'nic1', '198.51.100.1/24')
      lab.addr(lan, 'lan1', '198.51.100.2/24')
    }
  }

  const run = async (check: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<{code: number | null; result: Result; stderr: string}> => {
    const r = await runCli(['run', '--only', check, '--format', 'json', '--fail-on', 'warn', ...args], {wrap: lab.exec(pbx), env, timeoutMs: 45_000})
    return {code: r.code, result: resultOf(r, check), stderr: r.stderr}
  }

  const physical = ['--config', '']
  const withPhysical = (names: string[]): string[] => {
    physical[1] = config({network: {physicalInterfaces: names}})
    return [...physical]
  }

  it('one card up with an address: pass, with the card and why it counts as physical', async () => {
    const {code, result} = await run('network.multiple-nics', withPhysical(['nic0', 'nic1']))
    expect(result.status, result.summary).toBe('pass')
    expect(code).toBe(0)
    expect(result.summary).toContain(`nic0 10.77.${subnet}.1`)
    const interfaces = result.evidence.interfaces as Array<Record<string, unknown>>
    const nic0 = interfaces.find((i) => i.name === 'nic0')!
    expect(nic0).toMatchObject({kind: 'physical', up: true, state: 'up', addresses: expect.arrayContaining([`10.77.${subnet}.1/24`])})
    expect(String(nic0.reason)).toContain('network.physicalInterfaces')
    expect(nic0.mac).toMatch(/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/)
    expect(interfaces.find((i) => i.name === 'lo')).toMatchObject({kind: 'loopback'})
  })

  it('two cards up with addresses: fail, naming both and the 502 consequence', async () => {
    secondCard()
    const {code, result} = await run('network.multiple-nics', withPhysical(['nic0', 'nic1']))
    expect(result.status, result.summary).toBe('fail')
    expect(code).toBe(2)
    expect(result.summary).toMatch(/^2 network cards are up with an address/)
    expect(result.summary).toContain('nic0')
    expect(result.summary).toContain('nic1 198.51.100.1')
    expect(result.details.join('\n')).toContain('502')
  })

  it('a second card that is down: warn, and the card is still listed (down cards are invisible to os.networkInterfaces)', async () => {
    secondCard()
    lab.link(pbx, 'nic1', 'down')
    const {code, result} = await run('network.multiple-nics', withPhysical(['nic0', 'nic1']))
    expect(result.status, result.summary).toBe('warn')
    expect(code).toBe(1)
    expect(result.summary).toContain('extra physical card(s) nic1 (down)')
    const nic1 = (result.evidence.interfaces as Array<Record<string, unknown>>).find((i) => i.name === 'nic1')!
    expect(nic1).toMatchObject({up: false, state: 'down', addresses: ['198.51.100.1/24']})
  })

  it('a second card up without an address: warn', async () => {
    secondCard(false)
    const {result} = await run('network.multiple-nics', ['--physical-interface', 'nic0', '--physical-interface', 'nic1'])
    expect(result.status, result.summary).toBe('warn')
    expect(result.summary).toContain('nic1 (up, no address)')
  })

  it('the peer of the cable going down takes the card down too (no carrier): warn', async () => {
    secondCard()
    lab.link(lan, 'lan1', 'down')
    const {result} = await run('network.multiple-nics', withPhysical(['nic0', 'nic1']))
    expect(result.status, result.summary).toBe('warn')
    const nic1 = (result.evidence.interfaces as Array<Record<string, unknown>>).find((i) => i.name === 'nic1')!
    expect(nic1).toMatchObject({up: false, carrier: false})
  })

  it('without the override the veths are virtual: warn that no physical card is up and name the veth', async () => {
    const {result} = await run('network.multiple-nics', [])
    expect(result.status, result.summary).toBe('warn')
    expect(result.summary).toContain('no physical network card is up with an address')
    expect(result.summary).toContain('veth pair')
  })

  it('ip-changed: the expected address is on the card: pass', async () => {
    const {result} = await run('network.ip-changed', ['--expected-ip', `10.77.${subnet}.1`])
    expect(result.status, result.summary).toBe('pass')
    expect(result.summary).toContain(`10.77.${subnet}.1 is on this machine`)
  })

  it('ip-changed: another machine now holds the old address: fail, and it answers ping', async () => {
    const {code, result} = await run('network.ip-changed', ['--expected-ip', `10.77.${subnet}.2`])
    expect(result.status, result.summary).toBe('fail')
    expect(code).toBe(2)
    expect(result.summary).toContain(`10.77.${subnet}.2 (--expected-ip/expectedIps) is not on this machine; something else answers ping at 10.77.${subnet}.2`)
    expect(result.summary).toContain(`This machine has 10.77.${subnet}.1 (nic0)`)
    expect(result.evidence.ping).toMatchObject({[`10.77.${subnet}.2`]: {status: 'answered'}})
  })

  it('ip-changed: the old address is free: fail, nothing answers ping', async () => {
    const {result} = await run('network.ip-changed', ['--expected-ip', `10.77.${subnet}.9`])
    expect(result.status, result.summary).toBe('fail')
    expect(result.summary).toContain(`nothing answers ping at 10.77.${subnet}.9`)
  })

  it('ip-changed: the address is configured on a card that is down: fail naming the card', async () => {
    secondCard()
    lab.link(pbx, 'nic1', 'down')
    const {result} = await run('network.ip-changed', ['--expected-ip', '198.51.100.1'])
    expect(result.status, result.summary).toBe('fail')
    expect(result.summary).toContain('198.51.100.1 (--expected-ip/expectedIps) is configured on nic1, but that card is down')
  })

  it('ip-changed: no ping program: the comparison still fails, and the report says ping is missing', async () => {
    const {result} = await run('network.ip-changed', ['--expected-ip', `10.77.${subnet}.2`], {PATH: '/nonexistent'})
    expect(result.status, result.summary).toBe('fail')
    expect(result.summary).toContain('whether something answers at')
    expect(result.summary).toContain('no `ping` program on PATH (install iputils-ping on Debian)')
  })

  it('ip-changed: an address off every local subnet is not pinged', async () => {
    const {result} = await run('network.ip-changed', ['--expected-ip', '203.0.113.77'])
    expect(result.status, result.summary).toBe('fail')
    expect(result.evidence.ping).toMatchObject({'203.0.113.77': {status: 'not-pinged'}})
    expect(result.details.join('\n')).toContain('not on a local subnet of this machine')
  })
})
