/**
 * The console reachability source: does anything answer HTTP where the
 * management console should be? No login: one bounded GET per candidate URL,
 * reading only the status line and headers (the body is never read).
 *
 * Candidates: --console-url, else the database parameter WEB_ROOT_LOCAL, else the
 * default port(s) of the install's layout on this machine. With several default
 * ports, they are tried in order until one does not refuse the connection.
 * Unavailable (the check skips) when there is no URL and no 3CX install here.
 */
import type {SourceContext, SourceDefinition} from '../../engine/context.js'
import {SourceUnavailableError, errorMessage} from '../../engine/errors.js'
import {isLoopbackHost} from '../../lib/net.js'
import {dbSource} from '../db/index.js'
import {installSource} from '../install/index.js'
import {httpRequest} from './http.js'

/** Where the console listens when nothing says otherwise (defaults of the two layouts, on this machine). */
export const DEFAULT_CONSOLE_URLS = {
  windows: ['http://127.0.0.1:5000/', 'https://127.0.0.1:5001/'],
  debian: ['http://127.0.0.1:5015/'],
} as const

/** One GET of a candidate URL: the HTTP status (and redirect target), or the network error. */
export interface ConsoleProbe {
  url: string
  status?: number
  location?: string
  error?: string
  /** The node error code (ECONNREFUSED, ETIMEDOUT, ...). */
  code?: string
}

export interface ConsoleReachability {
  /** Where the candidate URL(s) came from, e.g. "--console-url", "parameter WEB_ROOT_LOCAL". */
  from: string
  /** Why earlier ways of finding the URL did not give one. */
  notes: string[]
  /** The bound of each GET. */
  timeoutMs: number
  /** The GETs made, in order. */
  probes: ConsoleProbe[]
}

export interface Candidates {
  urls: string[]
  from: string
  notes: string[]
}

/** The URLs to try: --console-url, WEB_ROOT_LOCAL, or the layout's default ports. */
export async function consoleCandidates(ctx: SourceContext): Promise<Candidates> {
  if (ctx.settings.consoleUrl) return {urls: [ctx.settings.consoleUrl], from: '--console-url', notes: []}
  const notes: string[] = []
  const db = await ctx.tryUse(dbSource)
  if (db.ok) {
    try {
      const root = await db.value.parameter('WEB_ROOT_LOCAL')
      if (root && /^https?:\/\//i.test(root.trim())) return {urls: [root.trim()], from: 'parameter WEB_ROOT_LOCAL', notes}
      notes.push(root ? `WEB_ROOT_LOCAL "${root.slice(0, 200)}" is not a URL` : 'the database has no WEB_ROOT_LOCAL parameter')
    } catch (error) {
      notes.push(`WEB_ROOT_LOCAL unknown: ${errorMessage(error)}`)
    }
  } else {
    notes.push(`WEB_ROOT_LOCAL unknown: ${db.reason}`)
  }
  const install = await ctx.tryUse(installSource)
  if (!install.ok) {
    throw new SourceUnavailableError(
      'console-reachability',
      `no console URL and no 3CX install on this machine (${install.reason}); give --console-url to check a console elsewhere`,
    )
  }
  const layout = install.value.layout
  return {urls: [...DEFAULT_CONSOLE_URLS[layout]], from: `the default ${layout === 'windows' ? 'Windows' : 'Debian'} port(s) on this machine`, notes}
}

/** One GET of `url`, bounded; never throws. */
export async function probeConsoleUrl(url: string, options: {timeoutMs: number; insecure: boolean}): Promise<ConsoleProbe> {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return {url, error: `"${url}" is not a URL`}
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return {url, error: `"${url}" is not an http(s) URL`}
  try {
    const answer = await httpRequest({
      method: 'GET',
      url: parsed,
      timeoutMs: options.timeoutMs,
      headOnly: true,
      // Only the reachability is asked here; a self-signed certificate on this machine is normal for 3CX.
      insecureTls: isLoopbackHost(parsed.hostname) || options.insecure,
    })
    const location = answer.headers.location
    return {url, status: answer.status, ...(typeof location === 'string' ? {location: location.slice(0, 500)} : {})}
  } catch (error) {
    const code = (error as {code?: string}).code
    return {url, error: errorMessage(error), ...(code ? {code} : {})}
  }
}

export const consoleReachabilitySource: SourceDefinition<ConsoleReachability> = {
  name: 'console-reachability',
  async open(ctx) {
    const candidates = await consoleCandidates(ctx)
    const timeoutMs = ctx.settings.consoleTimeoutMs ?? 5000
    const probes: ConsoleProbe[] = []
    for (const url of candidates.urls) {
      const p = await probeConsoleUrl(url, {timeoutMs, insecure: ctx.settings.insecure === true})
      probes.push(p)
      if (p.code !== 'ECONNREFUSED') break
    }
    return {from: candidates.from, notes: candidates.notes, timeoutMs, probes}
  },
  describe: (r) => `${r.probes.map((p) => `${p.url} ${p.status !== undefined ? `HTTP ${p.status}` : (p.code ?? 'error')}`).join(', ')} (URL from ${r.from})`,
}
