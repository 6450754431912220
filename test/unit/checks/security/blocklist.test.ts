/**
 * security.blocklist through the check tester: the recorded v20 SystemStatus (3 blocked
 * addresses), v16 / v18 shaped bodies, and the v15.5 recording, which has no BlacklistedIpCount.
 */
import {expect} from 'vitest'
import check from '../../../../checks/security/blocklist.js'
import {testCheck, unavailable} from '../../../helpers/check-tester.js'
import {v15Console, v16Console, v18Console, v20Console} from '../pbx/status-fakes.js'

testCheck(check, {
  pass: [
    {
      name: 'v20 recorded: 3 addresses',
      sources: {console: v20Console()},
      summary: '3 IP address(es) are blocked, below the warning level of 100.',
      expect: (r) => expect(r.measurements).toEqual([{name: 'blocklist_ips', value: 3, unit: 'count', help: expect.any(String), warn: 100, fail: 1000, bad: 'above', min: 0}]),
    },
    {name: 'v16 shaped: 12 addresses', sources: {console: v16Console()}, summary: '12 IP address(es) are blocked'},
    {name: 'a count sent as a string ("7")', sources: {console: v18Console({BlacklistedIpCount: '7'})}, summary: '7 IP address(es) are blocked'},
  ],
  warn: [
    {
      name: 'v18 shaped: 150 addresses',
      sources: {console: v18Console({BlacklistedIpCount: 150})},
      summary: "150 IP addresses are blocked by 3CX's anti-hacking protection (warn at 100): an attack, or an office locked out.",
      expect: (r) => expect(r.details[0]).toBe('Limits: warn at 100, fail at 1000 blocked addresses.'),
    },
    {name: 'option warnCount 10', sources: {console: v16Console()}, options: {warnCount: 10}, summary: '12 IP addresses are blocked'},
  ],
  fail: [
    {
      name: 'the v20 demo plant: 1240 addresses',
      sources: {console: v20Console({BlacklistedIpCount: 1240})},
      summary: /^1240 IP addresses are blocked .*\(fail at 1000\)/,
      expect: (r) => expect(r.evidence).toEqual({blacklistedIpCount: 1240, warnCount: 100, failCount: 1000}),
    },
  ],
  skip: [
    {
      name: 'v15.5 recorded: not reported by this version',
      sources: {console: v15Console()},
      summary: '3CX 15.5.10244.4 does not report the size of its IP blocklist (no BlacklistedIpCount in its SystemStatus).',
    },
    {name: 'not a count', sources: {console: v20Console({BlacklistedIpCount: -4})}, summary: 'BlacklistedIpCount is -4, not a count'},
    {name: 'no console', sources: {console: unavailable('console', 'timeout after 5 s')}, summary: /timeout after 5 s/},
  ],
})
