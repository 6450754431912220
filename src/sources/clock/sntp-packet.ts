/**
 * The SNTP packet (RFC 4330): NTP timestamps, the client request, the decoded
 * reply and the checks a reply must pass before it is believed. Pure: no I/O.
 *
 * With T1 (our transmit time), T2 (server receive), T3 (server transmit) and
 * T4 (our receive time):
 *   offset = ((T2 - T1) + (T3 - T4)) / 2     (positive: the server is ahead of us)
 *   delay  = (T4 - T1) - (T3 - T2)
 */
/** Seconds from the NTP epoch (1900-01-01) to the Unix epoch (1970-01-01). */
export const NTP_UNIX_OFFSET_SECONDS = 2_208_988_800
export const NTP_PACKET_SIZE = 48
export const NTP_DEFAULT_PORT = 123

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
