import {hostname, networkInterfaces} from 'node:os'
import {defineCheck, fail, pass, warn, worstStatus, type CheckOutcome, type Status} from '../../src/index.js'
import {errorMessage, isSourceUnavailable} from '../../src/engine/errors.js'
import {clockSource, formatMs} from '../../src/sources/clock.js'
import {dbSource} from '../../src/sources/database.js'

export const DEFAULT_WARN_SECONDS = 1
export const DEFAULT_FAIL_SECONDS = 30

/** pass / warn / fail for an offset in ms against the thresholds in seconds. */
export function driftStatus(offsetMs: number, warnSeconds: number, failSeconds: number): Status {
  const abs = Math.abs(offsetMs)
  if (abs > failSeconds * 1000) return 'fail'
  if (abs > warnSeconds * 1000) return 'warn'
  return 'pass'
}

/** True when the database host is this machine (loopback, its name, or one of its addresses). */
export function isThisHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '')
  if (h === '' || h === 'localhost' || h.startsWith('127.') || h === '::1' || h.startsWith('/')) return true
  if (h === hostname().toLowerCase() || h.split('.')[0] === hostname().toLowerCase().split('.')[0]) return true
  return Object.values(networkInterfaces()).some((list) => (list ?? []).some((i) => i.address.toLowerCase() === h))
}

const aheadOrBehind = (offsetMs: number, of: string): string =>
  offsetMs > 0 ? `${formatMs(Math.abs(offsetMs)).slice(1)} behind ${of}` : `${formatMs(Math.abs(offsetMs)).slice(1)} ahead of ${of}`

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
  sources: ['clock', 'db'],
  timeoutMs: 20_000,
  async run(ctx) {
    const warnSeconds = ctx.numberOption('warnSeconds', DEFAULT_WARN_SECONDS)
    const failSeconds = ctx.numberOption('failSeconds', DEFAULT_FAIL_SECONDS)
    const clock = await ctx.use(clockSource)
    const {best} = clock
    const statuses: Status[] = [driftStatus(best.offsetMs, warnSeconds, failSeconds)]
    const details = [
      `SNTP ${best.server} (${best.address}:${best.port}, stratum ${best.stratum}, reference ${best.referenceId}): offset ${formatMs(best.offsetMs)}, round trip ${formatMs(best.delayMs).slice(1)}.`,
      ...clock.readings.filter((r) => r !== best).map((r) => `Also ${r.server}: offset ${formatMs(r.offsetMs)}, round trip ${formatMs(r.delayMs).slice(1)}.`),
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

    // The database server's clock, when it is another machine.
    let dbSentence = ''
    try {
      const db = await ctx.use(dbSource)
      evidence.dbHost = db.host
      if (isThisHost(db.host)) {
        details.push(`The database runs on this host (${db.host}): it shares this clock.`)
      } else {
        const before = Date.now()
        const serverNow = await db.serverNow()
        const after = Date.now()
        // The server read its clock somewhere in the round trip: take the midpoint, corrected to real time.
        const realAtQuery = (before + after) / 2 + best.offsetMs
        const dbOffsetMs = realAtQuery - serverNow.getTime()
        const dbStatus = driftStatus(dbOffsetMs, Math.max(warnSeconds, (after - before) / 1000), failSeconds)
        statuses.push(dbStatus)
        evidence.dbOffsetMs = Math.round(dbOffsetMs)
        evidence.dbQueryMs = after - before
        details.push(`The database server ${db.host} reports now() = ${serverNow.toISOString()}: its clock is ${aheadOrBehind(dbOffsetMs, 'the real time')} (query round trip ${after - before} ms).`)
        if (dbStatus !== 'pass') dbSentence = ` The database server ${db.host} is ${aheadOrBehind(dbOffsetMs, 'the real time')}.`
      }
    } catch (error) {
      if (!isSourceUnavailable(error)) throw error
      details.push(`The database clock was not compared: ${errorMessage(error)}`)
    }

    const status = worstStatus(statuses)
    const localSentence = `This machine's clock is ${aheadOrBehind(best.offsetMs, best.server)}.`
    const outcome: (summary: string, extra: Pick<CheckOutcome, 'details' | 'evidence'>) => CheckOutcome =
      status === 'fail' ? fail : status === 'warn' ? warn : pass
    if (status !== 'pass') {
      details.push(
        `Limits: warn above ${warnSeconds} s, fail above ${failSeconds} s. A clock this far off gives wrong call-log times; a jump makes 3CX's internal time drift (IVRs that never time out).`,
      )
    }
    return outcome(`${localSentence}${dbSentence}`, {details, evidence})
  },
})
