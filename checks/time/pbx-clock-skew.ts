import {
  activityLogsSource,
  clockCorrection,
  consoleFactsOf,
  consoleSource,
  defineCheck,
  errorMessage,
  formatOffset,
  isSourceUnavailable,
  formatUtcOffset,
  inertLine,
  measure,
  offsetMinutes,
  outcome,
  parseLineTimestamp,
  skip,
  table,
  throwIfAborted,
  timezoneSource,
  worstStatus,
  type Cell,
  type LogTail,
  type Measurement,
  type Status,
} from '../../src/index.js'

export const DEFAULT_MAX_SKEW_SECONDS = 120

export interface LogFileVerdict {
  file: string
  mtime: string
  linesRead: number
  recognised: number
  /** Up to 3 lines whose timestamp format is not recognised (as written, shortened). */
  unrecognised: string[]
  unrecognisedCount: number
  /** The newest recognised line's timestamp and its distance from the real time the file was last written. */
  newest?: {text: string; instant: string; skewMs: number; hasOffset: boolean}
}

/**
 * Reads one log tail: the newest recognised line against the file's
 * modification time corrected to real time. Pure (the zone and correction are given).
 */
export function judgeLogTail(tail: LogTail, zone: string, correctionMs: number): LogFileVerdict {
  const parsed = tail.lines.map((line) => ({line, ts: parseLineTimestamp(line, zone)}))
  const recognised = parsed.filter((p) => p.ts !== undefined)
  const unrecognised = parsed.filter((p) => p.ts === undefined).map((p) => p.line)
  const verdict: LogFileVerdict = {
    file: tail.file,
    mtime: tail.mtime.toISOString(),
    linesRead: tail.lines.length,
    recognised: recognised.length,
    unrecognised: unrecognised.slice(-3).map((l) => (l.length > 120 ? `${l.slice(0, 117)}...` : l)),
    unrecognisedCount: unrecognised.length,
  }
  const newest = recognised.at(-1)?.ts
  if (newest) {
    const writtenAt = tail.mtime.getTime() + correctionMs
    verdict.newest = {text: newest.text, instant: newest.instant.toISOString(), skewMs: newest.instant.getTime() - writtenAt, hasOffset: newest.hasOffset}
  }
  return verdict
}

export interface ConsoleNowVerdict {
  now: string
  /** PBX time minus real time at the moment of the request. */
  skewMs: number
  /** The UTC offset the PBX wrote, minutes; undefined when it wrote none. */
  pbxOffsetMinutes?: number
}

/** Reads ActiveCalls' `Now` against the real time of the request. Throws with one line when `Now` is not a time. */
export function judgeConsoleNow(now: string, realAtRequestMs: number, zone: string): ConsoleNowVerdict {
  const ts = parseLineTimestamp(now, zone)
  if (!ts || ts.text !== now.trim()) throw new Error(`ActiveCalls "Now" is ${inertLine(JSON.stringify(now.slice(0, 60)))}, not a date and time`)
  const offset = /([+-])(\d{2}):?(\d{2})$|Z$/i.exec(now.trim())
  const pbxOffsetMinutes = offset ? (offset[1] === undefined ? 0 : (offset[1] === '-' ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3]))) : undefined
  return {now, skewMs: ts.instant.getTime() - realAtRequestMs, ...(pbxOffsetMinutes === undefined ? {} : {pbxOffsetMinutes})}
}

/** The console's Now judged, or why it cannot be (one line). */
function consoleNowOrProblem(now: string, realAtRequestMs: number, zone: string): ConsoleNowVerdict | string {
  try {
    return judgeConsoleNow(now, realAtRequestMs, zone)
  } catch (error) {
    return errorMessage(error)
  }
}

/** "3.00 h ahead of", "2.000 s behind": a skew in words (followed by what it is compared with). */
const describeSkew = (ms: number): string => `${formatOffset(Math.abs(ms)).slice(1)} ${ms >= 0 ? 'ahead of' : 'behind'}`

const fileName = (path: string): string => path.split(/[\\/]/).at(-1) ?? path

/**
 * time.pbx-clock-skew: the time 3CX itself believes (the console's ActiveCalls
 * `Now`, the newest activity-log lines) against the real time.
 */
