import {
  consoleFactsOf,
  consoleSource,
  defineCheck,
  hostSource,
  measure,
  outcome,
  pass,
  skip,
  table,
  worstStatus,
  type Status,
  type SystemStatus,
  type Trunk,
  type TrunkFact,
} from '../../src/index.js'
import {addressMap, loopbackRule} from './loopback-registration.js'

/** How a trunk of the list is counted. */
type Role = 'trunk' | 'loopback' | 'ignored'

interface Row {
  fact: TrunkFact
  role: Role
  /** Why it is a loopback trunk (trunk.loopback-registration's rule). */
  loopbackBecause?: string
  /** v20 ConfigurationIssue, when the console gives one. */
  configurationIssue?: string
}

/** v18 lists SBCs (Session Border Controllers) in TrunkList as rows with Type "SBC": they are not trunks. */
export const isSbc = (t: Trunk): boolean => t.Type.trim().toUpperCase() === 'SBC'

/** Whether an ignore entry names this trunk (its name, number or id; names without regard to case). */
export function ignored(fact: TrunkFact, ignore: readonly string[]): boolean {
  return ignore.some((i) => {
    const v = i.trim()
    return v !== '' && (v.toLowerCase() === fact.name.toLowerCase() || v === fact.number || v === fact.id)
  })
}

/** The register times of a trunk that is down, as one phrase; v20 gives none. */
export function downTimes(fact: TrunkFact): string {
  if (!fact.registerTimesKnown) return 'IsOnline is false; this console (v20) gives no register times'
  return `last register OK ${fact.registerOkTime ?? 'never'}, sent ${fact.registerSentTime ?? 'never'}, failed ${fact.registerFailedTime ?? 'never'}`
}

/** What SystemStatus TrunksRegistered/TrunksTotal say against the list: a problem, a note, or nothing when they agree. */
export function countsAgainstList(
  status: SystemStatus,
  list: {registered: number; total: number; loopbackDown: number},
  sbc: {registered: number; total: number},
): {problem?: string; note?: string} {
  const r = status.TrunksRegistered
  const t = status.TrunksTotal
  if (typeof r !== 'number' || typeof t !== 'number') return {note: 'SystemStatus does not report TrunksRegistered/TrunksTotal on this build: only the trunk list was read.'}
  if (r === list.registered && t === list.total) return {}
  // A build that counts its SBCs as trunks agrees with the list once they are added.
  if (sbc.total > 0 && r === list.registered + sbc.registered && t === list.total + sbc.total) return {note: `SystemStatus counts the ${sbc.total} SBC row(s) as trunks (${r} of ${t}).`}
  // The loopback display bug: the dashboard counts a loopback trunk as registered while the list shows it down.
  if (t === list.total && r > list.registered && r - list.registered <= list.loopbackDown) {
    return {note: `SystemStatus says ${r} of ${t} trunk(s) registered, the list ${list.registered}: the difference is loopback trunks shown as down, as with the known display bug (see trunk.loopback-registration).`}
  }
  return {
    problem:
      `SystemStatus says ${r} of ${t} trunk(s) registered, but the trunk list shows ${list.registered} of ${list.total}: the dashboard and the trunk list disagree ` +
      '(refresh the trunk list in the console; restart the 3CX services if it persists).',
  }
}

/**
 * trunk.registration: every trunk registered (v15-v18 IsRegistered) or online (v20 IsOnline), each one that is
 * down named with its register times, and SystemStatus's counts checked against the list.
 */
