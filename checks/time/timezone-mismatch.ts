import {
  byStatus,
  compareZones,
  dbSource,
  defineCheck,
  fail,
  formatUtcOffset as formatOffset,
  interpretZoneValue,
  pass,
  skip,
  table,
  throwIfAborted,
  timezoneSource,
  warn,
  type CheckOutcome,
  type EvidenceTable,
  type MachineZone,
  type ZoneComparison,
} from '../../src/index.js'

/** 3CX's zone as learnt: from the settings, or a `parameter` row. */
export interface TcxZone {
  zone: string
  /** e.g. "--tcx-timezone", "parameter TIMEZONE = 'W. Europe Standard Time' (Windows zone id)". */
  from: string
}

const HOW_TO_GIVE = "give 3CX's zone with --tcx-timezone ZONE (an IANA name such as Europe/Berlin) or tcxTimezone in the config file"

const day = (iso: string): string => iso.slice(0, 10)

/** The zones compared, and where their offsets differ over the horizon. */
function zoneTables(machine: {zone: string; from: string}, tcx: TcxZone, cmp: ZoneComparison): EvidenceTable[] {
  const zones = table('Zones compared', ['side', 'zone', 'from', 'UTC offset now'], [
    ['this machine', machine.zone, machine.from, formatOffset(cmp.offsetANow)],
    ['3CX', tcx.zone, tcx.from, formatOffset(cmp.offsetBNow)],
  ])
  if (cmp.differences.length === 0) return [zones]
  const rows = cmp.differences.map((d) => [day(d.from), day(d.until), formatOffset(d.offsetA), formatOffset(d.offsetB)])
  return [zones, table(`Where the offsets differ (next ${cmp.horizonDays} days)`, ['from', 'until', 'machine', '3CX'], rows)]
}

/** The verdict on a machine zone against 3CX's zone at `now` (pure: deterministic under test). */
export function judgeZones(machine: {zone: string; from: string}, tcx: TcxZone, now: Date): CheckOutcome {
  const cmp = compareZones(machine.zone, tcx.zone, now)
  const evidence = {
    machineZone: machine.zone,
    machineZoneFrom: machine.from,
    machineOffset: formatOffset(cmp.offsetANow),
    tcxZone: tcx.zone,
    tcxZoneFrom: tcx.from,
    tcxOffset: formatOffset(cmp.offsetBNow),
    differences: cmp.differences.map((d) => ({from: d.from, until: d.until, machineOffset: formatOffset(d.offsetA), tcxOffset: formatOffset(d.offsetB)})),
    horizonDays: cmp.horizonDays,
  }
  const tables = zoneTables(machine, tcx, cmp)
  const both = `This machine is in ${machine.zone} (UTC${formatOffset(cmp.offsetANow)} now, from ${machine.from}); 3CX is set to ${tcx.zone} (UTC${formatOffset(cmp.offsetBNow)} now, from ${tcx.from}).`
  const consequence =
    "When the two differ, 3CX's internal time drifts from the machine's: the activity log shows past or future dates, call times are wrong, and digital receptionists (IVRs) never time out, so IVR calls last until the caller hangs up."
  if (!cmp.sameNow) {
    return fail(`Time zone mismatch: the machine is at UTC${formatOffset(cmp.offsetANow)} (${machine.zone}), 3CX at UTC${formatOffset(cmp.offsetBNow)} (${tcx.zone}).`, {
      details: [both, consequence],
      evidence,
      tables,
    })
  }
  const first = cmp.differences[0]
  if (first) {
    return warn(
      `${machine.zone} and ${tcx.zone} agree now (UTC${formatOffset(cmp.offsetANow)}) but not from ${day(first.from)}: then the machine is at UTC${formatOffset(first.offsetA)} and 3CX at UTC${formatOffset(first.offsetB)}.`,
      {
        details: [
          both,
          `The two zones follow different daylight-saving rules: within the next ${cmp.horizonDays} days their offsets differ ${cmp.differences.length === 1 ? 'once' : `${cmp.differences.length} times`}, first ${day(first.from)} to ${day(first.until)}.`,
          consequence,
        ],
        evidence,
        tables,
      },
    )
  }
  const sameName = machine.zone === tcx.zone
  return pass(
    sameName
      ? `This machine and 3CX are both in ${tcx.zone} (UTC${formatOffset(cmp.offsetANow)} now).`
      : `${machine.zone} and ${tcx.zone} have the same UTC offset now and for the next ${cmp.horizonDays} days (UTC${formatOffset(cmp.offsetANow)} now).`,
    {
      details: sameName ? [both] : [both, 'The names differ but the rules agree over the next year; setting both to the same name avoids surprises when the rules change.'],
      evidence,
      tables,
    },
  )
}

