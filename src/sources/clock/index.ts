/**
 * The clock source: how far this machine's clock is from one or more NTP
 * servers, measured with SNTP (RFC 4330, see sntp-packet.ts and sntp-client.ts).
 * At most MAX_NTP_SERVERS servers are asked, in parallel; the reading with the
 * smallest round trip is the one believed. Nothing here changes the system clock.
 */
import type {SourceContext, SourceDefinition} from '../../engine/context.js'
import {SourceUnavailableError, errorMessage} from '../../engine/errors.js'
import {formatDuration, formatOffset} from '../../lib/format.js'
import {SNTP_TIMEOUT_MS, SNTP_TRIES, parseNtpServer, querySntp, type SntpQueryOptions, type SntpReading} from './sntp-client.js'

export * from './sntp-packet.js'
export * from './sntp-client.js'

/** At most this many servers are asked (in parallel). */
export const MAX_NTP_SERVERS = 4

export interface ClockFacts {
  /** The servers asked, as given. */
  servers: string[]
  readings: SntpReading[]
  /** Servers that gave no usable answer, with why. */
  failures: Array<{server: string; error: string}>
  /** The reading with the smallest round-trip delay (the most trustworthy). */
  best: SntpReading
  timeoutMs: number
  tries: number
}

/** Asks every server (at most MAX_NTP_SERVERS, in parallel); throws when none answers. */
export async function measureClock(specs: string[], options: SntpQueryOptions = {}): Promise<ClockFacts> {
  const timeoutMs = options.timeoutMs ?? SNTP_TIMEOUT_MS
  const tries = options.tries ?? SNTP_TRIES
  const servers = specs.slice(0, MAX_NTP_SERVERS)
  const outcomes = await Promise.all(
    servers.map(async (spec) => {
      try {
        return {spec, reading: await querySntp(parseNtpServer(spec), {...options, timeoutMs, tries})}
      } catch (error) {
        return {spec, error: errorMessage(error)}
      }
    }),
  )
  const readings = outcomes.flatMap((o) => (o.reading ? [o.reading] : []))
  const failures = outcomes.flatMap((o) => (o.error !== undefined ? [{server: o.spec, error: o.error}] : []))
  const best = [...readings].sort((a, b) => a.delayMs - b.delayMs)[0]
  if (!best) {
    throw new SourceUnavailableError(
      'clock',
      `${failures.map((f) => f.error).join('; ')}; is outgoing UDP to the server blocked? Name a reachable server with --ntp-server host[:port], or --ntp-server none`,
      servers,
    )
  }
  return {servers, readings, failures, best, timeoutMs, tries}
}

/**
 * The clock source: checks call `await ctx.use(clockSource)`. Unavailable when --ntp-server none.
 * It has no `info` section: `tcx-doctor info` never sends an NTP query.
 */
export const clockSource: SourceDefinition<ClockFacts> = {
  name: 'clock',
  async open(ctx: SourceContext): Promise<ClockFacts> {
    const specs = ctx.settings.ntpServers
    if (specs.length === 0) {
      throw new SourceUnavailableError('clock', 'no NTP server to ask (--ntp-server none); give one with --ntp-server host[:port]')
    }
    for (const spec of specs) {
      try {
        parseNtpServer(spec)
      } catch (error) {
        throw new SourceUnavailableError('clock', errorMessage(error))
      }
    }
    const facts = await measureClock(specs)
    if (specs.length > MAX_NTP_SERVERS) ctx.note('clock', `only the first ${MAX_NTP_SERVERS} of ${specs.length} NTP servers were asked`)
    return facts
  },
  describe: (facts) =>
    `SNTP ${facts.best.server} (${facts.best.address}:${facts.best.port}, stratum ${facts.best.stratum}): offset ${formatOffset(facts.best.offsetMs)}, round trip ${formatDuration(facts.best.delayMs)}` +
    (facts.failures.length > 0 ? `; no answer from ${facts.failures.map((f) => f.server).join(', ')}` : ''),
}

export interface ClockCorrection {
  /** Add to the local clock to get the real time (the NTP offset), 0 when unknown. */
  offsetMs: number
  /** Where the correction came from, for the report. */
  from: string
}

/** The NTP correction of the local clock when the clock source answers; otherwise 0, saying why. */
export async function clockCorrection(ctx: Pick<SourceContext, 'tryUse'>): Promise<ClockCorrection> {
  const clock = await ctx.tryUse(clockSource)
  if (!clock.ok) return {offsetMs: 0, from: `local clock, not corrected (${clock.reason})`}
  const {best} = clock.value
  return {offsetMs: best.offsetMs, from: `local clock corrected by ${formatOffset(best.offsetMs)} from SNTP ${best.server}`}
}
