import {
  consoleFactsOf,
  consoleSource,
  defineCheck,
  fail,
  measure,
  pass,
  skip,
  sleep,
  table,
  warn,
  type Measurement,
  type ServiceFact,
} from '../../src/index.js'

/** Default wait before a service still starting or stopping counts as not running. */
export const DEFAULT_PENDING_GRACE_SECONDS = 5
/** Per-service memory gauges at most (the runner takes 100 measurements per check). */
const MAX_MEMORY_MEASUREMENTS = 90

const isPending = (s: ServiceFact): boolean => s.state === 'start-pending' || s.state === 'stop-pending'
const label = (s: ServiceFact): string => s.displayName || s.name
const stateText = (s: ServiceFact): string => (s.state === 'other' ? `status ${String(s.status)}` : s.state)

/** Whether an ignore entry names this service (Name or DisplayName, without regard to case). */
export function serviceIgnored(s: ServiceFact, ignore: readonly string[]): boolean {
  return ignore.some((i) => {
    const v = i.trim().toLowerCase()
    return v !== '' && (v === s.name.toLowerCase() || v === s.displayName.toLowerCase())
  })
}

const mib = (bytes: number): string => `${Math.round(bytes / 1048576)} MiB`

/**
 * pbx.services: every 3CX service running (v15-v18 ServiceList numbers, v20 Services strings); a service
 * still starting or stopping is read again once after a grace time and counts as not running if it still is.
 */
