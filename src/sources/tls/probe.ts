/**
 * One bounded TLS handshake to read a server's certificate WITHOUT trusting it: tls.connect with
 * rejectUnauthorized false (so an expired or self-signed certificate is still read), SNI for a host
 * name, a time limit on the whole exchange, nothing sent after the handshake and the socket closed
 * at once. Whether the certificate verifies against the system CAs (or the CAs given) is reported
 * as `authorized` with OpenSSL's reason.
 */
import {X509Certificate} from 'node:crypto'
import {isIP} from 'node:net'
import {connect, type DetailedPeerCertificate, type TLSSocket} from 'node:tls'
import {formatHostPort} from '../../lib/net.js'

export const TLS_TIMEOUT_MS = 5000
/** At most this many certificates of the chain are followed. */
export const MAX_CHAIN = 10

export interface CertificateFacts {
  subject: string
  /** The subject's common name, when it has one. */
  commonName: string | null
  issuer: string
  validFrom: Date
  validTo: Date
  /** subjectAltName entries as OpenSSL writes them ("DNS:pbx.example.com", "IP Address:10.0.0.5"). */
  san: string[]
  fingerprint256: string
  serialNumber: string
  /** Issued by itself (its own key verifies its signature). */
  selfSigned: boolean
  /** Certificates the server sent or that chain to it (1: the leaf alone). */
  chainLength: number
  /** Verified against the system CAs (or the CAs given to the probe). */
  authorized: boolean
  /** OpenSSL's reason when not authorized (DEPTH_ZERO_SELF_SIGNED_CERT, CERT_HAS_EXPIRED, ...). */
  authorizationError: string | null
  /** The negotiated protocol (TLSv1.3). */
  protocol: string | null
}

export type TlsProbeProblem = 'timeout' | 'refused' | 'not-tls' | 'unreachable' | 'error'

export type TlsProbe = {ok: true; host: string; port: number; servername: string | null; certificate: CertificateFacts} | {ok: false; host: string; port: number; problem: TlsProbeProblem; reason: string}

export interface TlsProbeOptions {
  host: string
  port: number
  /** The SNI name; default the host when it is a name (never an IP address). */
  servername?: string
  timeoutMs?: number
  /** CAs to verify against instead of the system's (PEM). */
  ca?: string | string[]
}

const distinguished = (name: Record<string, string | string[]> | undefined): string =>
  name ? Object.entries(name).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : v}`).join(', ') : ''

function chainLengthOf(cert: DetailedPeerCertificate): number {
  let length = 1
  let at = cert
  while (length < MAX_CHAIN && at.issuerCertificate && at.issuerCertificate !== at && at.issuerCertificate.fingerprint256 !== at.fingerprint256) {
    at = at.issuerCertificate
    length += 1
  }
  return length
}

/** The facts of a peer certificate (pure: from the handshake's data). */
export function certificateFacts(cert: DetailedPeerCertificate, socket: Pick<TLSSocket, 'authorized' | 'authorizationError' | 'getProtocol'>): CertificateFacts {
  const x509 = new X509Certificate(cert.raw)
  const cn = cert.subject?.CN
  return {
    subject: distinguished(cert.subject as unknown as Record<string, string>),
    commonName: cn === undefined ? null : Array.isArray(cn) ? cn.join('+') : cn,
    issuer: distinguished(cert.issuer as unknown as Record<string, string>),
    validFrom: new Date(x509.validFrom),
    validTo: new Date(x509.validTo),
    san: cert.subjectaltname ? cert.subjectaltname.split(/,\s*/).filter((s) => s !== '') : [],
    fingerprint256: cert.fingerprint256,
    serialNumber: cert.serialNumber,
    selfSigned: x509.checkIssued(x509) && x509.verify(x509.publicKey),
    chainLength: chainLengthOf(cert),
    authorized: socket.authorized,
    authorizationError: socket.authorized ? null : String(socket.authorizationError ?? 'not verified'),
    protocol: socket.getProtocol() ?? null,
  }
}

const NOT_TLS = /wrong version number|packet length too long|unknown protocol|http request|record layer failure|unexpected eof|socket disconnected before secure/i

/** Connects, reads the certificate, closes; never throws. */
export function probeTls(options: TlsProbeOptions): Promise<TlsProbe> {
  const {host, port} = options
  const timeoutMs = options.timeoutMs ?? TLS_TIMEOUT_MS
  const servername = options.servername ?? (isIP(host) === 0 ? host : undefined)
  const where = formatHostPort(host, port)
  return new Promise((resolve) => {
    let settled = false
    const socket = connect({host, port, servername, rejectUnauthorized: false, ...(options.ca ? {ca: options.ca} : {}), ALPNProtocols: ['http/1.1']})
    const finish = (result: TlsProbe): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      socket.destroy()
      resolve(result)
    }
    const timer = setTimeout(
      () => finish({ok: false, host, port, problem: 'timeout', reason: `${where} did not complete a TLS handshake within ${timeoutMs} ms`}),
      timeoutMs,
    )
    socket.once('secureConnect', () => {
      try {
        const cert = socket.getPeerCertificate(true)
        if (!cert || !cert.raw) return finish({ok: false, host, port, problem: 'error', reason: `${where} completed a TLS handshake without a certificate`})
        finish({ok: true, host, port, servername: servername ?? null, certificate: certificateFacts(cert, socket)})
      } catch (error) {
        finish({ok: false, host, port, problem: 'error', reason: `${where}: the certificate could not be read (${(error as Error).message})`})
      }
    })
    socket.once('error', (error: NodeJS.ErrnoException) => {
      const code = error.code ?? ''
      if (code === 'ECONNREFUSED') return finish({ok: false, host, port, problem: 'refused', reason: `${where} refused the connection (nothing listens there)`})
      if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH') {
        return finish({ok: false, host, port, problem: 'unreachable', reason: `${where} is not reachable (${code})`})
      }
      if (NOT_TLS.test(error.message) || code === 'ECONNRESET' || code.startsWith('ERR_SSL_')) {
        return finish({ok: false, host, port, problem: 'not-tls', reason: `${where} does not speak TLS (${error.message.split('\n')[0]!.slice(0, 160)}): is it the HTTP port?`})
      }
      finish({ok: false, host, port, problem: 'error', reason: `${where}: ${error.message.split('\n')[0]!.slice(0, 200)}`})
    })
  })
}
