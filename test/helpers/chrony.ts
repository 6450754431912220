/**
 * A real NTP server for tests: Debian's chronyd on 127.0.0.1 and an
 * unprivileged port, serving its local clock (`local stratum 8`, no upstream
 * servers). `-x` keeps it from ever touching the system clock; the command
 * socket is off. Absent chronyd: `available()` says why (tests skip, but under
 * CI=true they must run).
 */
import {spawn, spawnSync, type ChildProcess} from 'node:child_process'
import {createSocket} from 'node:dgram'
import {existsSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {querySntp} from '../../src/sources/clock/index.js'

export const CHRONYD_CANDIDATES = ['/usr/sbin/chronyd', '/sbin/chronyd', '/usr/bin/chronyd']

export function chronydPath(): string | undefined {
  const found = CHRONYD_CANDIDATES.find((p) => existsSync(p))
  if (found) return found
  const which = spawnSync('sh', ['-c', 'command -v chronyd'], {encoding: 'utf8'})
  return which.status === 0 && which.stdout.trim() !== '' ? which.stdout.trim() : undefined
}

/** A free UDP port on 127.0.0.1 (bound then released). */
export async function freeUdpPort(): Promise<number> {
  const socket = createSocket('udp4')
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve))
  const {port} = socket.address()
  await new Promise<void>((resolve) => socket.close(() => resolve()))
  return port
}

interface Launched {
  child: ChildProcess
  /** Stops chronyd (SIGTERM, SIGKILL after 3 s) and removes its folder. */
  stop(): Promise<void>
  /** What it printed so far. */
  output(): string
}

/** Starts chronyd in the foreground (`-x`: never the system clock) with `conf`; `dir` is removed on stop. */
function launch(chronyd: string, conf: string, dir: string): Launched {
  const args = ['-x', '-d', '-f', conf]
  if (process.getuid?.() !== 0) args.push('-U')
  const child: ChildProcess = spawn(chronyd, args, {stdio: ['ignore', 'pipe', 'pipe']})
  let output = ''
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()))
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000)
      await exited
      clearTimeout(timer)
    }
    rmSync(dir, {recursive: true, force: true})
  }
  return {child, stop, output: () => output}
}

export interface Chrony {
  port: number
  spec: string
  stop(): Promise<void>
  log(): string
}

export async function startChrony(): Promise<Chrony> {
  const chronyd = chronydPath()
  if (!chronyd) throw new Error('chronyd not found (apt-get install chrony)')
  const dir = mkdtempSync(join(tmpdir(), 'tcx-chrony-'))
  const port = await freeUdpPort()
  const conf = join(dir, 'chrony.conf')
  writeFileSync(
    conf,
    [
      `port ${port}`,
      'bindaddress 127.0.0.1',
      'bindcmdaddress /',
      'cmdport 0',
      'local stratum 8',
      'allow 127.0.0.1',
      `driftfile ${join(dir, 'drift')}`,
      `pidfile ${join(dir, 'chronyd.pid')}`,
      '',
    ].join('\n'),
  )
  const {child, stop, output} = launch(chronyd, conf, dir)
  // Ready when it answers an SNTP query (at most ~5 s).
  const deadline = Date.now() + 5000
  for (;;) {
    if (child.exitCode !== null) {
      await stop()
      throw new Error(`chronyd exited with ${child.exitCode}: ${output().trim()}`)
    }
    try {
      await querySntp({host: '127.0.0.1', port, spec: `127.0.0.1:${port}`}, {timeoutMs: 200, tries: 1})
      break
    } catch (error) {
      if (Date.now() > deadline) {
        await stop()
        throw new Error(`chronyd did not answer on 127.0.0.1:${port} within 5 s: ${(error as Error).message}; output: ${output().trim()}`)
      }
    }
  }
  return {port, spec: `127.0.0.1:${port}`, stop, log: output}
}

export interface ChronyClient {
  /** chronyd's command port on 127.0.0.1 (for `chronyc -h 127.0.0.1 -p PORT`). */
  commandPort: number
  stop(): Promise<void>
  log(): string
}

/**
 * A chronyd that synchronises (in its own view: `-x`, never the system clock) to one NTP server on
 * loopback, polled every 1/16 s, with its command port on 127.0.0.1 so chronyc can ask it.
 * Ready when chronyc gets an answer (synchronised or not).
 */
export async function startChronyClient(upstream: {host: string; port: number}): Promise<ChronyClient> {
  const chronyd = chronydPath()
  if (!chronyd) throw new Error('chronyd not found (apt-get install chrony)')
  const dir = mkdtempSync(join(tmpdir(), 'tcx-chrony-client-'))
  const commandPort = await freeUdpPort()
  const conf = join(dir, 'chrony.conf')
  writeFileSync(
    conf,
    [
      `server ${upstream.host} port ${upstream.port} iburst minpoll -4 maxpoll -4`,
      'port 0',
      'bindcmdaddress 127.0.0.1',
      `cmdport ${commandPort}`,
      'cmdallow 127.0.0.1',
      `driftfile ${join(dir, 'drift')}`,
      `pidfile ${join(dir, 'chronyd.pid')}`,
      '',
    ].join('\n'),
  )
  const {child, stop, output} = launch(chronyd, conf, dir)
  const deadline = Date.now() + 5000
  for (;;) {
    if (child.exitCode !== null) {
      await stop()
      throw new Error(`chronyd exited with ${child.exitCode}: ${output().trim()}`)
    }
    const asked = spawnSync('chronyc', ['-h', '127.0.0.1', '-p', String(commandPort), '-c', 'tracking'], {encoding: 'utf8', timeout: 1000})
    if (asked.status === 0 && asked.stdout.trim() !== '') break
    if (Date.now() > deadline) {
      await stop()
      throw new Error(`chronyd's command port 127.0.0.1:${commandPort} did not answer within 5 s: ${asked.stderr?.trim()}; output: ${output().trim()}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return {commandPort, stop, log: output}
}
