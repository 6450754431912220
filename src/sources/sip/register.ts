/**
 * An active SIP REGISTER probe over UDP (node:dgram), for `--sip-probe`: does the
 * PBX accept these trunk credentials right now?
 *
 * Sends REGISTER with `Expires: 0` for a contact that is not bound (so the PBX's
 * registrations are left as they were), answers the digest challenge (MD5, with
 * or without qop=auth), and reports 200 (accepted) versus 401/403/407 (rejected)
 * within a bounded time. Retransmits as RFC 3261 does over UDP (T1 = 500 ms).
 * What it reads is bounded: the first MAX_DATAGRAM_BYTES of a datagram, status
 * lines cut at MAX_STATUS_LINE, at most MAX_ANSWERS kept.
 */
import {createHash, randomBytes} from 'node:crypto'
import dgram from 'node:dgram'
import {isIPv6} from 'node:net'

export interface SipRegisterOptions {
  host: string
  port: number
  /** The user part of the address of record (the trunk's number or auth ID). */
  user: string
  /** The digest user name (auth ID); defaults to `user`. */
  authId?: string
  password: string
  /** The domain of the request URI and the AOR (default: host). */
  domain?: string
  timeoutMs: number
}

export type SipRegisterOutcome = 'accepted' | 'rejected' | 'no-answer' | 'unexpected'

export interface SipRegisterResult {
  outcome: SipRegisterOutcome
  /** The final SIP status, when one came. */
  status?: number
  /** One line: what happened. */
  reason: string
  /** The status lines seen, in order (e.g. ["401 Unauthorized", "200 OK"]). */
  answers: string[]
}

/** Of an answer datagram only this much is parsed. */
export const MAX_DATAGRAM_BYTES = 8 * 1024
/** A status line kept for the report is cut at this length. */
export const MAX_STATUS_LINE = 200
/** At most this many answers are kept (a flood of provisional answers is not stored). */
export const MAX_ANSWERS = 20

const md5 = (s: string): string => createHash('md5').update(s).digest('hex')

