/**
 * network.console-reachable through the check tester on the recorded v20 console:
 * v20's Status strings reach the check as the states it knows.
 */
import {expect} from 'vitest'
import check from '../../../../checks/network/console-reachable.js'
import {testCheck} from '../../../helpers/check-tester.js'
import {reachability} from '../../checks/network/fakes.js'
import {v20Fixture, v20FixtureConsole} from './v20-fixture-console.js'

const URL = 'https://pbx.example.com/'
const services = (v20Fixture('Services.json') as {value: Array<Record<string, unknown>>}).value
const withStatus = (name: string, Status: string) => v20FixtureConsole({services: services.map((s) => (s.Name === name ? {...s, Status} : s))})

testCheck(check, {
  pass: [
    {
      name: 'v20: every recorded service "Running"',
      sources: {'console-reachability': reachability([{url: URL, status: 200}]), console: v20FixtureConsole()},
      expect: (r) => expect(r.details).toContain('All 4 3CX services listed by the console are running.'),
    },
  ],
  fail: [
    {
      name: 'v20: the IVR "Stopped"',
      sources: {'console-reachability': reachability([{url: URL, status: 200}]), console: withStatus('3CXIVR01', 'Stopped')},
      summary: '3CX PhoneSystem 01 IVR Server (3CXIVR01) is stopped',
    },
  ],
  warn: [
    {
      name: 'v20: nginx "StopPending"',
      sources: {'console-reachability': reachability([{url: URL, status: 200}]), console: withStatus('nginx', 'StopPending')},
      summary: /3CX PhoneSystem Nginx Server \(nginx\) is stopping/,
    },
  ],
})
