import {
  addressMap,
  consoleFactsOf,
  consoleSource,
  defineCheck,
  fail,
  hostSource,
  loopbackRule,
  parseConsoleTime,
  pass,
  sipSource,
  skip,
  table,
  trunkHostName,
  trunkHostPort,
  warn,
  worstStatus,
  type OptionValue,
  type SipRegisterResult,
  type Status,
  type Trunk,
} from '../../src/index.js'

/** Default re-registration window: a healthy trunk re-registers well within an hour. */
export const DEFAULT_WINDOW_MINUTES = 60
/** Defaults of the SIP probe (`--sip-probe`). */
export const DEFAULT_SIP_PORT = 5060
export const DEFAULT_SIP_TIMEOUT_SECONDS = 3

export {addressMap, loopbackRule, trunkHostName}

/** Trunk credentials for `--sip-probe`, from the check's options: `sipProbe: {credentials: {"<trunk name or number>": {authId, password, user?}}, port?, timeoutSeconds?}`. */
export interface SipProbeCredentials {
  authId?: string
  user?: string
  password: string
}

export function sipProbeCredentials(options: Record<string, unknown>, trunk: Trunk): SipProbeCredentials | undefined {
  const probe = options.sipProbe
  if (probe === null || typeof probe !== 'object') return undefined
  const all = (probe as {credentials?: unknown}).credentials
  if (all === null || typeof all !== 'object') return undefined
  const entry = (all as Record<string, unknown>)[trunk.Name] ?? (all as Record<string, unknown>)[trunk.Number]
  if (entry === null || typeof entry !== 'object' || typeof (entry as {password?: unknown}).password !== 'string') return undefined
  const e = entry as Record<string, unknown>
  return {password: e.password as string, ...(typeof e.authId === 'string' ? {authId: e.authId} : {}), ...(typeof e.user === 'string' ? {user: e.user} : {})}
}

/** Host and port of a trunk Host ("127.0.0.1:5065", "[::1]:5060", "pbx.example.com"), with a default port. */
export function trunkTarget(host: string, defaultPort: number): {host: string; port: number} {
  const t = trunkHostPort(host)
  return {host: t.host, port: t.port ?? defaultPort}
}

export interface TrunkVerdict {
  status: Status
  why: string
}

const ageText = (ms: number): string => (ms < 90_000 ? `${Math.round(ms / 1000)} s` : ms < 2 * 3600_000 ? `${Math.round(ms / 60_000)} min` : `${(ms / 3600_000).toFixed(1)} h`)

/**
 * The rule of pitfall 5, for one loopback trunk. Without register times (v20 gives only IsOnline), an
 * online trunk passes and an offline one warns: whether only the indicator is wrong cannot be told
 * there, but a SIP probe (--sip-probe) can.
 */
export function judgeTrunk(trunk: Trunk, now: Date, windowMs: number, registerTimesKnown = true): TrunkVerdict {
  if (!registerTimesKnown) {
    if (trunk.IsRegistered) return {status: 'pass', why: 'online (IsOnline); this console gives no register times'}
    return {
      status: 'warn',
      why:
        'offline (IsOnline is false); this console gives no register times, so a real registration failure cannot be told apart from the display bug: ' +
        'click "Refresh Registration", and run with --sip-probe to send a REGISTER with the trunk credentials',
    }
  }
  const ok = parseConsoleTime(trunk.RegisterOkTime)
  const failed = parseConsoleTime(trunk.RegisterFailedTime)
  if (!ok) {
    return {status: 'fail', why: `never registered (RegisterOkTime is empty${failed ? `; last failure ${trunk.RegisterFailedTime}` : ''}): the credentials or the host are wrong`}
  }
  if (failed && failed.getTime() > ok.getTime()) {
    return {status: 'fail', why: `registration failed at ${trunk.RegisterFailedTime}, after the last success at ${trunk.RegisterOkTime}: registration really fails now`}
  }
  const age = now.getTime() - ok.getTime()
  if (age > windowMs) {
    return {status: 'fail', why: `last successful registration ${ageText(age)} ago (${trunk.RegisterOkTime}), older than the ${ageText(windowMs)} re-registration window: it stopped re-registering`}
  }
  if (trunk.IsRegistered) return {status: 'pass', why: `registered; last success ${ageText(Math.max(0, age))} ago`}
  return {
    status: 'warn',
    why: `shown as NOT registered, yet it registered successfully ${ageText(Math.max(0, age))} ago with no failure since: the known display bug; select the trunk and click "Refresh Registration"`,
  }
}

type ProbeOutcome = {sent: true; target: string; result: SipRegisterResult} | {sent: false; reason: string}