/** Digest parameters of a WWW-Authenticate / Proxy-Authenticate header value. */
export function parseDigestChallenge(value: string): Record<string, string> | undefined {
  const m = /^\s*Digest\s+(.*)$/is.exec(value)
  if (!m) return undefined
  const params: Record<string, string> = {}
  for (const part of m[1]!.matchAll(/([a-zA-Z-]+)\s*=\s*(?:"([^"]*)"|([^\s,]+))/g)) params[part[1]!.toLowerCase()] = part[2] ?? part[3] ?? ''
  return params
}

/** The Authorization header value answering a digest challenge (RFC 2617, MD5). */
export function digestAuthorization(challenge: Record<string, string>, o: {user: string; password: string; method: string; uri: string; cnonce?: string; nc?: string}): string {
  const realm = challenge.realm ?? ''
  const nonce = challenge.nonce ?? ''
  const ha1 = md5(`${o.user}:${realm}:${o.password}`)
  const ha2 = md5(`${o.method}:${o.uri}`)
  const qop = (challenge.qop ?? '').split(',').map((q) => q.trim()).includes('auth') ? 'auth' : undefined
  const parts = [`username="${o.user}"`, `realm="${realm}"`, `nonce="${nonce}"`, `uri="${o.uri}"`]
  if (qop) {
    const cnonce = o.cnonce ?? randomBytes(8).toString('hex')
    const nc = o.nc ?? '00000001'
    parts.push(`response="${md5(`${ha1}:${nonce}:${nc}:${cnonce}:${qop}:${ha2}`)}"`, `qop=${qop}`, `nc=${nc}`, `cnonce="${cnonce}"`)
  } else {
    parts.push(`response="${md5(`${ha1}:${nonce}:${ha2}`)}"`)
  }
  parts.push('algorithm=MD5')
  if (challenge.opaque !== undefined) parts.push(`opaque="${challenge.opaque}"`)
  return `Digest ${parts.join(', ')}`
}

interface SipResponse {
  status: number
  reasonPhrase: string
  headers: Map<string, string[]>
}

function parseResponse(text: string): SipResponse | undefined {
  const [head] = text.split(/\r?\n\r?\n/)
  const lines = (head ?? '').split(/\r?\n/)
  const m = /^SIP\/2\.0\s+(\d{3})\s*(.*)$/.exec(lines[0] ?? '')
  if (!m) return undefined
  const headers = new Map<string, string[]>()
  for (const line of lines.slice(1)) {
    const i = line.indexOf(':')
    if (i <= 0) continue
    const name = line.slice(0, i).trim().toLowerCase()
    headers.set(name, [...(headers.get(name) ?? []), line.slice(i + 1).trim()])
  }
  return {status: Number(m[1]), reasonPhrase: m[2]!.trim(), headers}
}

export function sipRegisterProbe(o: SipRegisterOptions): Promise<SipRegisterResult> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket(isIPv6(o.host) ? 'udp6' : 'udp4')
    const domain = o.domain ?? o.host
    const uri = `sip:${isIPv6(domain) ? `[${domain}]` : domain}`
    const callId = `${randomBytes(10).toString('hex')}@tcx-doctor`
    const tag = randomBytes(6).toString('hex')
    const answers: string[] = []
    let cseq = 0
    let branch = ''
    let timers: NodeJS.Timeout[] = []
    let finished = false
    let authorization: {header: string; value: string} | undefined

    const finish = (result: Omit<SipRegisterResult, 'answers'>): void => {
      if (finished) return
      finished = true
      timers.forEach(clearTimeout)
      clearTimeout(overall)
      socket.close()
      resolve({...result, answers})
    }
    const overall = setTimeout(() => {
      finish({
        outcome: 'no-answer',
        reason: answers.length === 0
          ? `no SIP answer from ${o.host}:${o.port} (UDP) within ${o.timeoutMs / 1000} s: nothing listens there, or a firewall drops it`
          : `no final SIP answer from ${o.host}:${o.port} within ${o.timeoutMs / 1000} s (saw ${answers.join(', ')})`,
      })
    }, o.timeoutMs)

    const send = (): void => {
      timers.forEach(clearTimeout)
      timers = []
      cseq++
      branch = `z9hG4bK${randomBytes(8).toString('hex')}`
      const {address, port} = socket.address()
      const local = isIPv6(address) ? `[${address}]` : address
      const message = [
        `REGISTER ${uri} SIP/2.0`,
        `Via: SIP/2.0/UDP ${local}:${port};branch=${branch};rport`,
        'Max-Forwards: 70',
        `From: <sip:${o.user}@${domain}>;tag=${tag}`,
        `To: <sip:${o.user}@${domain}>`,
        `Call-ID: ${callId}`,
        `CSeq: ${cseq} REGISTER`,
        `Contact: <sip:${o.user}@${local}:${port}>`,
        // Expires 0 for a contact that is not bound: the PBX's registrations stay as they were.
        'Expires: 0',
        ...(authorization ? [`${authorization.header}: ${authorization.value}`] : []),
        'User-Agent: tcx-doctor',
        'Content-Length: 0',
        '',
        '',
      ].join('\r\n')
      const buffer = Buffer.from(message)
      // RFC 3261 17.1.2.2: retransmit at T1, 2*T1, ... capped at T2 = 4 s.
      let interval = 500
      const transmit = (): void => {
        if (finished) return
        socket.send(buffer, (error) => {
          if (error) finish({outcome: 'no-answer', reason: `cannot send to ${o.host}:${o.port} (UDP): ${error.message}`})
        })
        timers.push(setTimeout(transmit, interval))
        interval = Math.min(interval * 2, 4000)
      }
      transmit()
    }

    socket.on('message', (data) => {
      const response = parseResponse(data.subarray(0, MAX_DATAGRAM_BYTES).toString('utf8'))
      if (!response) return
      const via = response.headers.get('via')?.[0] ?? response.headers.get('v')?.[0] ?? ''
      if (!via.includes(branch)) return // not an answer to our current request
      response.reasonPhrase = response.reasonPhrase.slice(0, MAX_STATUS_LINE)
      if (answers.length < MAX_ANSWERS) answers.push(`${response.status} ${response.reasonPhrase}`.trim())
      if (response.status < 200) {
        // Provisional: the server has it; stop retransmitting and wait for the final answer.
        timers.forEach(clearTimeout)
        timers = []
        return
      }
      if (response.status >= 200 && response.status < 300) {
        finish({outcome: 'accepted', status: response.status, reason: `${o.host}:${o.port} accepted the credentials of ${o.authId ?? o.user} (${response.status} ${response.reasonPhrase})`})
        return
      }
      if ((response.status === 401 || response.status === 407) && !authorization) {
        const header = response.status === 401 ? 'www-authenticate' : 'proxy-authenticate'
        const challenge = (response.headers.get(header) ?? []).map(parseDigestChallenge).find((c) => c !== undefined)
        if (!challenge) {
          finish({outcome: 'unexpected', status: response.status, reason: `${o.host}:${o.port} answered ${response.status} without a digest challenge`})
          return
        }
        authorization = {
          header: response.status === 401 ? 'Authorization' : 'Proxy-Authorization',
          value: digestAuthorization(challenge, {user: o.authId ?? o.user, password: o.password, method: 'REGISTER', uri}),
        }
        send()
        return
      }
      if (response.status === 401 || response.status === 403 || response.status === 407) {
        finish({outcome: 'rejected', status: response.status, reason: `${o.host}:${o.port} rejected the credentials of ${o.authId ?? o.user} (${response.status} ${response.reasonPhrase})`})
        return
      }
      finish({outcome: 'unexpected', status: response.status, reason: `${o.host}:${o.port} answered the REGISTER with ${response.status} ${response.reasonPhrase}`})
    })
    socket.on('error', (error) => {
      const refused = (error as NodeJS.ErrnoException).code === 'ECONNREFUSED'
      finish({
        outcome: 'no-answer',
        reason: refused
          ? `nothing listens for SIP at ${o.host}:${o.port} (UDP port unreachable): is the 3CX SIP server running, and is the trunk's port right?`
          : `SIP probe to ${o.host}:${o.port} failed: ${error.message}`,
      })
    })
    socket.connect(o.port, o.host, () => send())
  })
}
