/**
 * The tls source and security.console-certificate against real TLS servers on 127.0.0.1 with
 * certificates made by openssl in the test: valid against a test CA, expiring, expired, for
 * another host, self-signed; a server that accepts TCP and never completes the handshake; a plain
 * HTTP port; a closed port.
 */
import {createServer as createHttpServer} from 'node:http'
import {createServer as createTcpServer, type Server, type Socket} from 'node:net'
import {createServer as createTlsServer} from 'node:tls'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import consoleCertificate from '../../../../checks/security/console-certificate.js'
import {probeTls, type TlsProbeOptions} from '../../../../src/sources/tls/index.js'
import {TestCa, selfSigned, type KeyAndCert} from '../../../helpers/certificates.js'
import {runCheck, unavailable} from '../../../helpers/check-tester.js'
import {freePort, listenLocal} from '../../../helpers/ports.js'

const DAY = 86_400_000
const servers: Server[] = []
const held: Socket[] = []
let ca: TestCa

async function tlsServer(leaf: KeyAndCert, chain = ''): Promise<number> {
  const server = createTlsServer({key: leaf.key, cert: leaf.cert + chain}, (socket) => socket.end())
  server.on('tlsClientError', () => {})
  servers.push(server)
  return listenLocal(server)
}

/** A check run whose console URL is https://127.0.0.1:port and whose FQDN is `fqdn`; the tls source verifies against the test CA. */
function runOn(port: number, fqdn?: string, extra: {now?: Date; options?: Record<string, unknown>; url?: string; version?: number} = {}) {
  const reader = {probe: (o: Omit<TlsProbeOptions, 'ca'>) => probeTls({...o, ca: ca.cert, timeoutMs: 1500})}
  return runCheck(consoleCertificate, {
    settings: {consoleUrl: extra.url ?? `https://127.0.0.1:${port}/`},
    sources: {
      tls: reader,
      console: fqdn ? {systemStatus: async () => ({FQDN: fqdn})} : unavailable('console', 'no console account'),
      version: extra.version ? {version: {major: extra.version}} : unavailable('version', 'no version'),
    },
    ...(extra.now ? {now: extra.now} : {}),
    ...(extra.options ? {options: extra.options} : {}),
  })
}

let valid: number, expiring: number, expired: number, otherHost: number, self: number, hang: number, http: number
beforeAll(async () => {
  ca = new TestCa()
  const now = Date.now()
  valid = await tlsServer(ca.issue({cn: 'pbx.example.com', san: 'DNS:pbx.example.com,IP:127.0.0.1', notBefore: new Date(now - DAY), notAfter: new Date(now + 90 * DAY)}), ca.cert)
  expiring = await tlsServer(ca.issue({cn: 'pbx.example.com', san: 'DNS:pbx.example.com', notBefore: new Date(now - 80 * DAY), notAfter: new Date(now + 10 * DAY)}))
  expired = await tlsServer(ca.issue({cn: 'pbx.example.com', san: 'DNS:pbx.example.com', notBefore: new Date(now - 400 * DAY), notAfter: new Date(now - 3 * DAY)}))
  otherHost = await tlsServer(ca.issue({cn: 'other.example.net', san: 'DNS:other.example.net', notBefore: new Date(now - DAY), notAfter: new Date(now + 90 * DAY)}))
  self = await tlsServer(selfSigned('pbx.example.com', 'DNS:pbx.example.com', 365))
  const silent = createTcpServer((socket) => void held.push(socket))
  servers.push(silent)
  hang = await listenLocal(silent)
  const plain = createHttpServer((_req, res) => res.end('plain'))
  servers.push(plain)
  http = await listenLocal(plain)
})

afterAll(async () => {
  for (const s of held) s.destroy()
  await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))))
})

