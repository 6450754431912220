/**
 * Every kind of usage error, from oclif's parser or from the settings: one line on stderr naming
 * the whole reason, exit 3 (README "Exit codes"), no stack trace; under --format nagios a
 * `TCX-DOCTOR UNKNOWN - ...` line on stdout instead. Off a terminal nothing waits for an answer.
 */
import {spawn, spawnSync} from 'node:child_process'
import {describe, expect, it} from 'vitest'
import {BIN, ROOT, runCli, type CliResult} from '../../helpers/cli.js'

function oneLine(stderr: string): string {
  const lines = stderr.trim().split('\n')
  expect(lines).toHaveLength(1)
  expect(stderr).not.toMatch(/\n\s+at /)
  return lines[0]!
}

const NONE = ['--ntp-server', 'none']

describe('usage errors exit 3 with the whole reason on one line', () => {
  it.each([
    ['unknown flag', ['run', ...NONE, '--bogus'], /^tcx-doctor: Nonexistent flag: --bogus\. See `tcx-doctor help run`\.$/],
    ['unknown command', ['rnu'], /^tcx-doctor: "rnu" is not a tcx-doctor command; did you mean "run"\? See `tcx-doctor help` for the commands\.$/],
    ['unknown command, nothing near', ['deploy'], /^tcx-doctor: "deploy" is not a tcx-doctor command\. See `tcx-doctor help` for the commands\.$/],
    ['argument a command does not take', ['list', 'extra'], /^tcx-doctor: list takes no argument "extra"\. See `tcx-doctor help list`\.$/],
    ['flag before any command', ['--bogus'], /^tcx-doctor: --bogus is not a flag of tcx-doctor itself/],
    ['bad enum value (oclif)', ['run', ...NONE, '--format', 'xml'], /^tcx-doctor: Expected --format=xml to be one of: text, json, html, junit, prometheus, nagios, markdown\. See `tcx-doctor help run`\.$/],
    ['bad enum value (settings)', ['run', ...NONE, '--fail-on', 'sometimes'], /^tcx-doctor: --fail-on must be one of warn, error, fail, never, not "sometimes"$/],
    ['missing value', ['run', ...NONE, '--format'], /^tcx-doctor: Flag --format expects one of these values: text, .*\. See `tcx-doctor help run`\.$/],
    ['missing value of a free flag', ['run', ...NONE, '--output'], /^tcx-doctor: Flag --output expects a value\. See `tcx-doctor help run`\.$/],
    ['missing argument', ['explain'], /^tcx-doctor: Missing 1 required arg: id check id .*Alternatively, you can use "--" .* See `tcx-doctor help explain`\.$/],
    ['unexpected argument', ['explain', 'time.clock-drift', 'extra'], /^tcx-doctor: Unexpected argument: extra\. See `tcx-doctor help explain`\.$/],
    ['bad number', ['run', ...NONE, '--timeout', 'abc'], /^tcx-doctor: --timeout must be a number of seconds from 0\.1 to 3600, not "abc"$/],
    ['mistyped check id in --only', ['run', '--only', 'time.clock-drif', ...NONE], /^tcx-doctor: --only names unknown check time\.clock-drif \(did you mean time\.clock-drift\?\); `tcx-doctor list` shows the ids$/],
    ['mistyped check id in explain', ['explain', 'time.clok-drift'], /^tcx-doctor: no check with id time\.clok-drift \(did you mean time\.clock-drift\?\); `tcx-doctor list` shows every id$/],
  ])('%s', async (_kind, args, line) => {
    const r = await runCli(args)
    expect(r.code).toBe(3)
    expect(r.stdout).toBe('')
    expect(oneLine(r.stderr)).toMatch(line)
  })

  it('exits 3 for the usage errors of the plugins\' commands too (help, autocomplete)', async () => {
    const help = await runCli(['help', 'rnu'])
    expect(help.code).toBe(3)
    expect(help.stderr).toMatch(/Command rnu not found/)
    const shell = await runCli(['autocomplete', 'fish'])
    expect(shell.code).toBe(3)
    expect(shell.stderr).toMatch(/Expected fish to be one of: zsh, bash, powershell/)
  })

  it('does not wait for an answer when CI is set, even with a terminal', async () => {
    const r = await runCli(['rnu'], {env: {CI: 'true'}, timeoutMs: 20_000})
    expect(r.code).toBe(3)
    expect(r.stderr).toMatch(/did you mean "run"\?/)
  })
})

