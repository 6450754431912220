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
  type Cell,
  type Measurement,
  type Status,
  type StatusTime,
  type SystemStatus,
} from '../../src/index.js'

export const DEFAULT_MAINTENANCE_WARN_DAYS = 30
export const DEFAULT_LICENCE_WARN_DAYS = 30

const DAY_MS = 86_400_000

const pbxLabel = (status: SystemStatus): string =>
  typeof status.Version === 'string' && status.Version.trim() !== '' ? `3CX ${status.Version.trim().slice(0, 40)}` : 'this 3CX'

/** One dated entitlement (maintenance, licence) judged against its warning window. */
export interface ExpiryFinding {
  status: Status | undefined
  sentence?: string
  detail?: string
  /** Seconds until it expires (negative: expired that long ago), when a date was read. */
  expiresInSeconds?: number
  shown: Cell
}

/**
 * How an expiry date reads: expired (`expiredStatus`), within the window (warn), later (pass);
 * `never` says what null means for this field, `missing` that the version does not report it.
 */
export function judgeExpiry(
  what: string,
  field: string,
  value: StatusTime,
  now: Date,
  warnDays: number,
  words: {never: string; expiredStatus: Status; missing: string},
): ExpiryFinding {
  switch (value.state) {
    case 'missing':
      return {status: undefined, detail: words.missing, shown: 'not reported'}
    case 'never':
      return {status: undefined, detail: `${field} is ${value.raw}: ${words.never}.`, shown: `${value.raw}: ${words.never}`}
    case 'unreadable':
      return {status: undefined, detail: `${field} is ${value.raw}, not a date tcx-doctor can read: the ${what} expiry is unknown.`, shown: value.raw}
    case 'time': {
      const leftMs = value.date.getTime() - now.getTime()
      const expiresInSeconds = Math.round(leftMs / 1000)
      const date = value.date.toISOString().slice(0, 10)
      if (leftMs <= 0) return {status: words.expiredStatus, sentence: `the ${what} expired ${formatAge(-leftMs)} ago (${date})`, expiresInSeconds, shown: value.raw}
      if (leftMs <= warnDays * DAY_MS) return {status: 'warn', sentence: `the ${what} expires in ${formatAge(leftMs)} (${date})`, expiresInSeconds, shown: value.raw}
      return {status: 'pass', detail: `The ${what} runs until ${date} (${formatAge(leftMs)} from now).`, expiresInSeconds, shown: value.raw}
    }
  }
}

/**
 * pbx.licence: the licence is activated and active, and neither it nor the maintenance
 * (updates and support) runs out within the warning window.
 */
