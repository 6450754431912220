/**
 * Third-party checks for the delivery tests: a --checks-dir whose checks report
 * the outcomes written in its outcomes.json (rewritten between runs), so one
 * folder gives a pass, a warn, a fail, an error or a skip on demand, with
 * hostile text in any field.
 */
import {readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {SAMPLE_INSTALL, runCli, tempDir, type CliOptions, type CliResult} from './cli.js'

export interface PlannedOutcome {
  status: 'pass' | 'warn' | 'fail' | 'skip' | 'error'
  summary: string
  title?: string
  details?: string[]
  evidence?: Record<string, unknown>
  severity?: 'critical' | 'major' | 'minor' | 'info'
}

const PLUGIN = `import {readFileSync} from 'node:fs'
const planned = JSON.parse(readFileSync(new URL('./outcomes.json', import.meta.url), 'utf8'))
export default Object.entries(planned).map(([id, o]) => ({
  id,
  title: o.title ?? 'Delivery test ' + id,
  severity: o.severity ?? 'major',
  description: 'A check made by the delivery tests.',
  remediation: 'Nothing to do: <b>test</b> remediation & more.',
  docs: 'docs/DELIVERY.md',
  async run() {
    const now = JSON.parse(readFileSync(new URL('./outcomes.json', import.meta.url), 'utf8'))[id]
    if (now.status === 'error') throw new Error(now.summary)
    return {status: now.status, summary: now.summary, details: now.details ?? [], evidence: now.evidence ?? {}}
  },
}))
`

export interface PlannedChecks {
  dir: string
  plan(outcomes: Record<string, PlannedOutcome>): void
}

/** A --checks-dir with one check per key (ids like `delivery.one`). The set of ids must stay the same between runs. */
export function plannedChecks(outcomes: Record<string, PlannedOutcome>): PlannedChecks {
  const dir = tempDir('tcx-delivery-checks-')
  writeFileSync(join(dir, 'planned.mjs'), PLUGIN)
  const plan = (o: Record<string, PlannedOutcome>): void => writeFileSync(join(dir, 'outcomes.json'), JSON.stringify(o, null, 2))
  plan(outcomes)
  return {dir, plan}
}

/**
 * Runs `tcx-doctor run` against the sample install with nothing reaching off
 * loopback: only install.ini-complete and the planned checks, no NTP.
 */
export function runDelivery(checks: PlannedChecks | undefined, args: string[], options: CliOptions = {}): Promise<CliResult> {
  // Exact ids: a category name would also pull in the built-in checks of that category.
  const only = ['--only', ['install.ini-complete', ...(checks ? Object.keys(readPlanned(checks)) : [])].join(',')]
  return runCli(['run', '--install-dir', SAMPLE_INSTALL, '--ntp-server', 'none', ...(checks ? ['--checks-dir', checks.dir] : []), ...only, ...args], options)
}

function readPlanned(checks: PlannedChecks): Record<string, PlannedOutcome> {
  return JSON.parse(readFileSync(join(checks.dir, 'outcomes.json'), 'utf8')) as Record<string, PlannedOutcome>
}
