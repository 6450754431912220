/**
 * A tiny SNTP server (RFC 4330 server side) for the demo and the tests: it
 * answers each mode-3 request with the local clock shifted by a fixed offset,
 * so a client sees exactly that offset. It listens on loopback only.
 * `behaviour` can make it send a kiss-o'-death or stay silent.
 */
import {createSocket} from 'node:dgram'
import {NTP_PACKET_SIZE, writeNtpTimestamp} from '../sources/clock/sntp-packet.js'

export interface SntpResponderOptions {
  /** Added to the local clock in every answer, ms (positive: the "server" is ahead). */
  offsetMs?: number
  host?: string
  /** 0 picks a free port. */
  port?: number
  stratum?: number
  behaviour?: 'answer' | 'kiss' | 'silent'
}

export interface SntpResponder {
  host: string
  port: number
  /** "127.0.0.1:PORT", ready for --ntp-server. */
  spec: string
  /** Requests received so far. */
  readonly requests: number
  stop(): Promise<void>
}

export async function startSntpResponder(options: SntpResponderOptions = {}): Promise<SntpResponder> {
  const host = options.host ?? '127.0.0.1'
  const offsetMs = options.offsetMs ?? 0
  const behaviour = options.behaviour ?? 'answer'
  const socket = createSocket(host.includes(':') ? 'udp6' : 'udp4')
  let requests = 0
  socket.on('message', (request, remote) => {
    if (request.length < NTP_PACKET_SIZE || (request[0]! & 0x07) !== 3) return
    requests += 1
    if (behaviour === 'silent') return
    const received = Date.now() + offsetMs
    const reply = Buffer.alloc(NTP_PACKET_SIZE)
    const version = (request[0]! >> 3) & 0x07
    reply[0] = (0 << 6) | (version << 3) | 4
    reply[1] = behaviour === 'kiss' ? 0 : (options.stratum ?? 2)
    reply[2] = 6
    reply[3] = -20 & 0xff
    // Reference id: a kiss code at stratum 0, an ASCII source at stratum 1, the upstream IPv4 address (here loopback) below.
    const stratum = reply[1]
    if (stratum <= 1) reply.write(behaviour === 'kiss' ? 'RATE' : 'LOCL', 12, 'latin1')
    else Buffer.from([127, 0, 0, 1]).copy(reply, 12)
    writeNtpTimestamp(reply, 16, received - 60_000)
    request.copy(reply, 24, 40, 48)
    writeNtpTimestamp(reply, 32, received)
    writeNtpTimestamp(reply, 40, Date.now() + offsetMs)
    socket.send(reply, remote.port, remote.address)
  })
  await new Promise<void>((resolvePromise, reject) => {
    socket.once('error', reject)
    socket.bind(options.port ?? 0, host, () => {
      socket.off('error', reject)
      resolvePromise()
    })
  })
  const {port} = socket.address()
  return {
    host,
    port,
    spec: host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`,
    get requests() {
      return requests
    },
    stop: () => new Promise<void>((resolvePromise) => socket.close(() => resolvePromise())),
  }
}
