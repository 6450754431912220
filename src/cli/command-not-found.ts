/**
 * The `command_not_found` hook: a mistyped command (`tcx-doctor rn`) is one line naming the
 * nearest commands and exit 3, like every other usage error. Only a person at a terminal
 * (stdin and stderr are TTYs and CI is not set) is asked "Did you mean ...?" by
 * @oclif/plugin-not-found, which then runs the command they confirm; scripts, pipes and CI
 * jobs never wait for an answer. Under `--format nagios` the line is `TCX-DOCTOR UNKNOWN - ...`
 * on stdout.
 */
import {toConfiguredId, type Hook} from '@oclif/core'
import askDidYouMean from '@oclif/plugin-not-found'
import {inertLine} from '../lib/format.js'
import {nearestWords} from '../lib/edit-distance.js'
import {nagiosUnknownLine, wantsNagios} from './base-command.js'

/** True when a person can answer a prompt: both ends are a terminal and this is not a CI job. */
export function canAsk(env: NodeJS.ProcessEnv, stdinTTY: boolean, stderrTTY: boolean): boolean {
  const ci = env.CI !== undefined && env.CI !== '' && env.CI !== 'false' && env.CI !== '0'
  return stdinTTY && stderrTTY && !ci
}

/**
 * The one line for a command line whose command does not exist: the nearest commands when any is
 * close; for a known command followed by a word it does not take (`list extra`, which oclif reads
 * as the command "list extra"), that word; for a flag before any command, that it needs one.
 */
export function notACommandLine(bin: string, typed: string, commands: readonly string[]): string {
  const help = `See \`${bin} help\` for the commands.`
  if (typed.startsWith('-')) return `${typed} is not a flag of ${bin} itself (only --help and --version are): put it after a command, e.g. \`${bin} run ${typed}\`. ${help}`
  const known = [...commands].sort((a, b) => b.length - a.length).find((c) => typed.startsWith(`${c} `))
  if (known) return `${known} takes no argument "${typed.slice(known.length + 1)}". See \`${bin} help ${known}\`.`
  const near = nearestWords(typed, commands)
  return near.length > 0 ? `"${typed}" is not a ${bin} command; did you mean ${near.map((c) => `"${c}"`).join(' or ')}? ${help}` : `"${typed}" is not a ${bin} command. ${help}`
}

const hook: Hook.CommandNotFound = async function (opts) {
  const {config} = opts
  const hidden = new Set(config.commands.filter((c) => c.hidden).map((c) => c.id))
  const ids = [...config.commandIDs, ...config.commands.flatMap((c) => c.aliases)].filter((id) => !hidden.has(id))
  const argv = opts.argv ?? []
  if (canAsk(process.env, process.stdin.isTTY === true, process.stderr.isTTY === true) && !wantsNagios(argv)) {
    try {
      return await askDidYouMean.call(this, opts)
    } catch (error) {
      // Declined (plugin-not-found exits 127): the usage-error line below, exit 3.
      if ((error as {oclif?: {exit?: number}}).oclif?.exit !== 127) throw error
    }
  }
  const line = notACommandLine(config.bin, toConfiguredId(opts.id, config), ids.map((id) => toConfiguredId(id, config)))
  if (wantsNagios(argv)) process.stdout.write(nagiosUnknownLine(line))
  else process.stderr.write(`${config.bin}: ${inertLine(line)}\n`)
  this.exit(3)
}

export default hook
