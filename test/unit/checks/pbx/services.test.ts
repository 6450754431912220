/**
 * pbx.services through the check tester: the recorded v15.5 ServiceList (numbers)
 * and v20 Services (strings), with a stopped, a pending and an ignored service; a
 * console whose second read (after the grace time) differs from the first.
 */
import {expect} from 'vitest'
import check from '../../../../checks/pbx/services.js'
import type {ConsoleApi} from '../../../../src/sources/console/index.js'
import {v20ServiceFact} from '../../../../src/sources/console/parse-v20.js'
import {testCheck, unavailable} from '../../../helpers/check-tester.js'
import {consoleApi, recorded} from '../network/fakes.js'
import {v20Fixture, v20FixtureConsole} from '../../sources/console/v20-fixture-console.js'

type Items = Array<Record<string, unknown>>
const v20Services = (changes: Record<string, Record<string, unknown>>): Items =>
  (v20Fixture('Services.json') as {value: Items}).value.map((s) => ({...s, ...changes[s.Name as string]}))
const v15Services = (changes: Record<string, number>) => recorded.serviceList().map((s) => (s.Name in changes ? {...s, Status: changes[s.Name]!} : s))

/** A v20 console whose services read again (after the grace time) are `later`. */
function pendingThen(later: Items): ConsoleApi {
  const api = v20FixtureConsole({services: v20Services({'3CXIVR01': {Status: 'StartPending'}})})
  let again = 0
  return {
    ...api,
    servicesAgain: () => {
      again++
      return Promise.resolve(later.map(v20ServiceFact))
    },
    get requests() {
      return again
    },
  } as ConsoleApi
}

testCheck(check, {
  pass: [
    {
      name: 'v15.5 recorded: four services running, memory per service measured',
      sources: {console: consoleApi()},
      summary: 'All 4 3CX service(s) running.',
      expect(r) {
        expect(r.measurements?.[0]).toMatchObject({name: 'services_not_running', value: 0, fail: 0, bad: 'above'})
        expect(r.measurements?.slice(1).map((m) => [m.name, m.labels?.service, m.value])).toEqual([
          ['service_memory_bytes', '3CXPhoneSystem01', 52428800],
          ['service_memory_bytes', '3CXIVR01', 20971520],
          ['service_memory_bytes', 'nginx', 8388608],
          ['service_memory_bytes', 'postgresql', 41943040],
        ])
        expect(r.tables?.[0]?.rows[0]).toEqual(['3CX PhoneSystem 01 SIP Server', '3CXPhoneSystem01', 'running', '50 MiB'])
      },
    },
    {
      name: 'v20: a service starting recovers within the grace time (read again once)',
      sources: {console: pendingThen(v20Services({}))},
      options: {pendingGraceSeconds: 0.05},
      summary: 'All 4 3CX service(s) running.',
      expect(r) {
        expect(r.evidence).toMatchObject({readAgainAfterGrace: true})
        expect(r.details).toContain('3CX PhoneSystem 01 IVR Server was starting or stopping; the list was read again after 0.05 s.')
      },
    },
    {
      name: 'a service stopped on purpose, in the option ignore (by DisplayName, any case)',
      sources: {console: consoleApi({services: v15Services({'3CXIVR01': 1})})},
      options: {ignore: ['3cx phonesystem 01 ivr server']},
      summary: 'All 3 3CX service(s) running (1 not running but ignored: 3CX PhoneSystem 01 IVR Server).',
    },
  ],
  warn: [
    {
      name: 'SystemStatus says a service is not running, the list shows all running',
      sources: {console: consoleApi({systemStatus: {HasNotRunningServices: true}})},
      summary: 'All 4 listed 3CX services are running, but SystemStatus reports a service not running.',
    },
  ],
  fail: [
    {
      name: 'v15.5: the IVR service stopped (Status 1)',
      sources: {console: consoleApi({services: v15Services({'3CXIVR01': 1}), systemStatus: {HasNotRunningServices: true}})},
      summary: '1 of 4 3CX service(s) not running: 3CX PhoneSystem 01 IVR Server (stopped).',
      expect: (r) => expect(r.measurements?.[0]).toMatchObject({name: 'services_not_running', value: 1}),
    },
    {
      name: 'v20: the IVR service "Stopped"',
      sources: {console: v20FixtureConsole({services: v20Services({'3CXIVR01': {Status: 'Stopped', MemoryUsed: 0}})})},
      summary: '1 of 4 3CX service(s) not running: 3CX PhoneSystem 01 IVR Server (stopped).',
    },
    {
      name: 'v20: still starting after the grace time counts as not running',
      sources: {console: pendingThen(v20Services({'3CXIVR01': {Status: 'StartPending'}}))},
      options: {pendingGraceSeconds: 0.05},
      summary: '1 of 4 3CX service(s) not running: 3CX PhoneSystem 01 IVR Server (start-pending).',
      expect: (r) => expect(r.details[0]).toContain('is still start-pending after the 0.05 s grace time: it counts as not running'),
    },
    {
      name: 'v15.5: stop pending (Status 3) with no grace time',
      sources: {console: consoleApi({services: v15Services({nginx: 3})})},
      options: {pendingGraceSeconds: 0},
      summary: '1 of 4 3CX service(s) not running: 3CX PhoneSystem Nginx Server (stop-pending).',
      expect: (r) => expect(r.evidence).toMatchObject({readAgainAfterGrace: false}),
    },
    {
      name: 'a status number no Windows state has',
      sources: {console: consoleApi({services: v15Services({nginx: 9})})},
      summary: '3CX PhoneSystem Nginx Server (status 9)',
    },
  ],
  skip: [
    {name: 'the console lists no service', sources: {console: consoleApi({services: []})}, summary: 'The console lists no service: the service states are not known.'},
    {name: 'no console', sources: {console: unavailable('console', 'login refused')}, summary: /login refused/},
  ],
})
