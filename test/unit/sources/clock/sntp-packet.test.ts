import {describe, expect, it} from 'vitest'
import {
  NTP_UNIX_OFFSET_SECONDS,
  buildSntpRequest,
  offsetAndDelay,
  parseNtpServer,
  parseSntpPacket,
  readNtpTimestamp,
  replyProblem,
  writeNtpTimestamp,
} from '../../../../src/sources/clock/index.js'

/** A server reply crafted byte by byte (independently of the code under test). */
function craftReply(request: Buffer, fields: {first?: number; stratum?: number; ref?: string; t2Seconds: number; t2Fraction: number; t3Seconds: number; t3Fraction: number}): Buffer {
  const b = Buffer.alloc(48)
  b[0] = fields.first ?? 0b00_100_100 // LI 0, VN 4, mode 4
  b[1] = fields.stratum ?? 2
  b[2] = 6
  b[3] = 0xec // precision -20
  b.writeUInt32BE(0x0000_8000, 4) // root delay 0.5 s
  b.writeUInt32BE(0x0001_0000, 8) // root dispersion 1 s
  b.write(fields.ref ?? '\x7f\x00\x00\x01', 12, 'latin1')
  request.copy(b, 24, 40, 48)
  b.writeUInt32BE(fields.t2Seconds, 32)
  b.writeUInt32BE(fields.t2Fraction, 36)
  b.writeUInt32BE(fields.t3Seconds, 40)
  b.writeUInt32BE(fields.t3Fraction, 44)
  return b
}

describe('NTP timestamps', () => {
  it('encodes the Unix epoch as 2208988800 seconds since 1900', () => {
    const b = Buffer.alloc(8)
    writeNtpTimestamp(b, 0, 0)
    expect(b.readUInt32BE(0)).toBe(2_208_988_800)
    expect(b.readUInt32BE(4)).toBe(0)
  })

  it('encodes half a second as fraction 2^31 and reads it back', () => {
    const b = Buffer.alloc(8)
    writeNtpTimestamp(b, 0, 1_700_000_000_500)
    expect(b.readUInt32BE(0)).toBe(1_700_000_000 + NTP_UNIX_OFFSET_SECONDS)
    expect(b.readUInt32BE(4)).toBe(0x8000_0000)
    expect(readNtpTimestamp(b, 0)).toBe(1_700_000_000_500)
  })

  it('round-trips today with sub-millisecond precision', () => {
    const b = Buffer.alloc(8)
    const t = Date.UTC(2026, 10, 26, 4, 12, 33, 123) + 0.25
    writeNtpTimestamp(b, 0, t)
    expect(Math.abs(readNtpTimestamp(b, 0) - t)).toBeLessThan(0.001)
  })

  it('reads era 1 (after 2036-02-07) when the top bit is clear', () => {
    const b = Buffer.alloc(8)
    const t = Date.UTC(2040, 0, 1)
    writeNtpTimestamp(b, 0, t)
    expect(b.readUInt32BE(0) & 0x8000_0000).toBe(0)
    expect(readNtpTimestamp(b, 0)).toBe(t)
  })

  it('reads an all-zero timestamp as 0 (not set)', () => {
    expect(readNtpTimestamp(Buffer.alloc(8), 0)).toBe(0)
  })
})

