/**
 * The 3CX management console API source, both dialects: v15-v18 (POST /api/login,
 * a cookie, GETs under /api) and v20 (a bearer token from GetAccessToken or a
 * service principal's /connect/token, OData GETs under /xapi/v1).
 * CONTRACT (other checks code against these names; keep them):
 *   consoleSource: SourceDefinition<ConsoleApi>
 *
 * Base URL: --console-url, else the database parameter WEB_ROOT_LOCAL.
 * Account: --console-user / --console-password (env TCX_CONSOLE_PASSWORD), else the
 * parameters WEBSERVERUSER / WEBSERVERPASS; or, v20 only, a service principal
 * (--console-client-id / --console-client-secret, env TCX_CONSOLE_CLIENT_ID /
 * TCX_CONSOLE_CLIENT_SECRET). Dialect: --console-api v15|v20|auto (./session.ts).
 * The sessions are in ./session-v15.ts and ./session-v20.ts, the transport in
 * ./client.ts and ./http.ts, the body parsers in ./parse.ts and ./parse-v20.ts,
 * the facts of both dialects in ./facts.ts, the one-line messages in ./messages.ts.
 */
import type {SourceContext, SourceDefinition} from '../../engine/context.js'
import {SourceUnavailableError, errorMessage, isSourceUnavailable} from '../../engine/errors.js'
import {dbSource} from '../db/index.js'
import {consoleUnavailable} from './messages.js'
import {openConsole, type ConsoleApi, type ConsoleApiChoice, type ConsoleTarget} from './session.js'
import {availableLocalIps, publicIpOf, splitVersion} from './parse.js'
import {glanceForReport, type PbxGlance} from './glance.js'
import {DIALECT_LABELS, serviceFact, v15PbxTime, v15TrunkFact, type ConsoleDialect, type PbxTime, type ServiceFact, type TrunkFact} from './facts.js'

export * from './parse.js'
export {BAD_GATEWAY, answerProblem, networkFailureMessage} from './messages.js'
export {httpRequest, MAX_BODY_BYTES, ERROR_BODY_BYTES, type HttpAnswer, type HttpOptions} from './http.js'
export {openConsole, parseJsonAnswer, type ConsoleApi, type ConsoleApiChoice, type ConsoleTarget} from './session.js'
export {DIALECT_LABELS, serviceStateOf, type ConsoleDialect, type PbxTime, type ServiceFact, type ServiceState, type TrunkFact} from './facts.js'
export {MAX_COLLECTION_ITEMS} from './parse-v20.js'
export {pbxGlanceOf, glanceOfConsole, GLANCE_FROM, GLANCE_TIMEOUT_MS, type PbxGlance} from './glance.js'
export {isLoopbackHost} from '../../lib/net.js'
export {consoleReachabilitySource, consoleCandidates, probeConsoleUrl, DEFAULT_CONSOLE_URLS, type ConsoleProbe, type ConsoleReachability} from './reachability.js'

const fail: (message: string) => never = consoleUnavailable

/** Windows service states as ServiceList gives them. */
export const SERVICE_STATES: Record<number, string> = {1: 'stopped', 2: 'start pending', 3: 'stop pending', 4: 'running', 5: 'continue pending', 6: 'pause pending', 7: 'paused'}

