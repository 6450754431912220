import {dbSource, defineCheck, isSourceUnavailable, measure, pass, skip, table, throwIfAborted, warn} from '../../src/index.js'

export const DEFAULT_DAYS = 7
/** Warn when more than this share of the window's voicemail legs has no recording_url. */
export const DEFAULT_WARN_ABOVE_RATIO = 0.5
export const EXAMPLES = 5

export const PARTICIPANT_COLUMNS = ['id', 'call_id', 'info_id', 'start_time', 'recording_url']
export const PARTY_INFO_COLUMNS = ['id', 'dn_type', 'dn']

/**
 * Voicemail legs (cl_party_info.dn_type 5) that started at or after $1, counted with and without a
 * recording_url; the party info is looked up per leg of the window by its primary key (LATERAL ...
 * OFFSET 0), so the cost follows the window, not the call history.
 */
export const VOICEMAIL_QUERY = `
WITH legs AS MATERIALIZED (
  SELECT p.id, p.call_id, p.start_time, i.dn, (p.recording_url IS NULL OR p.recording_url = '') AS no_url
  FROM cl_participants p
  CROSS JOIN LATERAL (
    SELECT pi.dn FROM cl_party_info pi WHERE pi.id = p.info_id AND pi.dn_type = 5 OFFSET 0
  ) i
  WHERE p.start_time >= $1
), stats AS (
  SELECT count(*)::int AS voicemail_legs, count(*) FILTER (WHERE no_url)::int AS without_url FROM legs
)
SELECT s.voicemail_legs, s.without_url, e.id, e.call_id, e.start_time, e.dn
FROM stats s
LEFT JOIN LATERAL (
  SELECT * FROM legs WHERE no_url ORDER BY start_time DESC LIMIT $2
) e ON true`

interface VoicemailRow extends Record<string, unknown> {
  voicemail_legs: number
  without_url: number
  id: number | string | null
  call_id: number | string | null
  start_time: Date | string | null
  dn: string | null
}

const iso = (v: Date | string | null): string | null => (v === null ? null : v instanceof Date ? v.toISOString() : String(v))
const percent = (ratio: number): string => `${Math.round(ratio * 1000) / 10}%`

/**
 * recordings.voicemail-url: 3CX leaves cl_participants.recording_url NULL when a call reaches
 * voicemail, so integrations that fetch recordings by that URL never see voicemail messages.
 */
export default defineCheck({
  id: 'recordings.voicemail-url',
  title: 'Voicemail calls carry a recording URL',
  severity: 'minor',
  description:
    'Counts the voicemail legs of the call log (cl_party_info.dn_type 5 through cl_participants.info_id) of the last 7 days and how many ' +
    'of them have no cl_participants.recording_url. 3CX leaves recording_url NULL when a call reaches voicemail, so an integration (CRM, ' +
    'archive, call analytics) that fetches recordings by that URL never gets the voicemail messages. The query reads a bounded window ' +
    '(start_time range, LIMIT, statement timeout).',
  remediation:
    'Nothing to fix in 3CX: make the integration fetch voicemail messages from the voicemail folder or the console instead of recording_url, ' +
    'and tell its users that voicemail does not show up there. Options: config `checks: {"recordings.voicemail-url": {"days": 7, ' +
    '"warnAboveRatio": 0.5}}`.',
  docs: 'docs/checks/recordings.md#recordingsvoicemail-url',
  sources: ['db'],
  versions: {
    15: {applies: 'yes', decides: 'call log: voicemail legs (dn_type 5) in the window with cl_participants.recording_url NULL or empty', sure: 'reported'},
    16: {applies: 'yes', decides: 'as v15.5 (same call-log tables)', sure: 'unknown'},
    18: {applies: 'yes', decides: 'as v15.5 (same call-log tables)', sure: 'unknown'},
    20: {applies: 'yes', decides: 'as v15.5 (same call-log tables)', cannotTell: 'whether v20 still leaves the URL empty: not reported', sure: 'unknown'},
  },
  timeoutMs: 30_000,
  options: {
    schema: {
      days: {type: 'number', exclusiveMinimum: 0, maximum: 366, description: 'How many days of the call log to look at.'},
      warnAboveRatio: {type: 'number', minimum: 0, maximum: 1, description: 'Warn when more than this share (0 to 1) of the voicemail legs has no recording_url.'},
    },
    defaults: {days: DEFAULT_DAYS, warnAboveRatio: DEFAULT_WARN_ABOVE_RATIO},
  },
  async run(ctx) {
    const {days, warnAboveRatio} = ctx.options
    const db = await ctx.use(dbSource)
    try {
      await db.requireColumns('cl_participants', PARTICIPANT_COLUMNS)
      await db.requireColumns('cl_party_info', PARTY_INFO_COLUMNS)
    } catch (error) {
      if (!isSourceUnavailable(error)) throw error
      return skip(`The call log cannot be read: ${error.message}.`, {
        details: ['This check needs the 3CX call-log tables with cl_participants.recording_url; an older or different schema is not guessed at.'],
        evidence: {missing: [error.message]},
      })
    }
    throwIfAborted(ctx.signal)
    const since = new Date(ctx.now().getTime() - days * 86_400_000)
    const rows = await db.query<VoicemailRow>(VOICEMAIL_QUERY, [since, EXAMPLES])
    const legs = Number(rows[0]?.voicemail_legs ?? 0)
    const withoutUrl = Number(rows[0]?.without_url ?? 0)
    const examples = rows.filter((r) => r.id !== null).map((r) => ({participantId: String(r.id), callId: String(r.call_id), voicemail: r.dn, start: iso(r.start_time)}))
    const evidence = {since: since.toISOString(), days, voicemailLegs: legs, withoutRecordingUrl: withoutUrl, warnAboveRatio, examples}
    if (legs === 0) {
      return skip(`No voicemail calls (dn_type 5) in the call log since ${since.toISOString().slice(0, 10)} (${days} days): nothing to judge.`, {evidence})
    }
    const ratio = withoutUrl / legs
    const measurements = [
      measure('voicemail_without_recording_url_ratio', ratio, 'ratio', {help: 'Share of the voicemail legs in the window without a recording_url.', warn: warnAboveRatio, bad: 'above', min: 0, max: 1}),
    ]
    const tables = [
      table(
        `Voicemail legs without recording_url (the newest ${EXAMPLES})`,
        ['call', 'voicemail', 'started'],
        examples.map((e) => [e.callId, e.voicemail, e.start]),
        withoutUrl > examples.length ? {note: `${withoutUrl - examples.length} more in the window`} : {},
      ),
    ]
    const why =
      '3CX leaves cl_participants.recording_url NULL when a call reaches voicemail: integrations that fetch recordings by that URL (CRM, archive, ' +
      'call analytics) never get these messages; fetch voicemail from the voicemail folder or the console instead.'
    const counted = `${withoutUrl} of ${legs} voicemail leg(s) in the last ${days} days (${percent(ratio)}) have no recording_url`
    if (ratio > warnAboveRatio) {
      return warn(`${counted}: integrations that fetch recordings by URL miss them.`, {details: [why, `Warns above ${percent(warnAboveRatio)} (option warnAboveRatio).`], evidence, tables, measurements})
    }
    return pass(`${counted}, not above ${percent(warnAboveRatio)}.`, {details: withoutUrl > 0 ? [why] : [], evidence, ...(withoutUrl > 0 ? {tables} : {}), measurements})
  },
})
