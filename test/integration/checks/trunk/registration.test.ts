/**
 * trunk.registration against the v15.5 and v20 console simulators: the demo's planted
 * provider trunk that stopped registering (v15: register times; v20: IsOnline only),
 * the loopback trunk left to trunk.loopback-registration, and SBC rows apart.
 */
import {describe, expect, it} from 'vitest'
import check from '../../../../checks/trunk/registration.js'
import {dotNetUtc} from '../../../../src/demo/console-simulator.js'
import {runAgainst, stopSimulatorsAfterEach, v15Simulator, v20Simulator} from '../console-run.js'

stopSimulatorsAfterEach()

describe('trunk.registration against the v15.5 simulator', () => {
  it('healthy: 2 of 2 registered, counts agree with SystemStatus', async () => {
    const [r] = await runAgainst([check], await v15Simulator({scenario: 'healthy'}))
    expect(r).toMatchObject({status: 'pass', summary: '2 of 2 trunk(s) registered.'})
    expect(r!.measurements?.map((m) => [m.name, m.value])).toEqual([['trunks_registered', 2], ['trunks_configured', 2]])
  })

  it('the demo plant: the provider trunk down, named with its times; the loopback one (display bug) left to trunk.loopback-registration', async () => {
    const [r] = await runAgainst([check], await v15Simulator({scenario: ['loopback-display-bug', 'provider-trunk-down']}))
    expect(r).toMatchObject({status: 'fail', summary: '0 of 2 trunk(s) registered; not registered: Carrier.'})
    expect(r!.details[0]).toMatch(/^Carrier \(10000, host sip\.carrier\.example\) is not registered: last register OK \S+Z, sent \S+Z, failed \S+Z\. /)
    expect(r!.details[1]).toContain('it is a loopback trunk (127.0.0.1 is a loopback address (127.0.0.0/8)): see trunk.loopback-registration')
    // The simulator's SystemStatus counts what its list shows.
    expect(r!.details.join('\n')).not.toContain('disagree')
  })

  it('v18 SBC rows are counted apart, and a dashboard that disagrees is a warning', async () => {
    const ok = dotNetUtc(new Date(Date.now() - 60_000))
    const sim = await v15Simulator({
      trunks: [
        {Name: 'Carrier', Number: '10000', IsRegistered: true, RegisterOkTime: ok},
        {Id: '90', Name: 'Branch SBC', Number: '', Type: 'SBC', Host: '198.51.100.9', IsRegistered: false},
      ],
      systemStatus: {TrunksRegistered: 1, TrunksTotal: 3},
    })
    const [r] = await runAgainst([check], sim)
    expect(r).toMatchObject({status: 'warn', summary: '1 of 1 trunk(s) registered; SystemStatus counts disagree with the trunk list.'})
    expect(r!.evidence).toMatchObject({sbcs: [{name: 'Branch SBC', registered: false}]})
  })
})

describe('trunk.registration against the v20 simulator', () => {
  it('the demo plant: the carrier offline (no register times on v20), the loopback one left to trunk.loopback-registration', async () => {
    const [r] = await runAgainst([check], await v20Simulator({scenario: ['loopback-offline', 'carrier-offline']}))
    expect(r).toMatchObject({status: 'fail', summary: '0 of 2 trunk(s) online; not online: Carrier.'})
    expect(r!.details[0]).toBe(
      'Carrier (10000, host sip.carrier.example) is not online: IsOnline is false; this console (v20) gives no register times. Check its registrar, credentials and firewall, then "Refresh Registration".',
    )
  })

  it('ignore by name makes the plant a pass', async () => {
    const [r] = await runAgainst([check], await v20Simulator({scenario: 'carrier-offline'}), {'trunk.registration': {ignore: ['carrier']}})
    expect(r).toMatchObject({status: 'pass', summary: '1 of 2 trunk(s) online (down but not judged here: Carrier, ignored).'})
  })
})
