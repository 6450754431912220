/**
 * The e-mailed report: the HTML report as the body, the text report as the
 * plain-text alternative, the JSON report attached; sent with nodemailer.
 *
 * `--email-on` decides whether to send: `always`; `problems` (any warn, fail or
 * error that no waiver covers); `changes` (the set of such results, by id and
 * status, differs from the last run's, kept in the state file; a run with no
 * earlier state counts as a change). The state is saved only after a successful
 * send, so a failed send is retried by the next run. A `changes` e-mail says what
 * changed (new problems, resolved ones, changed statuses) at the top of its bodies
 * and in its subject (src/delivery/report-changes.ts).
 *
 * Nothing here prints: `deliverByEmail` returns one line for the command, with
 * every secret redacted. A send failure is a line saying what was tried and
 * what to do; the command exits 3 with it, after the report files are written.
 */
import {STATUS_ORDER, isProblem} from '../engine/status.js'
import {mkdirSync, readFileSync} from 'node:fs'
import {isIP} from 'node:net'
import {dirname} from 'node:path'
import nodemailer from 'nodemailer'
import writeFileAtomic from 'write-file-atomic'
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js'
import {renderHtml, type HtmlOptions} from '../../reports/html.js'
import {renderJson} from '../../reports/json.js'
import {renderText} from '../../reports/text.js'
import type {Status} from '../engine/check.js'
import {errorMessage} from '../engine/errors.js'
import type {Report} from '../engine/report.js'
import {SecretRegistry} from '../engine/secrets.js'
import {inertLine} from '../lib/format.js'
import {isLoopbackHost} from '../lib/net.js'
import {SMTP_PASSWORD_ENV, type EmailOn, type EmailSettings} from './email-settings.js'
import {changesHeadline, changesHtml, changesSince, changesText, withChangesFirst, type PreviousProblems, type ReportChanges} from './report-changes.js'

const SUBJECT_LABEL: Record<Status, string> = {fail: 'FAIL', error: 'ERROR', warn: 'WARN', pass: 'PASS', skip: 'SKIP'}

/**
 * `[tcx-doctor] FAIL pbx.example.com: 2 fail, 1 warn` (waived results are named apart and do not set
 * the label); with the changes since the last report, they come first:
 * `[tcx-doctor] FAIL pbx.example.com: 1 new problem, 1 resolved; now 2 fail, 1 warn`.
 */
export function emailSubject(report: Report, changes?: ReportChanges): string {
  const counted = report.results.filter((r) => r.waived === undefined)
  const counts = STATUS_ORDER.map((s) => [s, counted.filter((r) => r.status === s).length] as const).filter(([, n]) => n > 0)
  const problems = counts.filter(([s]) => isProblem(s))
  const shown = problems.length > 0 ? problems : counts.filter(([s]) => s === 'pass')
  const parts = shown.map(([s, n]) => `${n} ${s}`)
  if (report.summary.waived > 0) parts.push(`${report.summary.waived} waived`)
  if (parts.length === 0) parts.push(report.results.length === 0 ? 'no checks ran' : `${report.summary.skip} skip`)
  const changed = changes && changes.changes.length > 0 ? `${changesHeadline(changes)}; now ` : ''
  return `[tcx-doctor] ${SUBJECT_LABEL[report.summary.worst]} ${report.target.hostname}: ${changed}${parts.join(', ')}`
}

/** The results that make a problem (warn, fail, error; not waived), as sorted `id=status` keys: what `changes` compares. */
export function problemKeys(report: Report): string[] {
  return report.results
    .filter((r) => r.waived === undefined && isProblem(r.status))
    .map((r) => `${r.id}=${r.status}`)
    .sort()
}

export interface SendDecision {
  send: boolean
  /** Why, in words, for the command's output. */
  reason: string
}