export default defineCheck({
  id: 'trunk.registration',
  title: 'Every trunk is registered',
  severity: 'major',
  description:
    'Reads every SIP trunk of the management console (v15-v18 TrunkList, v20 /xapi/v1/Trunks) and counts those registered ' +
    '(IsRegistered; v20 IsOnline) against the total. Each trunk that is down is named with its last register OK, sent and failed ' +
    'times where the version gives them (v15-v18; v20 has none). SBC rows of v18 are not trunks and are counted apart. The ' +
    "dashboard's TrunksRegistered/TrunksTotal is compared with the list. Loopback trunks (host is this PBX) are counted, but their " +
    'registration is judged by trunk.loopback-registration, which tells the known red-indicator bug from a real failure.',
  remediation:
    'For a trunk that is down: check its registrar host and port, its authentication ID and password with the provider, and the ' +
    'firewall between the PBX and the provider; then click "Refresh Registration" in the console. Trunks that are down on purpose ' +
    'go into the option `ignore` (names or numbers); `downStatus` sets whether a down trunk fails or warns.',
  docs: 'docs/checks/trunk.md#trunkregistration-every-trunk-is-registered',
  sources: ['console', 'host'],
  versions: {
    15: {applies: 'yes', decides: 'TrunkList IsRegistered and register times; SystemStatus TrunksRegistered/TrunksTotal', sure: 'confirmed'},
    16: {applies: 'yes', decides: 'as v15.5 (RegisterFailedTime "" means never failed)', sure: 'confirmed'},
    18: {applies: 'yes', decides: 'as v15.5; rows with Type "SBC" are counted apart, not as trunks', sure: 'confirmed'},
    20: {applies: 'partly', decides: 'IsOnline of /xapi/v1/Trunks; SystemStatus TrunksRegistered/TrunksTotal', cannotTell: 'when a trunk last registered or failed: v20 gives no register times', sure: 'confirmed'},
  },
  options: {
    schema: {
      ignore: {type: 'array', items: {type: 'string'}, maxItems: 1000, description: 'Trunks down on purpose, by name, number or id: listed, counted, never a problem.'},
      downStatus: {type: 'string', enum: ['fail', 'warn'], description: 'The status of a trunk (not loopback, not ignored) that is not registered.'},
    },
    defaults: {ignore: [] as string[], downStatus: 'fail'},
  },
  async run(ctx) {
    const api = await ctx.use(consoleSource)
    const facts = consoleFactsOf(api)
    const [list, trunkFacts, status] = await Promise.all([api.trunkList(), facts.trunks(), api.systemStatus()])
    const host = await ctx.tryUse(hostSource)
    const addresses = addressMap(host.ok ? host.value.addresses : [])
    const byId = new Map(list.map((t) => [t.Id, t]))
    const sbcRows = trunkFacts.filter((f) => {
      const t = byId.get(f.id)
      return t !== undefined && isSbc(t)
    })
    const ignore = ctx.options.ignore
    const rows: Row[] = trunkFacts
      .filter((f) => !sbcRows.includes(f))
      .map((fact) => {
        const raw = byId.get(fact.id)
        const issue = typeof raw?.ConfigurationIssue === 'string' && raw.ConfigurationIssue.trim() !== '' ? raw.ConfigurationIssue.trim() : undefined
        const because = loopbackRule(fact.host, status, addresses)
        const role: Role = ignored(fact, ignore) ? 'ignored' : because ? 'loopback' : 'trunk'
        return {fact, role, ...(because ? {loopbackBecause: because} : {}), ...(issue ? {configurationIssue: issue} : {})}
      })
    const sbc = {registered: sbcRows.filter((f) => f.registered).length, total: sbcRows.length}
    const total = rows.length
    const registered = rows.filter((r) => r.fact.registered).length
    const timesKnown = rows.every((r) => r.fact.registerTimesKnown)
    const measurements = [
      measure('trunks_registered', registered, 'count', {help: 'Trunks registered (v20: online), SBCs not counted.', min: 0, max: total, warn: total, bad: 'below'}),
      measure('trunks_configured', total, 'count', {help: 'Trunks configured, SBCs not counted.', min: 0}),
    ]
    const evidence = {
      registered,
      total,
      registeredFrom: rows[0]?.fact.registeredFrom ?? null,
      registerTimesKnown: timesKnown,
      systemStatus: {trunksRegistered: status.TrunksRegistered ?? null, trunksTotal: status.TrunksTotal ?? null},
      sbcs: sbcRows.map((f) => ({name: f.name, registered: f.registered})),
      trunks: rows.map(({fact, role, loopbackBecause, configurationIssue}) => ({
        name: fact.name,
        number: fact.number,
        host: fact.host,
        registered: fact.registered,
        role,
        ...(loopbackBecause ? {loopbackBecause} : {}),
        ...(configurationIssue ? {configurationIssue} : {}),
        ...(fact.registerTimesKnown ? {registerOkTime: fact.registerOkTime, registerSentTime: fact.registerSentTime, registerFailedTime: fact.registerFailedTime} : {}),
      })),
    }
    const tables = [
      table(
        'Trunks',
        ['name', 'number', 'host', timesKnown ? 'registered' : 'online', 'last OK', 'last failed', 'counted as'],
        rows.map(({fact, role}) => [
          fact.name,
          fact.number,
          fact.host,
          fact.registered,
          fact.registerTimesKnown ? (fact.registerOkTime ?? 'never') : 'not given',
          fact.registerTimesKnown ? (fact.registerFailedTime ?? 'never') : 'not given',
          role === 'loopback' ? 'loopback (see trunk.loopback-registration)' : role,
        ]),
      ),
    ]
    const sbcLine = sbc.total > 0 ? [`${sbc.total} SBC row(s) in the trunk list are not trunks and are not counted (${sbc.registered} of them registered): ${sbcRows.map((f) => f.name).join(', ')}.`] : []
    if (total === 0) {
      return skip(`No trunk configured${sbc.total > 0 ? ` (only ${sbc.total} SBC row(s))` : ''}: nothing to register.`, {details: sbcLine, evidence, measurements})
    }
    const downStatus = ctx.options.downStatus as Status
    const down = rows.filter((r) => !r.fact.registered)
    const details: string[] = []
    const statuses: Status[] = ['pass']
    for (const r of down) {
      const where = `${r.fact.name} (${r.fact.number}, host ${r.fact.host || 'none'})`
      const issue = r.configurationIssue ? `; the console reports a configuration issue: ${r.configurationIssue}` : ''
      const state = r.fact.registerTimesKnown ? 'registered' : 'online'
      if (r.role === 'loopback') details.push(`${where} is not ${state} (${downTimes(r.fact)}); it is a loopback trunk (${r.loopbackBecause}): see trunk.loopback-registration, which judges it.`)
      else if (r.role === 'ignored') details.push(`${where} is not ${state} (${downTimes(r.fact)}); ignored by the option ignore.`)
      else {
        details.push(`${where} is not ${r.fact.registerTimesKnown ? 'registered' : 'online'}: ${downTimes(r.fact)}${issue}. Check its registrar, credentials and firewall, then "Refresh Registration".`)
        statuses.push(downStatus)
      }
    }
    if (!timesKnown) details.push('This console (v20) tells only whether each trunk is online (IsOnline): when it last registered or failed is not known.')
    details.push(...sbcLine)
    const counts = countsAgainstList(status, {registered, total, loopbackDown: down.filter((r) => r.role === 'loopback').length}, sbc)
    if (counts.problem) {
      details.push(counts.problem)
      statuses.push('warn')
    }
    if (counts.note) details.push(counts.note)
    if (!host.ok) details.push(`This machine's addresses are unknown (${host.reason}); loopback trunks were found by loopback names, the FQDN and 3CX's own addresses only.`)
    const worst = worstStatus(statuses)
    const real = down.filter((r) => r.role === 'trunk')
    const word = timesKnown ? 'registered' : 'online'
    const counted = `${registered} of ${total} trunk(s) ${word}`
    if (real.length > 0) {
      return outcome(worst, `${counted}; not ${word}: ${real.map((r) => r.fact.name).join(', ')}.`, {details, evidence, tables, measurements})
    }
    const aside = down.length > 0 ? ` (down but not judged here: ${down.map((r) => `${r.fact.name}${r.role === 'loopback' ? ', see trunk.loopback-registration' : ', ignored'}`).join('; ')})` : ''
    if (worst === 'warn') return outcome('warn', `${counted}${aside}; SystemStatus counts disagree with the trunk list.`, {details, evidence, tables, measurements})
    return pass(`${counted}${aside}.`, {details, evidence, tables, measurements})
  },
})
