/**
 * A real SIP registrar for tests: sipp (Debian `sip-tester`) running a UAS
 * scenario that challenges each REGISTER (401, digest, qop=auth), checks the
 * answer with its `verifyauth` action against one user and password, and answers
 * 200 or 403. Listens on 127.0.0.1 (UDP) on a free port.
 *
 *   const registrar = await startSippRegistrar({user: '10001', password: 'pw'})
 *   registrar.port; await registrar.stop()
 */
import {spawn, spawnSync} from 'node:child_process'
import dgram from 'node:dgram'
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {tempDir} from './cli.js'

export const SIPP = '/usr/bin/sipp'

/** True when sipp can run here; under CI=true a missing sipp is an error, not a skip. */
export function sippAvailable(): boolean {
  const ok = spawnSync(SIPP, ['-v'], {stdio: 'ignore'}).status !== null
  if (!ok && process.env.CI === 'true') throw new Error('sipp is required under CI=true: apt-get install sip-tester')
  return ok
}

export function freeUdpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = dgram.createSocket('udp4')
    s.once('error', reject)
    s.bind(0, '127.0.0.1', () => {
      const {port} = s.address()
      s.close(() => resolve(port))
    })
  })
}

const xmlAttr = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;')

function scenario(user: string, password: string): string {
  const response = (status: string): string => `<send><![CDATA[
    SIP/2.0 ${status}
    [last_Via:]
    [last_From:]
    [last_To:];tag=[pid]SIPpTag01[call_number]
    [last_Call-ID:]
    [last_CSeq:]
    Content-Length: 0

  ]]></send>`
  return `<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="tcx-doctor test registrar">
  <recv request="REGISTER"/>
  <send><![CDATA[
    SIP/2.0 401 Unauthorized
    [last_Via:]
    [last_From:]
    [last_To:];tag=[pid]SIPpTag01[call_number]
    [last_Call-ID:]
    [last_CSeq:]
    WWW-Authenticate: Digest realm="pbx.test", nonce="[pid][call_number]9f3c1e", qop="auth", algorithm=MD5
    Content-Length: 0

  ]]></send>
  <recv request="REGISTER">
    <action>
      <verifyauth assign_to="authvalid" username="${xmlAttr(user)}" password="${xmlAttr(password)}"/>
    </action>
  </recv>
  <nop hide="true" test="authvalid" next="goodauth"/>
  <nop hide="true" next="badauth"/>
  <label id="goodauth"/>
  ${response('200 OK')}
  <nop hide="true" next="done"/>
  <label id="badauth"/>
  ${response('403 Forbidden')}
  <label id="done"/>
</scenario>
`
}

export interface SippRegistrar {
  port: number
  stop(): Promise<void>
}

export async function startSippRegistrar(o: {user: string; password: string}): Promise<SippRegistrar> {
  const dir = tempDir('tcx-sipp-')
  const file = join(dir, 'registrar.xml')
  writeFileSync(file, scenario(o.user, o.password))
  const port = await freeUdpPort()
  const child = spawn(SIPP, ['-sf', file, '-i', '127.0.0.1', '-p', String(port), '-t', 'u1', '-nostdin', '-timeout', '120s'], {cwd: dir, stdio: ['ignore', 'ignore', 'pipe']})
  let stderr = ''
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  // Ready when it listens: probe with a UDP bind on the same port until it fails (taken).
  const started = Date.now()
  for (;;) {
    if (child.exitCode !== null) throw new Error(`sipp exited (${child.exitCode}): ${stderr.trim().split('\n').slice(-3).join(' ')}`)
    const taken = await new Promise<boolean>((resolve) => {
      const s = dgram.createSocket('udp4')
      s.once('error', () => resolve(true))
      s.bind(port, '127.0.0.1', () => s.close(() => resolve(false)))
    })
    if (taken) break
    if (Date.now() - started > 10_000) throw new Error('sipp did not start listening within 10 s')
    await new Promise((r) => setTimeout(r, 100))
  }
  return {
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
        setTimeout(() => child.kill('SIGKILL'), 2000).unref()
      }),
  }
}
