/**
 * The clock source: how far this machine's clock is from one or more NTP
 * servers, measured with SNTP (RFC 4330) over node:dgram.
 *
 * The client is small and careful: a 48-byte mode-3 request carrying our
 * transmit time T1; the reply must be mode 4, echo T1 as its originate time,
 * carry a non-zero transmit time and not be a kiss-o'-death (stratum 0). With
 * T2 (server receive), T3 (server transmit) and T4 (our receive time):
 *   offset = ((T2 - T1) + (T3 - T4)) / 2     (positive: the server is ahead of us)
 *   delay  = (T4 - T1) - (T3 - T2)
 * Every query is bounded: a short timeout per try, a fixed number of tries,
 * a bounded number of servers. Nothing here changes the system clock.
 */
import {createSocket, type Socket} from 'node:dgram'
import {lookup} from 'node:dns/promises'
import {isIP} from 'node:net'
import type {SourceContext, SourceDefinition} from '../engine/context.js'
import {SourceUnavailableError, errorMessage} from '../engine/errors.js'

/** Seconds from the NTP epoch (1900-01-01) to the Unix epoch (1970-01-01). */
export const NTP_UNIX_OFFSET_SECONDS = 2_208_988_800
export const NTP_PACKET_SIZE = 48
export const NTP_DEFAULT_PORT = 123
/** Per try; two tries per server. */
export const SNTP_TIMEOUT_MS = 1500
export const SNTP_TRIES = 2
/** At most this many servers are asked (in parallel). */
export const MAX_NTP_SERVERS = 4

const TWO_POW_32 = 4_294_967_296

/** Writes a Unix time in milliseconds as a 64-bit NTP timestamp at `offset`. */
export function writeNtpTimestamp(buffer: Buffer, offset: number, unixMs: number): void {
  const totalSeconds = Math.floor(unixMs / 1000) + NTP_UNIX_OFFSET_SECONDS
  const fractionMs = unixMs - Math.floor(unixMs / 1000) * 1000
  // Era 1 (after 2036-02-07) wraps to small values, as RFC 4330 section 3 prescribes.
  const seconds = totalSeconds % TWO_POW_32
  const fraction = Math.min(TWO_POW_32 - 1, Math.round((fractionMs / 1000) * TWO_POW_32))
  buffer.writeUInt32BE(seconds, offset)
  buffer.writeUInt32BE(fraction, offset + 4)
}

/** Reads a 64-bit NTP timestamp at `offset` as Unix milliseconds (0 when the field is all zero). */
export function readNtpTimestamp(buffer: Buffer, offset: number): number {
  const seconds = buffer.readUInt32BE(offset)
  const fraction = buffer.readUInt32BE(offset + 4)
  if (seconds === 0 && fraction === 0) return 0
  // RFC 4330: when the most significant bit is 0, the time is in era 1 (2036-2104).
  const eraSeconds = (seconds & 0x8000_0000) === 0 ? seconds + TWO_POW_32 : seconds
  return (eraSeconds - NTP_UNIX_OFFSET_SECONDS) * 1000 + (fraction / TWO_POW_32) * 1000
}

/** A client request: LI 0, version 4, mode 3 (client), transmit timestamp = T1. */
export function buildSntpRequest(transmitUnixMs: number): Buffer {
  const packet = Buffer.alloc(NTP_PACKET_SIZE)
  packet[0] = (0 << 6) | (4 << 3) | 3
  writeNtpTimestamp(packet, 40, transmitUnixMs)
  return packet
}

export interface SntpPacket {
  leap: number
  version: number
  mode: number
  stratum: number
  poll: number
  precision: number
  /** Seconds. */
  rootDelay: number
  /** Seconds. */
  rootDispersion: number
  /** Four ASCII characters for stratum 0/1 (e.g. GPS, RATE), else an IPv4 address or hash. */
  referenceId: string
  referenceTime: number
  originateTime: number
  receiveTime: number
  transmitTime: number
}

/** Decodes a 48-byte (or longer, with extensions) NTP packet; throws with one line on a short packet. */
export function parseSntpPacket(buffer: Buffer): SntpPacket {
  if (buffer.length < NTP_PACKET_SIZE) throw new Error(`short NTP packet: ${buffer.length} bytes, expected at least ${NTP_PACKET_SIZE}`)
  const first = buffer[0]!
  const stratum = buffer[1]!
  const refBytes = buffer.subarray(12, 16)
  const referenceId =
    stratum <= 1 ? refBytes.toString('latin1').replace(/\0+$/, '').replace(/[^\x20-\x7e]/g, '?') : stratum < 16 ? [...refBytes].join('.') : refBytes.toString('hex')
  return {
    leap: first >> 6,
    version: (first >> 3) & 0x07,
    mode: first & 0x07,
    stratum,
    poll: buffer.readInt8(2),
    precision: buffer.readInt8(3),
    rootDelay: buffer.readInt32BE(4) / 65_536,
    rootDispersion: buffer.readUInt32BE(8) / 65_536,
    referenceId,
    referenceTime: readNtpTimestamp(buffer, 16),
    originateTime: readNtpTimestamp(buffer, 24),
    receiveTime: readNtpTimestamp(buffer, 32),
    transmitTime: readNtpTimestamp(buffer, 40),
  }
}

