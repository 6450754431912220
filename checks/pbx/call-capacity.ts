import {
  addressMap,
  consoleSource,
  dbSource,
  defineCheck,
  errorMessage,
  hostSource,
  isSourceUnavailable,
  loopbackRule,
  measure,
  outcome,
  skip,
  table,
  throwIfAborted,
  type ConsoleApi,
  type Database,
  type Measurement,
  type Status,
  type SystemStatus,
  type Trunk,
} from '../../src/index.js'

export const DEFAULT_WINDOW_DAYS = 30
export const DEFAULT_WARN_RATIO = 0.8
/** Calls that started this long before the window and were still up at its start are counted from the window start. */
export const SPAN_LOOKBACK_HOURS = 24
/** At most this many loopback trunk numbers are passed to the query. */
export const MAX_LOOPBACK_NUMBERS = 100
/** How many of the busiest days the report shows. */
export const BUSIEST_DAYS = 5

export const CALL_COLUMNS = ['id', 'start_time', 'end_time']
export const LEG_COLUMNS = ['call_id', 'info_id', 'start_time']
export const PARTY_COLUMNS = ['id', 'dn_type', 'dn']
export const GATEWAY_COLUMNS = {gateway: ['idgateway', 'name', 'host'], externalline: ['fkiddn', 'fkidgateway'], dn: ['iddn', 'value']}

/**
 * The peak concurrency of the window, per UTC day, read-only.
 * $1 window start, $2 now, $3 lookback start (calls spanning the window start), $4 loopback trunk numbers (text[]).
 *
 * Each call of cl_calls that was up inside the window is the interval [max(start, $1), end), of weight
 * w = 2 when a leg of the call (cl_participants) is a loopback trunk's line (cl_party_info dn_type 1 whose
 * dn is a loopback trunk's number), else 1. The number of calls up, N(t), counts the calls with
 * start <= t < end: a call ending at t and one starting at t never overlap, a call of no length never counts.
 * Calls without an end time are left out (pbx.stuck-calls reports them). The loopback calls are looked up
 * as a hashed set (IN in the select list), never joined, so stale table statistics cannot turn the lookup
 * into nested loops. The window's calls are read once (a materialised CTE); their starts (+w) and ends (-w)
 * are swept in one sort, in time order with ends before starts at the same instant, and a running sum
 * gives N after each event. A day's peak is the largest N at a start in that day, with its first instant.
 * (A two-step variant that first bounded N per minute and swept only the minutes that could hold the peak
 * was 2.8x slower on a flat load of 1 M calls: the bounds ruled out almost nothing.)
 */
export const PEAK_QUERY = `
WITH loopback_calls AS MATERIALIZED (
  SELECT DISTINCT p.call_id
  FROM cl_participants p
  WHERE cardinality($4::text[]) > 0 AND p.start_time >= $3 AND p.start_time < $2
    AND p.info_id IN (SELECT pi.id FROM cl_party_info pi WHERE pi.dn_type = 1 AND pi.dn = ANY ($4::text[]))
), calls AS MATERIALIZED (
  SELECT greatest(c.start_time, $1) AS s, c.end_time AS e, CASE WHEN c.id IN (SELECT call_id FROM loopback_calls) THEN 2 ELSE 1 END AS w
  FROM cl_calls c
  WHERE c.start_time >= $3 AND c.start_time < $2 AND c.end_time > $1 AND c.end_time > c.start_time
), swept AS (
  SELECT t, d, sum(d) OVER (ORDER BY t, d ROWS UNBOUNDED PRECEDING) AS n
  FROM (SELECT s AS t, w AS d FROM calls UNION ALL SELECT e, -w FROM calls) events
), peaks AS (
  SELECT date_trunc('day', t AT TIME ZONE 'UTC') AS day, max(n) AS peak, (max(ARRAY[n::float8, -extract(EPOCH FROM t)::float8]))[2] AS peak_epoch
  FROM swept WHERE d > 0 GROUP BY 1
), counts AS (
  SELECT date_trunc('day', s AT TIME ZONE 'UTC') AS day, count(*) AS calls, count(*) FILTER (WHERE w = 2) AS loops FROM calls GROUP BY 1
)
SELECT to_char(p.day, 'YYYY-MM-DD') AS day, p.peak::int AS peak, p.peak_epoch, c.calls::int AS calls, c.loops::int AS loopback_calls
FROM peaks p JOIN counts c ON c.day = p.day
ORDER BY p.day`

