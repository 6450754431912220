import {
  clockSource,
  dbSource,
  defineCheck,
  formatDuration,
  formatOffset,
  hostSource,
  isThisMachine,
  measure,
  outcome,
  skip,
  table,
  timeServiceSource,
  describeTimeServiceReading,
  worstStatus,
  type Availability,
  type HostFacts,
  type SntpReading,
  type Status,
  type TimeServiceReading,
} from '../../src/index.js'

export const DEFAULT_WARN_SECONDS = 1
export const DEFAULT_FAIL_SECONDS = 30

/** pass / warn / fail for an offset in ms against the thresholds in seconds. */
export function driftStatus(offsetMs: number, warnSeconds: number, failSeconds: number): Status {
  const abs = Math.abs(offsetMs)
  if (abs > failSeconds * 1000) return 'fail'
  if (abs > warnSeconds * 1000) return 'warn'
  return 'pass'
}

/** The database host is this machine: loopback, a socket path, or this machine's name or one of its addresses (from the host facts). */
export function dbOnThisMachine(dbHost: string, host: Availability<HostFacts>): boolean {
  if (!host.ok) return isThisMachine(dbHost, {hostname: '', addresses: []})
  const addresses = host.value.interfaces.flatMap((i) => i.addresses.map((a) => a.address))
  return isThisMachine(dbHost, {hostname: host.value.hostname, addresses})
}

/** "4.998 s" for ±4998 ms: the size of an offset, without its sign. */
const size = (ms: number): string => formatOffset(Math.abs(ms)).slice(1)

const aheadOrBehind = (offsetMs: number, of: string): string => (offsetMs > 0 ? `${size(offsetMs)} behind ${of}` : `${size(offsetMs)} ahead of ${of}`)

/** The verdict on one time-service reading: not synchronised is a warn; a reported offset is judged like SNTP's. */
export function serviceStatus(r: TimeServiceReading, warnSeconds: number, failSeconds: number): Status {
  const statuses: Status[] = ['pass']
  if (r.synchronised === false) statuses.push('warn')
  if (r.offsetMs !== null) statuses.push(driftStatus(r.offsetMs, warnSeconds, failSeconds))
  return worstStatus(statuses)
}

/** "chrony says: not synchronised" / "chrony: 5.000 s behind 10.0.0.1": one reading in a sentence. */
export function serviceSentence(r: TimeServiceReading): string {
  if (r.synchronised === false) return `the time service (${r.from}) says it is not synchronised${r.source ? ` (source ${r.source})` : ''}`
  const source = r.source ?? 'its source'
  if (r.offsetMs === null) return `the time service (${r.from}) says it is ${r.synchronised ? 'synchronised' : 'running'} with ${source} (no offset reported)`
  if (!r.offsetSignKnown) return `the time service (${r.from}) reports a phase offset of ${size(r.offsetMs)} from ${source}`
  return `the time service (${r.from}) has this machine ${aheadOrBehind(-r.offsetMs, source)}`
}

const serviceRow = (r: TimeServiceReading): Array<string | number | null> => [
  r.from,
  r.synchronised === null ? 'not reported' : r.synchronised ? 'yes' : 'no',
  r.source,
  r.stratum,
  r.offsetMs === null ? 'not reported' : formatOffset(r.offsetMs) + (r.offsetSignKnown ? '' : ' (sign as reported)'),
  r.lastUpdate ? r.lastUpdate.toISOString() : r.lastUpdateText ?? 'not reported',
]

const readingRow = (r: SntpReading): [string, string, string, number] => [`${r.server} (${r.address}:${r.port})`, formatOffset(r.offsetMs), formatDuration(r.delayMs), r.stratum]

/**
 * time.clock-drift: this machine's clock against NTP (SNTP) and its own time service, and the database
 * server's clock when the database runs on another host.
 */
