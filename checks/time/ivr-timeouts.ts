import {dbSource, defineCheck, fail, formatDuration, isSourceUnavailable, pass, skip, table, throwIfAborted, type Database} from '../../src/index.js'

export const DEFAULT_DAYS = 7
/** Assumed IVR timeout when the database shows none (tcx-doctor's assumption, not a confirmed 3CX default). */
export const DEFAULT_IVR_TIMEOUT_SECONDS = 10
/** "Far longer than the timeout": a leg longer than timeout + this margin is evidence. */
export const DEFAULT_MARGIN_SECONDS = 300
export const EXAMPLES = 5

export const PARTICIPANT_COLUMNS = ['id', 'call_id', 'info_id', 'start_time', 'end_time']
export const PARTY_INFO_COLUMNS = ['id', 'dn_type', 'dn']

/**
 * One bounded scan of the window: IVR legs (dn_type 6) that started at or after
 * $1 (an index-friendly range predicate on start_time), with their length; the
 * aggregate and the longest examples (LIMIT) come from the same materialised set.
 * $1 window start (timestamptz), $2 "too long" in seconds, $3 number of examples.
 *
 * The party info is looked up per leg of the window through its primary key
 * (LATERAL ... OFFSET 0 keeps the planner from hashing the whole of
 * cl_party_info, which holds a row for every leg of every call ever made):
 * the cost follows the window, not the history (see bench/ivr-timeouts.bench.js).
 */
export const IVR_QUERY = `
WITH legs AS MATERIALIZED (
  SELECT p.id, p.call_id, p.start_time, p.end_time, i.dn,
         EXTRACT(EPOCH FROM (p.end_time - p.start_time))::float8 AS seconds
  FROM cl_participants p
  CROSS JOIN LATERAL (
    SELECT pi.dn FROM cl_party_info pi WHERE pi.id = p.info_id AND pi.dn_type = 6 OFFSET 0
  ) i
  WHERE p.start_time >= $1
), stats AS (
  SELECT count(*)::int AS ivr_legs,
         count(*) FILTER (WHERE seconds > $2)::int AS long_legs,
         count(*) FILTER (WHERE end_time IS NULL)::int AS open_legs,
         max(seconds) AS longest_seconds
  FROM legs
)
SELECT s.ivr_legs, s.long_legs, s.open_legs, s.longest_seconds,
       e.id, e.call_id, e.start_time, e.end_time, e.dn, e.seconds
FROM stats s
LEFT JOIN LATERAL (
  SELECT * FROM legs WHERE seconds > $2 ORDER BY seconds DESC LIMIT $3
) e ON true`

export interface IvrRow extends Record<string, unknown> {
  ivr_legs: number
  long_legs: number
  open_legs: number
  longest_seconds: number | null
  id: number | string | null
  call_id: number | string | null
  start_time: Date | string | null
  end_time: Date | string | null
  dn: string | null
  seconds: number | null
}

export interface IvrTimeoutSetting {
  seconds: number
  from: string
  /** What the database probe found (tables/columns with "timeout" in an IVR table). */
  probed: string[]
}

/**
 * The IVR timeout: a column named like *timeout* in a table named like *ivr*
 * (its largest value, read as seconds), else a `parameter` row named like
 * *IVR*TIMEOUT*, else a `dnprop` property named so, else the default. Where 3CX keeps it is not documented, so the
 * probe says what it saw.
 */
