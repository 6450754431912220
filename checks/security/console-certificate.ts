import {
  consoleSource,
  dbSource,
  defineCheck,
  errorMessage,
  formatDuration,
  formatHostPort,
  hostNameMismatch,
  isLoopbackHost,
  measure,
  outcome,
  skip,
  table,
  tlsSource,
  versionSource,
  worstStatus,
  type CertificateFacts,
  type Status,
} from '../../src/index.js'

export const DEFAULT_WARN_DAYS = 30
export const DEFAULT_FAIL_DAYS = 7
const DAY_MS = 86_400_000

export interface HttpsCandidate {
  host: string
  port: number
  why: string
}

/**
 * Where the console's HTTPS port is: the option, the console URL when it is https, else the
 * version's known HTTPS ports on the URL's host (v16/v18 5001; v20 443, then 5001). An http URL of
 * a version without a known HTTPS port gives none, with why.
 */
export function httpsCandidates(url: URL, major: number | undefined, httpsPort: number): {candidates: HttpsCandidate[]; note?: string} {
  const host = url.hostname.replace(/^\[|\]$/g, '')
  if (httpsPort > 0) return {candidates: [{host, port: httpsPort, why: 'option httpsPort'}]}
  if (url.protocol === 'https:') return {candidates: [{host, port: Number(url.port || 443), why: 'the console URL'}]}
  if (major === 16 || major === 18) return {candidates: [{host, port: 5001, why: `the HTTPS port of 3CX v${major} (5001)`}]}
  if (major === 20) return {candidates: [443, 5001].map((port) => ({host, port, why: `an HTTPS port of 3CX v20 (${port})`}))}
  const version = major === undefined ? 'an unknown 3CX version' : `3CX v${major === 15 ? '15.5' : major}`
  return {candidates: [], note: `the console URL is http and ${version} has no known HTTPS port (v16/v18: 5001, v20: 443 or 5001); give it with the option httpsPort`}
}

const day = (d: Date): string => d.toISOString().slice(0, 10)

/** "in 12 days" / "3 days ago" / "in 5 h" for a span in ms. */
function whenFrom(ms: number): string {
  const days = Math.floor(Math.abs(ms) / DAY_MS)
  const span = days >= 1 ? `${days} day${days === 1 ? '' : 's'}` : formatDuration(ms)
  return ms >= 0 ? `in ${span}` : `${span} ago`
}

/** pass / warn / fail for the time left until expiry. */
export function expiryStatus(leftMs: number, warnDays: number, failDays: number): Status {
  if (leftMs <= failDays * DAY_MS) return 'fail'
  if (leftMs <= warnDays * DAY_MS) return 'warn'
  return 'pass'
}

const certificateRows = (c: CertificateFacts): Array<[string, string]> => [
  ['subject', c.subject],
  ['issuer', c.issuer],
  ['valid from', c.validFrom.toISOString()],
  ['valid until', c.validTo.toISOString()],
  ['subject alternative names', c.san.join(', ') || '(none)'],
  ['self-signed', c.selfSigned ? 'yes' : 'no'],
  ['verifies against the system CAs', c.authorized ? 'yes' : `no (${c.authorizationError})`],
  ['chain length', String(c.chainLength)],
  ['SHA-256 fingerprint', c.fingerprint256],
]

/**
 * security.console-certificate: the management console's TLS certificate, read without trusting
 * it: expiry, the host name it names, self-signed or not, whether it verifies.
 */