/** Where the console is and which account to use: flags/config first, then the database parameters. */
export async function findConsoleTarget(ctx: SourceContext): Promise<ConsoleTarget> {
  const {settings} = ctx
  const envPassword = process.env.TCX_CONSOLE_PASSWORD
  let dbProblem: string | undefined
  let usedDb = false
  const param = async (name: string): Promise<string | undefined> => {
    if (dbProblem) return undefined
    usedDb = true
    try {
      const db = await ctx.use(dbSource)
      return await db.parameter(name)
    } catch (error) {
      dbProblem = errorMessage(error)
      return undefined
    }
  }
  const fromParts: string[] = []
  let baseUrl = settings.consoleUrl
  if (baseUrl) fromParts.push('URL from --console-url/config')
  else {
    baseUrl = await param('WEB_ROOT_LOCAL')
    if (!baseUrl) {
      fail(
        dbProblem
          ? `no console URL: --console-url not given and the database could not tell WEB_ROOT_LOCAL (${dbProblem})`
          : 'no console URL: --console-url not given and the database has no WEB_ROOT_LOCAL parameter; give --console-url',
      )
    }
    fromParts.push('URL from parameter WEB_ROOT_LOCAL')
  }
  const dialect: ConsoleApiChoice = settings.consoleApi ?? 'auto'
  const envClientId = process.env.TCX_CONSOLE_CLIENT_ID
  const envClientSecret = process.env.TCX_CONSOLE_CLIENT_SECRET
  const clientId = settings.consoleClientId ?? envClientId
  const clientSecret = settings.consoleClientSecret ?? envClientSecret
  if (clientSecret !== undefined) ctx.secrets.add(clientSecret)
  let user = settings.consoleUser ?? ''
  let password = settings.consolePassword ?? envPassword ?? ''
  if (clientId !== undefined) {
    // A service principal (v20) needs no user account.
    fromParts.push(envClientId !== undefined && clientId === envClientId ? 'client id from TCX_CONSOLE_CLIENT_ID' : 'client id from --console-client-id/config')
    if (clientSecret !== undefined) {
      fromParts.push(envClientSecret !== undefined && clientSecret === envClientSecret ? 'secret from TCX_CONSOLE_CLIENT_SECRET' : 'secret from --console-client-secret/config')
    }
  } else {
    if (settings.consoleUser) fromParts.push('user from --console-user/config')
    else {
      user = (await param('WEBSERVERUSER')) ?? ''
      if (!user) {
        fail(`no console user: --console-user not given and the database could not tell WEBSERVERUSER${dbProblem ? ` (${dbProblem})` : ''}`)
      }
      fromParts.push('user from parameter WEBSERVERUSER')
    }
    const given = settings.consolePassword ?? envPassword
    if (given !== undefined) {
      // oclif hands TCX_CONSOLE_PASSWORD over as the flag's value: tell them apart by comparing.
      fromParts.push(envPassword !== undefined && given === envPassword ? 'password from TCX_CONSOLE_PASSWORD' : 'password from --console-password/config')
    } else {
      const fromDb = await param('WEBSERVERPASS')
      if (fromDb === undefined) {
        fail(`no console password: --console-password (or TCX_CONSOLE_PASSWORD) not given and the database could not tell WEBSERVERPASS${dbProblem ? ` (${dbProblem})` : ''}`)
      }
      password = fromDb
      fromParts.push('password from parameter WEBSERVERPASS')
    }
    ctx.secrets.add(password)
  }
  // The database already asked (no problem so far) may say which version this is.
  const version = usedDb && !dbProblem ? await param('VERSION') : undefined
  const v20Hint = version !== undefined && /^2\d\./.test(version.trim()) ? `the database's VERSION ${version.trim().slice(0, 40)}` : undefined
  return {
    baseUrl,
    user,
    password,
    from: fromParts.join(', '),
    timeoutMs: settings.consoleTimeoutMs ?? 5000,
    insecure: settings.insecure === true,
    dialect,
    ...(clientId === undefined ? {} : {clientId, clientSecret: clientSecret ?? ''}),
    ...(v20Hint ? {v20Hint} : {}),
    registerSecret: (secret) => ctx.secrets.add(secret),
  }
}

/** The console's facts for both dialects; a ConsoleApi without them (a hand-built fake) gets them derived from its v15 members. */
export interface ConsoleFacts {
  dialect: ConsoleDialect
  dialectFrom: string
  trunks(): Promise<TrunkFact[]>
  services(): Promise<ServiceFact[]>
  /** The services read again now (not memoised); a fake without it answers its service list again. */
  servicesAgain(): Promise<ServiceFact[]>
  pbxTime(): Promise<PbxTime>
  parameter(name: string): Promise<string | null | undefined>
}

