/**
 * The database source's one-line messages: a connection failure, a query error
 * (a missing table or column makes the check skip). The server's own text in
 * them is cut at MAX_SERVER_TEXT characters (it may quote row data).
 */
import {SourceUnavailableError, errorMessage, isSourceUnavailable} from '../../engine/errors.js'
import {truncate} from '../../lib/format.js'
import type {DbTarget} from './target.js'

/** The longest piece of a server message put into one line. */
export const MAX_SERVER_TEXT = 300

/** One clear line for a connection failure. */
export function connectFailureMessage(error: unknown, t: DbTarget, timeoutMs: number): string {
  const where = `${t.host}:${t.port}`
  const who = `user ${t.user || '(default)'}, from ${t.from}`
  const e = error as {code?: string; message?: string}
  const message = errorMessage(error)
  if (e.code === 'ECONNREFUSED') {
    return `connection refused at ${where} (${who}): is the "3CX PhoneSystem Database Server" service running and the port right?`
  }
  if (e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN') return `database host ${t.host} not found (${who}); check DBHost or --db-url`
  if (e.code === 'EHOSTUNREACH' || e.code === 'ENETUNREACH') return `database host ${where} unreachable (${who}); check the network and DBHost`
  if (e.code === '28P01' || /password authentication failed/i.test(message)) {
    return `password authentication failed for ${t.user} at ${where} (from ${t.from}): the password there is wrong or the account was changed; correct it or give --db-url`
  }
  if (e.code === '28000') return `the database at ${where} refused ${t.user} (${message}); check pg_hba.conf or use another account with --db-url`
  if (e.code === '3D000') return `database "${t.database}" does not exist at ${where} (${who}); check DBName or --db-url`
  if (e.code === '53300') return `the database at ${where} has no free connection slots (${message}); try again later`
  if (/timeout|timed out/i.test(message)) {
    return `no PostgreSQL answer from ${where} within ${timeoutMs / 1000} s (${who}): something accepts connections there but does not answer like the 3CX database; check the port`
  }
  if (/SASL|SCRAM|client password must be a string/i.test(message)) {
    return `the database at ${where} wants a password for ${t.user} and none (or a wrong one) was given (from ${t.from}); give --db-url with the password`
  }
  if (e.code === 'ECONNRESET' || e.code === 'EPIPE' || /unexpected|Connection terminated|not a function|Unknown message/i.test(message)) {
    return `the server at ${where} did not answer like PostgreSQL (${message}; ${who}); is this the 3CX database port (5480)?`
  }
  return `cannot connect to the database at ${where} (${who}): ${message}`
}

/** Turns a query error into a clear line; a missing table or column becomes SourceUnavailableError (the check skips). */
export function queryError(error: unknown, sql: string, timeoutMs: number): Error {
  if (isSourceUnavailable(error)) return error
  const e = error as {code?: string}
  const message = truncate(errorMessage(error), MAX_SERVER_TEXT)
  const short = sql.replace(/\s+/g, ' ').trim().slice(0, 80)
  if (e.code === '42P01') return new SourceUnavailableError('db', `table not found in this 3CX version: ${message} (query: ${short})`)
  if (e.code === '42703') return new SourceUnavailableError('db', `column not found in this 3CX version: ${message} (query: ${short})`)
  if (e.code === '42501') return new SourceUnavailableError('db', `the database account may not read this: ${message}; use an account with read access (--db-url)`)
  if (e.code === '57014' || /query read timeout/i.test(message)) {
    return new Error(`database query did not finish within ${timeoutMs / 1000} s (statement_timeout): ${short}`)
  }
  if (e.code === '25006') return new Error(`refused a write in the read-only database session (${message}); tcx-doctor never writes to the PBX`)
  return new Error(`database query failed: ${message} (query: ${short})`)
}

