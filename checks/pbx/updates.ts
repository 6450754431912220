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
  versionSkipReason,
  versionSource,
  worstStatus,
  type Cell,
  type CheckVersions,
  type Measurement,
  type Status,
  type StatusTime,
  type SystemStatus,
} from '../../src/index.js'

export const DEFAULT_CHECK_WARN_DAYS = 3
export const DEFAULT_UPDATE_WARN_DAYS = 60
export const DEFAULT_UPDATE_FAIL_DAYS = 180

const DAY_MS = 86_400_000

const pbxLabel = (status: SystemStatus): string =>
  typeof status.Version === 'string' && status.Version.trim() !== '' ? `3CX ${status.Version.trim().slice(0, 40)}` : 'this 3CX'

/** v15-v18 send none of the update fields; v20 does. */
const VERSIONS: CheckVersions = {
  15: {applies: 'no', decides: 'the v15-v18 SystemStatus has no AutoUpdateEnabled, LastCheckForUpdates, LastSuccessfulUpdate', sure: 'confirmed'},
  16: {applies: 'no', decides: 'as v15.5: the SystemStatus has no update fields', sure: 'confirmed'},
  18: {applies: 'no', decides: 'as v15.5: the SystemStatus has no update fields', sure: 'confirmed'},
  20: {applies: 'yes', decides: 'SystemStatus AutoUpdateEnabled, ages of LastCheckForUpdates and LastSuccessfulUpdate', sure: 'confirmed'},
}

interface AgeFinding {
  status?: Status
  sentence?: string
  detail?: string
  ageMs?: number
  shown: Cell
}

/** The age of one update time against its thresholds; never is `neverStatus`. */
export function judgeAge(what: string, field: string, value: StatusTime, now: Date, warnDays: number, failDays: number | undefined, pbx: string): AgeFinding {
  switch (value.state) {
    case 'missing':
      return {detail: `${pbx} does not report ${field}.`, shown: 'not reported'}
    case 'unreadable':
      return {detail: `${field} is ${value.raw}, not a time tcx-doctor can read.`, shown: value.raw}
    case 'never':
      return {status: 'warn', sentence: `${what} never happened (${field} ${value.raw})`, shown: `never (${value.raw})`}
    case 'time': {
      const ageMs = Math.max(0, now.getTime() - value.date.getTime())
      const status: Status = failDays !== undefined && ageMs > failDays * DAY_MS ? 'fail' : ageMs > warnDays * DAY_MS ? 'warn' : 'pass'
      const text = `${what} was ${formatAge(ageMs)} ago (${value.date.toISOString().slice(0, 10)})`
      return status === 'pass' ? {status, detail: `${text}.`, ageMs, shown: value.raw} : {status, sentence: text, ageMs, shown: value.raw}
    }
  }
}

/**
 * pbx.updates (v20): automatic updates are on, the PBX looks for updates, and the last
 * successful update is not old.
 */
