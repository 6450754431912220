import {describe, expect, it} from 'vitest'
import consoleCertificate, {expiryStatus, httpsCandidates} from '../../../../checks/security/console-certificate.js'
import type {CertificateFacts, TlsProbe} from '../../../../src/sources/tls/index.js'
import {testCheck, unavailable} from '../../../helpers/check-tester.js'

const NOW = new Date('2026-12-01T12:00:00.000Z')
const DAY = 86_400_000

/** Certificate facts as probeTls gives them (the shape read from a real handshake in the integration test). */
function cert(over: Partial<CertificateFacts> = {}): CertificateFacts {
  return {
    subject: 'CN=pbx.example.com',
    commonName: 'pbx.example.com',
    issuer: "CN=R11, O=Let's Encrypt, C=US",
    validFrom: new Date(NOW.getTime() - 30 * DAY),
    validTo: new Date(NOW.getTime() + 60 * DAY),
    san: ['DNS:pbx.example.com'],
    fingerprint256: 'AB:'.repeat(31) + 'AB',
    serialNumber: '01',
    selfSigned: false,
    chainLength: 2,
    authorized: true,
    authorizationError: null,
    protocol: 'TLSv1.3',
    ...over,
  }
}

/** A tls source whose probes answer by port; every probe asked is recorded. */
function tls(byPort: Record<number, CertificateFacts | {problem: 'timeout' | 'refused' | 'not-tls'; reason: string}>) {
  const asked: string[] = []
  return {
    asked,
    probe: async ({host, port}: {host: string; port: number}): Promise<TlsProbe> => {
      asked.push(`${host}:${port}`)
      const answer = byPort[port]
      if (!answer) return {ok: false, host, port, problem: 'refused', reason: `${host}:${port} refused the connection (nothing listens there)`}
      if ('problem' in answer) return {ok: false, host, port, ...answer}
      return {ok: true, host, port, servername: host, certificate: answer}
    },
  }
}

const fqdn = (name: string) => ({systemStatus: async () => ({FQDN: name})})
const noConsole = unavailable('console', 'no console account')
const v = (major: number) => ({version: {major}})
const https = {consoleUrl: 'https://pbx.example.com:5001/'}

