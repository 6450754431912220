/**
 * pbx.services against the v15.5 and v20 console simulators: the demo's stopped IVR
 * service, and a service that is starting when first read and running when read
 * again after the grace time (a fresh GET of the list, not the memoised one).
 */
import {describe, expect, it} from 'vitest'
import check from '../../../../checks/pbx/services.js'
import {DEFAULT_SERVICES} from '../../../../src/demo/console-simulator.js'
import {DEFAULT_V20_SERVICES} from '../../../../src/demo/console-simulator-v20.js'
import {runAgainst, stopSimulatorsAfterEach, v15Simulator, v20Simulator} from '../console-run.js'

stopSimulatorsAfterEach()

describe('pbx.services', () => {
  it('v15.5: the IVR service stopped (Status 1)', async () => {
    const [r] = await runAgainst([check], await v15Simulator({scenario: 'service-stopped'}))
    expect(r).toMatchObject({status: 'fail', summary: '1 of 4 3CX service(s) not running: 3CX PhoneSystem 01 IVR Server (stopped).'})
    expect(r!.measurements?.find((m) => m.name === 'services_not_running')?.value).toBe(1)
  })

  it('v20: the IVR service "Stopped"; memory per service as gauges', async () => {
    const [r] = await runAgainst([check], await v20Simulator({scenario: 'service-stopped'}))
    expect(r).toMatchObject({status: 'fail', summary: '1 of 4 3CX service(s) not running: 3CX PhoneSystem 01 IVR Server (stopped).'})
    expect(r!.measurements?.filter((m) => m.name === 'service_memory_bytes').map((m) => m.labels?.service)).toEqual(['3CXPhoneSystem01', '3CXIVR01', 'nginx', 'postgresql'])
  })

  it('v15.5: a start pending that finishes within the grace time passes; the list was read twice', async () => {
    // The first ServiceList answer shows nginx starting; every later one is the normal list (all running).
    const starting = DEFAULT_SERVICES.map((s) => (s.Name === 'nginx' ? {...s, Status: 2} : s))
    const sim = await v15Simulator({answers: {'/api/ServiceList': {status: 200, body: JSON.stringify(starting), times: 1}}})
    const [r] = await runAgainst([check], sim, {'pbx.services': {pendingGraceSeconds: 0.2}})
    expect(r).toMatchObject({status: 'pass', summary: 'All 4 3CX service(s) running.', evidence: {readAgainAfterGrace: true}})
    expect(sim.requests.filter((q) => q.path === '/api/ServiceList' && q.status === 200)).toHaveLength(2)
  })

  it('v20: still stop pending after the grace time fails', async () => {
    const sim = await v20Simulator({services: DEFAULT_V20_SERVICES.map((s) => (s.Name === 'nginx' ? {...s, Status: 'StopPending' as const} : s))})
    const [r] = await runAgainst([check], sim, {'pbx.services': {pendingGraceSeconds: 0.2}})
    expect(r).toMatchObject({status: 'fail', summary: '1 of 4 3CX service(s) not running: 3CX PhoneSystem Nginx Server (stop-pending).'})
    expect(sim.requests.filter((q) => q.path === '/xapi/v1/Services' && q.status === 200)).toHaveLength(2)
  })
})
