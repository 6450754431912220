/**
 * The SNTP client: one bounded exchange with one NTP server over node:dgram.
 *
 * A 48-byte mode-3 request carrying our transmit time T1; the reply must pass
 * `replyProblem` (mode 4, our T1 echoed, not a kiss-o'-death). Every query is
 * bounded: a short timeout per try and a fixed number of tries. Nothing here
 * changes the system clock.
 */
import {createSocket, type Socket} from 'node:dgram'
import {lookup} from 'node:dns/promises'
import {isIP} from 'node:net'
import {errorMessage} from '../../engine/errors.js'
import {withTimeout} from '../../lib/async.js'
import {parseHostPort} from '../../lib/net.js'
import {NTP_DEFAULT_PORT, buildSntpRequest, offsetAndDelay, parseSntpPacket, replyProblem} from './sntp-packet.js'

/** Per try; two tries per server. */
export const SNTP_TIMEOUT_MS = 1500
export const SNTP_TRIES = 2

export interface NtpServer {
  host: string
  port: number
  /** As the user wrote it. */
  spec: string
}

/** Parses `host`, `host:port`, `[v6]:port` or a bare IPv6 address. Throws with one line on a bad value. */
export function parseNtpServer(spec: string): NtpServer {
  const text = spec.trim()
  const parsed = parseHostPort(text)
  if (parsed) return {host: parsed.host, port: parsed.port ?? NTP_DEFAULT_PORT, spec: text}
  throw new Error(`--ntp-server ${spec}: ${ntpServerProblem(text)}`)
}

/** Why `parseHostPort` refused a server value, in words. */
function ntpServerProblem(text: string): string {
  if (text === '' || text.startsWith(':')) return 'no host'
  const port = /:([^:\]]*)$/.exec(text)?.[1]
  if (port !== undefined && !/^\d+$/.test(port)) return `the port "${port}" is not a number`
  if (port !== undefined) return 'the port must be 1 to 65535'
  return 'not a host name, an address or host:port'
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