testCheck(consoleCertificate, {
  pass: [
    {
      name: 'a trusted certificate for the FQDN, 60 days left',
      now: NOW, settings: https, sources: {tls: tls({5001: cert()}), console: fqdn('pbx.example.com'), version: v(18)},
      summary: 'The console certificate of pbx.example.com:5001 (pbx.example.com) is valid until 2027-01-30 (in 60 days), names pbx.example.com and verifies.',
      expect(r) {
        expect(r.measurements).toEqual([expect.objectContaining({name: 'certificate_expires_in_seconds', value: 60 * 86_400, warn: 30 * 86_400, fail: 7 * 86_400, bad: 'below', labels: {endpoint: 'pbx.example.com:5001'}})])
        expect(r.tables?.[0]?.rows).toContainEqual(['self-signed', 'no'])
        expect(r.evidence).toMatchObject({hostName: {name: 'pbx.example.com', from: 'the FQDN of SystemStatus', matches: true}, expiresInDays: 60})
      },
    },
    {
      name: 'an http URL of v18 from WEB_ROOT_LOCAL: 5001 of the same host; a wildcard certificate; no console: the URL host compared',
      now: NOW, sources: {db: {parameter: async () => 'http://pbx.example.com:5000/'}, tls: tls({5001: cert({commonName: '*.example.com', san: ['DNS:*.example.com']})}), console: noConsole, version: v(18)},
      expect: (r) => expect(r.details.join('\n')).toMatch(/Console URL http:\/\/pbx\.example\.com:5000 from parameter WEB_ROOT_LOCAL; 3CX v18\.[\s\S]*Tried pbx\.example\.com:5001 \(the HTTPS port of 3CX v18 \(5001\)\): certificate read/),
    },
    {name: '20 days left with warnDays 14', now: NOW, settings: https, options: {warnDays: 14}, sources: {tls: tls({5001: cert({validTo: new Date(NOW.getTime() + 20 * DAY)})}), console: fqdn('pbx.example.com')}},
    {
      name: 'a loopback URL and no FQDN: the host name is not compared, and it says so',
      now: NOW, settings: {consoleUrl: 'https://127.0.0.1:5001/'}, sources: {tls: tls({5001: cert()}), console: noConsole},
      expect: (r) => expect(r.details.join('\n')).toContain('The host name was not compared: the URL host 127.0.0.1 is loopback and the FQDN is unknown.'),
    },
  ],
  warn: [
    {name: '20 days left (warn 30)', now: NOW, settings: https, sources: {tls: tls({5001: cert({validTo: new Date(NOW.getTime() + 20 * DAY)})}), console: fqdn('pbx.example.com')}, summary: 'expires in 20 days (2026-12-21)'},
    {
      name: 'self-signed, named for the FQDN',
      now: NOW, settings: https, sources: {tls: tls({5001: cert({selfSigned: true, authorized: false, authorizationError: 'DEPTH_ZERO_SELF_SIGNED_CERT', issuer: 'CN=pbx.example.com', chainLength: 1})}), console: fqdn('pbx.example.com')},
      summary: 'The console certificate of pbx.example.com:5001 (pbx.example.com) is self-signed (browsers, apps and phones do not trust it).',
    },
    {
      name: 'a certificate for another name than the FQDN',
      now: NOW, settings: https, sources: {tls: tls({5001: cert()}), console: fqdn('pbx.other.example')},
      summary: "does not name pbx.other.example (the FQDN of SystemStatus): Host: pbx.other.example. is not in the cert's altnames: DNS:pbx.example.com",
    },
    {
      name: 'an issuer the system CAs do not know',
      now: NOW, settings: https, sources: {tls: tls({5001: cert({authorized: false, authorizationError: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY'})}), console: fqdn('pbx.example.com')},
      summary: 'does not verify against the system CAs (UNABLE_TO_GET_ISSUER_CERT_LOCALLY)',
    },
    {
      name: 'the https URL answers without TLS',
      now: NOW, settings: https, sources: {tls: tls({5001: {problem: 'not-tls', reason: 'pbx.example.com:5001 does not speak TLS (wrong version number): is it the HTTP port?'}}), console: noConsole},
      summary: 'No TLS certificate could be read from the console: pbx.example.com:5001 (the console URL): pbx.example.com:5001 does not speak TLS',
    },
  ],
  fail: [
    {name: 'expired 3 days ago', now: NOW, settings: https, sources: {tls: tls({5001: cert({validTo: new Date(NOW.getTime() - 3 * DAY)})}), console: fqdn('pbx.example.com')}, summary: 'expired 3 days ago (2026-11-28)', expect: (r) => expect(r.measurements?.[0]?.value).toBe(-3 * 86_400)},
    {name: '5 days left (fail 7)', now: NOW, settings: https, sources: {tls: tls({5001: cert({validTo: new Date(NOW.getTime() + 5 * DAY)})}), console: fqdn('pbx.example.com')}, summary: 'expires in 5 days'},
    {name: 'not valid yet', now: NOW, settings: https, sources: {tls: tls({5001: cert({validFrom: new Date(NOW.getTime() + DAY)})}), console: fqdn('pbx.example.com')}, summary: 'is not valid before 2026-12-02T12:00:00.000Z'},
  ],
  skip: [
    {name: 'no console URL and no database', sources: {db: unavailable('db', 'no 3CX install found')}, summary: 'No console URL: no --console-url, and WEB_ROOT_LOCAL is unknown (no 3CX install found).'},
    {name: 'an http URL of v15: no known HTTPS port', settings: {consoleUrl: 'http://10.0.0.5:5000/'}, sources: {version: v(15)}, summary: 'the console URL is http and 3CX v15.5 has no known HTTPS port'},
    {
      name: 'v20 http URL: 443 then 5001 tried, both refused',
      settings: {consoleUrl: 'http://10.0.0.5:5000/'}, sources: {version: v(20), tls: tls({})},
      summary: 'No TLS certificate could be read from the console: 10.0.0.5:443 (an HTTPS port of 3CX v20 (443)): 10.0.0.5:443 refused the connection (nothing listens there); 10.0.0.5:5001',
    },
    {name: 'a handshake that times out', settings: https, sources: {tls: tls({5001: {problem: 'timeout', reason: 'pbx.example.com:5001 did not complete a TLS handshake within 5000 ms'}})}, summary: 'did not complete a TLS handshake within 5000 ms'},
  ],
})

describe('where the HTTPS port is', () => {
  it('takes the option, an https URL, or the version\'s ports for an http URL', () => {
    const http = new URL('http://[::1]:5000/')
    expect(httpsCandidates(http, 20, 8443).candidates).toEqual([{host: '::1', port: 8443, why: 'option httpsPort'}])
    expect(httpsCandidates(new URL('https://pbx.example.com/'), 20, 0).candidates).toEqual([{host: 'pbx.example.com', port: 443, why: 'the console URL'}])
    expect(httpsCandidates(http, 16, 0).candidates.map((c) => c.port)).toEqual([5001])
    expect(httpsCandidates(http, 20, 0).candidates.map((c) => c.port)).toEqual([443, 5001])
    expect(httpsCandidates(http, undefined, 0)).toMatchObject({candidates: [], note: expect.stringMatching(/^the console URL is http and an unknown 3CX version has no known HTTPS port/)})
  })

  it('judges expiry: fail within failDays (and after expiry), warn within warnDays', () => {
    expect([-1, 0, 7 * DAY, 7 * DAY + 1, 30 * DAY, 30 * DAY + 1].map((ms) => expiryStatus(ms, 30, 7))).toEqual(['fail', 'fail', 'fail', 'warn', 'warn', 'pass'])
  })
})