/** The numbers and hosts of the trunks (gateways) in the database: externalline -> gateway, dn. */
export const GATEWAY_QUERY = `
SELECT d.value AS number, g.name, g.host
FROM externalline e JOIN gateway g ON g.idgateway = e.fkidgateway JOIN dn d ON d.iddn = e.fkiddn
ORDER BY d.value LIMIT 1000`

export interface DayPeak extends Record<string, unknown> {
  day: string
  peak: number
  peak_epoch: number
  calls: number
  loopback_calls: number
}

export interface LoopbackTrunk {
  number: string
  name: string
  host: string
  because: string
  from: 'console' | 'database'
}

type Known<T> = {known: true; value: T; from: string} | {known: false; why: string}

const iso = (epochSeconds: number): string => new Date(Math.round(-epochSeconds * 1000)).toISOString()

/** The simultaneous-call limit: the option when set, else SystemStatus.MaxSimCalls. */
export function callLimit(option: number, status: SystemStatus | undefined, consoleWhy: string | undefined): Known<number> {
  if (option > 0) return {known: true, value: option, from: 'maxSimCalls in the config'}
  if (status === undefined) return {known: false, why: `the console is unavailable (${consoleWhy ?? 'no reason given'})`}
  if (typeof status.MaxSimCalls === 'number' && status.MaxSimCalls > 0) return {known: true, value: status.MaxSimCalls, from: 'SystemStatus MaxSimCalls'}
  return {known: false, why: 'the console does not report MaxSimCalls in SystemStatus'}
}

/** Calls active now: SystemStatus.CallsActive, else the length of the ActiveCalls list. */
export async function activeNow(api: ConsoleApi, status: SystemStatus): Promise<Known<number>> {
  if (typeof status.CallsActive === 'number') return {known: true, value: status.CallsActive, from: 'SystemStatus CallsActive'}
  try {
    const calls = await api.activeCalls()
    return {known: true, value: calls.list.length, from: 'the ActiveCalls list'}
  } catch (error) {
    if (!isSourceUnavailable(error)) throw error
    return {known: false, why: `SystemStatus has no CallsActive and ActiveCalls failed: ${errorMessage(error)}`}
  }
}

/** pass / warn / fail for a number of calls against the limit. */
export function capacityStatus(calls: number, limit: number, warnRatio: number): Status {
  if (calls >= limit) return 'fail'
  if (calls >= warnRatio * limit) return 'warn'
  return 'pass'
}

/** The loopback trunks: the console's trunk list and the database's gateways whose host is this PBX. */
async function loopbackTrunks(
  api: ConsoleApi | undefined,
  status: SystemStatus | undefined,
  db: Database,
  addresses: Map<string, string>,
  notes: string[],
): Promise<LoopbackTrunk[]> {
  const found = new Map<string, LoopbackTrunk>()
  const self = status ?? {}
  if (api) {
    let trunks: Trunk[] = []
    try {
      trunks = await api.trunkList()
    } catch (error) {
      if (!isSourceUnavailable(error)) throw error
      notes.push(`The console's trunk list failed (${error.message}): loopback trunks come from the database only.`)
    }
    for (const t of trunks) {
      const because = loopbackRule(t.Host, self, addresses)
      if (because && t.Number !== '') found.set(t.Number, {number: t.Number, name: t.Name, host: t.Host, because, from: 'console'})
    }
  }
  const missing = (await Promise.all(Object.entries(GATEWAY_COLUMNS).map(async ([t, cols]) => (await db.missingColumns(t, cols)).map((c) => `${t}.${c}`)))).flat()
  if (missing.length > 0) {
    notes.push(`The database's trunks were not read (${missing.join(', ')} not found): loopback trunks come from the console only.`)
  } else {
    const rows = await db.query<{number: string | null; name: string | null; host: string | null}>(GATEWAY_QUERY)
    for (const r of rows) {
      const number = String(r.number ?? '')
      const because = loopbackRule(String(r.host ?? ''), self, addresses)
      if (because && number !== '' && !found.has(number)) found.set(number, {number, name: String(r.name ?? ''), host: String(r.host ?? ''), because, from: 'database'})
    }
  }
  return [...found.values()].slice(0, MAX_LOOPBACK_NUMBERS)
}

