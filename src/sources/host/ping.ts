/**
 * "Does something answer at this address?" through the `ping` package, which
 * runs the system `ping` (Debian: iputils-ping; Windows: %SystemRoot%\system32\ping.exe).
 * When that binary is missing the answer is `unavailable` with the reason, so
 * a check can skip only the part that needs it. Every probe is bounded.
 */
import {accessSync, constants} from 'node:fs'
import {isIPv6} from 'node:net'
import {delimiter, join} from 'node:path'
import ping from 'ping'

export type PingOutcome =
  | {status: 'answered'; address: string; timeMs?: number}
  | {status: 'no-answer'; address: string}
  | {status: 'unavailable'; address: string; reason: string}

/** Where the ping package will look for the binary on this platform, or the reason it cannot. */
export function findPingBinary(address: string, platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): {path: string} | {reason: string} {
  const v6 = isIPv6(address)
  if (platform === 'win32') {
    const path = `${env.SystemRoot ?? 'C:\\Windows'}\\system32\\ping.exe`
    return canRun(path) ? {path} : {reason: `${path} is missing`}
  }
  if (platform === 'darwin') {
    const path = v6 ? '/sbin/ping6' : '/sbin/ping'
    return canRun(path) ? {path} : {reason: `${path} is missing`}
  }
  const name = v6 ? 'ping6' : 'ping'
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const path = join(dir, name)
    if (canRun(path)) return {path}
  }
  return {reason: `no \`${name}\` program on PATH (install iputils-ping on Debian)`}
}

function canRun(path: string): boolean {
  try {
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

/** Sends up to `count` echo requests and waits at most `timeoutSeconds` for a reply. */
export async function pingAddress(address: string, options: {timeoutSeconds?: number; count?: number} = {}): Promise<PingOutcome> {
  const binary = findPingBinary(address)
  if ('reason' in binary) return {status: 'unavailable', address, reason: binary.reason}
  const timeoutSeconds = Math.max(1, Math.round(options.timeoutSeconds ?? 2))
  const count = options.count ?? 1
  const linux = process.platform !== 'win32' && process.platform !== 'darwin'
  const probe = ping.promise.probe(address, {
    timeout: timeoutSeconds,
    min_reply: count,
    // iputils: stop after the first reply (-c) and never run longer than the deadline (-w).
    ...(linux ? {deadline: timeoutSeconds + 1} : {}),
  })
  let timer: NodeJS.Timeout | undefined
  const guard = new Promise<'timeout'>((resolvePromise) => {
    timer = setTimeout(() => resolvePromise('timeout'), (timeoutSeconds + 3) * 1000)
    timer.unref()
  })
  try {
    const result = await Promise.race([probe, guard])
    if (result === 'timeout') return {status: 'no-answer', address}
    if (result.alive) {
      const time = typeof result.time === 'number' ? result.time : Number.parseFloat(String(result.time))
      return Number.isFinite(time) ? {status: 'answered', address, timeMs: time} : {status: 'answered', address}
    }
    return {status: 'no-answer', address}
  } catch (error) {
    return {status: 'unavailable', address, reason: `ping could not run: ${(error as Error).message.split('\n')[0]}`}
  } finally {
    clearTimeout(timer)
  }
}