export default defineCheck({
  id: 'pbx.licence',
  title: 'The licence is active and neither it nor maintenance expires soon',
  severity: 'major',
  description:
    "Reads the management console's SystemStatus: Activated, LicenseActive (v18 and later), MaintenanceExpiresAt (the end of the maintenance " +
    'that brings updates and support) and ExpirationDate (the end of the licence itself; null for a licence without an end, e.g. a perpetual ' +
    'one). A licence that is not activated or has expired stops the PBX from taking calls; expired maintenance stops updates, so security ' +
    'fixes no longer arrive.',
  remediation:
    'Renew the licence or the maintenance with your 3CX partner before the date, then refresh the licence on the licence page of the ' +
    'management console. A licence that is not activated: enter and activate the key there. ' +
    'Warning windows: config `checks: {"pbx.licence": {"maintenanceWarnDays": 30, "licenceWarnDays": 30}}`.',
  docs: 'docs/checks/pbx.md#pbxlicence-the-licence-is-active-and-neither-it-nor-maintenance-expires-soon',
  sources: ['console'],
  versions: {
    15: {applies: 'yes', decides: 'SystemStatus Activated, MaintenanceExpiresAt, ExpirationDate', cannotTell: 'LicenseActive: sent from v18 on', sure: 'confirmed'},
    16: {applies: 'yes', decides: 'as v15.5', cannotTell: 'LicenseActive: sent from v18 on', sure: 'confirmed'},
    18: {applies: 'yes', decides: 'as v15.5, plus LicenseActive', sure: 'confirmed'},
    20: {applies: 'yes', decides: 'the same fields of /xapi/v1/SystemStatus', sure: 'confirmed'},
  },
  options: {
    schema: {
      maintenanceWarnDays: {type: 'number', minimum: 0, description: 'Warn when maintenance (updates and support) ends within this many days; ended maintenance warns too.'},
      licenceWarnDays: {type: 'number', minimum: 0, description: 'Warn when the licence expires within this many days; an expired licence fails.'},
    },
    defaults: {maintenanceWarnDays: DEFAULT_MAINTENANCE_WARN_DAYS, licenceWarnDays: DEFAULT_LICENCE_WARN_DAYS},
  },
  async run(ctx) {
    const {maintenanceWarnDays, licenceWarnDays} = ctx.options
    const api = await ctx.use(consoleSource)
    const status = await api.systemStatus()
    const pbx = pbxLabel(status)
    const now = ctx.now()
    const activated = statusBoolean(status, 'Activated')
    const active = statusBoolean(status, 'LicenseActive')
    const maintenanceAt = statusTime(status, 'MaintenanceExpiresAt')
    const licenceAt = statusTime(status, 'ExpirationDate')
    if ([activated, active, maintenanceAt, licenceAt].every((f) => f.state === 'missing')) {
      return skip(`${pbx} does not report its licence: its SystemStatus has none of Activated, LicenseActive, MaintenanceExpiresAt, ExpirationDate.`)
    }
    const statuses: Status[] = []
    const sentences: string[] = []
    const details: string[] = []

    const flag = (field: string, value: typeof activated, falseSentence: string, missing: string): Cell => {
      if (value.state === 'value') {
        if (!value.value) {
          statuses.push('fail')
          sentences.push(falseSentence)
        } else statuses.push('pass')
        return value.value
      }
      details.push(value.state === 'missing' ? missing : `${field} is ${value.raw}, not true or false: not known.`)
      return value.state === 'missing' ? 'not reported' : value.raw
    }
    const activatedShown = flag('Activated', activated, 'the licence is not activated (Activated is false)', `${pbx} does not report Activated.`)
    const activeShown = flag('LicenseActive', active, 'the licence is not active (LicenseActive is false)', `${pbx} does not report LicenseActive (sent from v18 on).`)

    const maintenance = judgeExpiry('maintenance', 'MaintenanceExpiresAt', maintenanceAt, now, maintenanceWarnDays, {
      never: 'no maintenance end date is set',
      expiredStatus: 'warn',
      missing: `${pbx} does not report MaintenanceExpiresAt: when maintenance ends is not known.`,
    })
    const licence = judgeExpiry('licence', 'ExpirationDate', licenceAt, now, licenceWarnDays, {
      never: 'the licence has no end date (a perpetual licence)',
      expiredStatus: 'fail',
      missing: `${pbx} does not report ExpirationDate: when the licence ends is not known.`,
    })
    const measurements: Measurement[] = []
    for (const [finding, name, help, warnDays, failAt] of [
      [maintenance, 'maintenance_expires_in_seconds', 'Time until the PBX maintenance (updates, support) ends; negative once ended.', maintenanceWarnDays, undefined],
      [licence, 'licence_expires_in_seconds', 'Time until the PBX licence expires; negative once expired.', licenceWarnDays, 0],
    ] as const) {
      if (finding.status) statuses.push(finding.status)
      if (finding.sentence) sentences.push(finding.sentence)
      if (finding.detail) details.push(finding.detail)
      if (finding.expiresInSeconds !== undefined) {
        measurements.push(measure(name, finding.expiresInSeconds, 'seconds', {help, warn: warnDays * 86_400, ...(failAt === undefined ? {} : {fail: failAt}), bad: 'below'}))
      }
    }
    if (maintenance.status === 'warn' && (maintenance.expiresInSeconds ?? 0) <= 0) {
      details.push('With maintenance ended the PBX keeps running, but updates (and their security fixes) and 3CX support stop.')
    }

    const evidence = {
      activated: activated.state === 'value' ? activated.value : null,
      licenseActive: active.state === 'value' ? active.value : null,
      maintenanceExpiresAt: maintenanceAt.state === 'missing' ? null : maintenanceAt.raw,
      maintenanceExpiresInSeconds: maintenance.expiresInSeconds ?? null,
      expirationDate: licenceAt.state === 'missing' ? null : licenceAt.raw,
      licenceExpiresInSeconds: licence.expiresInSeconds ?? null,
      checkedAt: now.toISOString(),
      maintenanceWarnDays,
      licenceWarnDays,
    }
    const tables = [
      table(
        'Licence as the console reports it',
        ['field', 'value'],
        [
          ['Activated', activatedShown],
          ['LicenseActive', activeShown],
          ['MaintenanceExpiresAt', maintenance.shown],
          ['ExpirationDate', licence.shown],
        ],
      ),
    ]
    if (statuses.length === 0) return skip(`${pbx} reports no licence fact tcx-doctor can judge.`, {details, evidence, tables})
    const verdict = worstStatus(statuses)
    if (sentences.length === 0) {
      const until = [
        maintenance.expiresInSeconds === undefined ? undefined : `maintenance until ${(maintenanceAt as {date: Date}).date.toISOString().slice(0, 10)}`,
        licence.expiresInSeconds === undefined ? undefined : `licence until ${(licenceAt as {date: Date}).date.toISOString().slice(0, 10)}`,
      ].filter(Boolean)
      return outcome(verdict, `The licence is in order${until.length > 0 ? `: ${until.join(', ')}` : ''}.`, {details, evidence, tables, measurements})
    }
    const summary = sentences.join('; ')
    return outcome(verdict, `${summary.charAt(0).toUpperCase()}${summary.slice(1)}.`, {details, evidence, tables, measurements})
  },
})
