/**
 * network.console-reachable through the check tester: the probes of the console
 * reachability source and the recorded v15.5 ServiceList (with services changed).
 */
import {expect} from 'vitest'
import check from '../../../../checks/network/console-reachable.js'
import {SourceUnavailableError} from '../../../../src/engine/errors.js'
import {testCheck, unavailable} from '../../../helpers/check-tester.js'
import {consoleApi, reachability, recorded} from './fakes.js'

const URL = 'http://127.0.0.1:5015/'
const answering = (status: number, location?: string) => reachability([{url: URL, status, ...(location ? {location} : {})}])
const withService = (name: string, status: number) => consoleApi({services: recorded.serviceList().map((s) => (s.Name === name ? {...s, Status: status} : s))})

testCheck(check, {
  pass: [
    {
      name: 'the console answers 200 and every recorded service runs',
      sources: {'console-reachability': answering(200), console: consoleApi()},
      summary: `${URL} answers HTTP 200.`,
      expect(r) {
        expect(r.details).toContain('All 4 3CX services listed by the console are running.')
        expect(r.tables?.map((t) => t.title)).toEqual(['Console URLs tried', '3CX services'])
        expect(r.tables?.[1]?.rows).toContainEqual(['3CX PhoneSystem Nginx Server', 'nginx', 'running'])
      },
    },
    {
      name: 'a redirect to the login page, the console API unavailable: services not checked',
      sources: {'console-reachability': answering(302, '/login'), console: unavailable('console', 'wrong user or password')},
      summary: `${URL} answers HTTP 302 (to /login).`,
      expect: (r) => expect(r.details).toContain('The 3CX services were not checked (ServiceList): wrong user or password'),
    },
    {
      name: 'the first Windows default port refuses, the second answers',
      sources: {
        'console-reachability': reachability(
          [
            {url: 'http://127.0.0.1:5000/', code: 'ECONNREFUSED', error: 'connect ECONNREFUSED'},
            {url: 'https://127.0.0.1:5001/', status: 200},
          ],
          'the default Windows port(s) on this machine',
        ),
        console: consoleApi(),
      },
      summary: 'https://127.0.0.1:5001/ answers HTTP 200.',
      expect: (r) => expect(r.details).toContain('nothing listens at http://127.0.0.1:5000/'),
    },
  ],
  warn: [
    {
      name: 'a 404: something listens, but not the 3CX console',
      sources: {'console-reachability': answering(404)},
      summary: /answers HTTP 404: something listens, but not like the 3CX console/,
    },
    {
      name: 'a service starting',
      sources: {'console-reachability': answering(200), console: withService('3CXIVR01', 2)},
      summary: `${URL} answers HTTP 200; 3CX PhoneSystem 01 IVR Server (3CXIVR01) is starting.`,
    },
  ],
  fail: [
    {
      name: '502: nginx runs, 3CX behind it does not; the multiple-NIC hint',
      sources: {'console-reachability': answering(502), console: unavailable('console', 'HTTP 502')},
      summary: /answers HTTP 502 Bad Gateway: nginx runs but the 3CX services behind it do not\. .*network\.multiple-nics/,
    },
    {
      name: 'connection refused',
      sources: {'console-reachability': reachability([{url: URL, code: 'ECONNREFUSED', error: 'connect ECONNREFUSED 127.0.0.1:5015'}])},
      summary: `nothing listens at ${URL} (connection refused): is the "3CX PhoneSystem Nginx Server" service running?`,
    },
    {
      name: 'no answer within the console timeout',
      sources: {'console-reachability': reachability([{url: URL, code: 'ETIMEDOUT', error: 'no answer within 5 s'}])},
      summary: `${URL} did not answer within 5 s: the console hangs, or a firewall drops the connection.`,
    },
    {
      name: 'nginx stopped in ServiceList',
      sources: {'console-reachability': answering(200), console: withService('nginx', 1)},
      summary: /3CX PhoneSystem Nginx Server \(nginx\) is stopped: the console answers 502 without it/,
    },
    {
      name: 'ServiceList itself fails: the HTTP answer still decides',
      sources: {'console-reachability': answering(503), console: consoleApi({services: new SourceUnavailableError('console', 'ServiceList answered HTTP 503')})},
      summary: /answers HTTP 503: the 3CX services behind nginx are starting, stopped or overloaded/,
      expect: (r) => expect(r.details).toContain('The 3CX services were not checked (ServiceList): ServiceList answered HTTP 503'),
    },
  ],
  skip: [
    {
      name: 'no URL and no 3CX install',
      sources: {'console-reachability': unavailable('console-reachability', 'no console URL and no 3CX install on this machine (no install found); give --console-url to check a console elsewhere')},
      summary: 'Not checked: no console URL and no 3CX install on this machine (no install found); give --console-url to check a console elsewhere.',
    },
  ],
})