export async function ivrTimeoutFromDb(db: Database, fallbackSeconds: number, fallbackFrom: string): Promise<IvrTimeoutSetting> {
  const columns = await db.query<{table_name: string; column_name: string; data_type: string}>(
    `SELECT table_name, column_name, data_type FROM information_schema.columns
     WHERE table_schema = ANY (current_schemas(false)) AND table_name ILIKE '%ivr%' AND column_name ILIKE '%timeout%'
     ORDER BY table_name, column_name LIMIT 10`,
  )
  const probed = columns.map((c) => `${c.table_name}.${c.column_name} (${c.data_type})`)
  const numeric = columns.filter((c) => /int|numeric|real|double/.test(c.data_type) && /^[a-z_][a-z0-9_]*$/i.test(c.table_name + c.column_name))
  for (const c of numeric) {
    const rows = await db.query<{max: number | null; n: number}>(
      `SELECT max("${c.column_name}")::float8 AS max, count("${c.column_name}")::int AS n FROM "${c.table_name}" WHERE "${c.column_name}" > 0`,
    )
    const max = rows[0]?.max
    if (typeof max === 'number' && max > 0) {
      return {seconds: max, from: `the largest ${c.table_name}.${c.column_name} in the database (${rows[0]!.n} row(s), read as seconds)`, probed}
    }
  }
  // A parameter row such as IVRTIMEOUT (the name is not documented: any name with IVR and TIMEOUT in it).
  if (await db.hasTable('parameter')) {
    const params = await db.parametersLike('%IVR%TIMEOUT%')
    probed.push(...params.map((p) => `parameter ${p.name} = "${p.value}"`))
    const values = params.map((p) => Number(p.value.trim())).filter((n) => Number.isFinite(n) && n > 0)
    if (values.length > 0) {
      const max = Math.max(...values)
      const source = params.find((p) => Number(p.value.trim()) === max)!
      return {seconds: max, from: `parameter ${source.name} in the database (read as seconds)`, probed}
    }
  }
  // A per-DN property such as IVR_TIMEOUT in dnprop (also undocumented).
  if ((await db.missingColumns('dnprop', ['name', 'value'])).length === 0) {
    const props = await db.query<{name: string; value: string | null}>(
      `SELECT name, value FROM dnprop WHERE name ILIKE '%IVR%TIMEOUT%' OR name ILIKE '%TIMEOUT%IVR%' ORDER BY name LIMIT 50`,
    )
    const names = [...new Set(props.map((p) => p.name))]
    probed.push(...names.map((n) => `dnprop ${n} (${props.filter((p) => p.name === n).length} row(s))`))
    const numeric = props.map((p) => ({name: p.name, n: Number(String(p.value ?? '').trim())})).filter((p) => Number.isFinite(p.n) && p.n > 0)
    if (numeric.length > 0) {
      const numericNames = [...new Set(numeric.map((p) => p.name))]
      return {seconds: Math.max(...numeric.map((p) => p.n)), from: `the largest dnprop ${numericNames.join('/')} in the database (read as seconds)`, probed}
    }
  }
  return {seconds: fallbackSeconds, from: fallbackFrom, probed}
}

/** A length in seconds for people ("12 s", "5 min 10 s", "2 h 30 min"). */
const seconds = (s: number): string => formatDuration(s * 1000)

const iso = (v: Date | string | null): string | null => (v === null ? null : v instanceof Date ? v.toISOString() : String(v))

/**
 * time.ivr-timeouts: evidence in the call log of IVR legs that never timed out.
 */
