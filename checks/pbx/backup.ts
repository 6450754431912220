import {
  consoleSource,
  defineCheck,
  formatAge,
  measure,
  outcome,
  skip,
  statusBoolean,
  statusTime,
  table,
  worstStatus,
  type Status,
  type SystemStatus,
} from '../../src/index.js'

export const DEFAULT_WARN_DAYS = 2
export const DEFAULT_FAIL_DAYS = 7
/** A last backup stamped further in the future than this is a clock problem, not a fresh backup. */
export const FUTURE_TOLERANCE_MS = 3600_000

const DAY_MS = 86_400_000

/** "3CX 15.5.10244.4", or "this 3CX" when the console gives no version. */
export function pbxLabel(status: SystemStatus): string {
  return typeof status.Version === 'string' && status.Version.trim() !== '' ? `3CX ${status.Version.trim().slice(0, 40)}` : 'this 3CX'
}

/** pass / warn / fail for the age of the last backup against the thresholds in days. */
export function backupAgeStatus(ageMs: number, warnDays: number, failDays: number): Status {
  if (ageMs > failDays * DAY_MS) return 'fail'
  if (ageMs > warnDays * DAY_MS) return 'warn'
  return 'pass'
}

/**
 * pbx.backup: is a backup scheduled, and how old is the last one (SystemStatus
 * BackupScheduled and LastBackupDateTime)?
 */
