/**
 * The version of the Debian package `3cxpbx` from `dpkg-query -W -f '${Version}' 3cxpbx`,
 * a bounded process run: killed after `timeoutMs`, at most 4 KiB of output read. A missing
 * dpkg-query, a missing package or a hang is a reason, never a throw.
 */
import {spawn} from 'node:child_process'

export const DPKG_PACKAGE = '3cxpbx'
export const DPKG_ARGS = ['-W', '-f', '${Version}', DPKG_PACKAGE] as const
export const DPKG_COMMAND = `dpkg-query -W -f '\${Version}' ${DPKG_PACKAGE}`
export const DEFAULT_DPKG_TIMEOUT_MS = 3000
const MAX_OUTPUT = 4096

export type DpkgResult = {ok: true; version: string} | {ok: false; reason: string}

export interface DpkgOptions {
  timeoutMs?: number
  /** The environment of the process (its PATH finds dpkg-query); default process.env. */
  env?: NodeJS.ProcessEnv
  signal?: AbortSignal
}

/** Runs dpkg-query once; resolves with the version or the one-line reason it is not available. */
export function readDpkgVersion(options: DpkgOptions = {}): Promise<DpkgResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_DPKG_TIMEOUT_MS
  return new Promise((resolvePromise) => {
    let settled = false
    const done = (result: DpkgResult): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      options.signal?.removeEventListener('abort', onAbort)
      resolvePromise(result)
    }
    let child: ReturnType<typeof spawn>
    try {
      child = spawn('dpkg-query', [...DPKG_ARGS], {env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe']})
    } catch (error) {
      resolvePromise({ok: false, reason: `${DPKG_COMMAND} could not be run (${(error as Error).message})`})
      return
    }
    const out: Buffer[] = []
    const err: Buffer[] = []
    let outBytes = 0
    let errBytes = 0
    child.stdout?.on('data', (chunk: Buffer) => {
      if (outBytes < MAX_OUTPUT) out.push(chunk.subarray(0, MAX_OUTPUT - outBytes))
      outBytes += chunk.length
    })
    child.stderr?.on('data', (chunk: Buffer) => {
      if (errBytes < MAX_OUTPUT) err.push(chunk.subarray(0, MAX_OUTPUT - errBytes))
      errBytes += chunk.length
    })
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      done({ok: false, reason: `${DPKG_COMMAND} did not answer within ${timeoutMs} ms (stopped)`})
    }, timeoutMs)
    const onAbort = (): void => {
      child.kill('SIGKILL')
      done({ok: false, reason: `${DPKG_COMMAND} was stopped (the run was cancelled)`})
    }
    options.signal?.addEventListener('abort', onAbort, {once: true})
    child.on('error', (error: NodeJS.ErrnoException) => {
      done({ok: false, reason: error.code === 'ENOENT' ? 'dpkg-query is not installed here (not a Debian system)' : `${DPKG_COMMAND} could not be run (${error.message})`})
    })
    child.on('close', (code) => {
      const stdout = Buffer.concat(out).toString('utf8').trim()
      const stderr = Buffer.concat(err).toString('utf8').trim().split(/\r?\n/)[0]?.slice(0, 200) ?? ''
      if (code === 0 && stdout !== '') done({ok: true, version: stdout.slice(0, 100)})
      else if (code === 0) done({ok: false, reason: `the package ${DPKG_PACKAGE} is known to dpkg but not installed`})
      else done({ok: false, reason: `the package ${DPKG_PACKAGE} is not installed here (${DPKG_COMMAND} exited ${code ?? 'on a signal'}${stderr ? `: ${stderr}` : ''})`})
    })
  })
}