export default defineCheck({
  id: 'time.ivr-timeouts',
  title: 'IVR calls end when the IVR times out',
  severity: 'major',
  description:
    'Looks in the call log for IVR (digital receptionist) legs, `cl_party_info.dn_type` 6 joined through `cl_participants.info_id`, from the ' +
    'last 7 days that lasted far longer than the IVR timeout (the timeout from the database where a column for it is found, else 10 s; ' +
    '"far longer" means more than 5 minutes beyond it). Such legs are what callers see when 3CX\'s internal time has drifted from the ' +
    'machine\'s (time-zone mismatch or clock jump): the IVR never times out and the call lasts until the caller hangs up. ' +
    'The query reads a bounded time window (start_time range, LIMIT, statement timeout).',
  remediation:
    'Check time.timezone-mismatch, time.clock-drift and time.pbx-clock-skew and fix what they find: set the machine and 3CX to the same time ' +
    'zone, synchronise the clock, then restart the 3CX services. Options: config `checks: {"time.ivr-timeouts": {"days": 7, ' +
    '"ivrTimeoutSeconds": 10, "marginSeconds": 300}}`.',
  docs: 'docs/checks/time.md#timeivr-timeouts',
  sources: ['db'],
  versions: {
    15: {applies: 'yes', decides: 'call log: IVR legs (cl_party_info.dn_type 6 via cl_participants.info_id) far beyond the IVR timeout', sure: 'confirmed'},
    16: {applies: 'yes', decides: 'as v15.5 (same tables; the database on 5432 on Debian, 5480 on Windows, unless the ini says)', sure: 'confirmed'},
    18: {applies: 'yes', decides: 'as v15.5 (same call-log tables)', sure: 'confirmed'},
    20: {applies: 'yes', decides: 'as v15.5 (same call-log tables)', cannotTell: 'each IVR\'s own timeout (Receptionists Timeout of the v20 API is not read; default 10 s)', sure: 'confirmed'},
  },
  timeoutMs: 30_000,
  options: {
    schema: {
      days: {type: 'number', exclusiveMinimum: 0, maximum: 366, description: 'How many days of the call log to look at.'},
      ivrTimeoutSeconds: {
        type: 'number',
        minimum: 0,
        description: 'The IVR timeout in seconds; 0: read it from the database (else 10 s).',
      },
      marginSeconds: {type: 'number', minimum: 0, description: 'A leg longer than the IVR timeout plus this many seconds counts as far too long.'},
    },
    defaults: {days: DEFAULT_DAYS, ivrTimeoutSeconds: 0, marginSeconds: DEFAULT_MARGIN_SECONDS},
  },
  async run(ctx) {
    const {days, marginSeconds} = ctx.options
    const configured = ctx.options.ivrTimeoutSeconds > 0 ? ctx.options.ivrTimeoutSeconds : undefined
    const db = await ctx.use(dbSource)
    try {
      await db.requireColumns('cl_participants', PARTICIPANT_COLUMNS)
      await db.requireColumns('cl_party_info', PARTY_INFO_COLUMNS)
    } catch (error) {
      if (!isSourceUnavailable(error)) throw error
      return skip(`The call log cannot be read: ${error.message}.`, {
        details: ['This check needs the 3CX call-log tables (v15.5 and later); an older or different schema is not guessed at.'],
        evidence: {missing: [error.message]},
      })
    }
    throwIfAborted(ctx.signal)

    const timeout: IvrTimeoutSetting =
      configured !== undefined
        ? {seconds: configured, from: 'ivrTimeoutSeconds in the config', probed: []}
        : await ivrTimeoutFromDb(db, DEFAULT_IVR_TIMEOUT_SECONDS, `tcx-doctor's default (${DEFAULT_IVR_TIMEOUT_SECONDS} s; no IVR timeout found in the database)`)
    throwIfAborted(ctx.signal)
    const limitSeconds = timeout.seconds + marginSeconds
    const since = new Date(ctx.now().getTime() - days * 86_400_000)
    const rows = await db.query<IvrRow>(IVR_QUERY, [since, limitSeconds, EXAMPLES])
    const head = rows[0]
    const ivrLegs = Number(head?.ivr_legs ?? 0)
    const longLegs = Number(head?.long_legs ?? 0)
    const openLegs = Number(head?.open_legs ?? 0)
    const longest = head?.longest_seconds === null || head?.longest_seconds === undefined ? null : Number(head.longest_seconds)
    const examples = rows
      .filter((r) => r.id !== null)
      .map((r) => ({participantId: String(r.id), callId: String(r.call_id), ivr: r.dn, start: iso(r.start_time), end: iso(r.end_time), seconds: Math.round(Number(r.seconds))}))
    const evidence = {
      since: since.toISOString(),
      days,
      ivrTimeoutSeconds: timeout.seconds,
      ivrTimeoutFrom: timeout.from,
      timeoutColumnsFound: timeout.probed,
      marginSeconds,
      limitSeconds,
      ivrLegs,
      longLegs,
      openLegs,
      longestSeconds: longest === null ? null : Math.round(longest),
      examples,
    }
    const timeoutLine = `IVR timeout ${timeout.seconds} s from ${timeout.from}; a leg counts as "far too long" above ${seconds(limitSeconds)} (timeout + ${seconds(marginSeconds)}).`
    const probeLine =
      timeout.probed.length > 0
        ? `IVR timeout settings found in the database: ${timeout.probed.join(', ')}.`
        : configured === undefined
          ? 'No IVR timeout in the database: no column named like *timeout* in a table named like *ivr*, no parameter or dnprop named like *IVR*TIMEOUT*.'
          : undefined
    const openLine = openLegs > 0 ? `${openLegs} IVR leg(s) in the window have no end time (still in progress, or orphaned).` : undefined
    if (ivrLegs === 0) {
      return skip(`No IVR calls (dn_type 6) in the call log since ${since.toISOString().slice(0, 10)} (${days} days): nothing to judge.`, {evidence})
    }
    const legs = table(
      `IVR legs longer than ${seconds(limitSeconds)} (the longest ${EXAMPLES})`,
      ['call', 'IVR', 'started', 'lasted'],
      examples.map((e) => [e.callId, e.ivr, e.start, seconds(e.seconds)]),
      longLegs > examples.length ? {note: `${longLegs - examples.length} more such leg(s) in the window`} : {},
    )
    if (longLegs > 0) {
      return fail(
        `${longLegs} of ${ivrLegs} IVR leg(s) in the last ${days} days lasted far longer than the IVR timeout; the longest ${seconds(longest ?? 0)}.`,
        {
          details: [
            timeoutLine,
            ...examples.map((e) => `IVR ${e.ivr ?? '?'}: call ${e.callId}, ${e.start} to ${e.end}, ${seconds(e.seconds)}.`),
            'IVRs that do not time out are the mark of 3CX\'s internal time drifting from the machine\'s (time-zone mismatch or clock jump): callers stay in the menu until they hang up.',
            ...(probeLine ? [probeLine] : []),
            ...(openLine ? [openLine] : []),
          ],
          evidence,
          tables: [legs],
        },
      )
    }
    return pass(`${ivrLegs} IVR leg(s) in the last ${days} days all ended in time (longest ${seconds(longest ?? 0)}).`, {
      details: [timeoutLine, ...(probeLine ? [probeLine] : []), ...(openLine ? [openLine] : [])],
      evidence,
    })
  },
})
