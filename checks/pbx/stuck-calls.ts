import {
  consoleSource,
  dbSource,
  defineCheck,
  formatDuration,
  isSourceUnavailable,
  measure,
  outcome,
  parseConsoleTime,
  skip,
  table,
  throwIfAborted,
  type ConsoleApi,
  type Database,
  type SystemStatus,
} from '../../src/index.js'

export const DEFAULT_OLDER_THAN_HOURS = 4
export const DEFAULT_WINDOW_DAYS = 7
/** How many of the oldest open legs and calls the report names. */
export const OLDEST_SHOWN = 5

export const LEG_COLUMNS = ['id', 'call_id', 'info_id', 'start_time', 'end_time']
export const PARTY_COLUMNS = ['id', 'dn_type', 'dn']
export const CALL_COLUMNS = ['id', 'start_time', 'end_time']

/**
 * Open legs of the call log: cl_participants without an end time that started inside the window
 * ($1 window start, $2 "hours ago" cut-off: only legs older than it), with their party (dn_type, dn).
 * IVR legs (dn_type 6) are counted apart: time.ivr-timeouts covers IVRs. The stats and the oldest
 * ($3) come from one materialised set; the calls of cl_calls without an end time in the same range
 * are counted alongside.
 */
export const OPEN_LEGS_QUERY = `
WITH open_legs AS MATERIALIZED (
  SELECT p.id, p.call_id, p.start_time, i.dn_type, i.dn
  FROM cl_participants p
  LEFT JOIN LATERAL (SELECT pi.dn_type, pi.dn FROM cl_party_info pi WHERE pi.id = p.info_id OFFSET 0) i ON true
  WHERE p.start_time >= $1 AND p.start_time < $2 AND p.end_time IS NULL
), stats AS (
  SELECT count(*) FILTER (WHERE dn_type IS DISTINCT FROM 6)::int AS stuck_legs,
         count(*) FILTER (WHERE dn_type = 6)::int AS ivr_open_legs,
         min(start_time) FILTER (WHERE dn_type IS DISTINCT FROM 6) AS oldest_start,
         (SELECT count(*)::int FROM cl_calls c WHERE c.start_time >= $1 AND c.start_time < $2 AND c.end_time IS NULL) AS open_calls
  FROM open_legs
)
SELECT s.stuck_legs, s.ivr_open_legs, s.oldest_start, s.open_calls, e.id, e.call_id, e.start_time, e.dn_type, e.dn
FROM stats s
LEFT JOIN LATERAL (
  SELECT * FROM open_legs WHERE dn_type IS DISTINCT FROM 6 ORDER BY start_time, id LIMIT $3
) e ON true`

export interface OpenLegRow extends Record<string, unknown> {
  stuck_legs: number
  ivr_open_legs: number
  oldest_start: Date | string | null
  open_calls: number
  id: number | string | null
  call_id: number | string | null
  start_time: Date | string | null
  dn_type: number | null
  dn: string | null
}

/** What a dn_type of cl_party_info is (DOMAIN.md; 4 queue is [reported]). */
export const DN_TYPES: Record<number, string> = {0: 'extension', 1: 'external line', 4: 'queue', 5: 'voicemail', 6: 'IVR'}

export interface OldCall {
  id: string
  caller: string
  callee: string
  status: string
  establishedAt: string
  seconds: number
}

const toDate = (v: Date | string | null): Date | null => (v === null ? null : v instanceof Date ? v : new Date(v))
const text = (v: unknown): string => (v === null || v === undefined ? '' : String(v))

/**
 * Active calls established longer ago than `olderThanMs`, measured against the PBX's own Now
 * (EstablishedAt is the PBX's time), else `fallbackNow`; oldest first.
 */