describe('under --format nagios a usage error is an UNKNOWN line on stdout', () => {
  it.each([
    ['unknown flag', ['run', ...NONE, '--format', 'nagios', '--bogus'], /^TCX-DOCTOR UNKNOWN - Nonexistent flag: --bogus\. See `tcx-doctor help run`\.$/],
    ['unknown command', ['rnu', '--format', 'nagios'], /^TCX-DOCTOR UNKNOWN - "rnu" is not a tcx-doctor command; did you mean "run"\?/],
    ['bad value', ['run', ...NONE, '--format=nagios', '--fail-on', 'sometimes'], /^TCX-DOCTOR UNKNOWN - --fail-on must be one of warn, error, fail, never, not "sometimes"$/],
    ['mistyped check id', ['run', ...NONE, '--format', 'nagios', '--only', 'time.clok-drift'], /^TCX-DOCTOR UNKNOWN - --only names unknown check time\.clok-drift \(did you mean time\.clock-drift\?\)/],
  ])('%s', async (_kind, args, line) => {
    const r = await runCli(args)
    expect(r.code).toBe(3)
    expect(r.stdout.trim().split('\n')).toHaveLength(1)
    expect(r.stdout.trim()).toMatch(line)
  })
})

/**
 * At a terminal: `script` (util-linux; Debian's essential bsdutils) gives the CLI a pseudo-terminal.
 * The answer is typed once the question is on the screen.
 */
const hasScript = spawnSync('script', ['--version']).status === 0

function atTerminal(args: string[], answer: string | undefined, env: NodeJS.ProcessEnv): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const command = [process.execPath, BIN, ...args].map((a) => `'${a}'`).join(' ')
    const child = spawn('script', ['-qec', command, '/dev/null'], {cwd: ROOT, env: {...process.env, NO_COLOR: '1', ...env}, stdio: ['pipe', 'pipe', 'pipe']})
    let stdout = ''
    let answered = false
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString()
      if (answer !== undefined && !answered && /Did you mean/.test(stdout)) {
        answered = true
        child.stdin.write(answer)
      }
    })
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolvePromise({code, stdout, stderr: ''})
    })
  })
}

describe.skipIf(!hasScript && process.env.CI !== 'true')('a mistyped command at a terminal', () => {
  it('asks, and runs the command confirmed', async () => {
    const r = await atTerminal(['lisst'], 'y\r', {CI: ''})
    expect(r.stdout).toMatch(/Did you mean list\?/)
    expect(r.stdout).toMatch(/ID +CATEGORY +SEVERITY +TITLE/)
    expect(r.code).toBe(0)
  })

  it('declined, is the usage-error line and exit 3', async () => {
    const r = await atTerminal(['lisst'], 'n\r', {CI: ''})
    expect(r.stdout).toMatch(/Did you mean list\?/)
    expect(r.stdout).toContain('tcx-doctor: "lisst" is not a tcx-doctor command; did you mean "list"?')
    expect(r.code).toBe(3)
  })

  it('under CI, does not ask', async () => {
    const r = await atTerminal(['lisst'], undefined, {CI: 'true'})
    expect(r.stdout).not.toMatch(/Did you mean list\?/)
    expect(r.stdout).toContain('tcx-doctor: "lisst" is not a tcx-doctor command; did you mean "list"?')
    expect(r.code).toBe(3)
  })
})