/** A REGISTER refused now makes it a failure whatever the times say; no answer at all is at least a warning. */
export function withProbe(verdict: TrunkVerdict, result: SipRegisterResult): TrunkVerdict {
  if (result.outcome === 'rejected') return {status: 'fail', why: `${verdict.why}; and the PBX refused a REGISTER with the configured credentials just now`}
  if ((result.outcome === 'no-answer' || result.outcome === 'unexpected') && verdict.status === 'pass') {
    return {status: 'warn', why: `${verdict.why}; but the SIP probe got no usable answer`}
  }
  return verdict
}

/**
 * trunk.loopback-registration: a SIP trunk whose host is this PBX (used to route internal
 * calls through outbound rules) can show a red registration indicator although it works.
 */
export default defineCheck({
  id: 'trunk.loopback-registration',
  title: 'Loopback trunks register (and a red indicator is told apart from a real failure)',
  severity: 'minor',
  description:
    'Finds SIP trunks whose host is this PBX itself (a 127.x address, one of this host\'s addresses, the PBX FQDN, or 3CX\'s CurrentLocalIp) ' +
    'and reads their registration times from the management console. 3CX often shows such a trunk as not registered although it registers ' +
    'fine: a recent RegisterOkTime with no later RegisterFailedTime means the credentials work and only the indicator is wrong. An empty OK ' +
    'time, a failure after the last OK, or an OK older than the re-registration window means registration really fails. Calls through a ' +
    'loopback trunk also count twice against the simultaneous-call licence.',
  remediation:
    'Display bug (warn): in the management console select the trunk and click "Refresh Registration". Real failure (fail): check the trunk\'s ' +
    'authentication ID and password against the extension or trunk it registers to, and the host and port. The window is the option ' +
    '`windowMinutes` of this check in the config (default 60).',
  docs: 'docs/checks/trunk.md#trunkloopback-registration-loopback-trunks-register-and-a-red-indicator-is-told-apart-from-a-real-failure',
  sources: ['console', 'host', 'sip'],
  versions: {
    15: {applies: 'yes', decides: 'trunk host against this PBX; RegisterOkTime / RegisterFailedTime against the re-registration window', sure: 'confirmed'},
    16: {applies: 'yes', decides: 'as v15.5 (RegisterFailedTime "" means never failed)', sure: 'confirmed'},
    18: {applies: 'yes', decides: 'as v15.5', sure: 'confirmed'},
    20: {applies: 'partly', decides: 'IsOnline and Gateway.Host of /xapi/v1/Trunks ($expand=Gateway)', cannotTell: 'whether only the indicator is wrong: v20 trunks have no register times', sure: 'confirmed'},
  },
  options: {
    schema: {
      windowMinutes: {type: 'number', exclusiveMinimum: 0, description: 'A loopback trunk whose last successful registration is older than this many minutes fails.'},
      sipProbe: {
        type: 'object',
        description:
          'For --sip-probe: `credentials` by trunk name or number ({"<trunk>": {"authId": "...", "password": "...", "user": "..."}}), ' +
          `\`port\` (default ${DEFAULT_SIP_PORT}) when the trunk's host has none, \`timeoutSeconds\` (default ${DEFAULT_SIP_TIMEOUT_SECONDS}).`,
        properties: {
          credentials: {
            type: 'object',
            additionalProperties: {
              type: 'object',
              properties: {authId: {type: 'string'}, user: {type: 'string'}, password: {type: 'string'}},
              required: ['password'],
              additionalProperties: false,
            },
          },
          port: {type: 'integer', minimum: 1, maximum: 65_535},
          timeoutSeconds: {type: 'number', exclusiveMinimum: 0, maximum: 60},
        },
        additionalProperties: false,
      },
    },
    defaults: {windowMinutes: DEFAULT_WINDOW_MINUTES, sipProbe: {} as {[key: string]: OptionValue}},
  },
  async run(ctx) {
    const api = await ctx.use(consoleSource)
    const [trunks, status, trunkFacts] = await Promise.all([api.trunkList(), api.systemStatus(), consoleFactsOf(api).trunks()])
    const timesKnown = (trunk: Trunk): boolean => trunkFacts.find((f) => f.id === String(trunk.Id))?.registerTimesKnown ?? true
    const windowMinutes = ctx.options.windowMinutes
    const windowMs = windowMinutes * 60_000
    const now = ctx.now()
    const host = await ctx.tryUse(hostSource)
    const addresses = addressMap(host.ok ? host.value.addresses : [])
    const seen = trunks.map((t) => `${t.Name} (${t.Host || 'no host'})`)
    const loopback = trunks.flatMap((trunk) => {
      const rule = loopbackRule(trunk.Host, status, addresses)
      return rule ? [{trunk, rule, verdict: judgeTrunk(trunk, now, windowMs, timesKnown(trunk)), probe: undefined as ProbeOutcome | undefined}] : []
    })
    const sip = ctx.settings.sipProbe === true && loopback.length > 0 ? await ctx.tryUse(sipSource) : undefined
    if (sip && !sip.ok) for (const l of loopback) l.probe = {sent: false, reason: `no SIP probe: ${sip.reason}`}
    if (sip?.ok) {
      const probeOptions = ctx.options.sipProbe
      const port = typeof probeOptions.port === 'number' ? probeOptions.port : DEFAULT_SIP_PORT
      const timeoutMs = Math.round((typeof probeOptions.timeoutSeconds === 'number' ? probeOptions.timeoutSeconds : DEFAULT_SIP_TIMEOUT_SECONDS) * 1000)
      await Promise.all(
        loopback.map(async (l) => {
          const credentials = sipProbeCredentials(ctx.options, l.trunk)
          if (!credentials) {
            l.probe = {sent: false, reason: `no credentials for "${l.trunk.Name}" in the config (checks."trunk.loopback-registration".sipProbe.credentials): no REGISTER sent`}
            return
          }
          ctx.secrets.add(credentials.password)
          const target = trunkTarget(l.trunk.Host, port)
          const result = await sip.value.register({
            ...target,
            user: credentials.user ?? credentials.authId ?? l.trunk.Number,
            ...(credentials.authId ? {authId: credentials.authId} : {}),
            password: credentials.password,
            timeoutMs,
          })
          l.probe = {sent: true, target: `${target.host}:${target.port}`, result}
          l.verdict = withProbe(l.verdict, result)
        }),
      )
    }
    if (loopback.length === 0) {
      return skip(`No loopback trunk: none of the ${trunks.length} trunk(s) points at this PBX${trunks.length > 0 ? ` (${seen.join(', ')})` : ''}.`, {
        evidence: {trunks: seen, fqdn: status.FQDN ?? null, currentLocalIp: status.CurrentLocalIp ?? null},
      })
    }
    const evidence = {
      windowMinutes,
      checkedAt: now.toISOString(),
      loopbackTrunks: loopback.map(({trunk, rule, verdict, probe}) => ({
        name: trunk.Name,
        number: trunk.Number,
        host: trunk.Host,
        loopbackBecause: rule,
        isRegistered: trunk.IsRegistered,
        registerOkTime: trunk.RegisterOkTime,
        registerSentTime: trunk.RegisterSentTime,
        registerFailedTime: trunk.RegisterFailedTime,
        status: verdict.status,
        ...(probe ? {sipProbe: probe.sent ? {target: probe.target, outcome: probe.result.outcome, status: probe.result.status ?? null, answers: probe.result.answers} : {sent: false}} : {}),
      })),
      otherTrunks: trunks.filter((t) => !loopback.some((l) => l.trunk === t)).map((t) => t.Name),
    }
    const tables = [
      table(
        'Loopback trunks',
        ['name', 'host', 'registered', 'last OK', 'last failed'],
        loopback.map(({trunk}) => [trunk.Name, trunk.Host, trunk.IsRegistered, trunk.RegisterOkTime || 'never', trunk.RegisterFailedTime || 'never']),
      ),
    ]
    const details = [
      ...(host.ok ? [] : [`This machine's addresses are unknown (${host.reason}); only loopback names, the FQDN and 3CX's own addresses were compared.`]),
      ...loopback.flatMap(({trunk, rule, verdict, probe}) => [
        `${trunk.Name} (${trunk.Number}, host ${trunk.Host}: ${rule}): ${verdict.why}.`,
        ...(probe ? [`${trunk.Name}, SIP probe: ${probe.sent ? probe.result.reason : probe.reason}.`] : []),
      ]),
      'Calls through a loopback trunk count twice against the simultaneous-call licence (one call out, one call in).',
    ]
    const overall = worstStatus(loopback.map((l) => l.verdict.status))
    const names = (s: Status): string => loopback.filter((l) => l.verdict.status === s).map((l) => l.trunk.Name).join(', ')
    if (overall === 'fail') {
      return fail(`Loopback trunk registration really fails: ${names('fail')}.`, {details, evidence, tables})
    }
    if (overall === 'warn' && loopback.some((l) => l.verdict.status === 'warn' && !timesKnown(l.trunk))) {
      return warn(`Loopback trunk ${names('warn')} is offline; this console gives no register times, so it cannot tell a real failure from the display bug.`, {
        details,
        evidence,
        tables,
      })
    }
    if (overall === 'warn') {
      return warn(`Loopback trunk ${names('warn')} is shown as not registered but registered recently: the known display bug; click "Refresh Registration".`, {
        details,
        evidence,
        tables,
      })
    }
    const online = loopback.every((l) => timesKnown(l.trunk)) ? 'registered with a recent OK time' : 'online'
    return pass(`${loopback.length} loopback trunk(s) ${online}: ${names('pass')}.`, {details, evidence, tables})
  },
})
