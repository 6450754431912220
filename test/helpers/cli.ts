/**
 * Runs the built CLI (bin/run.js) as a user would: a real child process.
 * `npm test` builds first, so dist/ is current.
 */
import {spawn} from 'node:child_process'
import {join, resolve} from 'node:path'

export const ROOT = resolve(import.meta.dirname, '..', '..')
export const BIN = join(ROOT, 'bin', 'run.js')
export const SAMPLE_INSTALL = join(ROOT, 'examples', 'sample-pbx', '3CX Phone System')

export interface CliResult {
  code: number | null
  stdout: string
  stderr: string
}

export interface CliOptions {
  cwd?: string
  env?: NodeJS.ProcessEnv
  /** Prefix command, e.g. ['ip', 'netns', 'exec', 'ns1'] */
  wrap?: string[]
  timeoutMs?: number
  input?: string
}

/**
 * Tests never reach outside loopback: a `run` that may include time.clock-drift without choosing
 * its NTP servers would ask the public pool (the check's default). Such a run must say
 * `--ntp-server` (a local responder, or none) or be a `--demo` (which starts its own responder).
 */
function assertLocalOnly(args: string[]): void {
  if (args[0] !== 'run' || args.includes('--ntp-server') || args.includes('--demo') || args.includes('--help')) return
  const onlyAt = args.indexOf('--only')
  const only = onlyAt >= 0 ? (args[onlyAt + 1] ?? '') : undefined
  if (only === undefined || /time|clock/.test(only)) {
    throw new Error(`runCli(${JSON.stringify(args)}): pass --ntp-server (127.0.0.1:PORT or none) so no test asks a public NTP pool`)
  }
}

export function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  assertLocalOnly(args)
  const command = options.wrap ? options.wrap[0]! : process.execPath
  const argv = options.wrap ? [...options.wrap.slice(1), process.execPath, BIN, ...args] : [BIN, ...args]
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, argv, {
      cwd: options.cwd ?? ROOT,
      env: {...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...options.env},
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolvePromise({code, stdout, stderr})
    })
    child.stdin.end(options.input ?? '')
  })
}

export {tempDir} from './temp.js'