/**
 * time.timezone-mismatch: the machine's time zone against the one 3CX is set to.
 */
export default defineCheck({
  id: 'time.timezone-mismatch',
  title: "Machine time zone matches 3CX's",
  severity: 'critical',
  description:
    "Compares this machine's time zone (IANA name and UTC offset; on Windows the Windows zone mapped to IANA) with the zone 3CX is set to " +
    "(a `parameter` row whose name contains ZONE, or --tcx-timezone). The offsets are compared now and every 6 hours over the next 12 months, " +
    'so two zones that agree today but follow different daylight-saving rules are found. A mismatch (also one left behind by a backup restored ' +
    "from another zone) makes 3CX's internal time drift: the activity log shows past or future dates and IVRs never time out.",
  remediation:
    'Set the machine and 3CX to the same time zone (the machine: Windows Settings > Time & language, or `timedatectl set-timezone ZONE` on Debian; ' +
    '3CX: the management console, Settings > General > Time zone), then restart the 3CX services. If 3CX\'s zone is not in its database, ' +
    'tell tcx-doctor with --tcx-timezone ZONE.',
  docs: 'docs/checks/time.md#timetimezone-mismatch',
  sources: ['timezone', 'db'],
  versions: {
    15: {applies: 'yes', decides: 'machine zone against a parameter row whose name contains ZONE, or --tcx-timezone', sure: 'confirmed'},
    16: {applies: 'yes', decides: 'as v15.5', sure: 'reported'},
    18: {applies: 'yes', decides: 'as v15.5', sure: 'reported'},
    20: {applies: 'yes', decides: 'as v15.5', cannotTell: 'the zone of the office hours (OfficeHours TimeZoneId of the v20 API is not read)', sure: 'unknown'},
  },
  async run(ctx) {
    const machine: MachineZone = await ctx.use(timezoneSource)
    const now = ctx.now()
    const machineExtra = machine.disagreeing.length > 0
      ? [`Other places name another zone: ${machine.disagreeing.map((d) => `${d.from} says ${d.value}`).join('; ')} (a zone change not yet applied to every service?).`]
      : []
    const withMachineExtra = (outcome: CheckOutcome): CheckOutcome => ({...outcome, details: [...(outcome.details ?? []), ...machineExtra]})

    if (ctx.settings.tcxTimezone) {
      return withMachineExtra(judgeZones(machine, {zone: ctx.settings.tcxTimezone, from: '--tcx-timezone / tcxTimezone in the config'}, now))
    }
    const db = await ctx.tryUse(dbSource)
    if (!db.ok) {
      return skip(`3CX's time zone is not known: the database is not reachable (${db.reason}); ${HOW_TO_GIVE}.`, {
        evidence: {machineZone: machine.zone, machineOffset: formatOffset(machine.offsetMinutes)},
      })
    }
    if (!(await db.value.hasTable('parameter'))) {
      return skip(`3CX's time zone is not known: the database has no parameter table; ${HOW_TO_GIVE}.`, {evidence: {machineZone: machine.zone}})
    }
    const found = await db.value.parametersLike('%ZONE%')
    const candidates = found.flatMap((p) => {
      const zone = interpretZoneValue(p.value)
      return zone ? [{...p, ...zone}] : []
    })
    const foundEvidence = found.map((p) => ({name: p.name, value: p.value}))
    if (candidates.length === 0) {
      const what =
        found.length === 0
          ? 'the parameter table has no setting whose name contains ZONE'
          : `the parameter table has ${found.map((p) => `${p.name} = "${p.value}"`).join(', ')}, none of which is a zone name tcx-doctor can read (IANA or Windows zone id)`
      return skip(`3CX's time zone is not known: ${what}; ${HOW_TO_GIVE}.`, {evidence: {machineZone: machine.zone, zoneParameters: foundEvidence}})
    }
    // Several readable zone settings: judge each; the worst decides, and every one is shown.
    const outcomes = candidates.map((c) => {
      throwIfAborted(ctx.signal)
      return judgeZones(machine, {zone: c.zone, from: `parameter ${c.name} = "${c.value}"${c.from === 'windows' ? ' (Windows zone id)' : ''}`}, now)
    })
    const worst = [...outcomes].sort(byStatus)[0]!
    const others = outcomes.filter((o) => o !== worst).map((o) => `Also: ${o.summary}`)
    return withMachineExtra({
      ...worst,
      details: [...(worst.details ?? []), ...others],
      evidence: {...worst.evidence, zoneParameters: foundEvidence},
      tables: [...(worst.tables ?? []), table('Zone settings in the parameter table', ['name', 'value'], found.map((p) => [p.name, p.value]))],
    })
  },
})
