/**
 * The one-line messages of the console source: a network failure, an HTTP
 * answer that is not a success, an answer that is not the 3CX API. Each says
 * what happened, where, and what to do. Pure: no I/O.
 */
import {SourceUnavailableError, errorMessage} from '../../engine/errors.js'
import type {HttpAnswer} from './http.js'

/** Throws the console source's unavailability with its one line. */
export function consoleUnavailable(message: string): never {
  throw new SourceUnavailableError('console', message)
}

/** One clear line for a network failure talking to the console. */
export function networkFailureMessage(error: unknown, url: URL, timeoutMs: number): string {
  const code = (error as {code?: string}).code
  const where = url.origin
  if (code === 'ECONNREFUSED') return `connection refused at ${where}: is the "3CX PhoneSystem Nginx Server" service running, and is the URL right (--console-url)?`
  if (code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT') {
    return `the management console at ${where} did not answer ${url.pathname} within ${timeoutMs / 1000} s; it is overloaded or the URL is wrong (raise console.timeoutSeconds in the config if the PBX is slow)`
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `console host ${url.hostname} not found; check WEB_ROOT_LOCAL or give --console-url`
  if (code === 'ECONNRESET' || code === 'EPIPE') return `the management console at ${where} closed the connection on ${url.pathname}; is this the 3CX console port (http vs https)?`
  if (code === 'EPROTO' || /wrong version number|packet length too long/i.test(errorMessage(error))) {
    return `TLS handshake with ${where} failed (${errorMessage(error)}); use http:// or https:// as the console really serves`
  }
  if (code && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/i.test(code)) {
    return `the console at ${where} has a TLS certificate that is not trusted (${code}); it is not on this machine, so pass --insecure to accept it`
  }
  if (code === 'ETOOBIG') return `the console at ${where} sent an oversized answer for ${url.pathname}`
  return `cannot reach the management console at ${where}${url.pathname}: ${errorMessage(error)}`
}

export const BAD_GATEWAY =
  'the 3CX web server is up but its backend is not (HTTP 502 from %s): the 3CX services behind nginx are stopped or failing; ' +
  'a common cause is a network card added after install (see network.multiple-nics): remove it, restore the original IP configuration and reboot'

export function looksLikeHtml(answer: HttpAnswer): boolean {
  const type = String(answer.headers['content-type'] ?? '')
  return /text\/html/i.test(type) || /^\s*</.test(answer.body)
}

export function snippet(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > 60 ? `${flat.slice(0, 60)}...` : flat
}

/** The error of a non-successful answer, one line. */
export function answerProblem(answer: HttpAnswer, url: URL, dialect: 'v15' | 'v20' = 'v15'): string | undefined {
  if (answer.status === 502) return BAD_GATEWAY.replace('%s', url.origin + url.pathname)
  if (answer.status === 503 || answer.status === 504) {
    return `the 3CX web server at ${url.origin} answered HTTP ${answer.status} for ${url.pathname}: its backend is starting, stopped or overloaded; check the 3CX services`
  }
  if (answer.status === 404) {
    return dialect === 'v15'
      ? `${url.origin}${url.pathname} answered 404: this is not a 3CX v15-v18 management console (check --console-url / WEB_ROOT_LOCAL)`
      : `${url.origin}${url.pathname} answered 404: this 3CX v20 management API has no such resource (an older or newer v20 build?)`
  }
  if (answer.status < 200 || answer.status >= 300) return `${url.origin}${url.pathname} answered HTTP ${answer.status} (${snippet(answer.body) || 'no body'})`
  return undefined
}