/** Offset (server minus local) and round-trip delay from the four timestamps, all in ms. */
export function offsetAndDelay(t1: number, t2: number, t3: number, t4: number): {offsetMs: number; delayMs: number} {
  return {offsetMs: (t2 - t1 + (t3 - t4)) / 2, delayMs: t4 - t1 - (t3 - t2)}
}

/**
 * Checks a reply against the request it answers. Returns the problem as one
 * phrase, or undefined when the reply is usable.
 */
export function replyProblem(reply: Buffer, request: Buffer): string | undefined {
  if (reply.length < NTP_PACKET_SIZE) return `short reply (${reply.length} bytes)`
  const packet = parseSntpPacket(reply)
  if (packet.mode !== 4) return `not a server reply (mode ${packet.mode})`
  if (packet.version < 1 || packet.version > 4) return `unknown NTP version ${packet.version}`
  // The originate field must echo our transmit timestamp byte for byte: anything else is a stale or forged reply.
  if (!reply.subarray(24, 32).equals(request.subarray(40, 48))) return 'reply does not answer our request (originate timestamp differs)'
  if (packet.stratum === 0) return `kiss-o'-death "${packet.referenceId}" (the server refuses to answer: ${kissMeaning(packet.referenceId)})`
  if (packet.stratum > 15) return `server is unsynchronised (stratum ${packet.stratum})`
  if (packet.leap === 3) return 'server is unsynchronised (leap indicator 3)'
  if (packet.transmitTime === 0) return 'reply has no transmit timestamp'
  return undefined
}

function kissMeaning(code: string): string {
  const meanings: Record<string, string> = {
    DENY: 'access denied',
    RSTR: 'access restricted',
    RATE: 'asked too often',
  }
  return meanings[code] ?? 'see RFC 5905 section 7.4'
}

export interface NtpServer {
  host: string
  port: number
  /** As the user wrote it. */
  spec: string
}

/** Parses `host`, `host:port`, `[v6]:port` or a bare IPv6 address. Throws with one line on a bad port. */
export function parseNtpServer(spec: string): NtpServer {
  const text = spec.trim()
  let host = text
  let port = NTP_DEFAULT_PORT
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text)
  if (bracketed) {
    host = bracketed[1]!
    if (bracketed[2] !== undefined) port = Number(bracketed[2])
  } else if (isIP(text) !== 6) {
    const colon = text.lastIndexOf(':')
    if (colon >= 0) {
      host = text.slice(0, colon)
      const portText = text.slice(colon + 1)
      if (!/^\d+$/.test(portText)) throw new Error(`--ntp-server ${spec}: the port "${portText}" is not a number`)
      port = Number(portText)
    }
  }
  if (host === '') throw new Error(`--ntp-server ${spec}: no host`)
  if (!(port >= 1 && port <= 65_535)) throw new Error(`--ntp-server ${spec}: the port must be 1 to 65535`)
  return {host, port, spec: text}
}

export interface SntpReading {
  server: string
  address: string
  port: number
  /** Server minus local clock, ms: positive when this machine is behind. */
  offsetMs: number
  delayMs: number
  stratum: number
  referenceId: string
  /** When the reading was taken (local clock, ISO). */
  at: string
}

export interface SntpQueryOptions {
  timeoutMs?: number
  tries?: number
  signal?: AbortSignal
  /** The local wall clock (for tests); default Date.now. */
  now?: () => number
}