export default defineCheck({
  id: 'security.console-certificate',
  title: "The console's TLS certificate is valid, current and names the PBX",
  severity: 'major',
  description:
    "Connects to the management console's HTTPS port (from the console URL: --console-url or WEB_ROOT_LOCAL; for an http URL the version's HTTPS port) " +
    'and reads its certificate without trusting it. An expired certificate, one about to expire, one that does not name the PBX (its FQDN) ' +
    'or a self-signed one makes browsers, the 3CX apps and provisioned phones refuse or warn, and the web client stops working for users.',
  remediation:
    'Renew or replace the certificate before it expires: on v20 and v18 with a 3CX FQDN the console renews it itself (check that the PBX reaches ' +
    'the internet); with your own domain, upload a certificate for the FQDN with its full chain in the console (Settings > Network / FQDN). ' +
    'Thresholds: config `checks: {"security.console-certificate": {"warnDays": 30, "failDays": 7}}`.',
  docs: 'docs/checks/security.md#securityconsole-certificate',
  sources: ['tls', 'db', 'console', 'version'],
  versions: {
    15: {applies: 'partly', decides: 'the certificate of an https console URL or the option httpsPort', cannotTell: 'the HTTPS port of an http URL (not known on v15)', sure: 'unknown'},
    16: {applies: 'yes', decides: 'the certificate on the console URL, or on port 5001 of its host for an http URL', sure: 'reported'},
    18: {applies: 'yes', decides: 'as v16', sure: 'reported'},
    20: {applies: 'yes', decides: 'the certificate on the console URL, or on port 443 then 5001 of its host for an http URL', sure: 'reported'},
  },
  timeoutMs: 25_000,
  options: {
    schema: {
      warnDays: {type: 'number', minimum: 0, description: 'Warn when the certificate expires within this many days.'},
      failDays: {type: 'number', minimum: 0, description: 'Fail when the certificate expires within this many days (or has expired).'},
      httpsPort: {type: 'integer', minimum: 0, maximum: 65535, description: "The console's HTTPS port; 0: from the console URL and the 3CX version."},
    },
    defaults: {warnDays: DEFAULT_WARN_DAYS, failDays: DEFAULT_FAIL_DAYS, httpsPort: 0},
  },
  async run(ctx) {
    const {warnDays, failDays, httpsPort} = ctx.options
    // The console URL: --console-url, else the database's WEB_ROOT_LOCAL.
    let urlText = ctx.settings.consoleUrl
    let urlFrom = '--console-url'
    if (!urlText) {
      const db = await ctx.tryUse(dbSource)
      if (!db.ok) return skip(`No console URL: no --console-url, and WEB_ROOT_LOCAL is unknown (${db.reason}).`)
      const root = await db.value.parameter('WEB_ROOT_LOCAL').catch((error: unknown) => {
        throw new Error(`WEB_ROOT_LOCAL could not be read: ${errorMessage(error)}`)
      })
      if (!root || !/^https?:\/\//i.test(root.trim())) return skip(`No console URL: no --console-url, and WEB_ROOT_LOCAL is ${root ? `"${root.slice(0, 200)}", not a URL` : 'not set'}.`)
      urlText = root.trim()
      urlFrom = 'parameter WEB_ROOT_LOCAL'
    }
    let url: URL
    try {
      url = new URL(urlText)
    } catch {
      return skip(`The console URL from ${urlFrom} is not a URL.`)
    }
    const version = await ctx.tryUse(versionSource)
    const major = version.ok ? version.value.version.major : undefined
    const {candidates, note} = httpsCandidates(url, major, httpsPort)
    if (candidates.length === 0) return skip(`No HTTPS port to read a certificate from: ${note}.`)

    const tls = await ctx.use(tlsSource)
    const tried: string[] = []
    let found: {candidate: HttpsCandidate; certificate: CertificateFacts} | undefined
    let notTls = false
    for (const candidate of candidates) {
      const probe = await tls.probe({host: candidate.host, port: candidate.port})
      if (probe.ok) {
        found = {candidate, certificate: probe.certificate}
        tried.push(`${formatHostPort(candidate.host, candidate.port)} (${candidate.why}): certificate read`)
        break
      }
      notTls ||= probe.problem === 'not-tls'
      tried.push(`${formatHostPort(candidate.host, candidate.port)} (${candidate.why}): ${probe.reason}`)
    }
    const details = [`Console URL ${url.origin} from ${urlFrom}${major === undefined ? '' : `; 3CX v${major}`}.`, ...tried.map((t) => `Tried ${t}.`)]
    const evidence: Record<string, unknown> = {consoleUrl: url.origin, urlFrom, tried, warnDays, failDays}
    if (!found) {
      const summary = `No TLS certificate could be read from the console: ${tried.join('; ')}.`
      return notTls ? outcome('warn', summary, {details, evidence}) : skip(summary)
    }

    const {certificate: cert, candidate} = found
    const where = formatHostPort(candidate.host, candidate.port)
    const now = ctx.now()
    const leftMs = cert.validTo.getTime() - now.getTime()
    const statuses: Status[] = [expiryStatus(leftMs, warnDays, failDays)]
    const problems: string[] = []
    if (leftMs <= 0) problems.push(`expired ${whenFrom(leftMs)} (${day(cert.validTo)})`)
    else if (statuses[0] !== 'pass') problems.push(`expires ${whenFrom(leftMs)} (${day(cert.validTo)})`)
    if (cert.validFrom.getTime() > now.getTime()) {
      statuses.push('fail')
      problems.push(`is not valid before ${cert.validFrom.toISOString()}`)
    }

    // The name the PBX is reached by: its FQDN when the console reports it, else the URL's host.
    let name: string | undefined
    let nameFrom = ''
    const consoleApi = await ctx.tryUse(consoleSource)
    if (consoleApi.ok) {
      const fqdn = await consoleApi.value.systemStatus().then((s) => s.FQDN?.trim(), () => undefined)
      if (fqdn) [name, nameFrom] = [fqdn, 'the FQDN of SystemStatus']
      else details.push('The console does not report the FQDN (SystemStatus.FQDN): the URL host is compared.')
    } else {
      details.push(`The FQDN is not known (${consoleApi.reason}): the URL host is compared.`)
    }
    if (!name && !isLoopbackHost(candidate.host)) [name, nameFrom] = [candidate.host, 'the console URL']
    if (name) {
      const mismatch = hostNameMismatch(cert, name)
      evidence.hostName = {name, from: nameFrom, matches: mismatch === undefined}
      if (mismatch) {
        statuses.push('warn')
        problems.push(`does not name ${name} (${nameFrom}): ${mismatch}`)
      }
    } else {
      details.push(`The host name was not compared: the URL host ${candidate.host} is loopback and the FQDN is unknown.`)
    }
    if (cert.selfSigned) {
      statuses.push('warn')
      problems.push('is self-signed (browsers, apps and phones do not trust it)')
    } else if (!cert.authorized) {
      statuses.push('warn')
      problems.push(`does not verify against the system CAs (${cert.authorizationError})`)
    }

    Object.assign(evidence, {
      endpoint: where,
      certificate: {...cert, validFrom: cert.validFrom.toISOString(), validTo: cert.validTo.toISOString()},
      expiresInDays: Math.floor(leftMs / DAY_MS),
    })
    const measurements = [
      measure('certificate_expires_in_seconds', Math.round(leftMs / 1000), 'seconds', {
        help: "Time until the console's TLS certificate expires (negative: expired).",
        warn: warnDays * 86_400,
        fail: failDays * 86_400,
        bad: 'below',
        labels: {endpoint: where},
      }),
    ]
    const tables = [table(`Certificate of ${where}`, ['field', 'value'], certificateRows(cert))]
    const status = worstStatus(statuses)
    const subject = cert.commonName ?? cert.san[0] ?? cert.subject
    const summary =
      status === 'pass'
        ? `The console certificate of ${where} (${subject}) is valid until ${day(cert.validTo)} (${whenFrom(leftMs)})${name ? `, names ${name}` : ''} and verifies.`
        : `The console certificate of ${where} (${subject}) ${problems.join('; ')}.`
    if (status !== 'pass') details.push(`Limits: warn within ${warnDays} days of expiry, fail within ${failDays}.`)
    return outcome(status, summary, {details, evidence, tables, measurements})
  },
})