export function oldActiveCalls(list: unknown[], pbxNow: string, fallbackNow: Date, olderThanMs: number): {calls: OldCall[]; undated: number; reference: string} {
  const now = parseConsoleTime(pbxNow)
  const reference = now ? `the PBX's Now (${pbxNow})` : "this machine's time (the console gave no Now)"
  const at = (now ?? fallbackNow).getTime()
  let undated = 0
  const calls: OldCall[] = []
  for (const item of list) {
    if (item === null || typeof item !== 'object') continue
    const c = item as Record<string, unknown>
    const established = parseConsoleTime(c.EstablishedAt)
    if (!established) {
      undated++
      continue
    }
    const ms = at - established.getTime()
    if (ms > olderThanMs) {
      calls.push({id: text(c.Id), caller: text(c.Caller), callee: text(c.Callee), status: text(c.Status), establishedAt: text(c.EstablishedAt), seconds: Math.round(ms / 1000)})
    }
  }
  calls.sort((a, b) => b.seconds - a.seconds)
  return {calls, undated, reference}
}

interface ConsoleReading {
  known: boolean
  why?: string
  listed: number
  old: OldCall[]
  undated: number
  reference?: string
}

/** The active calls of the console; an idle v20 PBX rejects ActiveCalls (no PBX time), which CallsActive 0 explains. */
async function consoleCalls(api: ConsoleApi, olderThanMs: number, fallbackNow: Date): Promise<ConsoleReading> {
  let status: SystemStatus | undefined
  try {
    status = await api.systemStatus()
  } catch (error) {
    if (!isSourceUnavailable(error)) throw error
  }
  try {
    const calls = await api.activeCalls()
    const {calls: old, undated, reference} = oldActiveCalls(calls.list, calls.Now, fallbackNow, olderThanMs)
    return {known: true, listed: calls.list.length, old, undated, reference}
  } catch (error) {
    if (!isSourceUnavailable(error)) throw error
    if (status?.CallsActive === 0) return {known: true, listed: 0, old: [], undated: 0}
    return {known: false, why: `ActiveCalls failed: ${error.message}`, listed: 0, old: [], undated: 0}
  }
}

interface LogReading {
  stuckLegs: number
  ivrOpenLegs: number
  openCalls: number
  oldestStart: Date | null
  oldest: Array<{participantId: string; callId: string; start: string; dnType: number | null; dn: string | null; seconds: number}>
}

async function openLegs(db: Database, window: {since: Date; cutoff: Date; now: Date}): Promise<LogReading> {
  const rows = await db.query<OpenLegRow>(OPEN_LEGS_QUERY, [window.since, window.cutoff, OLDEST_SHOWN])
  const head = rows[0]
  const oldestStart = toDate(head?.oldest_start ?? null)
  return {
    stuckLegs: Number(head?.stuck_legs ?? 0),
    ivrOpenLegs: Number(head?.ivr_open_legs ?? 0),
    openCalls: Number(head?.open_calls ?? 0),
    oldestStart,
    oldest: rows
      .filter((r) => r.id !== null)
      .map((r) => {
        const start = toDate(r.start_time)!
        return {
          participantId: text(r.id),
          callId: text(r.call_id),
          start: start.toISOString(),
          dnType: r.dn_type === null ? null : Number(r.dn_type),
          dn: r.dn,
          seconds: Math.round((window.now.getTime() - start.getTime()) / 1000),
        }
      }),
  }
}

const seconds = (s: number): string => formatDuration(s * 1000)
const party = (dnType: number | null, dn: string | null): string =>
  dnType === null ? 'unknown party' : `${DN_TYPES[dnType] ?? `dn_type ${dnType}`} ${dn ?? '?'}`

/**
 * pbx.stuck-calls: call-log legs that never ended, and active calls established hours ago.
 */
