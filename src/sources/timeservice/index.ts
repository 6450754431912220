/**
 * The timeservice source: what this machine's own time service says about its clock, so a PBX
 * whose outbound NTP is blocked still gets a verdict on its clock. Linux: `chronyc -c tracking`
 * (chrony.ts), `timedatectl show` and, when systemd-timesyncd runs, `timedatectl show-timesync`
 * (timedatectl.ts); Windows: `w32tm /query /status /verbose` (w32tm.ts). Each command is one
 * bounded run (run-command.ts); the parsers are pure. Nothing is ever changed.
 */
import type {SourceContext, SourceDefinition} from '../../engine/context.js'
import {SourceUnavailableError, errorMessage} from '../../engine/errors.js'
import {formatOffset} from '../../lib/format.js'
import {CHRONYC_ARGS, parseChronyTracking} from './chrony.js'
import type {TimeServiceReading} from './reading.js'
import {runCommand, type CommandOptions} from './run-command.js'
import {parseTimedatectl} from './timedatectl.js'
import {W32TM_ARGS, parseW32tmStatus} from './w32tm.js'

export * from './reading.js'
export {parseChronyTracking, CHRONYC_ARGS} from './chrony.js'
export {parseTimedatectl, parseKeyValues, parseNtpMessage} from './timedatectl.js'
export {parseW32tmStatus, W32TM_ARGS} from './w32tm.js'
export {runCommand, COMMAND_TIMEOUT_MS, COMMAND_MAX_BUFFER, type CommandResult, type CommandOptions} from './run-command.js'

export interface TimeServiceFacts {
  /** The readings of every service that answered (chrony first). */
  readings: TimeServiceReading[]
  /** Commands that gave nothing usable, with why. */
  problems: string[]
  /** The commands tried. */
  tried: string[]
}

export interface TimeServiceOptions extends CommandOptions {
  platform?: NodeJS.Platform
  /** chronyd's command address (`chronyc -h HOST -p PORT`); default chronyc's own (the local socket). */
  chronyc?: {host: string; port?: number}
  now?: () => Date
}

/** Asks chrony and timedatectl on Linux, w32tm on Windows; unavailable when none answered. */
export async function readTimeService(options: TimeServiceOptions = {}): Promise<TimeServiceFacts> {
  const platform = options.platform ?? process.platform
  const readings: TimeServiceReading[] = []
  const problems: string[] = []
  const tried: string[] = []
  const attempt = async (file: string, args: readonly string[], parse: (stdout: string, command: string) => TimeServiceReading | undefined): Promise<void> => {
    const command = [file, ...args].join(' ')
    tried.push(command)
    const result = await runCommand(file, args, options)
    if (!result.ok) return void problems.push(result.reason)
    try {
      const reading = parse(result.stdout, command)
      if (reading) readings.push(reading)
    } catch (error) {
      problems.push(errorMessage(error))
    }
  }
  if (platform === 'win32') {
    await attempt('w32tm', W32TM_ARGS, (stdout, command) => parseW32tmStatus(stdout, (options.now ?? (() => new Date()))(), command))
  } else if (platform === 'linux') {
    const target = options.chronyc ? ['-h', options.chronyc.host, ...(options.chronyc.port ? ['-p', String(options.chronyc.port)] : [])] : []
    await attempt('chronyc', [...target, ...CHRONYC_ARGS], (stdout, command) => parseChronyTracking(stdout, command))
    let show: string | undefined
    await attempt('timedatectl', ['show'], (stdout) => void (show = stdout))
    if (show !== undefined) {
      const timesync = await runCommand('timedatectl', ['show-timesync'], options)
      tried.push('timedatectl show-timesync')
      const shown = show
      try {
        readings.push(parseTimedatectl(shown, timesync.ok ? timesync.stdout : undefined))
      } catch (error) {
        problems.push(errorMessage(error))
      }
    }
  } else {
    problems.push(`no time service is asked on ${platform} (chrony and timedatectl on Linux, w32tm on Windows)`)
  }
  if (readings.length === 0) throw new SourceUnavailableError('timeservice', problems.join('; '), tried)
  return {readings, problems, tried}
}

/** One line of a reading, for the report's sources entry and the check's details. */
export function describeReading(r: TimeServiceReading): string {
  const state = r.synchronised === true ? 'synchronised' : r.synchronised === false ? 'not synchronised' : 'synchronisation not reported'
  const parts = [state]
  if (r.source) parts.push(`source ${r.source}`)
  if (r.stratum !== null) parts.push(`stratum ${r.stratum}`)
  if (r.offsetMs !== null) parts.push(`offset ${r.offsetSignKnown ? formatOffset(r.offsetMs) : `${formatOffset(r.offsetMs)} (sign as w32tm reports it)`}`)
  else parts.push('offset not reported')
  return `${r.from} (${r.command}): ${parts.join(', ')}`
}

/** The timeservice source: `await ctx.tryUse(timeServiceSource)`. It has no `info` section of its own. */
export const timeServiceSource: SourceDefinition<TimeServiceFacts> = {
  name: 'timeservice',
  open: async (_ctx: SourceContext) => readTimeService(),
  describe: (facts) => facts.readings.map(describeReading).join('; '),
}
