/**
 * One HTTP(S) request to the console, bounded in time (the whole exchange, body
 * included) and in size: a successful body is read up to `maxBodyBytes` (8 MiB by
 * default, more is an ETOOBIG error); of an error answer (not 2xx) only the first
 * `ERROR_BODY_BYTES` are kept and the rest is not read. Uses node:http(s) only.
 */
import http from 'node:http'
import https from 'node:https'

/** The largest JSON body read from the console. */
export const MAX_BODY_BYTES = 8 * 1024 * 1024
/** What is kept of the body of an error answer (for its one-line message). */
export const ERROR_BODY_BYTES = 4 * 1024

export interface HttpAnswer {
  status: number
  headers: http.IncomingHttpHeaders
  body: string
  /** True when the body was cut at ERROR_BODY_BYTES (error answers only). */
  truncated?: boolean
}

export interface HttpOptions {
  method: 'GET' | 'POST'
  url: URL
  headers?: Record<string, string>
  body?: string
  timeoutMs: number
  /** Accept any TLS certificate. */
  insecureTls: boolean
  /** Cap of a successful body (default MAX_BODY_BYTES). */
  maxBodyBytes?: number
  /** Read no body at all (a reachability probe): resolve on the status line and headers. */
  headOnly?: boolean
}

const tooBig = (limit: number): Error =>
  Object.assign(new Error(`answer larger than ${limit >= 1024 * 1024 ? `${limit / 1024 / 1024} MiB` : `${limit} bytes`}`), {code: 'ETOOBIG'})

/** One HTTP request, bounded in time and size; network failures reject with the node error (code kept). */
export function httpRequest(options: HttpOptions): Promise<HttpAnswer> {
  const maxBody = options.maxBodyBytes ?? MAX_BODY_BYTES
  return new Promise((resolve, reject) => {
    const isHttps = options.url.protocol === 'https:'
    const lib = isHttps ? https : http
    const body = options.body === undefined ? undefined : Buffer.from(options.body)
    let settled = false
    const done = (error: Error | undefined, answer?: HttpAnswer): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      if (error) reject(error)
      else resolve(answer!)
    }
    const req = lib.request(
      options.url,
      {
        method: options.method,
        headers: {
          Accept: 'application/json, text/plain, */*',
          'User-Agent': 'tcx-doctor',
          ...(body ? {'Content-Length': String(body.length)} : {}),
          ...options.headers,
        },
        ...(isHttps ? {rejectUnauthorized: !options.insecureTls} : {}),
      },
      (res) => {
        const status = res.statusCode ?? 0
        if (options.headOnly) {
          done(undefined, {status, headers: res.headers, body: ''})
          res.destroy()
          return
        }
        const isError = status < 200 || status >= 300
        const limit = isError ? ERROR_BODY_BYTES : maxBody
        const chunks: Buffer[] = []
        let size = 0
        const finish = (truncated: boolean): void =>
          done(undefined, {status, headers: res.headers, body: Buffer.concat(chunks).toString('utf8'), ...(truncated ? {truncated} : {})})
        res.on('data', (chunk: Buffer) => {
          if (settled) return
          if (size + chunk.length > limit) {
            if (!isError) {
              done(tooBig(limit))
              req.destroy()
              return
            }
            chunks.push(chunk.subarray(0, limit - size))
            size = limit
            finish(true)
            req.destroy()
            return
          }
          size += chunk.length
          chunks.push(chunk)
        })
        res.on('end', () => finish(false))
        res.on('error', (error) => done(error))
      },
    )
    const timer = setTimeout(() => {
      const error = Object.assign(new Error(`no answer within ${options.timeoutMs / 1000} s`), {code: 'ETIMEDOUT'})
      done(error)
      req.destroy(error)
    }, options.timeoutMs)
    req.on('error', (error) => done(error))
    req.end(body)
  })
}
