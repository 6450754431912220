/**
 * security.console-certificate through the built CLI: a TLS server on 127.0.0.1 whose certificate
 * a test CA signed (openssl, in the test), given as --console-url; trusted only when the spawned
 * process gets the CA through NODE_EXTRA_CA_CERTS. The console login fails on it (it is no 3CX),
 * so the URL host is compared.
 */
import {createServer, type Server} from 'node:tls'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {TestCa} from '../../helpers/certificates.js'
import {runCli, tempDir} from '../../helpers/cli.js'
import {listenLocal} from '../../helpers/ports.js'
import type {JsonResult} from '../../helpers/report-schema.js'

const DAY = 86_400_000
let ca: TestCa
let server: Server
let port: number

beforeAll(async () => {
  ca = new TestCa()
  const leaf = ca.issue({cn: 'localhost', san: 'DNS:localhost,IP:127.0.0.1', notBefore: new Date(Date.now() - DAY), notAfter: new Date(Date.now() + 20 * DAY)})
  server = createServer({key: leaf.key, cert: leaf.cert}, (socket) => socket.end('HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n'))
  server.on('tlsClientError', () => {})
  port = await listenLocal(server)
})

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()))
})

async function run(env: NodeJS.ProcessEnv = {}, extra: string[] = []): Promise<JsonResult> {
  const r = await runCli(['run', '--only', 'security.console-certificate', '--format', 'json', '--install-dir', tempDir('tcx-noinstall-'), '--console-url', `https://127.0.0.1:${port}/`, ...extra], {env})
  const report = JSON.parse(r.stdout) as {results: JsonResult[]}
  return report.results.find((x) => x.id === 'security.console-certificate')!
}

describe('security.console-certificate end to end', () => {
  it('warns 20 days before expiry (warn 30) and says it verifies against the CA from NODE_EXTRA_CA_CERTS', async () => {
    const result = await run({NODE_EXTRA_CA_CERTS: ca.certFile})
    expect(result.status).toBe('warn')
    expect(result.summary).toMatch(new RegExp(`^The console certificate of 127\\.0\\.0\\.1:${port} \\(localhost\\) expires in 19 days \\(\\d{4}-\\d\\d-\\d\\d\\)\\.$`))
  })

  it('passes with warnDays 14 from the config', async () => {
    const dir = tempDir('tcx-config-')
    const {writeFileSync} = await import('node:fs')
    writeFileSync(`${dir}/config.json`, JSON.stringify({checks: {'security.console-certificate': {warnDays: 14}}}))
    const result = await run({NODE_EXTRA_CA_CERTS: ca.certFile}, ['--config', `${dir}/config.json`])
    expect(result.status, result.summary).toBe('pass')
  })

  it('without the CA, names the verification error', async () => {
    const result = await run()
    expect(result.status).toBe('warn')
    expect(result.summary).toMatch(/does not verify against the system CAs \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\)\.$/)
  })
})
