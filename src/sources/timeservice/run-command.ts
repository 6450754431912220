/**
 * One bounded run of a time-service command: execFile (no shell), a time limit after which the
 * process is killed, and a cap on what it may print. Never throws: a missing command, a non-zero
 * exit, a timeout or too much output is a one-line reason.
 */
import {execFile} from 'node:child_process'

export const COMMAND_TIMEOUT_MS = 3000
/** Bytes of output accepted (stdout and stderr each). */
export const COMMAND_MAX_BUFFER = 64 * 1024

export type CommandResult = {ok: true; stdout: string} | {ok: false; reason: string; missing: boolean}

export interface CommandOptions {
  timeoutMs?: number
  maxBuffer?: number
  env?: NodeJS.ProcessEnv
}

const shown = (file: string, args: readonly string[]): string => [file, ...args].join(' ')

/** Runs `file args` once, bounded; the first line of stderr explains a failure. */
export function runCommand(file: string, args: readonly string[], options: CommandOptions = {}): Promise<CommandResult> {
  const timeoutMs = options.timeoutMs ?? COMMAND_TIMEOUT_MS
  const command = shown(file, args)
  return new Promise((resolve) => {
    execFile(
      file,
      [...args],
      {timeout: timeoutMs, maxBuffer: options.maxBuffer ?? COMMAND_MAX_BUFFER, killSignal: 'SIGKILL', windowsHide: true, encoding: 'utf8', env: options.env ?? process.env, shell: false},
      (error, stdout, stderr) => {
        if (!error) return resolve({ok: true, stdout})
        const e = error as NodeJS.ErrnoException & {killed?: boolean; code?: string | number; signal?: string}
        if (e.code === 'ENOENT') return resolve({ok: false, reason: `${file} is not installed (not on PATH)`, missing: true})
        if (e.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') return resolve({ok: false, reason: `${command} printed more than ${options.maxBuffer ?? COMMAND_MAX_BUFFER} bytes (stopped)`, missing: false})
        if (e.killed || e.signal === 'SIGKILL') return resolve({ok: false, reason: `${command} did not answer within ${timeoutMs} ms (stopped)`, missing: false})
        const said = `${stderr}\n${stdout}`.split(/\r?\n/).map((l) => l.trim()).find((l) => l !== '')
        resolve({ok: false, reason: `${command} exited with ${String(e.code ?? e.signal)}${said ? `: ${said.slice(0, 200)}` : ''}`, missing: false})
      },
    )
  })
}