export function decideSend(report: Report, on: EmailOn, previous: string[] | undefined): SendDecision {
  const current = problemKeys(report)
  if (on === 'always') return {send: true, reason: '--email-on always'}
  if (on === 'problems') {
    return current.length > 0 ? {send: true, reason: `${current.length} problem(s)`} : {send: false, reason: 'no e-mail: no problems (--email-on problems)'}
  }
  if (previous === undefined) return {send: true, reason: 'first run with this state file'}
  const same = previous.length === current.length && previous.every((k, i) => k === current[i])
  if (same) return {send: false, reason: 'no e-mail: the problems are the same as in the last run (--email-on changes)'}
  const added = current.filter((k) => !previous.includes(k))
  const gone = previous.filter((k) => !current.includes(k))
  return {send: true, reason: `changed since the last run: ${[...added.map((k) => `+${k}`), ...gone.map((k) => `-${k}`)].join(' ')}`}
}

interface StateFile {
  schemaVersion: 1
  targets: Record<string, {savedAt: string; problems: string[]}>
}

/** One state file can serve several installs (scheduled runs with different --install-dir). */
export const stateKey = (report: Report): string => `${report.target.hostname}|${report.target.installDir ?? ''}`

function readStateFile(path: string): StateFile {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {schemaVersion: 1, targets: {}}
    throw new Error(`cannot read the state file ${path}: ${errorMessage(error)} (fix its permissions or choose another with --state-file)`)
  }
  try {
    const parsed = JSON.parse(text) as Partial<StateFile>
    if (parsed && typeof parsed.targets === 'object' && parsed.targets !== null) return {schemaVersion: 1, targets: parsed.targets}
  } catch {
    // handled below
  }
  throw new Error(`the state file ${path} is not a tcx-doctor state file (delete it: the next run starts afresh)`)
}

export function readPreviousProblems(path: string, key: string): string[] | undefined {
  return readPreviousState(path, key)?.problems
}

/** The last e-mailed run's problems for this target and when they were saved; undefined when none. */
export function readPreviousState(path: string, key: string): PreviousProblems | undefined {
  const entry = readStateFile(path).targets[key]
  if (!Array.isArray(entry?.problems)) return undefined
  const problems = entry.problems.filter((p): p is string => typeof p === 'string').sort()
  return {problems, ...(typeof entry.savedAt === 'string' ? {savedAt: entry.savedAt} : {})}
}

export function saveProblems(path: string, key: string, problems: string[], now: Date = new Date()): void {
  let state: StateFile
  try {
    state = readStateFile(path)
  } catch {
    state = {schemaVersion: 1, targets: {}}
  }
  state.targets[key] = {savedAt: now.toISOString(), problems}
  mkdirSync(dirname(path), {recursive: true})
  writeFileAtomic.sync(path, `${JSON.stringify(state, null, 2)}\n`, {mode: 0o600, fsync: true})
}

export interface SmtpEndpoint {
  host: string
  port: number
  secure: boolean
  user?: string
}

export function smtpEndpoint(email: EmailSettings): SmtpEndpoint {
  const url = new URL(email.smtpUrl)
  const secure = url.protocol === 'smtps:'
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1')
  return {host, port: url.port ? Number(url.port) : secure ? 465 : 587, secure, ...(url.username ? {user: decodeURIComponent(url.username)} : {})}
}

/**
 * nodemailer's options. smtp:// upgrades with STARTTLS whenever the server offers
 * it; it is required (no password in clear) when logging in to a host that is not
 * loopback, or with `?starttls=required`. smtps:// speaks TLS from the first byte.
 */
