import {consoleSource, defineCheck, measure, outcome, skip, statusNumber, table, type Status, type SystemStatus} from '../../src/index.js'

export const DEFAULT_WARN_COUNT = 100
export const DEFAULT_FAIL_COUNT = 1000

const pbxLabel = (status: SystemStatus): string =>
  typeof status.Version === 'string' && status.Version.trim() !== '' ? `3CX ${status.Version.trim().slice(0, 40)}` : 'this 3CX'

/** pass / warn / fail for a blocklist size against the thresholds. */
export function blocklistStatus(count: number, warnCount: number, failCount: number): Status {
  if (count >= failCount) return 'fail'
  if (count >= warnCount) return 'warn'
  return 'pass'
}

/**
 * security.blocklist: how many addresses 3CX's anti-hacking protection has blocked
 * (SystemStatus BlacklistedIpCount).
 */
export default defineCheck({
  id: 'security.blocklist',
  title: 'The IP blocklist is of a normal size',
  severity: 'minor',
  description:
    "Reads the management console's SystemStatus BlacklistedIpCount: how many IP addresses 3CX's anti-hacking protection blocks (after " +
    'failed SIP registrations or console logins). A few are normal on a PBX reachable from the internet; a large or suddenly growing list ' +
    'means an attack (SIP scanners, password guessing), or an office locked out because its phones kept registering with a wrong password ' +
    'from the shared public address.',
  remediation:
    'Open the IP blocklist in the management console\'s security settings (called IP Blacklist on v15-v18). ' +
    'Unblock and allow-list your own offices\' addresses and fix the phones with wrong credentials; for attackers, close the SIP and console ' +
    'ports to the internet where you can (allow only your carriers and offices) and keep the anti-hacking limits on. Thresholds: config ' +
    '`checks: {"security.blocklist": {"warnCount": 100, "failCount": 1000}}`.',
  docs: 'docs/checks/security.md#securityblocklist-the-ip-blocklist-is-of-a-normal-size',
  sources: ['console'],
  versions: {
    15: {applies: 'yes', decides: 'SystemStatus BlacklistedIpCount where the build sends it', cannotTell: 'anything, on builds without BlacklistedIpCount (the v15.5 body seen has none)', sure: 'reported'},
    16: {applies: 'yes', decides: 'as v15.5', sure: 'confirmed'},
    18: {applies: 'yes', decides: 'as v15.5', sure: 'confirmed'},
    20: {applies: 'yes', decides: 'BlacklistedIpCount of /xapi/v1/SystemStatus', sure: 'confirmed'},
  },
  options: {
    schema: {
      warnCount: {type: 'integer', minimum: 1, description: 'Warn when at least this many addresses are blocked.'},
      failCount: {type: 'integer', minimum: 1, description: 'Fail when at least this many addresses are blocked.'},
    },
    defaults: {warnCount: DEFAULT_WARN_COUNT, failCount: DEFAULT_FAIL_COUNT},
  },
  async run(ctx) {
    const {warnCount, failCount} = ctx.options
    const api = await ctx.use(consoleSource)
    const status = await api.systemStatus()
    const pbx = pbxLabel(status)
    const count = statusNumber(status, 'BlacklistedIpCount')
    if (count.state === 'missing') return skip(`${pbx} does not report the size of its IP blocklist (no BlacklistedIpCount in its SystemStatus).`)
    if (count.state === 'unreadable') return skip(`BlacklistedIpCount is ${count.raw}, not a count: the size of the IP blocklist is unknown.`)
    const n = Math.round(count.value)
    const verdict = blocklistStatus(n, warnCount, failCount)
    const evidence = {blacklistedIpCount: n, warnCount, failCount}
    const tables = [table('IP blocklist', ['blocked addresses', 'warn at', 'fail at'], [[n, warnCount, failCount]])]
    const measurements = [
      measure('blocklist_ips', n, 'count', {help: "IP addresses blocked by 3CX's anti-hacking protection (BlacklistedIpCount).", warn: warnCount, fail: failCount, bad: 'above', min: 0}),
    ]
    const details =
      verdict === 'pass'
        ? []
        : [
            `Limits: warn at ${warnCount}, fail at ${failCount} blocked addresses.`,
            'A list this long means an attack on the SIP or console ports, or your own phones locked out after registering with a wrong password: look at which addresses are listed.',
          ]
    const summary =
      verdict === 'pass'
        ? `${n} IP address(es) are blocked, below the warning level of ${warnCount}.`
        : `${n} IP addresses are blocked by 3CX's anti-hacking protection (${verdict === 'fail' ? 'fail' : 'warn'} at ${verdict === 'fail' ? failCount : warnCount}): an attack, or an office locked out.`
    return outcome(verdict, summary, {details, evidence, tables, measurements})
  },
})