interface PeakReading {
  days: DayPeak[]
  peak: number
  peakAt: string | null
  calls: number
  loopbackCalls: number
  loopback: LoopbackTrunk[]
  doubling: boolean
}

/** The peak of the window from the call log, or why it cannot be read. */
async function peakFromCallLog(
  db: Database,
  api: ConsoleApi | undefined,
  status: SystemStatus | undefined,
  addresses: Map<string, string>,
  window: {since: Date; now: Date},
  signal: AbortSignal,
  notes: string[],
): Promise<{ok: true; value: PeakReading} | {ok: false; missing: string[]}> {
  const missingCalls = (await db.missingColumns('cl_calls', CALL_COLUMNS)).map((c) => `cl_calls.${c}`)
  if (missingCalls.length > 0) return {ok: false, missing: missingCalls}
  const missingLegs = [
    ...(await db.missingColumns('cl_participants', LEG_COLUMNS)).map((c) => `cl_participants.${c}`),
    ...(await db.missingColumns('cl_party_info', PARTY_COLUMNS)).map((c) => `cl_party_info.${c}`),
  ]
  throwIfAborted(signal)
  const loopback = await loopbackTrunks(api, status, db, addresses, notes)
  const doubling = missingLegs.length === 0
  if (!doubling && loopback.length > 0) notes.push(`Calls through loopback trunks could not be told apart (${missingLegs.join(', ')} not found): each counts once.`)
  throwIfAborted(signal)
  const lookback = new Date(window.since.getTime() - SPAN_LOOKBACK_HOURS * 3600_000)
  const numbers = doubling ? loopback.map((l) => l.number) : []
  const days = await db.query<DayPeak>(PEAK_QUERY, [window.since, window.now, lookback, numbers])
  const rows = days.map((d) => ({...d, peak: Number(d.peak), peak_epoch: Number(d.peak_epoch), calls: Number(d.calls), loopback_calls: Number(d.loopback_calls)}))
  const top = rows.reduce<DayPeak | undefined>((best, d) => (best === undefined || d.peak > best.peak ? d : best), undefined)
  return {
    ok: true,
    value: {
      days: rows,
      peak: top?.peak ?? 0,
      peakAt: top ? iso(top.peak_epoch) : null,
      calls: rows.reduce((n, d) => n + d.calls, 0),
      loopbackCalls: rows.reduce((n, d) => n + d.loopback_calls, 0),
      loopback,
      doubling,
    },
  }
}

/**
 * pbx.call-capacity: calls now and the peak of the last days against the licence's simultaneous calls.
 */