export default defineCheck({
  id: 'pbx.stuck-calls',
  title: 'No call is stuck open for hours',
  severity: 'minor',
  description:
    'Looks for call-log legs without an end time (cl_participants.end_time NULL) that started more than 4 hours ago, within the last ' +
    '7 days (a bounded, read-only scan), and for active calls in the console (ActiveCalls) established more than 4 hours ago by the ' +
    'PBX\'s own clock. Such calls are stuck or orphaned: they hold a call slot of the licence and skew reports. IVR legs are left to ' +
    'time.ivr-timeouts.',
  remediation:
    'Look at the named calls in the management console (Active Calls) and drop those that are not real; a call that cannot be dropped ' +
    'clears when the 3CX services restart. Legs left open in the call log after a crash or a restart only skew reports. Options: config ' +
    '`checks: {"pbx.stuck-calls": {"olderThanHours": 4, "windowDays": 7}}`.',
  docs: 'docs/checks/pbx.md#pbxstuck-calls-no-call-is-stuck-open-for-hours',
  sources: ['db', 'console'],
  versions: {
    15: {applies: 'yes', decides: 'cl_participants end_time NULL (not IVR legs); ActiveCalls EstablishedAt against its Now', sure: 'confirmed'},
    16: {applies: 'yes', decides: 'as v15.5 (same call-log tables and ActiveCalls items)', sure: 'confirmed'},
    18: {applies: 'yes', decides: 'as v15.5', sure: 'confirmed'},
    20: {applies: 'yes', decides: 'as v15.5; EstablishedAt against ServerNow of /xapi/v1/ActiveCalls', sure: 'confirmed'},
  },
  timeoutMs: 30_000,
  options: {
    schema: {
      olderThanHours: {type: 'number', exclusiveMinimum: 0, maximum: 168, description: 'A leg or active call open for longer than this many hours is stuck.'},
      windowDays: {type: 'number', exclusiveMinimum: 0, maximum: 366, description: 'How many days of the call log to look at for open legs.'},
    },
    defaults: {olderThanHours: DEFAULT_OLDER_THAN_HOURS, windowDays: DEFAULT_WINDOW_DAYS},
  },
  async run(ctx) {
    const {olderThanHours, windowDays} = ctx.options
    const olderThanMs = olderThanHours * 3600_000
    const now = ctx.now()
    const since = new Date(now.getTime() - windowDays * 86_400_000)
    const cutoff = new Date(now.getTime() - olderThanMs)
    const [dbUse, consoleUse] = await Promise.all([ctx.tryUse(dbSource), ctx.tryUse(consoleSource)])

    let logWhy: string | undefined
    let missing: string[] = []
    let log: LogReading | undefined
    if (!dbUse.ok) logWhy = `the database is unavailable (${dbUse.reason})`
    else {
      const db = dbUse.value
      missing = [
        ...(await db.missingColumns('cl_participants', LEG_COLUMNS)).map((c) => `cl_participants.${c}`),
        ...(await db.missingColumns('cl_party_info', PARTY_COLUMNS)).map((c) => `cl_party_info.${c}`),
        ...(await db.missingColumns('cl_calls', CALL_COLUMNS)).map((c) => `cl_calls.${c}`),
      ]
      throwIfAborted(ctx.signal)
      if (missing.length > 0) logWhy = `the call log cannot be read: ${missing.join(', ')} not found in the database`
      else {
        try {
          log = await openLegs(db, {since, cutoff, now})
        } catch (error) {
          if (!isSourceUnavailable(error)) throw error
          logWhy = `the call log cannot be read: ${error.message}`
        }
      }
    }
    throwIfAborted(ctx.signal)
    const live: ConsoleReading = consoleUse.ok ? await consoleCalls(consoleUse.value, olderThanMs, now) : {known: false, why: `the console is unavailable (${consoleUse.reason})`, listed: 0, old: [], undated: 0}

    const evidence = {
      olderThanHours,
      windowDays,
      since: since.toISOString(),
      cutoff: cutoff.toISOString(),
      callLog: log
        ? {stuckLegs: log.stuckLegs, openCalls: log.openCalls, ivrOpenLegs: log.ivrOpenLegs, oldestStart: log.oldestStart?.toISOString() ?? null, oldest: log.oldest}
        : {unknown: logWhy, ...(missing.length > 0 ? {missing} : {})},
      activeCalls: live.known ? {listed: live.listed, old: live.old, undated: live.undated, reference: live.reference ?? null} : {unknown: live.why},
    }
    if (!log && !live.known) {
      return skip(`Neither the call log nor the active calls can be read: ${logWhy}; ${live.why}.`, {evidence})
    }

    const oldestLogSeconds = log?.oldestStart ? Math.round((now.getTime() - log.oldestStart.getTime()) / 1000) : 0
    const oldestLiveSeconds = live.old[0]?.seconds ?? 0
    const oldest = Math.max(oldestLogSeconds, oldestLiveSeconds)
    const stuckLegs = log?.stuckLegs ?? 0
    const measurements = [
      ...(log ? [measure('stuck_call_legs', stuckLegs, 'count', {help: `Call-log legs without an end time older than ${olderThanHours} h (last ${windowDays} days, IVR legs apart).`, warn: 1, bad: 'above', min: 0})] : []),
      measure('oldest_open_call_seconds', oldest, 'seconds', {help: 'Age of the oldest open call-log leg or active call older than the limit (0: none).', warn: olderThanMs / 1000, bad: 'above', min: 0}),
    ]

    const details: string[] = []
    if (log) {
      details.push(
        stuckLegs > 0
          ? `Call log: ${stuckLegs} leg(s) without an end time started more than ${olderThanHours} h ago (last ${windowDays} days); the oldest ${seconds(oldestLogSeconds)} ago.`
          : `Call log: no leg without an end time older than ${olderThanHours} h in the last ${windowDays} days.`,
        ...log.oldest.map((l) => `Call ${l.callId}, leg ${l.participantId} (${party(l.dnType, l.dn)}): started ${l.start}, no end time.`),
      )
      if (log.openCalls > 0) details.push(`${log.openCalls} call(s) of cl_calls in that range have no end time either.`)
      if (log.ivrOpenLegs > 0) details.push(`${log.ivrOpenLegs} open IVR leg(s) (dn_type 6) are left to time.ivr-timeouts, which covers IVRs that never time out.`)
    } else details.push(`Call log: unknown (${logWhy}).`)
    if (live.known) {
      details.push(
        live.old.length > 0
          ? `Console: ${live.old.length} of ${live.listed} active call(s) established more than ${olderThanHours} h ago (measured against ${live.reference}).`
          : `Console: none of ${live.listed} active call(s) established more than ${olderThanHours} h ago.`,
        ...live.old.slice(0, OLDEST_SHOWN).map((c) => `Active call ${c.id} (${c.caller} to ${c.callee}, ${c.status}): established ${c.establishedAt}, ${seconds(c.seconds)} ago.`),
      )
      if (live.undated > 0) details.push(`${live.undated} active call(s) carry no EstablishedAt that is a time: their age is unknown.`)
    } else details.push(`Active calls: unknown (${live.why}).`)

    const rows = [
      ...live.old.slice(0, OLDEST_SHOWN).map((c) => ['active call', c.id, `${c.caller} to ${c.callee}`, c.establishedAt, seconds(c.seconds)]),
      ...(log?.oldest ?? []).map((l) => ['call-log leg', `${l.callId}/${l.participantId}`, party(l.dnType, l.dn), l.start, seconds(l.seconds)]),
    ]
    const tables = rows.length > 0 ? [table(`The oldest open calls (more than ${olderThanHours} h)`, ['where', 'call', 'party', 'since', 'open for'], rows)] : []
    const found = stuckLegs + live.old.length
    if (found === 0) {
      return outcome('pass', `No call open for more than ${olderThanHours} h${log ? ` in the call log (last ${windowDays} days)` : ''}${live.known ? `${log ? ' or' : ''} among the active calls` : ''}.`, {details, evidence, measurements})
    }
    const parts = [
      ...(live.old.length > 0 ? [`${live.old.length} active call(s) established more than ${olderThanHours} h ago`] : []),
      ...(stuckLegs > 0 ? [`${stuckLegs} call-log leg(s) without an end time older than ${olderThanHours} h`] : []),
    ]
    return outcome('warn', `Stuck calls: ${parts.join('; ')}; the oldest open for ${seconds(oldest)}.`, {details, evidence, tables, measurements})
  },
})