export default defineCheck({
  id: 'pbx.updates',
  title: 'Updates are automatic and recent (v20)',
  severity: 'minor',
  description:
    "Reads the v20 management API's SystemStatus: AutoUpdateEnabled, LastCheckForUpdates (when the PBX last asked 3CX for updates) and " +
    'LastSuccessfulUpdate (when an update last installed). 3CX ships security fixes as updates; a PBX that stopped checking (no internet, ' +
    'a proxy, expired maintenance) or whose updates fail stays exposed. v15-v18 report none of this: the check does not apply there.',
  remediation:
    'In the management console (Admin > Updates) turn on automatic updates, or install the pending ones. If the last check is old, the PBX ' +
    'cannot reach 3CX\'s update servers (firewall, proxy, DNS) or maintenance has ended (see pbx.licence). If updates fail, read the update ' +
    'log there. Thresholds: config `checks: {"pbx.updates": {"checkWarnDays": 3, "updateWarnDays": 60, "updateFailDays": 180}}`.',
  docs: 'docs/checks/pbx.md#pbxupdates-updates-are-automatic-and-recent-v20',
  sources: ['console', 'version'],
  versions: VERSIONS,
  async appliesTo(ctx) {
    const seen = await ctx.tryUse(versionSource)
    return versionSkipReason(VERSIONS, seen.ok ? seen.value : undefined)
  },
  options: {
    schema: {
      checkWarnDays: {type: 'number', minimum: 0, description: 'Warn when the PBX last looked for updates more than this many days ago.'},
      updateWarnDays: {type: 'number', minimum: 0, description: 'Warn when the last successful update is older than this many days.'},
      updateFailDays: {type: 'number', minimum: 0, description: 'Fail when the last successful update is older than this many days.'},
    },
    defaults: {checkWarnDays: DEFAULT_CHECK_WARN_DAYS, updateWarnDays: DEFAULT_UPDATE_WARN_DAYS, updateFailDays: DEFAULT_UPDATE_FAIL_DAYS},
  },
  async run(ctx) {
    const {checkWarnDays, updateWarnDays, updateFailDays} = ctx.options
    const api = await ctx.use(consoleSource)
    const status = await api.systemStatus()
    const pbx = pbxLabel(status)
    const auto = statusBoolean(status, 'AutoUpdateEnabled')
    const lastCheck = statusTime(status, 'LastCheckForUpdates')
    const lastUpdate = statusTime(status, 'LastSuccessfulUpdate')
    if (auto.state === 'missing' && lastCheck.state === 'missing' && lastUpdate.state === 'missing') {
      return skip(`${pbx} does not report updates: its SystemStatus has no AutoUpdateEnabled, LastCheckForUpdates or LastSuccessfulUpdate (v20 sends them).`)
    }
    const now = ctx.now()
    const statuses: Status[] = []
    const sentences: string[] = []
    const details: string[] = []
    if (auto.state === 'value') {
      statuses.push(auto.value ? 'pass' : 'warn')
      if (!auto.value) sentences.push('automatic updates are off (AutoUpdateEnabled is false)')
      else details.push('Automatic updates are on.')
    } else details.push(auto.state === 'missing' ? `${pbx} does not report AutoUpdateEnabled.` : `AutoUpdateEnabled is ${auto.raw}, not true or false.`)

    const check = judgeAge('The last check for updates', 'LastCheckForUpdates', lastCheck, now, checkWarnDays, undefined, pbx)
    const update = judgeAge('The last successful update', 'LastSuccessfulUpdate', lastUpdate, now, updateWarnDays, updateFailDays, pbx)
    const measurements: Measurement[] = []
    for (const finding of [check, update]) {
      if (finding.status) statuses.push(finding.status)
      if (finding.sentence) sentences.push(finding.sentence.charAt(0).toLowerCase() + finding.sentence.slice(1))
      if (finding.detail) details.push(finding.detail)
    }
    if (check.ageMs !== undefined) {
      measurements.push(measure('updates_last_check_age_seconds', Math.round(check.ageMs / 1000), 'seconds', {help: 'Time since the PBX last looked for updates (LastCheckForUpdates).', warn: checkWarnDays * 86_400, bad: 'above', min: 0}))
    }
    if (update.ageMs !== undefined) {
      measurements.push(
        measure('updates_last_success_age_seconds', Math.round(update.ageMs / 1000), 'seconds', {
          help: 'Time since an update last installed on the PBX (LastSuccessfulUpdate).',
          warn: updateWarnDays * 86_400,
          fail: updateFailDays * 86_400,
          bad: 'above',
          min: 0,
        }),
      )
    }
    const evidence = {
      autoUpdateEnabled: auto.state === 'value' ? auto.value : null,
      lastCheckForUpdates: lastCheck.state === 'missing' ? null : lastCheck.raw,
      lastSuccessfulUpdate: lastUpdate.state === 'missing' ? null : lastUpdate.raw,
      lastCheckAgeSeconds: check.ageMs === undefined ? null : Math.round(check.ageMs / 1000),
      lastUpdateAgeSeconds: update.ageMs === undefined ? null : Math.round(update.ageMs / 1000),
      checkedAt: now.toISOString(),
      checkWarnDays,
      updateWarnDays,
      updateFailDays,
    }
    const tables = [
      table(
        'Updates as the console reports them',
        ['field', 'value', 'age'],
        [
          ['AutoUpdateEnabled', auto.state === 'value' ? auto.value : auto.state === 'missing' ? 'not reported' : auto.raw, null],
          ['LastCheckForUpdates', check.shown, check.ageMs === undefined ? null : formatAge(check.ageMs)],
          ['LastSuccessfulUpdate', update.shown, update.ageMs === undefined ? null : formatAge(update.ageMs)],
        ],
      ),
    ]
    if (statuses.length === 0) return skip(`${pbx} reports no update fact tcx-doctor can judge.`, {details, evidence, tables})
    const verdict = worstStatus(statuses)
    if (sentences.length === 0) {
      const parts = [
        auto.state === 'value' ? 'automatic updates are on' : undefined,
        check.ageMs === undefined ? undefined : `the last check for updates was ${formatAge(check.ageMs)} ago`,
        update.ageMs === undefined ? undefined : `the last update ${formatAge(update.ageMs)} ago`,
      ].filter((p): p is string => p !== undefined)
      const text = parts.join('; ')
      return outcome(verdict, `${text.charAt(0).toUpperCase()}${text.slice(1)}.`, {details, evidence, tables, measurements})
    }
    const summary = sentences.join('; ')
    return outcome(verdict, `${summary.charAt(0).toUpperCase()}${summary.slice(1)}.`, {details, evidence, tables, measurements})
  },
})