export default defineCheck({
  id: 'pbx.call-capacity',
  title: 'Calls stay below the licence\'s simultaneous-call limit',
  severity: 'major',
  description:
    'Compares the calls active now (console SystemStatus CallsActive, else the ActiveCalls list) and the peak number of simultaneous calls ' +
    'of the last 30 days, computed from the call log (cl_calls start and end times, a running sum in SQL, bounded and read-only), with the ' +
    'licence\'s simultaneous calls (SystemStatus MaxSimCalls). A call with a leg on a loopback trunk (a trunk whose host is this PBX) counts ' +
    'twice. A PBX at its limit refuses further calls without telling anyone.',
  remediation:
    'When the peak reaches the limit: remove loopback trunks from internal call routing (each such call counts twice), or buy a licence with ' +
    'more simultaneous calls. Options: config `checks: {"pbx.call-capacity": {"windowDays": 30, "warnRatio": 0.8, "maxSimCalls": 0}}`.',
  docs: 'docs/checks/pbx.md#pbxcall-capacity-calls-stay-below-the-licences-simultaneous-call-limit',
  sources: ['console', 'db', 'host'],
  versions: {
    15: {applies: 'yes', decides: 'SystemStatus CallsActive and MaxSimCalls; the peak from cl_calls, loopback legs via cl_party_info dn_type 1', sure: 'confirmed'},
    16: {applies: 'yes', decides: 'as v15.5 (same SystemStatus fields and call-log tables)', sure: 'confirmed'},
    18: {applies: 'yes', decides: 'as v15.5', sure: 'confirmed'},
    20: {applies: 'yes', decides: '/xapi/v1/SystemStatus CallsActive and MaxSimCalls; the peak from the same call-log tables', sure: 'confirmed'},
  },
  timeoutMs: 60_000,
  options: {
    schema: {
      windowDays: {type: 'number', exclusiveMinimum: 0, maximum: 366, description: 'How many days of the call log the peak is computed over.'},
      warnRatio: {type: 'number', exclusiveMinimum: 0, maximum: 1, description: 'Warn when the calls (now or at the peak) reach this share of the limit.'},
      maxSimCalls: {type: 'integer', minimum: 0, description: 'The simultaneous-call limit; 0: SystemStatus MaxSimCalls of the console.'},
    },
    defaults: {windowDays: DEFAULT_WINDOW_DAYS, warnRatio: DEFAULT_WARN_RATIO, maxSimCalls: 0},
  },
  async run(ctx) {
    const {windowDays, warnRatio} = ctx.options
    const now = ctx.now()
    const since = new Date(now.getTime() - windowDays * 86_400_000)
    const [consoleUse, dbUse, hostUse] = await Promise.all([ctx.tryUse(consoleSource), ctx.tryUse(dbSource), ctx.tryUse(hostSource)])
    const api = consoleUse.ok ? consoleUse.value : undefined
    const status = api ? await api.systemStatus() : undefined
    const limit = callLimit(ctx.options.maxSimCalls, status, consoleUse.ok ? undefined : consoleUse.reason)
    const active: Known<number> = api && status ? await activeNow(api, status) : {known: false, why: `the console is unavailable (${consoleUse.ok ? '' : consoleUse.reason})`}
    const addresses = addressMap(hostUse.ok ? hostUse.value.addresses : [])
    const notes: string[] = []
    if (!hostUse.ok) notes.push(`This machine's addresses are unknown (${hostUse.reason}); loopback trunks were found by loopback names, the FQDN and 3CX's own addresses.`)
    throwIfAborted(ctx.signal)

    let peakWhy: string | undefined
    let missing: string[] = []
    let reading: PeakReading | undefined
    if (!dbUse.ok) peakWhy = `the database is unavailable (${dbUse.reason})`
    else {
      try {
        const r = await peakFromCallLog(dbUse.value, api, status, addresses, {since, now}, ctx.signal, notes)
        if (r.ok) reading = r.value
        else {
          missing = r.missing
          peakWhy = `the call log cannot be read: ${missing.join(', ')} not found in the database`
        }
      } catch (error) {
        if (!isSourceUnavailable(error)) throw error
        peakWhy = `the call log cannot be read: ${error.message}`
      }
    }

    const evidence = {
      windowDays,
      since: since.toISOString(),
      warnRatio,
      limit: limit.known ? limit.value : null,
      limitFrom: limit.known ? limit.from : limit.why,
      active: active.known ? active.value : null,
      activeFrom: active.known ? active.from : active.why,
      peak: reading?.peak ?? null,
      peakAt: reading?.peakAt ?? null,
      peakUnknown: peakWhy ?? null,
      ...(missing.length > 0 ? {missing} : {}),
      callsInWindow: reading?.calls ?? null,
      loopbackCalls: reading?.loopbackCalls ?? null,
      loopbackTrunks: reading?.loopback.map((l) => ({number: l.number, name: l.name, host: l.host, loopbackBecause: l.because, from: l.from})) ?? [],
      days: reading?.days.map((d) => ({day: d.day, peak: d.peak, peakAt: iso(d.peak_epoch), calls: d.calls, loopbackCalls: d.loopback_calls})) ?? [],
    }

    if (!active.known && reading === undefined) {
      return skip(`Neither the calls now nor the peak are known: ${active.why}; ${peakWhy}.`, {evidence, details: notes})
    }
    if (!limit.known) {
      const seen = [active.known ? `${active.value} call(s) active now` : undefined, reading ? `a peak of ${reading.peak} simultaneous call(s) in the last ${windowDays} days (${reading.peakAt ?? 'no calls'})` : undefined]
      return skip(`The simultaneous-call limit is unknown (${limit.why}); seen: ${seen.filter(Boolean).join(', ')}.`, {
        details: ['Set maxSimCalls in the config (checks."pbx.call-capacity".maxSimCalls) to judge against your licence.', ...notes],
        evidence,
      })
    }

    const max = limit.value
    const warnAt = Math.ceil(warnRatio * max)
    const measurements: Measurement[] = [measure('calls_limit', max, 'count', {help: 'The licence\'s simultaneous calls (MaxSimCalls).', min: 0})]
    const statuses: Status[] = []
    const details: string[] = [`Limit: ${max} simultaneous call(s) from ${limit.from}; warning at ${Math.round(warnRatio * 100)} % (${warnAt} call(s)).`]
    if (active.known) {
      statuses.push(capacityStatus(active.value, max, warnRatio))
      measurements.push(measure('calls_active', active.value, 'count', {help: 'Calls active now.', warn: warnAt, fail: max, bad: 'above', min: 0, max}))
      details.push(`Now: ${active.value} call(s) active (${active.from}).`)
    } else details.push(`Calls now: unknown (${active.why}).`)
    if (reading) {
      statuses.push(capacityStatus(reading.peak, max, warnRatio))
      measurements.push(
        measure('calls_peak', reading.peak, 'count', {help: `Most simultaneous calls in the last ${windowDays} days (call log; loopback calls count twice).`, warn: warnAt, fail: max, bad: 'above', min: 0, max}),
        measure('calls_peak_ratio', reading.peak / max, 'ratio', {help: 'The peak of simultaneous calls as a share of the limit.', warn: warnRatio, fail: 1, bad: 'above', min: 0}),
      )
      details.push(
        reading.peakAt
          ? `Peak: ${reading.peak} simultaneous call(s) at ${reading.peakAt} (${reading.calls} call(s) in the last ${windowDays} days).`
          : `Peak: no call with an end time in the last ${windowDays} days.`,
      )
      if (reading.loopback.length > 0) {
        const names = reading.loopback.map((l) => `${l.name || l.number} (${l.number}, host ${l.host}: ${l.because})`).join(', ')
        details.push(
          reading.doubling
            ? `Loopback trunk(s) ${names}: ${reading.loopbackCalls} call(s) had a leg on one and count twice (one call out, one call in).`
            : `Loopback trunk(s) ${names}.`,
        )
      } else details.push('No loopback trunk: every call counts once.')
      details.push('Calls without an end time are not counted here (pbx.stuck-calls reports them).')
    } else details.push(`Peak: unknown (${peakWhy}).`)
    details.push(...notes)

    const busiest = reading ? [...reading.days].sort((a, b) => b.peak - a.peak || a.day.localeCompare(b.day)).slice(0, BUSIEST_DAYS) : []
    const tables = busiest.length > 0
      ? [table(`Busiest days of the last ${windowDays} days (UTC)`, ['day', 'peak', 'at', 'share of limit', 'calls', 'loopback calls'], busiest.map((d) => [d.day, d.peak, iso(d.peak_epoch), `${Math.round((d.peak / max) * 100)} %`, d.calls, d.loopback_calls]))]
      : []

    const worst: Status = statuses.includes('fail') ? 'fail' : statuses.includes('warn') ? 'warn' : 'pass'
    const nowPart = active.known ? `${active.value} of ${max} call(s) active now` : 'calls now unknown'
    const peakPart = reading ? `peak ${reading.peak} of ${max}${reading.peakAt ? ` at ${reading.peakAt}` : ''} in the last ${windowDays} days` : 'peak unknown'
    const summary =
      worst === 'fail'
        ? `The simultaneous-call limit was reached: ${peakPart}; ${nowPart}. Calls beyond it are refused silently.`
        : worst === 'warn'
          ? `Calls came close to the simultaneous-call limit: ${peakPart}; ${nowPart}.`
          : `Calls stay below the simultaneous-call limit: ${peakPart}; ${nowPart}.`
    return outcome(worst, summary, {details, evidence, tables, measurements})
  },
})
