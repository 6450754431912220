/**
 * The console's transport: requests relative to the base URL, bounded by
 * ./http.ts, with a cookie jar (v15-v18 sessions) and TLS as the target allows
 * (self-signed accepted on loopback, elsewhere only with --insecure). A network
 * failure is one clear line (SourceUnavailableError('console')).
 */
import {isLoopbackHost} from '../../lib/net.js'
import {httpRequest, type HttpAnswer} from './http.js'
import {consoleUnavailable, networkFailureMessage} from './messages.js'

export interface ConsoleRequest {
  method: 'GET' | 'POST'
  /** Relative to the base URL, e.g. "api/login", "xapi/v1/Trunks?$top=10". */
  path: string
  body?: string
  contentType?: string
  headers?: Record<string, string>
}

export interface ConsoleClient {
  readonly base: URL
  readonly cookies: Map<string, string>
  send(request: ConsoleRequest): Promise<{answer: HttpAnswer; url: URL}>
  /** Requests sent so far. */
  readonly requests: number
}

export function consoleClient(base: URL, options: {timeoutMs: number; insecure: boolean}): ConsoleClient {
  const insecureTls = isLoopbackHost(base.hostname) || options.insecure
  const cookies = new Map<string, string>()
  let requests = 0
  return {
    base,
    cookies,
    get requests() {
      return requests
    },
    async send({method, path, body, contentType, headers}) {
      const url = new URL(path, base)
      requests++
      try {
        const answer = await httpRequest({
          method,
          url,
          timeoutMs: options.timeoutMs,
          insecureTls,
          headers: {
            ...(cookies.size > 0 ? {Cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ')} : {}),
            ...(body === undefined ? {} : {'Content-Type': contentType ?? 'application/json'}),
            ...headers,
          },
          ...(body === undefined ? {} : {body}),
        })
        for (const line of answer.headers['set-cookie'] ?? []) {
          const pair = line.split(';')[0] ?? ''
          const eq = pair.indexOf('=')
          if (eq > 0) cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim())
        }
        return {answer, url}
      } catch (error) {
        return consoleUnavailable(networkFailureMessage(error, url, options.timeoutMs))
      }
    },
  }
}

/** A login endpoint answered 404 or 405: the console speaks the other dialect (or is no 3CX console). */
export class DialectMismatch extends Error {
  constructor(
    readonly url: URL,
    readonly status: number,
    /** The dialect that was tried, e.g. "v15-v18". */
    readonly tried: string,
  ) {
    super(`${url.origin}${url.pathname} answered ${status}: this is not a 3CX ${tried} management console`)
  }
}