describe('probeTls', () => {
  it('reads a CA-signed certificate and its chain, verified against the CA given', async () => {
    const probe = await probeTls({host: '127.0.0.1', port: valid, ca: ca.cert})
    expect(probe.ok).toBe(true)
    if (!probe.ok) return
    expect(probe.servername).toBeNull()
    expect(probe.certificate).toMatchObject({commonName: 'pbx.example.com', issuer: 'CN=tcx-doctor test CA', san: ['DNS:pbx.example.com', 'IP Address:127.0.0.1'], selfSigned: false, authorized: true, authorizationError: null, chainLength: 2})
    expect(probe.certificate.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/)
  })

  it('without the CA, the same certificate (its chain ends in the test CA) does not verify against the system CAs, and is still read', async () => {
    const probe = await probeTls({host: '127.0.0.1', port: valid})
    expect(probe).toMatchObject({ok: true, certificate: {authorized: false, authorizationError: 'SELF_SIGNED_CERT_IN_CHAIN'}})
  })

  it('reads an expired certificate (never trusted, never refused)', async () => {
    const probe = await probeTls({host: '127.0.0.1', port: expired, ca: ca.cert})
    expect(probe).toMatchObject({ok: true, certificate: {authorized: false, authorizationError: 'CERT_HAS_EXPIRED'}})
  })

  it('gives up on a server that never completes the handshake, within its time limit', async () => {
    expect(await probeTls({host: '127.0.0.1', port: hang, timeoutMs: 300})).toEqual({ok: false, host: '127.0.0.1', port: hang, problem: 'timeout', reason: `127.0.0.1:${hang} did not complete a TLS handshake within 300 ms`})
  })

  it('says a plain HTTP port does not speak TLS', async () => {
    const probe = await probeTls({host: '127.0.0.1', port: http, timeoutMs: 2000})
    expect(probe).toMatchObject({ok: false, problem: 'not-tls'})
    expect(probe.ok ? '' : probe.reason).toMatch(new RegExp(`^127\\.0\\.0\\.1:${http} does not speak TLS \\(.+\\): is it the HTTP port\\?$`))
  })

  it('says a closed port refused', async () => {
    const port = await freePort()
    expect(await probeTls({host: '127.0.0.1', port})).toMatchObject({ok: false, problem: 'refused', reason: `127.0.0.1:${port} refused the connection (nothing listens there)`})
  })
})

describe('security.console-certificate on real servers', () => {
  it('passes a CA-signed certificate for the FQDN, valid 90 days', async () => {
    const r = await runOn(valid, 'pbx.example.com')
    expect(r.status, r.summary).toBe('pass')
    expect(r.summary).toMatch(new RegExp(`^The console certificate of 127\\.0\\.0\\.1:${valid} \\(pbx\\.example\\.com\\) is valid until \\d{4}-\\d\\d-\\d\\d \\(in (89|90) days\\), names pbx\\.example\\.com and verifies\\.$`))
    expect(r.measurements?.[0]).toMatchObject({name: 'certificate_expires_in_seconds', bad: 'below', warn: 30 * 86_400, fail: 7 * 86_400})
  })

  it('warns 10 days before expiry (warn 30, fail 7)', async () => {
    const r = await runOn(expiring, 'pbx.example.com')
    expect(r.status).toBe('warn')
    expect(r.summary).toMatch(/expires in (9|10) days \(/)
  })

  it('fails an expired certificate, and says it does not verify', async () => {
    const r = await runOn(expired, 'pbx.example.com')
    expect(r.status).toBe('fail')
    expect(r.summary).toMatch(/\(pbx\.example\.com\) expired (2|3) days ago \(\d{4}-\d\d-\d\d\); does not verify against the system CAs \(CERT_HAS_EXPIRED\)\.$/)
  })

  it('warns a certificate for another host than the FQDN', async () => {
    const r = await runOn(otherHost, 'pbx.example.com')
    expect(r.status).toBe('warn')
    expect(r.summary).toContain('does not name pbx.example.com (the FQDN of SystemStatus): Host: pbx.example.com. is not in the cert\'s altnames: DNS:other.example.net')
  })

  it('warns a self-signed certificate', async () => {
    const r = await runOn(self, 'pbx.example.com')
    expect(r.status).toBe('warn')
    expect(r.summary).toMatch(/is self-signed/)
  })

  it('on an http console URL of v20, tries 443 then 5001 and says so (none listens here)', async () => {
    const r = await runOn(0, undefined, {url: 'http://127.0.0.1:5000/', version: 20})
    expect(r.status).toBe('skip')
    expect(r.summary).toMatch(/^No TLS certificate could be read from the console: 127\.0\.0\.1:443 \(an HTTPS port of 3CX v20 \(443\)\): .+; 127\.0\.0\.1:5001 \(an HTTPS port of 3CX v20 \(5001\)\): .+\.$/)
  })

  it('warns when the https console URL is a plain HTTP port', async () => {
    const r = await runOn(http, 'pbx.example.com')
    expect(r.status).toBe('warn')
    expect(r.summary).toMatch(/does not speak TLS/)
  })

  it('skips a console that never completes the handshake, naming the time limit', async () => {
    const r = await runOn(hang, 'pbx.example.com')
    expect(r.status).toBe('skip')
    expect(r.summary).toContain('did not complete a TLS handshake within 1500 ms')
  })
})