export default defineCheck({
  id: 'pbx.services',
  title: 'Every 3CX service is running',
  severity: 'critical',
  description:
    'Reads the service list of the management console (v15-v18 ServiceList, Status 1 stopped, 2 start pending, 3 stop pending, 4 running; ' +
    'v20 /xapi/v1/Services, Status as a string) with the memory each service uses. A stopped service breaks its part of the PBX (the IVR ' +
    'server: digital receptionists; nginx: the console and web clients). The console does not say since when a service is starting or ' +
    'stopping, so a pending service is read again once after the grace time: still pending then, it counts as not running. ' +
    "SystemStatus's HasNotRunningServices is compared with the list.",
  remediation:
    'Start the stopped service (on the console\'s Services page, `systemctl start <name>` on Debian, services.msc on Windows) and read ' +
    'its log to learn why it stopped. A service disabled on purpose goes into the option `ignore` (Name or DisplayName). The wait is ' +
    'the option `pendingGraceSeconds`.',
  docs: 'docs/checks/pbx.md#pbxservices-every-3cx-service-is-running',
  sources: ['console'],
  timeoutMs: 30_000,
  versions: {
    15: {applies: 'yes', decides: 'ServiceList Status numbers and MemoryUsed; SystemStatus HasNotRunningServices', sure: 'confirmed'},
    16: {applies: 'yes', decides: 'as v15.5', sure: 'confirmed'},
    18: {applies: 'yes', decides: 'as v15.5', sure: 'confirmed'},
    20: {applies: 'yes', decides: '/xapi/v1/Services Status strings and MemoryUsed; SystemStatus HasNotRunningServices', sure: 'confirmed'},
  },
  options: {
    schema: {
      pendingGraceSeconds: {
        type: 'number',
        minimum: 0,
        maximum: 20,
        description: 'A service starting or stopping is read again after this many seconds; still pending then, it counts as not running (0: at once).',
      },
      ignore: {type: 'array', items: {type: 'string'}, maxItems: 200, description: 'Services stopped on purpose, by Name or DisplayName: listed, never a problem.'},
    },
    defaults: {pendingGraceSeconds: DEFAULT_PENDING_GRACE_SECONDS, ignore: [] as string[]},
  },
  async run(ctx) {
    const api = await ctx.use(consoleSource)
    const facts = consoleFactsOf(api)
    const [first, status] = await Promise.all([facts.services(), api.systemStatus()])
    const grace = ctx.options.pendingGraceSeconds
    const ignore = ctx.options.ignore
    let services = first
    const pendingAtFirst = first.filter((s) => isPending(s) && !serviceIgnored(s, ignore))
    let reread = false
    if (pendingAtFirst.length > 0 && grace > 0) {
      await sleep(grace * 1000, ctx.signal)
      services = await facts.servicesAgain()
      reread = true
    }
    if (services.length === 0) return skip('The console lists no service: the service states are not known.', {evidence: {services: []}})
    const down = services.filter((s) => s.state !== 'running' && !serviceIgnored(s, ignore))
    const ignoredDown = services.filter((s) => s.state !== 'running' && serviceIgnored(s, ignore))
    const measurements: Measurement[] = [
      measure('services_not_running', down.length, 'count', {help: '3CX services not running (stopped, paused, or still pending after the grace time), ignored ones not counted.', fail: 0, bad: 'above', min: 0, max: services.length}),
      ...services
        .filter((s) => s.memoryBytes !== null)
        .slice(0, MAX_MEMORY_MEASUREMENTS)
        .map((s) => measure('service_memory_bytes', s.memoryBytes!, 'bytes', {help: 'Memory a 3CX service uses, as the console reports it (MemoryUsed).', min: 0, labels: {service: s.name}})),
    ]
    const evidence = {
      pendingGraceSeconds: grace,
      readAgainAfterGrace: reread,
      hasNotRunningServices: typeof status.HasNotRunningServices === 'boolean' ? status.HasNotRunningServices : null,
      services: services.map((s) => ({name: s.name, displayName: s.displayName, state: s.state, status: s.status, memoryBytes: s.memoryBytes, ignored: serviceIgnored(s, ignore)})),
    }
    const memoryKnown = services.some((s) => s.memoryBytes !== null)
    const tables = [
      table(
        'Services',
        ['service', 'name', 'state', ...(memoryKnown ? ['memory'] : [])],
        services.map((s) => [s.displayName, s.name, `${stateText(s)}${serviceIgnored(s, ignore) ? ' (ignored)' : ''}`, ...(memoryKnown ? [s.memoryBytes === null ? 'not reported' : mib(s.memoryBytes)] : [])]),
      ),
    ]
    const details = [
      ...down.map((s) =>
        isPending(s)
          ? `${label(s)} (${s.name}) is still ${stateText(s)} ${reread ? `after the ${grace} s grace time` : '(no grace time)'}: it counts as not running; read its log and restart it.`
          : `${label(s)} (${s.name}) is ${stateText(s)}: start it and read its log to learn why it stopped.`,
      ),
      ...ignoredDown.map((s) => `${label(s)} (${s.name}) is ${stateText(s)}; ignored by the option ignore.`),
      ...(reread ? [`${pendingAtFirst.map(label).join(', ')} ${pendingAtFirst.length === 1 ? 'was' : 'were'} starting or stopping; the list was read again after ${grace} s.`] : []),
      ...(memoryKnown ? [] : ['The console reports no memory per service on this build.']),
    ]
    const disagrees = status.HasNotRunningServices === true && down.length === 0 && ignoredDown.length === 0
    if (disagrees) details.push('SystemStatus reports HasNotRunningServices, yet every listed service is running: a service the list does not show may be down; look at the dashboard.')
    if (down.length > 0) {
      return fail(`${down.length} of ${services.length} 3CX service(s) not running: ${down.map((s) => `${label(s)} (${stateText(s)})`).join(', ')}.`, {details, evidence, tables, measurements})
    }
    const aside = ignoredDown.length > 0 ? ` (${ignoredDown.length} not running but ignored: ${ignoredDown.map(label).join(', ')})` : ''
    if (disagrees) return warn(`All ${services.length} listed 3CX services are running, but SystemStatus reports a service not running.`, {details, evidence, tables, measurements})
    return pass(`All ${services.length - ignoredDown.length} 3CX service(s) running${aside}.`, {details, evidence, tables, measurements})
  },
})
