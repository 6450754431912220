import {defineCheck, isLoopbackHost, measure, outcome, parseLineTimestamp, registrationLogsSource, skip, table} from '../../src/index.js'

export interface Registration {
  extension: string
  /** The contact URIs of the line, as written. */
  contacts: string[]
  /** Contacts whose host is loopback (127.0.0.0/8, localhost, ::1). */
  loopback: string[]
  /** The line's timestamp as written, when it starts with one tcx-doctor reads. */
  time: string | null
  file: string
}

const REGISTERED = /\bExt\.([^\s:]+):\s*new contact is registered\.?\s*Contact\(s\):\s*(.*)$/i
/** A SIP URI: user part, host (a bracketed IPv6 address too), port, parameters; it ends at a space, comma, `>` or the list's `]`. */
const SIP_URI = /(sips?:(?:[^@\s,<>[\]]*@)?(?:\[[0-9a-f:.]+\]|[^\s,<>[\]:;]+)(?::\d+)?(?:;[^\s,<>\]]*)?)/gi

/** The host of a SIP URI (`sip:100@127.0.0.1:50386;rinstance=x` -> 127.0.0.1; `[::1]` -> ::1). */
export function contactHost(uri: string): string | undefined {
  const m = /^sips?:(?:[^@]*@)?(\[[^\]]+\]|[^:;?>]+)/i.exec(uri)
  return m ? m[1]!.replace(/^\[|\]$/g, '') : undefined
}

/** The registration a log line records (`[CM504001] Ext.100: new contact is registered. Contact(s): [sip:...]`), else undefined. */
export function parseRegistration(line: string, file: string): Registration | undefined {
  const m = REGISTERED.exec(line)
  if (!m) return undefined
  const contacts = [...m[2]!.matchAll(SIP_URI)].map((c) => c[1]!)
  const loopback = contacts.filter((c) => {
    const host = contactHost(c)
    return host !== undefined && isLoopbackHost(host)
  })
  return {extension: m[1]!, contacts, loopback, time: parseLineTimestamp(line, 'UTC')?.text ?? null, file}
}

/** The newest registration of each extension (files in the order given, lines oldest first). */
export function latestRegistrations(files: Array<{file: string; lines: string[]}>): Registration[] {
  const byExtension = new Map<string, Registration>()
  for (const f of files) {
    for (const line of f.lines) {
      const r = parseRegistration(line, f.file)
      if (r) byExtension.set(r.extension, r)
    }
  }
  return [...byExtension.values()]
}

const baseName = (path: string): string => path.split(/[\\/]/).pop() ?? path

/** sip.localhost-clients: SIP clients that register from loopback, seen in the registration lines of the logs. */
export default defineCheck({
  id: 'sip.localhost-clients',
  title: 'No SIP client registers from 127.0.0.1',
  severity: 'major',
  description:
    "Reads the newest registration lines of the 3CX logs (3CXPhoneSystem.log, 3cxSystemService.log, 3CXCallFlow.log; a bounded tail of each) " +
    'and names each extension whose newest contact is on loopback (127.0.0.1, localhost, ::1): a SIP client on the PBX machine itself. ' +
    'Such a client registers, but its calls lose audio or DTMF, because 3CX sends media to the address the client advertised.',
  remediation:
    "Configure the client on the PBX machine to register to the PBX's LAN address (not 127.0.0.1 or localhost), without STUN, " +
    'then let it register again (restart it). Clients on other machines are not affected.',
  docs: 'docs/checks/sip.md#siplocalhost-clients',
  sources: ['registration-logs'],
  versions: {
    15: {applies: 'yes', decides: '[CM504001] new contact is registered lines in the tails of the 3CX logs', sure: 'confirmed'},
    16: {applies: 'yes', decides: 'as v15.5', sure: 'confirmed'},
    18: {applies: 'yes', decides: 'as v15.5', sure: 'unknown'},
    20: {applies: 'yes', decides: 'as v15.5 (3cxSystemService.log); the v20 wording of the line is not confirmed', sure: 'unknown'},
  },
  async run(ctx) {
    const logs = await ctx.use(registrationLogsSource)
    const registrations = latestRegistrations(logs.files)
    const read = logs.files.map((f) => `${baseName(f.file)} (${f.lines.length} lines)`)
    const details = [
      `Read the newest lines of ${read.join(', ') || 'no file'} in ${logs.dir} (at most ${Math.round(logs.maxBytes / 1024 / 1024)} MiB and ${logs.maxLines} lines of each).`,
      ...(logs.missing.length > 0 ? [`Not present: ${logs.missing.join(', ')}.`] : []),
      ...logs.unreadable.map((u) => `Not read: ${u.error}.`),
    ]
    if (registrations.length === 0) {
      return skip(`No registration lines in the newest lines of ${read.join(', ') || `the registration logs (${logs.missing.join(', ')} not present)`}: cannot tell which clients register from where.`, {details})
    }
    const onLoopback = registrations.filter((r) => r.loopback.length > 0)
    const measurements = [measure('sip_localhost_clients', onLoopback.length, 'count', {help: 'SIP clients whose newest registration is from a loopback address.', warn: 0, bad: 'above'})]
    const evidence = {registrations: registrations.length, onLoopback, files: logs.files.map((f) => f.file)}
    const tables = [
      table(
        'SIP clients registered from loopback (newest registration of each extension)',
        ['extension', 'contact', 'time (as logged)', 'log'],
        onLoopback.map((r) => [r.extension, r.loopback.join(', '), r.time, baseName(r.file)]),
      ),
    ]
    if (onLoopback.length === 0) {
      return outcome('pass', `None of the ${registrations.length} extension(s) registered in the logs' newest lines uses a loopback contact.`, {details, evidence, measurements})
    }
    const named = onLoopback.map((r) => `${r.extension} (${r.loopback[0]}${r.time ? ` at ${r.time}` : ''})`)
    details.push('A client on loopback must register to the LAN address, without STUN; otherwise its calls lose audio or DTMF.')
    return outcome('warn', `${onLoopback.length} SIP client(s) register from loopback: extension ${named.join(', ')}.`, {details, evidence, tables, measurements})
  },
})
