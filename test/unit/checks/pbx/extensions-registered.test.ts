/**
 * pbx.extensions-registered through the check tester: the recorded v15.5 and v20
 * SystemStatus (21 of 24 extensions, no unregistered system extension), changed field by field.
 */
import {expect} from 'vitest'
import check from '../../../../checks/pbx/extensions-registered.js'
import {testCheck, unavailable} from '../../../helpers/check-tester.js'
import {consoleApi} from '../network/fakes.js'
import {v20FixtureConsole} from '../../sources/console/v20-fixture-console.js'

const without = (...keys: string[]) => Object.fromEntries(keys.map((k) => [k, undefined]))

testCheck(check, {
  pass: [
    {
      name: 'v15.5 recorded: 21 of 24, system extensions registered',
      sources: {console: consoleApi()},
      summary: '21 of 24 extension(s) registered (87.5%); every system extension registered.',
      expect(r) {
        expect(r.measurements).toEqual([
          {name: 'extensions_registered', value: 21, unit: 'count', help: 'Extensions registered now (SystemStatus ExtensionsRegistered).', min: 0, max: 24, bad: 'below', warn: 12},
          {name: 'extensions_configured', value: 24, unit: 'count', help: 'Extensions configured (SystemStatus ExtensionsTotal).', min: 0},
        ])
      },
    },
    {
      name: 'v20 recorded',
      sources: {console: v20FixtureConsole()},
      summary: '21 of 24 extension(s) registered (87.5%); every system extension registered.',
    },
    {
      name: 'a build without HasUnregisteredSystemExtensions: said unknown, not guessed',
      sources: {console: consoleApi({systemStatus: without('HasUnregisteredSystemExtensions')})},
      summary: '21 of 24 extension(s) registered (87.5%).',
      expect: (r) => expect(r.details).toContain('SystemStatus does not report HasUnregisteredSystemExtensions on this build: whether the system extensions are registered is not known.'),
    },
  ],
  warn: [
    {
      name: 'below the warn ratio',
      sources: {console: consoleApi({systemStatus: {ExtensionsRegistered: 5}})},
      summary: '5 of 24 extension(s) registered (20.8%)',
      expect: (r) => expect(r.details[0]).toContain('below the warn threshold 50% (option warnBelowRatio)'),
    },
    {
      name: 'an unregistered system extension, with systemExtensionsStatus warn',
      sources: {console: v20FixtureConsole({systemStatus: {HasUnregisteredSystemExtensions: true}})},
      options: {systemExtensionsStatus: 'warn'},
      summary: 'a system extension is NOT registered',
    },
  ],
  fail: [
    {
      name: 'v15.5: a system extension unregistered',
      sources: {console: consoleApi({systemStatus: {HasUnregisteredSystemExtensions: true, ExtensionsRegistered: 20}})},
      summary: '20 of 24 extension(s) registered (83.3%); a system extension is NOT registered.',
      expect: (r) => expect(r.details.join('\n')).toContain('digital receptionist, queue, ring group'),
    },
    {
      name: 'below the fail ratio (option failBelowRatio)',
      sources: {console: consoleApi({systemStatus: {ExtensionsRegistered: 2}})},
      options: {failBelowRatio: 0.2},
      summary: '2 of 24 extension(s) registered (8.3%)',
      expect: (r) => expect(r.measurements?.[0]).toMatchObject({warn: 12, fail: 5}),
    },
  ],
  skip: [
    {
      name: 'a build that reports none of the fields',
      sources: {console: consoleApi({systemStatus: without('ExtensionsRegistered', 'ExtensionsTotal', 'HasUnregisteredSystemExtensions')})},
      summary: /not known/,
    },
    {name: 'no console', sources: {console: unavailable('console', 'login refused')}, summary: /login refused/},
  ],
})