export default defineCheck({
  id: 'time.clock-drift',
  title: 'System clock agrees with an NTP server',
  severity: 'major',
  description:
    "Asks one or more NTP servers (SNTP, --ntp-server; default pool.ntp.org) how far this machine's clock is off. 3CX stamps calls, " +
    'call-log rows, registrations and recordings with this clock; a clock that is off by more than a second makes call records and SIP ' +
    'timers disagree with the phones and carriers, and a jump of minutes or hours (a clock corrected late, a VM restored from a snapshot) ' +
    'leaves 3CX with a wrong idea of the time: IVRs stop timing out and the activity log shows past or future dates. ' +
    "It also asks this machine's own time service (chrony, systemd-timesyncd through timedatectl, or the Windows Time service through w32tm), " +
    'so a PBX whose outbound NTP is blocked still gets a verdict, and a service that is not synchronised is found before the clock drifts. ' +
    'When the database runs on another host, its clock (now()) is compared too.',
  remediation:
    'Turn on time synchronisation and let it correct the clock: on Windows `w32tm /config /syncfromflags:manual /manualpeerlist:pool.ntp.org /update` ' +
    'then `w32tm /resync`; on Debian `timedatectl set-ntp true` (systemd-timesyncd or chrony). For a database on another host, synchronise that ' +
    'host too. After a large correction, restart the 3CX services so they pick up the right time. Thresholds: config ' +
    '`checks: {"time.clock-drift": {"warnSeconds": 1, "failSeconds": 30}}`.',
  docs: 'docs/checks/time.md#timeclock-drift',
  sources: ['clock', 'timeservice', 'db', 'host'],
  versions: {
    15: {applies: 'yes', decides: "SNTP offset, the OS time service (w32tm, chrony, timedatectl), a remote database's now(); no 3CX part"},
    16: {applies: 'yes', decides: 'as v15.5'},
    18: {applies: 'yes', decides: 'as v15.5'},
    20: {applies: 'yes', decides: 'as v15.5'},
  },
  timeoutMs: 20_000,
  options: {
    schema: {
      warnSeconds: {type: 'number', minimum: 0, description: 'Warn when a clock is off by more than this many seconds.'},
      failSeconds: {type: 'number', minimum: 0, description: 'Fail when a clock is off by more than this many seconds.'},
    },
    defaults: {warnSeconds: DEFAULT_WARN_SECONDS, failSeconds: DEFAULT_FAIL_SECONDS},
  },
  async run(ctx) {
    const {warnSeconds, failSeconds} = ctx.options
    const clock = await ctx.tryUse(clockSource)
    const service = await ctx.tryUse(timeServiceSource)
    if (!clock.ok && !service.ok) {
      return skip(`${clock.reason}; the machine's time service did not answer either (${service.reason})`)
    }
    const statuses: Status[] = []
    const details: string[] = []
    const evidence: Record<string, unknown> = {warnSeconds, failSeconds}
    const tables = []
    const clocks: Array<[string, string]> = []
    const thresholds = {warn: warnSeconds, fail: failSeconds, bad: 'outside'} as const
    const help = 'How far a clock is ahead (+) or behind (-) the real time (SNTP) or its time service\'s source.'
    const measurements = []
    const sentences: string[] = []
    // What to add to this machine's clock to get the real time: SNTP's offset, else the time service's.
    let correctionMs = 0

    if (clock.ok) {
      const {best} = clock.value
      const others = clock.value.readings.filter((r) => r.server !== best.server)
      correctionMs = best.offsetMs
      statuses.push(driftStatus(best.offsetMs, warnSeconds, failSeconds))
      details.push(
        `SNTP ${best.server} (${best.address}:${best.port}, stratum ${best.stratum}, reference ${best.referenceId}): offset ${formatOffset(best.offsetMs)}, round trip ${formatDuration(best.delayMs)}.`,
        ...others.map((r) => `Also ${r.server}: offset ${formatOffset(r.offsetMs)}, round trip ${formatDuration(r.delayMs)}.`),
        ...clock.value.failures.map((f) => `No usable answer: ${f.error}.`),
      )
      Object.assign(evidence, {offsetMs: Math.round(best.offsetMs * 10) / 10, delayMs: Math.round(best.delayMs * 10) / 10, server: best.server, readings: clock.value.readings, failures: clock.value.failures})
      tables.push(
        table(
          'SNTP readings (the smallest round trip is believed)',
          ['server', 'offset', 'round trip', 'stratum'],
          [...[best, ...others].map(readingRow), ...clock.value.failures.map((f) => [f.server, `no answer: ${f.error}`, null, null])],
        ),
      )
      clocks.push(['this machine', formatOffset(-best.offsetMs)])
      measurements.push(measure('clock_offset_seconds', -best.offsetMs / 1000, 'seconds', {help, ...thresholds, labels: {clock: 'machine', from: 'sntp'}}))
      sentences.push(`This machine's clock is ${aheadOrBehind(best.offsetMs, best.server)}.`)
    } else {
      details.push(`SNTP was not reachable: ${clock.reason}`)
      evidence.sntpUnavailable = clock.reason
    }

    if (service.ok) {
      const {readings} = service.value
      evidence.timeService = readings
      if (service.value.problems.length > 0) evidence.timeServiceProblems = service.value.problems
      const judged = readings.map((r) => ({r, status: serviceStatus(r, warnSeconds, failSeconds)}))
      statuses.push(...judged.map((j) => j.status))
      details.push(...readings.map((r) => `Time service: ${describeTimeServiceReading(r)}.`), ...service.value.problems.map((p) => `Time service not read: ${p}.`))
      tables.push(table("This machine's time service", ['service', 'synchronised', 'source', 'stratum', 'offset (+: ahead)', 'last update'], readings.map(serviceRow)))
      for (const r of readings) {
        if (r.offsetMs === null) continue
        clocks.push([`this machine (${r.from})`, formatOffset(r.offsetMs)])
        measurements.push(measure('clock_offset_seconds', r.offsetMs / 1000, 'seconds', {help, ...thresholds, labels: {clock: 'machine', from: r.from}}))
      }
      const signed = readings.find((r) => r.offsetMs !== null && r.offsetSignKnown && r.synchronised !== false)
      if (!clock.ok && signed?.offsetMs != null) correctionMs = -signed.offsetMs
      // The summary names the service readings that are a problem, else the first one.
      const told = judged.filter((j) => j.status !== 'pass').map((j) => j.r)
      const shown = told.length > 0 ? told : clock.ok ? [] : readings.slice(0, 1)
      const said = shown.map(serviceSentence).join('; ')
      if (said) sentences.push(clock.ok ? `Also ${said}.` : `${said[0]!.toUpperCase()}${said.slice(1)}; SNTP was not reachable.`)
    } else {
      details.push(`The machine's time service was not read: ${service.reason}`)
    }

    // The database server's clock, when it is another machine.
    const db = await ctx.tryUse(dbSource)
    if (!db.ok) {
      details.push(`The database clock was not compared: ${db.reason}`)
    } else {
      const dbHost = db.value.host
      evidence.dbHost = dbHost
      const host = await ctx.tryUse(hostSource)
      if (!host.ok) details.push(`This machine's names and addresses are not known (${host.reason}): only a loopback database host counts as this machine.`)
      if (dbOnThisMachine(dbHost, host)) {
        details.push(`The database runs on this host (${dbHost}): it shares this clock.`)
      } else {
        const localBefore = ctx.now().getTime()
        const started = performance.now()
        const serverNow = await db.value.serverNow()
        const roundTripMs = performance.now() - started
        // The server read its clock somewhere in the round trip: take the midpoint, corrected to real time.
        const realAtQuery = localBefore + roundTripMs / 2 + correctionMs
        if (!clock.ok) details.push(`Without SNTP, the database clock is compared with this machine's clock${correctionMs !== 0 ? ` corrected by ${formatOffset(correctionMs)} from its time service` : ', uncorrected'}.`)
        const dbOffsetMs = realAtQuery - serverNow.getTime()
        const dbStatus = driftStatus(dbOffsetMs, Math.max(warnSeconds, roundTripMs / 1000), failSeconds)
        statuses.push(dbStatus)
        evidence.dbOffsetMs = Math.round(dbOffsetMs)
        evidence.dbQueryMs = Math.round(roundTripMs)
        clocks.push([`database server ${dbHost}`, formatOffset(-dbOffsetMs)])
        measurements.push(measure('clock_offset_seconds', -dbOffsetMs / 1000, 'seconds', {help, ...thresholds, labels: {clock: 'database'}}))
        details.push(
          `The database server ${dbHost} reports now() = ${serverNow.toISOString()}: its clock is ${aheadOrBehind(dbOffsetMs, 'the real time')} (query round trip ${formatDuration(roundTripMs)}).`,
        )
        if (dbStatus !== 'pass') sentences.push(`The database server ${dbHost} is ${aheadOrBehind(dbOffsetMs, 'the real time')}.`)
      }
    }

    const status = worstStatus(statuses)
    if (status !== 'pass') {
      details.push(
        `Limits: warn above ${warnSeconds} s, fail above ${failSeconds} s. A clock this far off gives wrong call-log times; a jump makes 3CX's internal time drift (IVRs that never time out).`,
      )
    }
    if (service.ok && service.value.readings.some((r) => r.synchronised === false)) {
      details.push('A time service that is not synchronised lets the clock drift from now on: check that it is enabled and can reach its servers.')
    }
    // The clocks table comes right after the SNTP readings (or first, without them).
    tables.splice(clock.ok ? 1 : 0, 0, table('Clocks against the real time (+: ahead)', ['clock', 'off by'], clocks))
    return outcome(status, sentences.join(' '), {details, evidence, tables, measurements})
  },
})