export function transportOptions(email: EmailSettings): SMTPTransport.Options {
  const endpoint = smtpEndpoint(email)
  const url = new URL(email.smtpUrl)
  const requireTLS = !endpoint.secure && (url.searchParams.get('starttls') === 'required' || (endpoint.user !== undefined && !isLoopbackHost(endpoint.host)))
  let ca: string | undefined
  if (email.caFile) {
    try {
      ca = readFileSync(email.caFile, 'utf8')
    } catch (error) {
      throw new Error(`cannot read the CA file ${email.caFile} (config email.caFile): ${errorMessage(error)}`)
    }
  }
  return {
    host: endpoint.host,
    port: endpoint.port,
    secure: endpoint.secure,
    requireTLS,
    ...(endpoint.user !== undefined ? {auth: {user: endpoint.user, pass: email.password ?? ''}} : {}),
    tls: {minVersion: 'TLSv1.2', ...(ca ? {ca} : {}), ...(isIP(endpoint.host) === 0 ? {servername: endpoint.host} : {})},
    connectionTimeout: email.timeoutMs,
    greetingTimeout: email.timeoutMs,
    socketTimeout: email.timeoutMs * 2,
    dnsTimeout: email.timeoutMs,
    logger: false,
    debug: false,
  }
}

/** The attachment's file name: tcx-doctor-HOST-YYYYMMDDTHHMMSSZ.json. */
export function attachmentName(report: Report): string {
  const host = report.target.hostname.replace(/[^A-Za-z0-9._-]+/g, '_')
  const stamp = report.startedAt.replace(/\.\d+Z$/, 'Z').replace(/[-:]/g, '')
  return `tcx-doctor-${host}-${stamp}.json`
}

/** The message; with `changes` (since the last report) its subject and both bodies say first what changed. */
export function buildMessage(report: Report, email: EmailSettings, html: HtmlOptions = {}, changes?: ReportChanges): nodemailer.SendMailOptions {
  const body = renderHtml(report, html)
  const text = renderText(report, {color: false})
  return {
    from: email.from,
    to: email.to,
    subject: emailSubject(report, changes),
    html: changes ? withChangesFirst(body, changesHtml(changes)) : body,
    text: changes ? changesText(changes) + text : text,
    attachments: [{filename: attachmentName(report), content: renderJson(report), contentType: 'application/json; charset=utf-8'}],
    headers: {'X-TCX-Doctor-Status': report.summary.worst, 'X-TCX-Doctor-Exit-Code': String(report.exitCode)},
  }
}

const TLS_TROUBLE = /certificate|self[- ]signed|unable to (get|verify)|altname|hostname\/ip does not match|cert_/i
const NOT_TLS = /wrong version number|packet length too long|unknown protocol|record layer failure|ssl routines/i

/** One line: what failed with which server, and what to do. */
export function describeSmtpError(error: unknown, email: EmailSettings): string {
  const e = error as Error & {code?: string; responseCode?: number; response?: string; command?: string}
  const endpoint = smtpEndpoint(email)
  const where = `${email.smtpUrl.startsWith('smtps:') ? 'smtps' : 'smtp'}://${endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host}:${endpoint.port}`
  const seconds = `${email.timeoutMs / 1000} s`
  const message = errorMessage(e).replace(/\s+/g, ' ').trim()
  const response = (e.response ?? '').replace(/\s+/g, ' ').trim()
  if (/ECONNREFUSED/.test(message)) return `connection refused by ${where}: no mail server listens there; check the host and port in --smtp-url`
  if (e.code === 'EDNS' || /ENOTFOUND|EAI_AGAIN/.test(message)) return `cannot resolve the mail server's name "${endpoint.host}" (${message}); check --smtp-url`
  if (e.code === 'ETIMEDOUT' && /greeting/i.test(message)) {
    return endpoint.secure
      ? `${where} sent no SMTP greeting within ${seconds}; check the port, or the server's load`
      : `${where} sent no SMTP greeting within ${seconds}: it may expect TLS from the first byte (implicit TLS, usually port 465); then use smtps:// in --smtp-url`
  }
  if (e.code === 'ETIMEDOUT' || /ETIMEDOUT|timeout/i.test(message)) return `${where} did not answer within ${seconds} (${message}); check the host, port and firewall`
  if (endpoint.secure && NOT_TLS.test(message)) {
    return `${where} does not speak TLS on connect (${message}): for a server that offers STARTTLS (usually port 587 or 25) use smtp:// in --smtp-url`
  }
  if (TLS_TROUBLE.test(message)) {
    return `the TLS certificate of ${where} is not trusted (${message}): add the CA that signed it in the config's email.caFile (PEM), or use the server's proper name in --smtp-url`
  }
  if (e.code === 'ETLS') {
    return `STARTTLS with ${where} failed (${response || message}): the server does not offer TLS; fix the server, or drop ?starttls=required from --smtp-url when no password is sent`
  }
  if (e.code === 'EAUTH') {
    const user = endpoint.user === undefined ? '' : ` as "${endpoint.user}"`
    return `${where} refused the login${user} (${response || message}): check the user in --smtp-url and the password in ${SMTP_PASSWORD_ENV} or the config's email.password`
  }
  if (e.responseCode === 530 || /authentication required/i.test(response)) {
    return `${where} requires a login (${response || message}): put the user in --smtp-url (smtp://user@host:port) and the password in ${SMTP_PASSWORD_ENV}`
  }
  if (e.code === 'EENVELOPE') return `${where} refused the sender or a recipient (${response || message}): check --email-from and --email-to`
  if (e.code === 'EMESSAGE') return `${where} refused the message (${response || message})`
  if (e.code === 'ECONNECTION' || e.code === 'ESOCKET') return `connection to ${where} failed: ${message}`
  return `sending through ${where} failed: ${message}`
}