export default defineCheck({
  id: 'pbx.backup',
  title: 'A backup is scheduled and the last one is recent',
  severity: 'major',
  description:
    "Reads the management console's SystemStatus: BackupScheduled (is a scheduled backup set up) and LastBackupDateTime (when the last " +
    'backup finished; empty means never). A PBX without a recent backup loses its extensions, trunks, rules, recordings and call history ' +
    'when the disk or the VM dies, and a restore to new hardware needs the backup file and the licence key.',
  remediation:
    'In the management console open Backup (Backup and Restore on v15-v18), set up a scheduled backup (daily, kept off the PBX: an FTP, ' +
    'SFTP, SMB or cloud location) and run one now. If a backup is scheduled but the last one is old, read the backup job\'s log: the target ' +
    'may be full or its credentials changed. Thresholds: config `checks: {"pbx.backup": {"warnDays": 2, "failDays": 7}}`.',
  docs: 'docs/checks/pbx.md#pbxbackup-a-backup-is-scheduled-and-the-last-one-is-recent',
  sources: ['console'],
  versions: {
    15: {applies: 'yes', decides: 'SystemStatus LastBackupDateTime ("" = never) and BackupScheduled where the build sends it', cannotTell: 'whether a backup is scheduled, on builds that send no BackupScheduled', sure: 'confirmed'},
    16: {applies: 'yes', decides: 'as v15.5 (LastBackupDateTime carries the server\'s local offset)', sure: 'confirmed'},
    18: {applies: 'yes', decides: 'as v15.5', sure: 'confirmed'},
    20: {applies: 'yes', decides: 'the same fields of /xapi/v1/SystemStatus', sure: 'confirmed'},
  },
  options: {
    schema: {
      warnDays: {type: 'number', minimum: 0, description: 'Warn when the last backup is older than this many days.'},
      failDays: {type: 'number', minimum: 0, description: 'Fail when the last backup is older than this many days.'},
    },
    defaults: {warnDays: DEFAULT_WARN_DAYS, failDays: DEFAULT_FAIL_DAYS},
  },
  async run(ctx) {
    const {warnDays, failDays} = ctx.options
    const api = await ctx.use(consoleSource)
    const status = await api.systemStatus()
    const pbx = pbxLabel(status)
    const scheduled = statusBoolean(status, 'BackupScheduled')
    const last = statusTime(status, 'LastBackupDateTime')
    if (scheduled.state === 'missing' && last.state === 'missing') {
      return skip(`${pbx} does not report backups: its SystemStatus has neither BackupScheduled nor LastBackupDateTime.`)
    }
    const now = ctx.now()
    const statuses: Status[] = []
    const sentences: string[] = []
    const details: string[] = []
    const measurements = []
    let ageMs: number | undefined

    switch (last.state) {
      case 'never':
        statuses.push('fail')
        sentences.push(`${pbx} has never made a backup (LastBackupDateTime ${last.raw})`)
        break
      case 'time': {
        ageMs = now.getTime() - last.date.getTime()
        if (ageMs < -FUTURE_TOLERANCE_MS) {
          statuses.push('warn')
          sentences.push(`The last backup is stamped ${formatAge(-ageMs)} in the future (${last.raw}): the PBX clock or this machine's is off, so its age is unknown`)
          ageMs = undefined
          break
        }
        ageMs = Math.max(0, ageMs)
        const ageStatus = backupAgeStatus(ageMs, warnDays, failDays)
        statuses.push(ageStatus)
        sentences.push(`The last backup is ${formatAge(ageMs)} old (${last.raw})`)
        if (ageStatus !== 'pass') details.push(`Limits: warn when older than ${warnDays} days, fail when older than ${failDays} days.`)
        measurements.push(
          measure('backup_age_seconds', Math.round(ageMs / 1000), 'seconds', {
            help: 'Age of the last backup of the PBX (SystemStatus LastBackupDateTime).',
            warn: warnDays * 86_400,
            fail: failDays * 86_400,
            bad: 'above',
            min: 0,
          }),
        )
        break
      }
      case 'unreadable':
        details.push(`LastBackupDateTime is ${last.raw}, not a time tcx-doctor can read: the age of the last backup is unknown.`)
        break
      case 'missing':
        details.push(`${pbx} does not report LastBackupDateTime: the age of the last backup is unknown.`)
        break
    }

    if (scheduled.state === 'value' && !scheduled.value) {
      statuses.push('warn')
      sentences.push('no backup is scheduled (BackupScheduled is false)')
    } else if (scheduled.state === 'value') {
      details.push('A backup is scheduled (BackupScheduled is true).')
    } else if (scheduled.state === 'missing') {
      details.push(`${pbx} does not report BackupScheduled: whether a backup is scheduled is not known.`)
    } else {
      details.push(`BackupScheduled is ${scheduled.raw}, not true or false: whether a backup is scheduled is not known.`)
    }

    const evidence = {
      backupScheduled: scheduled.state === 'value' ? scheduled.value : null,
      lastBackupDateTime: last.state === 'missing' ? null : last.raw,
      lastBackupAt: last.state === 'time' ? last.date.toISOString() : null,
      ageSeconds: ageMs === undefined ? null : Math.round(ageMs / 1000),
      checkedAt: now.toISOString(),
      warnDays,
      failDays,
    }
    const tables = [
      table(
        'Backups as the console reports them',
        ['field', 'value'],
        [
          ['BackupScheduled', scheduled.state === 'value' ? scheduled.value : scheduled.state === 'missing' ? 'not reported' : scheduled.raw],
          ['LastBackupDateTime', last.state === 'missing' ? 'not reported' : last.state === 'never' ? `never (${last.raw})` : last.raw],
          ['age', ageMs === undefined ? 'unknown' : formatAge(ageMs)],
        ],
      ),
    ]
    if (statuses.length === 0) {
      return skip(`${pbx} reports no backup time tcx-doctor can judge.`, {details, evidence, tables})
    }
    const verdict = worstStatus(statuses)
    const summary = sentences.length > 0 ? `${sentences.join('; ')}.` : 'A backup is scheduled.'
    if (verdict !== 'pass') details.push('Without a recent backup, a dead disk or VM loses the whole configuration, the recordings and the call history.')
    return outcome(verdict, summary.charAt(0).toUpperCase() + summary.slice(1), {details, evidence, tables, measurements})
  },
})
