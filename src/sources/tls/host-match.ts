/**
 * Does a certificate name a host? Node's own rules (tls.checkServerIdentity: subjectAltName DNS and
 * IP entries, one-label wildcards, the common name only without DNS entries). Pure.
 */
import {checkServerIdentity, type PeerCertificate} from 'node:tls'
import type {CertificateFacts} from './probe.js'

/** undefined when the certificate is valid for `host`, else the one-line reason. */
export function hostNameMismatch(cert: Pick<CertificateFacts, 'commonName' | 'san'>, host: string): string | undefined {
  const peer = {subject: cert.commonName === null ? {} : {CN: cert.commonName}, subjectaltname: cert.san.join(', ')} as unknown as PeerCertificate
  const error = checkServerIdentity(host.replace(/^\[|\]$/g, ''), peer)
  return error ? error.message.replace(/^Hostname\/IP does not match certificate's altnames: /, '') : undefined
}
