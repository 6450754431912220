/**
 * The small pieces of the network checks: address arithmetic, the console's
 * AvailableLocalIps and ServiceList, finding and running the system ping (on
 * loopback only), and the settings for expected addresses and overrides.
 */
import {mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {serviceProblems} from '../../../../checks/network/console-reachable.js'
import {inSubnet, ipToBigInt, onLinkInterface, sameAddress} from '../../../../src/index.js'
import {splitIps} from '../../../../checks/network/multiple-nics.js'
import {mergeSettings} from '../../../../src/config/resolve-settings.js'
import {withTimeout} from '../../../../src/lib/async.js'
import {type HostFacts} from '../../../../src/sources/host/index.js'
import {findPingBinary} from '../../../../src/sources/host/index.js'
import {tempDir} from '../../../helpers/temp.js'

describe('addresses', () => {
  it('parses IPv4 and IPv6 (zero runs, embedded IPv4, zone ids) to numbers', () => {
    expect(ipToBigInt('10.20.30.40')).toEqual({value: 0x0a141e28n, bits: 32})
    expect(ipToBigInt('::1')).toEqual({value: 1n, bits: 128})
    expect(ipToBigInt('fe80::1%eth0')?.value).toBe(0xfe80n << 112n | 1n)
    expect(ipToBigInt('::ffff:10.0.0.1')?.value).toBe((0xffffn << 32n) | 0x0a000001n)
    expect(ipToBigInt('host.example')).toBeUndefined()
  })

  it('compares addresses whatever their spelling', () => {
    expect(sameAddress('2001:DB8:0:0::1', '2001:db8::1')).toBe(true)
    expect(sameAddress('10.0.0.1', '10.0.0.01')).toBe(false)
    expect(sameAddress('10.0.0.1', '10.0.0.2')).toBe(false)
    expect(sameAddress('10.0.0.1', '::ffff:10.0.0.1')).toBe(false)
  })

  it('tells whether an address is in a subnet', () => {
    expect(inSubnet('10.77.3.9', '10.77.3.1', 24)).toBe(true)
    expect(inSubnet('10.77.4.9', '10.77.3.1', 24)).toBe(false)
    expect(inSubnet('10.77.4.9', '10.77.3.1', 16)).toBe(true)
    expect(inSubnet('2001:db8::9', '2001:db8::1', 64)).toBe(true)
    expect(inSubnet('2001:db9::9', '2001:db8::1', 64)).toBe(false)
    expect(inSubnet('10.0.0.1', '2001:db8::1', 64)).toBe(false)
  })

  it('finds the up interface whose subnet holds an address; never a down one', () => {
    const facts: Omit<HostFacts, 'addresses' | 'ping'> = {
      platform: 'linux', hostname: 'pbx-test',
      collectedFrom: [],
      notes: [],
      durationMs: 0,
      interfaces: [
        {name: 'eth0', addresses: [{address: '10.20.30.41', family: 'IPv4', prefixLength: 24}], state: 'up', up: true, kind: 'physical', reason: ''},
        {name: 'eth1', addresses: [{address: '198.51.100.1', family: 'IPv4', prefixLength: 24}], state: 'down', up: false, kind: 'physical', reason: ''},
      ],
    }
    expect(onLinkInterface('10.20.30.40', facts)?.name).toBe('eth0')
    expect(onLinkInterface('198.51.100.7', facts)).toBeUndefined()
    expect(onLinkInterface('203.0.113.1', facts)).toBeUndefined()
  })

  it('splits AvailableLocalIps as the API gives it', () => {
    expect(splitIps('10.0.0.5')).toEqual(['10.0.0.5'])
    expect(splitIps('10.0.0.5, 10.0.1.5;10.0.2.5 10.0.0.5')).toEqual(['10.0.0.5', '10.0.1.5', '10.0.2.5'])
    expect(splitIps(['10.0.0.5', '10.0.1.5'])).toEqual(['10.0.0.5', '10.0.1.5'])
    expect(splitIps(undefined)).toEqual([])
  })
})

describe('ServiceList', () => {
  it('stopped is fail, starting/stopping/paused is warn, running is fine', () => {
    expect(serviceProblems([{Name: 'nginx', DisplayName: '3CX PhoneSystem Nginx Server', Status: 4}])).toEqual({status: 'pass', lines: []})
    const stopped = serviceProblems([
      {Name: 'postgresql', DisplayName: '3CX PhoneSystem Database Server', Status: 1},
      {Name: '3CXIVR01', DisplayName: '', Status: 2},
    ])
    expect(stopped.status).toBe('fail')
    expect(stopped.lines).toEqual(['3CX PhoneSystem Database Server (postgresql) is stopped: 3CX cannot work without its database', '3CXIVR01 (3CXIVR01) is starting'])
    expect(serviceProblems([{Name: 'x', DisplayName: 'X', Status: 7}]).status).toBe('warn')
    expect(serviceProblems([{Name: 'x', DisplayName: 'X', Status: 9}]).lines).toEqual(['X (x) is in state 9'])
  })
})

describe('ping', () => {
  it('finds ping on PATH, or says it is missing and how to install it', () => {
    const dir = tempDir('tcx-path-')
    expect(findPingBinary('127.0.0.1', 'linux', {PATH: dir})).toEqual({reason: 'no `ping` program on PATH (install iputils-ping on Debian)'})
    mkdirSync(join(dir, 'bin'))
    writeFileSync(join(dir, 'bin', 'ping'), '#!/bin/sh\n', {mode: 0o755})
    expect(findPingBinary('127.0.0.1', 'linux', {PATH: `${dir}:${join(dir, 'bin')}`})).toEqual({path: join(dir, 'bin', 'ping')})
    expect(findPingBinary('::1', 'linux', {PATH: join(dir, 'bin')})).toMatchObject({reason: expect.stringContaining('ping6')})
    expect(findPingBinary('127.0.0.1', 'win32', {SystemRoot: dir})).toMatchObject({reason: expect.stringContaining('system32')})
  })
})

describe('bounds', () => {
  it('withTimeout rejects a promise that never settles', async () => {
    await expect(withTimeout(new Promise(() => {}), 50, 'systeminformation did not answer')).rejects.toThrow('systeminformation did not answer')
    await expect(withTimeout(Promise.resolve(7), 50, 'x')).resolves.toBe(7)
  })
})

describe('settings', () => {
  it('--expected-ip and expectedIps are joined, deduplicated, and must be addresses', () => {
    const s = mergeSettings({'expected-ip': ['10.0.0.5', '2001:db8::5']}, {expectedIps: ['10.0.0.5', '10.0.0.6']}, '/tmp')
    expect(s.expectedIps).toEqual(['10.0.0.5', '10.0.0.6', '2001:db8::5'])
    expect(() => mergeSettings({'expected-ip': ['pbx.example.com']}, {}, '/tmp')).toThrow('--expected-ip / expectedIps must be IP addresses (e.g. 10.20.30.40), not "pbx.example.com"')
  })

  it('network.physicalInterfaces, network.virtualInterfaces and --physical-interface', () => {
    const s = mergeSettings({'physical-interface': ['eth9']}, {network: {physicalInterfaces: ['ens3'], virtualInterfaces: ['00:15:5d:00:00:01']}}, '/tmp')
    expect(s.physicalInterfaces).toEqual(['ens3', 'eth9'])
    expect(s.virtualInterfaces).toEqual(['00:15:5d:00:00:01'])
  })
})