describe('SNTP request and reply', () => {
  const t1 = Date.UTC(2026, 10, 26, 4, 0, 0)
  const request = buildSntpRequest(t1)

  it('builds a 48-byte version-4 client request carrying T1 as transmit time', () => {
    expect(request.length).toBe(48)
    expect(request[0]).toBe(0x23) // LI 0, VN 4, mode 3
    expect(request.subarray(1, 40).every((x) => x === 0)).toBe(true)
    expect(readNtpTimestamp(request, 40)).toBe(t1)
  })

  it('parses every field of a crafted reply', () => {
    const base = t1 / 1000 + NTP_UNIX_OFFSET_SECONDS
    const reply = craftReply(request, {t2Seconds: base + 5, t2Fraction: 0x4000_0000, t3Seconds: base + 5, t3Fraction: 0x8000_0000})
    const p = parseSntpPacket(reply)
    expect(p).toMatchObject({leap: 0, version: 4, mode: 4, stratum: 2, poll: 6, precision: -20, rootDelay: 0.5, rootDispersion: 1, referenceId: '127.0.0.1'})
    expect(p.originateTime).toBe(t1)
    expect(p.receiveTime).toBe(t1 + 5250)
    expect(p.transmitTime).toBe(t1 + 5500)
    expect(replyProblem(reply, request)).toBeUndefined()
  })

  it('computes offset and delay from the four timestamps (RFC 4330 formulas)', () => {
    // The server is 5 s ahead; 40 ms each way; the server holds the request 10 ms.
    const t2 = t1 + 40 + 5000
    const t3 = t2 + 10
    const t4 = t1 + 90
    const {offsetMs, delayMs} = offsetAndDelay(t1, t2, t3, t4)
    expect(offsetMs).toBeCloseTo(5000, 6)
    expect(delayMs).toBeCloseTo(80, 6)
    // Asymmetric path: 10 ms out, 70 ms back: the offset is off by half the asymmetry (5000 - 30 ms).
    expect(offsetAndDelay(t1, t1 + 10 + 5000, t1 + 10 + 5000, t1 + 80).offsetMs).toBeCloseTo(4970, 6)
    // The machine is ahead by 2 minutes: negative offset.
    expect(offsetAndDelay(t1, t1 + 5 - 120_000, t1 + 5 - 120_000, t1 + 10).offsetMs).toBeCloseTo(-120_000, 6)
  })

  it('rejects a reply that does not echo our transmit time', () => {
    const other = buildSntpRequest(t1 + 1)
    const base = t1 / 1000 + NTP_UNIX_OFFSET_SECONDS
    const reply = craftReply(other, {t2Seconds: base, t2Fraction: 0, t3Seconds: base, t3Fraction: 0})
    expect(replyProblem(reply, request)).toMatch(/originate/)
  })

  it("rejects a kiss-o'-death, a client-mode packet, an unsynchronised server and a short packet", () => {
    const base = t1 / 1000 + NTP_UNIX_OFFSET_SECONDS
    const ts = {t2Seconds: base, t2Fraction: 0, t3Seconds: base, t3Fraction: 0}
    expect(replyProblem(craftReply(request, {...ts, stratum: 0, ref: 'RATE'}), request)).toMatch(/kiss-o'-death "RATE".*asked too often/)
    expect(replyProblem(craftReply(request, {...ts, first: 0x23}), request)).toMatch(/mode 3/)
    expect(replyProblem(craftReply(request, {...ts, first: 0b11_100_100}), request)).toMatch(/leap indicator 3/)
    expect(replyProblem(craftReply(request, {...ts, stratum: 16}), request)).toMatch(/stratum 16/)
    expect(replyProblem(craftReply(request, {...ts, t3Seconds: 0}), request)).toMatch(/no transmit timestamp/)
    expect(replyProblem(Buffer.alloc(47), request)).toMatch(/short reply \(47 bytes\)/)
    expect(() => parseSntpPacket(Buffer.alloc(12))).toThrow(/short NTP packet: 12 bytes/)
  })

  it('reads the ASCII reference id of a stratum-1 server', () => {
    const base = t1 / 1000 + NTP_UNIX_OFFSET_SECONDS
    expect(parseSntpPacket(craftReply(request, {stratum: 1, ref: 'GPS\0', t2Seconds: base, t2Fraction: 0, t3Seconds: base, t3Fraction: 0})).referenceId).toBe('GPS')
  })
})

describe('--ntp-server values', () => {
  it('reads host, host:port, [v6]:port and a bare IPv6 address', () => {
    expect(parseNtpServer('pool.ntp.org')).toEqual({host: 'pool.ntp.org', port: 123, spec: 'pool.ntp.org'})
    expect(parseNtpServer('127.0.0.1:11123')).toMatchObject({host: '127.0.0.1', port: 11_123})
    expect(parseNtpServer('[::1]:1234')).toMatchObject({host: '::1', port: 1234})
    expect(parseNtpServer('::1')).toMatchObject({host: '::1', port: 123})
  })

  it('refuses a bad port with one line naming the value', () => {
    expect(() => parseNtpServer('time.example:abc')).toThrow('--ntp-server time.example:abc: the port "abc" is not a number')
    expect(() => parseNtpServer('time.example:70000')).toThrow(/1 to 65535/)
    expect(() => parseNtpServer(':123')).toThrow(/no host/)
    expect(() => parseNtpServer('time example')).toThrow('--ntp-server time example: not a host name, an address or host:port')
  })
})
