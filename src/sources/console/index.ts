/**
 * The 3CX management console API source (v15 to v18): POST /api/login, then GETs.
 * CONTRACT (other checks code against these names; keep them):
 *   consoleSource: SourceDefinition<ConsoleApi>
 *
 * Base URL: --console-url, else the database parameter WEB_ROOT_LOCAL.
 * Account: --console-user / --console-password (env TCX_CONSOLE_PASSWORD), else the
 * parameters WEBSERVERUSER / WEBSERVERPASS. The session (login, re-login, memoised
 * GETs) is in ./session.ts, the bounded HTTP client in ./http.ts, the body parsers
 * in ./parse.ts, the one-line messages in ./messages.ts.
 */
import type {SourceContext, SourceDefinition} from '../../engine/context.js'
import {SourceUnavailableError, errorMessage, isSourceUnavailable} from '../../engine/errors.js'
import {dbSource} from '../db/index.js'
import {consoleUnavailable} from './messages.js'
import {openConsole, type ConsoleApi, type ConsoleTarget} from './session.js'
import {availableLocalIps, publicIpOf, splitVersion} from './parse.js'

export * from './parse.js'
export {BAD_GATEWAY, answerProblem, networkFailureMessage} from './messages.js'
export {httpRequest, MAX_BODY_BYTES, ERROR_BODY_BYTES, type HttpAnswer, type HttpOptions} from './http.js'
export {openConsole, parseJsonAnswer, type ConsoleApi, type ConsoleTarget} from './session.js'
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
  const param = async (name: string): Promise<string | undefined> => {
    if (dbProblem) return undefined
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
  let user = settings.consoleUser
  if (user) fromParts.push('user from --console-user/config')
  else {
    user = await param('WEBSERVERUSER')
    if (!user) {
      fail(`no console user: --console-user not given and the database could not tell WEBSERVERUSER${dbProblem ? ` (${dbProblem})` : ''}`)
    }
    fromParts.push('user from parameter WEBSERVERUSER')
  }
  let password = settings.consolePassword ?? envPassword
  if (password !== undefined) {
    // oclif hands TCX_CONSOLE_PASSWORD over as the flag's value: tell them apart by comparing.
    fromParts.push(envPassword !== undefined && password === envPassword ? 'password from TCX_CONSOLE_PASSWORD' : 'password from --console-password/config')
  }
  else {
    password = await param('WEBSERVERPASS')
    if (password === undefined) {
      fail(`no console password: --console-password (or TCX_CONSOLE_PASSWORD) not given and the database could not tell WEBSERVERPASS${dbProblem ? ` (${dbProblem})` : ''}`)
    }
    fromParts.push('password from parameter WEBSERVERPASS')
  }
  ctx.secrets.add(password)
  return {
    baseUrl,
    user,
    password,
    from: fromParts.join(', '),
    timeoutMs: settings.consoleTimeoutMs ?? 5000,
    insecure: settings.insecure === true,
  }
}

/** The `tcx-doctor info` section: version and build, FQDN, IPs as 3CX sees them, trunks with registration times, services. */
export async function consoleFacts(api: ConsoleApi): Promise<Record<string, unknown>> {
  const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)))
  const [status, trunks, services, calls] = await Promise.all([
    api.systemStatus(),
    api.trunkList(),
    api.serviceList().catch(asError),
    api.activeCalls().catch(asError),
  ])
  const {version, build} = splitVersion(status.Version)
  return {
    url: api.baseUrl,
    account: `${api.user} (${api.from})`,
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
    pbxNow: calls instanceof Error ? `unknown: ${calls.message}` : calls.Now,
    activeCalls: calls instanceof Error ? null : calls.list.length,
    trunks: trunks.map((t) => ({
      name: t.Name,
      number: t.Number,
      host: t.Host,
      registered: t.IsRegistered,
      registerOkTime: t.RegisterOkTime || 'never',
      registerSentTime: t.RegisterSentTime || 'never',
      registerFailedTime: t.RegisterFailedTime || 'never',
    })),
    services:
      services instanceof Error
        ? `unknown: ${services.message}`
        : services.map((s) => `${s.DisplayName || s.Name}: ${SERVICE_STATES[s.Status] ?? `status ${s.Status}`}`),
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
  describe: (api) => `logged in as ${api.user} at ${api.baseUrl} (${api.from}); GET only`,
  info: {title: 'Management console', collect: (api) => consoleFacts(api)},
}