export interface DeliveryOutcome {
  /** false only when sending was attempted and failed (the command exits 3). */
  ok: boolean
  sent: boolean
  /** One line for the user, secrets redacted. */
  line: string
}

/** Decides, sends and records, per the settings. Never throws. */
export async function deliverByEmail(report: Report, email: EmailSettings, secrets: SecretRegistry = new SecretRegistry(), html: HtmlOptions = {}): Promise<DeliveryOutcome> {
  secrets.add(email.password)
  try {
    const password = new URL(email.smtpUrl).password
    if (password) secrets.add(decodeURIComponent(password))
  } catch {
    // validated earlier
  }
  // The line's boundary: secrets out first (they match the raw text), then control characters made visible.
  const redact = (line: string): string => inertLine(secrets.redact(line.replace(/[\r\n]+/g, ' ')))
  let previous: PreviousProblems | undefined
  const key = stateKey(report)
  if (email.on === 'changes') {
    try {
      previous = readPreviousState(email.stateFile, key)
    } catch (error) {
      return {ok: false, sent: false, line: redact(`e-mail not sent: ${errorMessage(error)}`)}
    }
  }
  const decision = decideSend(report, email.on, previous?.problems)
  if (!decision.send) return {ok: true, sent: false, line: redact(decision.reason)}
  let transporter: ReturnType<typeof nodemailer.createTransport> | undefined
  try {
    transporter = nodemailer.createTransport(transportOptions(email))
    const info = (await transporter.sendMail(buildMessage(report, email, html, previous ? changesSince(report, previous) : undefined))) as SMTPTransport.SentMessageInfo
    const rejected = (info.rejected ?? []).map(String)
    if (email.on === 'changes') {
      try {
        saveProblems(email.stateFile, key, problemKeys(report))
      } catch (error) {
        return {ok: false, sent: true, line: redact(`e-mailed the report, but cannot save the state file ${email.stateFile}: ${errorMessage(error)}`)}
      }
    }
    const partly = rejected.length > 0 ? `; refused for ${rejected.join(', ')}` : ''
    return {ok: rejected.length === 0, sent: true, line: redact(`E-mailed the report to ${email.to.join(', ')} (${decision.reason})${partly}`)}
  } catch (error) {
    const line = error instanceof Error && /^cannot read the CA file/.test(error.message) ? error.message : describeSmtpError(error, email)
    return {ok: false, sent: false, line: redact(`e-mail not sent: ${line}`)}
  } finally {
    transporter?.close()
  }
}
