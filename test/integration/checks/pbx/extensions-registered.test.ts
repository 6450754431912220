/**
 * pbx.extensions-registered against the v15.5 and v20 console simulators: healthy,
 * and the demo's unregistered system extension.
 */
import {describe, expect, it} from 'vitest'
import check from '../../../../checks/pbx/extensions-registered.js'
import {runAgainst, stopSimulatorsAfterEach, v15Simulator, v20Simulator} from '../console-run.js'

stopSimulatorsAfterEach()

describe('pbx.extensions-registered', () => {
  it('v15.5 healthy: 21 of 24', async () => {
    const [r] = await runAgainst([check], await v15Simulator({scenario: 'healthy'}))
    expect(r).toMatchObject({status: 'pass', summary: '21 of 24 extension(s) registered (87.5%); every system extension registered.'})
  })

  it.each([
    ['v15.5', () => v15Simulator({scenario: 'system-extension-unregistered'})],
    ['v20', () => v20Simulator({scenario: 'system-extension-unregistered'})],
  ])('%s: the demo plant, a system extension unregistered', async (_name, start) => {
    const [r] = await runAgainst([check], await start())
    expect(r).toMatchObject({status: 'fail', summary: '20 of 24 extension(s) registered (83.3%); a system extension is NOT registered.'})
    expect(r!.measurements?.map((m) => [m.name, m.value])).toEqual([['extensions_registered', 20], ['extensions_configured', 24]])
  })
})
