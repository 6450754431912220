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
  table,
  worstStatus,
  type Availability,
  type HostFacts,
  type SntpReading,
  type Status,
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

const readingRow = (r: SntpReading): [string, string, string, number] => [`${r.server} (${r.address}:${r.port})`, formatOffset(r.offsetMs), formatDuration(r.delayMs), r.stratum]

/**
 * time.clock-drift: this machine's clock against NTP (SNTP), and the database
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
    'When the database runs on another host, its clock (now()) is compared too.',
  remediation:
    'Turn on time synchronisation and let it correct the clock: on Windows `w32tm /config /syncfromflags:manual /manualpeerlist:pool.ntp.org /update` ' +
    'then `w32tm /resync`; on Debian `timedatectl set-ntp true` (systemd-timesyncd or chrony). For a database on another host, synchronise that ' +
    'host too. After a large correction, restart the 3CX services so they pick up the right time. Thresholds: config ' +
    '`checks: {"time.clock-drift": {"warnSeconds": 1, "failSeconds": 30}}`.',
  docs: 'docs/checks/time.md#timeclock-drift',
  sources: ['clock', 'db', 'host'],
  versions: {
    15: {applies: 'yes', decides: 'SNTP offset of this machine\'s clock, and the database host\'s now() when remote; reads no 3CX part'},
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
    const clock = await ctx.use(clockSource)
    const {best} = clock
    const others = clock.readings.filter((r) => r.server !== best.server)
    const statuses: Status[] = [driftStatus(best.offsetMs, warnSeconds, failSeconds)]
    const details = [
      `SNTP ${best.server} (${best.address}:${best.port}, stratum ${best.stratum}, reference ${best.referenceId}): offset ${formatOffset(best.offsetMs)}, round trip ${formatDuration(best.delayMs)}.`,
      ...others.map((r) => `Also ${r.server}: offset ${formatOffset(r.offsetMs)}, round trip ${formatDuration(r.delayMs)}.`),
      ...clock.failures.map((f) => `No usable answer: ${f.error}.`),
    ]
    const evidence: Record<string, unknown> = {
      offsetMs: Math.round(best.offsetMs * 10) / 10,
      delayMs: Math.round(best.delayMs * 10) / 10,
      server: best.server,
      readings: clock.readings,
      failures: clock.failures,
      warnSeconds,
      failSeconds,
    }
    const readings = table(
      'SNTP readings (the smallest round trip is believed)',
      ['server', 'offset', 'round trip', 'stratum'],
      [...[best, ...others].map(readingRow), ...clock.failures.map((f) => [f.server, `no answer: ${f.error}`, null, null])],
    )
    const clocks = [['this machine', formatOffset(-best.offsetMs)]]
    const thresholds = {warn: warnSeconds, fail: failSeconds, bad: 'outside'} as const
    const measurements = [
      measure('clock_offset_seconds', -best.offsetMs / 1000, 'seconds', {help: 'How far a clock is ahead (+) or behind (-) the real time (SNTP).', ...thresholds, labels: {clock: 'machine'}}),
    ]

    // The database server's clock, when it is another machine.
    let dbSentence = ''
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
        const realAtQuery = localBefore + roundTripMs / 2 + best.offsetMs
        const dbOffsetMs = realAtQuery - serverNow.getTime()
        const dbStatus = driftStatus(dbOffsetMs, Math.max(warnSeconds, roundTripMs / 1000), failSeconds)
        statuses.push(dbStatus)
        evidence.dbOffsetMs = Math.round(dbOffsetMs)
        evidence.dbQueryMs = Math.round(roundTripMs)
        clocks.push([`database server ${dbHost}`, formatOffset(-dbOffsetMs)])
        measurements.push(measure('clock_offset_seconds', -dbOffsetMs / 1000, 'seconds', {help: 'How far a clock is ahead (+) or behind (-) the real time (SNTP).', ...thresholds, labels: {clock: 'database'}}))
        details.push(
          `The database server ${dbHost} reports now() = ${serverNow.toISOString()}: its clock is ${aheadOrBehind(dbOffsetMs, 'the real time')} (query round trip ${formatDuration(roundTripMs)}).`,
        )
        if (dbStatus !== 'pass') dbSentence = ` The database server ${dbHost} is ${aheadOrBehind(dbOffsetMs, 'the real time')}.`
      }
    }

    const status = worstStatus(statuses)
    if (status !== 'pass') {
      details.push(
        `Limits: warn above ${warnSeconds} s, fail above ${failSeconds} s. A clock this far off gives wrong call-log times; a jump makes 3CX's internal time drift (IVRs that never time out).`,
      )
    }
    const tables = [readings, table('Clocks against the real time (+: ahead)', ['clock', 'off by'], clocks)]
    return outcome(status, `This machine's clock is ${aheadOrBehind(best.offsetMs, best.server)}.${dbSentence}`, {details, evidence, tables, measurements})
  },
})