export default defineCheck({
  id: 'time.pbx-clock-skew',
  title: "3CX's own time agrees with the real time",
  severity: 'critical',
  description:
    "Compares the time 3CX itself believes with the real time (this machine's clock, corrected by the NTP offset when an NTP server answers): " +
    "the `Now` of the management console's ActiveCalls, and the timestamps of the newest lines of the activity logs (Logs/*.log in the data folder) " +
    "against the moment each file was last written. When they differ by more than a couple of minutes, 3CX's internal time has drifted " +
    '(a time-zone mismatch or a clock jump): the activity log shows past or future dates and digital receptionists (IVRs) do not time out. ' +
    'Log lines in a format tcx-doctor does not recognise are listed as such, never guessed.',
  remediation:
    "Fix the cause first: set the machine and 3CX to the same time zone (see time.timezone-mismatch) and synchronise the clock (see time.clock-drift); " +
    'then restart the 3CX services so they take up the right time. Threshold: config `checks: {"time.pbx-clock-skew": {"maxSkewSeconds": 120}}`.',
  docs: 'docs/checks/time.md#timepbx-clock-skew',
  sources: ['console', 'activity-logs', 'clock', 'timezone'],
  versions: {
    15: {applies: 'yes', decides: 'Now of the console\'s ActiveCalls; newest activity-log stamps against each file\'s last write', sure: 'confirmed'},
    16: {applies: 'yes', decides: 'as v15.5', sure: 'reported'},
    18: {applies: 'yes', decides: 'as v15.5', sure: 'reported'},
    20: {applies: 'partly', decides: 'ServerNow of an active call (/xapi/v1/ActiveCalls); 3cxSystemService.log stamps (local time)', cannotTell: '3CX\'s time from the console on an idle PBX: no active call, no ServerNow', sure: 'confirmed'},
  },
  timeoutMs: 25_000,
  options: {
    schema: {
      maxSkewSeconds: {type: 'number', minimum: 0, description: "Fail when 3CX's own time is further than this many seconds from the real time."},
    },
    defaults: {maxSkewSeconds: DEFAULT_MAX_SKEW_SECONDS},
  },
  async run(ctx) {
    const {maxSkewSeconds} = ctx.options
    const maxSkewMs = maxSkewSeconds * 1000
    const correction = await clockCorrection(ctx)
    const machineZone = await ctx.tryUse(timezoneSource)
    const zone = machineZone.ok ? machineZone.value.zone : undefined
    const statuses: Status[] = []
    const problems: string[] = []
    const details: string[] = [`Real time: ${correction.from}.`]
    const notLooked: string[] = []
    const evidence: Record<string, unknown> = {maxSkewSeconds, correctionMs: Math.round(correction.offsetMs), correctionFrom: correction.from}
    const timeRows: Cell[][] = []
    const measurements: Measurement[] = []
    const skewMeasure = (skewMs: number, from: string): Measurement =>
      measure('pbx_clock_skew_seconds', skewMs / 1000, 'seconds', {help: "How far 3CX's own time is ahead (+) or behind (-) the real time.", fail: maxSkewSeconds, bad: 'outside', labels: {from}})

    // 1. The console's ActiveCalls `Now`.
    const api = await ctx.tryUse(consoleSource)
    let names = {short: "the console's Now", row: "console's ActiveCalls Now", said: "The console's ActiveCalls says Now"}
    if (!api.ok) {
      notLooked.push(`console: ${api.reason}`)
    } else {
      const localBefore = ctx.now().getTime()
      const started = performance.now()
      // The console opened, but this GET may still fail (its own outage): then the logs alone are judged.
      const calls = await api.value.activeCalls().catch((error: unknown) => {
        if (isSourceUnavailable(error)) return errorMessage(error)
        throw error
      })
      const requestMs = performance.now() - started
      // v15-v18 give ActiveCalls' Now; v20 the ServerNow of an active call (the source maps it to Now).
      const v20 = consoleFactsOf(api.value).dialect === 'v20'
      names = v20
        ? {short: "the console's ServerNow", row: "console's ServerNow (active call)", said: "The console's active call says ServerNow"}
        : {short: "the console's Now", row: "console's ActiveCalls Now", said: "The console's ActiveCalls says Now"}
      const realAtRequest = localBefore + requestMs / 2 + correction.offsetMs
      const verdict = typeof calls === 'string' ? undefined : consoleNowOrProblem(String(calls.Now), realAtRequest, zone ?? 'UTC')
      if (typeof calls === 'string') {
        notLooked.push(`console: ${calls}`)
      } else if (typeof verdict === 'string') {
        // The console answered, but its Now is not a time: a finding of its own, not an outage.
        statuses.push('warn')
        problems.push(`the ${names.row} is not a date and time`)
        details.push(`${verdict}: 3CX's own time cannot be read from the console.`)
        evidence.console = {now: String(calls.Now).slice(0, 200), problem: verdict, requestMs: Math.round(requestMs)}
        timeRows.push([names.row, inertLine(String(calls.Now).slice(0, 60)), 'not a date and time'])
      } else if (verdict) {
        evidence.console = {...verdict, requestMs: Math.round(requestMs)}
        const off = Math.abs(verdict.skewMs) > maxSkewMs
        statuses.push(off ? 'fail' : 'pass')
        details.push(`${names.said} = ${verdict.now}: 3CX is ${describeSkew(verdict.skewMs)} the real time.`)
        timeRows.push([names.row, verdict.now, formatOffset(verdict.skewMs)])
        measurements.push(skewMeasure(verdict.skewMs, 'console'))
        if (off) problems.push(`${names.short} is ${describeSkew(verdict.skewMs)} the real time`)
        if (zone && verdict.pbxOffsetMinutes !== undefined) {
          const machineOffset = offsetMinutes(zone, new Date(realAtRequest))
          if (machineOffset !== verdict.pbxOffsetMinutes) {
            if (!off) statuses.push('warn')
            problems.push(`3CX writes its time with UTC offset ${formatUtcOffset(verdict.pbxOffsetMinutes)} while this machine (${zone}) is at ${formatUtcOffset(machineOffset)}`)
            details.push(
              `3CX states UTC${formatUtcOffset(verdict.pbxOffsetMinutes)}, this machine is at UTC${formatUtcOffset(machineOffset)} (${zone}): the zones differ (see time.timezone-mismatch).`,
            )
          }
        }
      }
    }

    // 2. The newest lines of the activity logs.
    throwIfAborted(ctx.signal)
    const logs = await ctx.tryUse(activityLogsSource)
    const logRows: Cell[][] = []
    if (!logs.ok) {
      notLooked.push(`activity logs: ${logs.reason}`)
    } else if (!zone) {
      notLooked.push(`activity logs: the machine's time zone is unknown (${machineZone.ok ? 'no zone' : machineZone.reason}), so their local times cannot be read`)
    } else if (logs.value.files.length === 0) {
      notLooked.push(`activity logs: no .log files in ${logs.value.dir}`)
    } else {
      const {dir, files, unreadable} = logs.value
      const verdicts = files.map((tail) => judgeLogTail(tail, zone, correction.offsetMs))
      evidence.logs = {dir, zone, files: verdicts, unreadable}
      for (const v of verdicts) {
        const name = fileName(v.file)
        logRows.push([name, v.newest ? v.newest.text : `no recognised timestamp in ${v.linesRead} line(s)`, v.mtime, v.newest ? formatOffset(v.newest.skewMs) : null])
        if (v.newest) {
          const off = Math.abs(v.newest.skewMs) > maxSkewMs
          statuses.push(off ? 'fail' : 'pass')
          measurements.push({...skewMeasure(v.newest.skewMs, 'activity_log'), labels: {from: 'activity_log', file: name}})
          details.push(
            `${name}: newest line stamped ${v.newest.text}${v.newest.hasOffset ? '' : ` (read in ${zone})`}, ${describeSkew(v.newest.skewMs)} the time the file was last written (${v.mtime}).`,
          )
          if (off) problems.push(`${name}'s newest line is ${describeSkew(v.newest.skewMs)} the time it was written`)
        }
        if (v.unrecognisedCount > 0) {
          details.push(
            `${name}: ${v.unrecognisedCount} of the newest ${v.linesRead} line(s) do not start with a timestamp format tcx-doctor recognises (not read, not guessed), e.g. ${v.unrecognised.map((l) => JSON.stringify(l)).join(', ')}.`,
          )
        }
      }
      for (const u of unreadable) details.push(`${fileName(u.file)} could not be read: ${u.error}.`)
      if (verdicts.every((v) => !v.newest)) notLooked.push(`activity logs: no line in the newest ${verdicts.length} file(s) of ${dir} has a recognised timestamp`)
    }

    const tables = [
      ...(timeRows.length > 0 ? [table("3CX's time against the real time (+: 3CX ahead)", ['what', 'says', 'off by'], timeRows)] : []),
      ...(logRows.length > 0 ? [table('Activity log files (newest first)', ['file', 'newest line', 'modified', 'off by'], logRows)] : []),
    ]
    if (statuses.length === 0) {
      // The summary already says why each part was not compared.
      return skip(`Nothing told 3CX's own time: ${notLooked.join('; ')}.`, {details, evidence, tables, measurements})
    }
    details.push(...notLooked.map((n) => `Not compared: ${n}.`))
    const worst = worstStatus(statuses)
    if (worst === 'fail') {
      details.push('In this state IVRs do not time out and the activity log shows past or future dates.')
      return outcome('fail', `3CX's time is off by more than ${maxSkewSeconds} s: ${problems.join('; ')}.`, {details, evidence, tables, measurements})
    }
    if (worst === 'warn') return outcome('warn', `3CX's time is within ${maxSkewSeconds} s, but ${problems.join('; ')}.`, {details, evidence, tables, measurements})
    const what = [evidence.console ? names.short : undefined, evidence.logs ? 'the newest activity-log lines' : undefined].filter(Boolean).join(' and ')
    return outcome('pass', `3CX's time agrees with the real time within ${maxSkewSeconds} s (${what}).`, {details, evidence, tables, measurements})
  },
})