export function consoleFactsOf(api: ConsoleApi): ConsoleFacts {
  return {
    dialect: api.dialect ?? 'v15',
    dialectFrom: api.dialectFrom ?? 'not stated',
    trunks: api.trunks ? () => api.trunks!() : async () => (await api.trunkList()).map(v15TrunkFact),
    services: api.services ? () => api.services!() : async () => (await api.serviceList()).map(serviceFact),
    servicesAgain: api.servicesAgain ? () => api.servicesAgain!() : async () => (await api.serviceList()).map(serviceFact),
    pbxTime: api.pbxTime ? () => api.pbxTime!() : async () => v15PbxTime(await api.activeCalls()),
    parameter: api.parameter ? (name) => api.parameter!(name) : () => Promise.resolve(undefined),
  }
}

/** The `tcx-doctor info` section: dialect, version and build, FQDN, IPs as 3CX sees them, trunks with their registration, services, the PBX's time. */
export async function consoleFacts(api: ConsoleApi): Promise<Record<string, unknown>> {
  const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)))
  const facts = consoleFactsOf(api)
  const [status, trunks, services, time] = await Promise.all([
    api.systemStatus(),
    facts.trunks(),
    facts.services().catch(asError),
    facts.pbxTime().catch(asError),
  ])
  const {version, build} = splitVersion(status.Version)
  return {
    url: api.baseUrl,
    account: `${api.user} (${api.from})`,
    api: `${DIALECT_LABELS[facts.dialect]} (${facts.dialectFrom})`,
    pbxVersion: status.Version ?? null,
    version,
    build,
    fqdn: status.FQDN ?? null,
    publicIp: publicIpOf(status) ?? null,
    publicIpAs3cxSaysIt: status.Ip ?? null,
    currentLocalIp: status.CurrentLocalIp ?? null,
    availableLocalIps: availableLocalIps(status),
    localIpValid: status.LocalIpValid ?? null,
    trunksRegistered: `${status.TrunksRegistered ?? '?'} of ${status.TrunksTotal ?? '?'}`,
    hasNotRunningServices: status.HasNotRunningServices ?? null,
    lastBackup: status.LastBackupDateTime ?? null,
    pbxNow: time instanceof Error ? `unknown: ${time.message}` : (time.now ?? `unknown: ${time.reason ?? 'not given'}`),
    activeCalls: typeof status.CallsActive === 'number' ? status.CallsActive : null,
    trunks: trunks.map((t) => ({
      name: t.name,
      number: t.number,
      host: t.port === null ? t.host : `${t.host}:${t.port}`,
      registered: t.registered,
      registeredFrom: t.registeredFrom,
      ...(t.registerTimesKnown
        ? {registerOkTime: t.registerOkTime ?? 'never', registerSentTime: t.registerSentTime ?? 'never', registerFailedTime: t.registerFailedTime ?? 'never'}
        : {registerTimes: 'not given by this API version'}),
    })),
    services:
      services instanceof Error
        ? `unknown: ${services.message}`
        : services.map((s) => `${s.displayName || s.name}: ${s.state === 'other' ? `status ${String(s.status)}` : s.state}`),
    ...(api.notes && api.notes.length > 0 ? {notes: [...api.notes]} : {}),
  }
}

/** The console source: checks call `await ctx.use(consoleSource)`. */
export const consoleSource: SourceDefinition<ConsoleApi> = {
  name: 'console',
  async open(ctx: SourceContext): Promise<ConsoleApi> {
    try {
      return await openConsole(await findConsoleTarget(ctx))
    } catch (error) {
      if (isSourceUnavailable(error)) throw error
      throw new SourceUnavailableError('console', errorMessage(error))
    }
  },
  describe: (api) => `logged in as ${api.user} at ${api.baseUrl} (${api.from}); ${DIALECT_LABELS[api.dialect ?? 'v15']} (${api.dialectFrom ?? 'not stated'}); GET only`,
  info: {title: 'Management console', collect: (api) => consoleFacts(api)},
}

/** The report's PBX at a glance (target.glance), from a console a check of this run opened; else why not. */
export function consoleGlanceForReport(ctx: Parameters<typeof glanceForReport>[0]): Promise<{ok: true; value: PbxGlance} | {ok: false; reason: string}> {
  return glanceForReport(ctx, consoleSource)
}
