import {consoleSource, defineCheck, pass, skip, statusBoolean, table, versionSkipReason, versionSource, warn, type CheckVersions, type SystemStatus} from '../../src/index.js'

const pbxLabel = (status: SystemStatus): string =>
  typeof status.Version === 'string' && status.Version.trim() !== '' ? `3CX ${status.Version.trim().slice(0, 40)}` : 'this 3CX'

/** Only v20 says whether the audit log is on. */
const VERSIONS: CheckVersions = {
  15: {applies: 'no', decides: 'the v15-v18 SystemStatus does not report whether the audit log is on (no IsAuditLogEnabled)', sure: 'confirmed'},
  16: {applies: 'no', decides: 'as v15.5: no IsAuditLogEnabled in the SystemStatus', sure: 'confirmed'},
  18: {applies: 'no', decides: 'as v15.5: no IsAuditLogEnabled in the SystemStatus', sure: 'confirmed'},
  20: {applies: 'yes', decides: 'SystemStatus IsAuditLogEnabled', sure: 'confirmed'},
}

/**
 * security.audit-log (v20): the audit log, which records who changed what in the
 * management console, is switched on.
 */
export default defineCheck({
  id: 'security.audit-log',
  title: 'The audit log is on (v20)',
  severity: 'minor',
  description:
    "Reads the v20 management API's SystemStatus IsAuditLogEnabled. The audit log records who changed what in the management console and " +
    'when: without it, a changed trunk, forwarding rule or admin account (after a stolen password, or a mistake) cannot be traced. v15-v18 ' +
    'do not report the switch: the check does not apply there.',
  remediation: 'In the v20 management console turn the audit log on (search its settings for "Audit Log"; where the switch sits differs by build).',
  docs: 'docs/checks/security.md#securityaudit-log-the-audit-log-is-on-v20',
  sources: ['console', 'version'],
  versions: VERSIONS,
  async appliesTo(ctx) {
    const seen = await ctx.tryUse(versionSource)
    return versionSkipReason(VERSIONS, seen.ok ? seen.value : undefined)
  },
  async run(ctx) {
    const api = await ctx.use(consoleSource)
    const status = await api.systemStatus()
    const pbx = pbxLabel(status)
    const enabled = statusBoolean(status, 'IsAuditLogEnabled')
    if (enabled.state === 'missing') return skip(`${pbx} does not report whether its audit log is on (no IsAuditLogEnabled in its SystemStatus; v20 sends it).`)
    if (enabled.state === 'unreadable') return skip(`IsAuditLogEnabled is ${enabled.raw}, not true or false: whether the audit log is on is unknown.`)
    const evidence = {isAuditLogEnabled: enabled.value}
    const tables = [table('Audit log', ['field', 'value'], [['IsAuditLogEnabled', enabled.value]])]
    if (enabled.value) return pass('The audit log is on: changes in the management console are recorded.', {evidence, tables})
    return warn('The audit log is off: who changed what in the management console is not recorded.', {
      details: ['Without the audit log a changed trunk, forwarding rule or admin account cannot be traced to a login or a time.'],
      evidence,
      tables,
    })
  },
})