/** One SNTP exchange with a server: bounded by tries x timeoutMs (plus name lookup, bounded by the same budget). */
export async function querySntp(server: NtpServer, options: SntpQueryOptions = {}): Promise<SntpReading> {
  const timeoutMs = options.timeoutMs ?? SNTP_TIMEOUT_MS
  const tries = options.tries ?? SNTP_TRIES
  const now = options.now ?? preciseWallClock()
  const budget = timeoutMs * tries
  const address = await withTimeout(resolveHost(server.host), budget, `no address for ${server.host} within ${budget} ms`)
  const socket = createSocket(isIP(address) === 6 ? 'udp6' : 'udp4')
  try {
    // Bind before taking T1: the implicit bind of a first send() would sit between T1 and the packet leaving.
    await new Promise<void>((resolveBind, rejectBind) => {
      socket.once('error', rejectBind)
      socket.bind(0, () => {
        socket.off('error', rejectBind)
        resolveBind()
      })
    })
    return await new Promise<SntpReading>((resolvePromise, reject) => {
      let attempt = 0
      let timer: NodeJS.Timeout | undefined
      let lastProblem: string | undefined
      // Outstanding requests, each with its T1 and the monotonic time it left.
      const pending: Array<{request: Buffer; t1: number; sentAt: number}> = []
      const finish = (error: Error | undefined, reading?: SntpReading): void => {
        clearTimeout(timer)
        options.signal?.removeEventListener('abort', onAbort)
        if (error) reject(error)
        else resolvePromise(reading!)
      }
      const onAbort = (): void => finish(new Error(`SNTP query to ${server.spec} was cancelled`))
      if (options.signal?.aborted) return onAbort()
      options.signal?.addEventListener('abort', onAbort, {once: true})
      socket.on('error', (error) => finish(new Error(`SNTP to ${server.spec} (${address}:${server.port}): ${errorMessage(error)}`)))
      socket.on('message', (reply) => {
        const receivedAt = performance.now()
        for (const sent of pending) {
          const problem = replyProblem(reply, sent.request)
          if (problem === undefined) {
            const packet = parseSntpPacket(reply)
            // T4 from the same wall-clock base as T1 plus the monotonic time elapsed: exact delay, no clock-step artefacts.
            const t4 = sent.t1 + (receivedAt - sent.sentAt)
            const {offsetMs, delayMs} = offsetAndDelay(sent.t1, packet.receiveTime, packet.transmitTime, t4)
            finish(undefined, {
              server: server.spec,
              address,
              port: server.port,
              offsetMs,
              delayMs: Math.max(0, delayMs),
              stratum: packet.stratum,
              referenceId: packet.referenceId,
              at: new Date(sent.t1).toISOString(),
            })
            return
          }
          lastProblem = problem
        }
      })
      const send = (): void => {
        attempt += 1
        const t1 = now()
        const request = buildSntpRequest(t1)
        pending.push({request, t1, sentAt: performance.now()})
        socket.send(request, server.port, address, (error) => {
          if (error) finish(new Error(`SNTP to ${server.spec} (${address}:${server.port}): ${errorMessage(error)}`))
        })
        timer = setTimeout(() => {
          if (attempt < tries) send()
          else {
            const why = lastProblem ? `; the only replies were unusable: ${lastProblem}` : ''
            finish(new Error(`no SNTP answer from ${server.spec} (${address}:${server.port}) within ${tries} x ${timeoutMs} ms${why}`))
          }
        }, timeoutMs)
      }
      send()
    })
  } finally {
    closeQuietly(socket)
  }
}

/**
 * The wall clock with sub-millisecond resolution: waits (at most 1 ms) for
 * Date.now() to tick, then adds the monotonic time elapsed since that tick.
 * Date.now() alone would bias every offset by up to +1 ms.
 */
export function preciseWallClock(): () => number {
  const start = Date.now()
  let tick = Date.now()
  while (tick === start) tick = Date.now()
  const anchor = performance.now()
  return () => tick + (performance.now() - anchor)
}

function closeQuietly(socket: Socket): void {
  try {
    socket.close()
  } catch {
    // already closed
  }
}

async function resolveHost(host: string): Promise<string> {
  if (isIP(host) !== 0) return host
  try {
    const {address} = await lookup(host)
    return address
  } catch (error) {
    throw new Error(`cannot resolve the NTP server name ${host} (${errorMessage(error)})`)
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  try {
    return await Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)))])
  } finally {
    clearTimeout(timer)
  }
}

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

/** The clock source: checks call `await ctx.use(clockSource)`. Unavailable when --ntp-server none. */
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
    `SNTP ${facts.best.server} (${facts.best.address}:${facts.best.port}, stratum ${facts.best.stratum}): offset ${formatMs(facts.best.offsetMs)}, round trip ${formatMs(facts.best.delayMs).slice(1)}` +
    (facts.failures.length > 0 ? `; no answer from ${facts.failures.map((f) => f.server).join(', ')}` : ''),
}

/** "+1.234 s", "-12 ms": a signed duration for people. */
export function formatMs(ms: number): string {
  const sign = ms < 0 ? '-' : '+'
  const abs = Math.abs(ms)
  if (abs < 1000) return `${sign}${abs.toFixed(abs < 10 ? 1 : 0)} ms`
  if (abs < 120_000) return `${sign}${(abs / 1000).toFixed(3)} s`
  if (abs < 7_200_000) return `${sign}${(abs / 60_000).toFixed(1)} min`
  return `${sign}${(abs / 3_600_000).toFixed(2)} h`
}

export interface ClockCorrection {
  /** Add to the local clock to get the real time (the NTP offset), 0 when unknown. */
  offsetMs: number
  /** Where the correction came from, for the report. */
  from: string
}

/** The NTP correction of the local clock when the clock source answers; otherwise 0, saying why. */
export async function clockCorrection(ctx: {use<T>(source: SourceDefinition<T>): Promise<T>}): Promise<ClockCorrection> {
  try {
    const facts = await ctx.use(clockSource)
    return {offsetMs: facts.best.offsetMs, from: `local clock corrected by ${formatMs(facts.best.offsetMs)} from SNTP ${facts.best.server}`}
  } catch (error) {
    return {offsetMs: 0, from: `local clock, not corrected (${errorMessage(error)})`}
  }
}
