/**
 * What reaches a real terminal: the CLI runs on a pseudo-terminal (`script` from util-linux) of a
 * set width, so the live lines are printed, and the test reads the bytes the terminal got.
 * The header comes first, each result once (live), then the grouped skips and the summary, wrapped
 * to the terminal's width. Strings from a check (as a PBX would give them: OSC title, CSI clear
 * screen, carriage return, backspace, U+202E) must arrive as visible escapes; the only escape
 * sequences are the tool's own colours, on as NO_COLOR, FORCE_COLOR, TERM and --color say.
 * Error lines on stderr and `info` text get the same treatment.
 */
import {spawn, spawnSync} from 'node:child_process'
import {describe, expect, it} from 'vitest'
import {BIN, ROOT, runCli, SAMPLE_INSTALL} from '../../helpers/cli.js'
import {makeInstall, sampleIniText} from '../../helpers/install-tree.js'
import {checkSource, pluginDir} from '../../helpers/plugin-dir.js'

const EVIL = 'X\u001b]0;owned\u0007\u001b[2J\u001b[31m\rFAKE PASS\b\b\u202Eabc'
const SHOWN = 'X\\e]0;owned\\a\\e[2J\\e[31m\\rFAKE PASS\\b\\b\\u{202E}abc'
const hasScript = spawnSync('script', ['--version']).status === 0
const mustRun = process.env.CI === 'true'

/** The environment without the colour variables of the test's own process. */
function plainEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {...process.env, TERM: 'xterm'}
  delete env.NO_COLOR
  delete env.FORCE_COLOR
  return env
}

/** Runs the CLI on a pseudo-terminal `columns` wide and returns every byte the terminal received. */
function onTerminal(args: string[], env: NodeJS.ProcessEnv, columns = 200): Promise<{code: number | null; bytes: Buffer}> {
  const quoted = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ')
  return new Promise((done, fail) => {
    const child = spawn('script', ['-q', '-e', '-c', `stty cols ${columns} rows 50; exec ${quoted}`, '/dev/null'], {cwd: ROOT, env: {...plainEnv(), ...env}, stdio: ['pipe', 'pipe', 'inherit']})
    const chunks: Buffer[] = []
    child.stdout.on('data', (d: Buffer) => chunks.push(d))
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000)
    child.on('error', fail)
    child.on('close', (code) => {
      clearTimeout(timer)
      done({code, bytes: Buffer.concat(chunks)})
    })
    child.stdin.end()
  })
}

const hasEscape = (bytes: Buffer): boolean => bytes.includes(0x1b)

const evilPlugins = (): string =>
  pluginDir({'evil.mjs': checkSource('evil.names', `return {status: 'fail', summary: ${JSON.stringify(`trunk ${EVIL}`)}, details: [${JSON.stringify(`party ${EVIL}`)}]}`)})

describe.skipIf(!hasScript && !mustRun)('on a pseudo-terminal (util-linux script)', () => {
  it('live lines and the report show hostile strings as visible escapes; no escape byte reaches the terminal without colour', async () => {
    const {code, bytes} = await onTerminal(['run', '--install-dir', SAMPLE_INSTALL, '--only', 'install,evil.names', '--checks-dir', evilPlugins()], {NO_COLOR: '1'})
    expect(code).toBe(2)
    const text = bytes.toString('utf8')
    expect(bytes.includes(0x1b)).toBe(false)
    expect(bytes.includes(0x08)).toBe(false)
    expect(text).not.toContain('\u202E')
    // A lone \r is only the terminal's own line ending (\r\n), never one from the data.
    expect(text.replace(/\r\n/g, '\n')).not.toContain('\r')
    // The live line, printed once as the check finished (not again after the run).
    const failLines = text.split('\r\n').filter((l) => /^FAIL evil\.names /.test(l))
    expect(failLines).toHaveLength(1)
    for (const line of failLines) expect(line).toMatch(new RegExp(`^FAIL evil\\.names +trunk ${SHOWN.replace(/[\\[\]{}().*+?^$|]/g, '\\$&')}$`))
    expect(text).toContain(`party ${SHOWN}`)
  })

  it('with colour on, every escape sequence is one of the tool own SGR colour codes', async () => {
    const {bytes} = await onTerminal(['run', '--install-dir', SAMPLE_INSTALL, '--only', 'install,evil.names', '--checks-dir', evilPlugins()], {})
    const text = bytes.toString('utf8')
    expect(text).toContain('\u001b[1m\u001b[31mFAIL\u001b[39m\u001b[22m evil.names')
    const sequences = text.match(/\u001b[^a-zA-Z]*[a-zA-Z]?/g) ?? []
    expect(sequences.length).toBeGreaterThan(0)
    for (const seq of sequences) expect(seq).toMatch(/^\u001b\[[0-9;]*m$/)
    expect(text).not.toContain('\u001b]')
  })

  it('live lines, then the skips grouped and the summary: each check once, wrapped to the terminal', async () => {
    const {code, bytes} = await onTerminal(['run', '--ntp-server', 'none'], {NO_COLOR: '1'}, 60)
    expect(code).toBe(3)
    const lines = bytes.toString('utf8').replace(/\r\n$/, '').split('\r\n')
    expect(lines[0]).toMatch(/^tcx-doctor \S+ on \S+: running the checks$/)
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(60)
    const text = lines.join('\n')
    expect(text).toMatch(/^PBX: no 3CX install found$/m)
    // One line naming the install's reason (wrapped: its continuation lines joined), the skips pointing at it.
    expect(text.replace(/\n +/g, ' ').match(/no 3CX install found \(tried/g)).toHaveLength(1)
    const ids = ['install.ini-complete', 'network.multiple-nics', 'time.clock-drift', 'trunk.loopback-registration', 'time.ivr-timeouts']
    for (const id of ids) expect(text.split(id).length - 1, id).toBe(1)
    expect(text.indexOf('network.multiple-nics')).toBeLessThan(text.indexOf('PBX:'))
    expect(lines.at(-1)).toMatch(/exit code 3 \(--fail-on warn\)$/)
    expect(text).toMatch(/^Nothing could be checked/m)
  })

  it('NO_COLOR, TERM=dumb and FORCE_COLOR=0 turn colour off; --color and FORCE_COLOR=1 win over NO_COLOR', async () => {
    const args = ['run', '--install-dir', SAMPLE_INSTALL, '--only', 'install']
    expect(hasEscape((await onTerminal(args, {})).bytes)).toBe(true)
    expect(hasEscape((await onTerminal(args, {NO_COLOR: '1'})).bytes)).toBe(false)
    expect(hasEscape((await onTerminal(args, {TERM: 'dumb'})).bytes)).toBe(false)
    expect(hasEscape((await onTerminal(args, {FORCE_COLOR: '0'})).bytes)).toBe(false)
    expect(hasEscape((await onTerminal(args, {NO_COLOR: '1', FORCE_COLOR: '1'})).bytes)).toBe(true)
    expect(hasEscape((await onTerminal([...args, '--color'], {NO_COLOR: '1'})).bytes)).toBe(true)
    expect(hasEscape((await onTerminal([...args, '--no-color'], {FORCE_COLOR: '3'})).bytes)).toBe(false)
  })
})

describe('colour in a pipe', () => {
  it('none by default; FORCE_COLOR=1 turns it on, --no-color wins', async () => {
    const args = ['run', '--install-dir', SAMPLE_INSTALL, '--only', 'install']
    expect((await runCli(args)).stdout).not.toContain('\u001b')
    expect((await runCli(args, {env: {FORCE_COLOR: '1'}})).stdout).toContain('\u001b[1m\u001b[32mPASS\u001b[39m\u001b[22m')
    expect((await runCli([...args, '--no-color'], {env: {FORCE_COLOR: '1'}})).stdout).not.toContain('\u001b')
  })
})

describe('stderr lines and info text are inert too', () => {
  it('a usage error naming a hostile value', async () => {
    const r = await runCli(['run', '--install-dir', SAMPLE_INSTALL, '--only', `nope${EVIL}`])
    expect(r.code).toBe(3)
    expect(r.stderr).toContain(`nope${SHOWN}`)
    expect(r.stderr).not.toContain('\u001b')
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
  })

  it('info shows an ini value with control characters as escapes', async () => {
    const tree = makeInstall('windows', sampleIniText().replace('[General]', '[General]\r\nTrunkNote=X\u001b[2J\u001b[31mFAKE\b\u202Eabc'))
    const r = await runCli(['info', '--install-dir', tree.root, '--ntp-server', 'none'])
    expect(r.stdout).not.toContain('\u001b')
    expect(r.stdout).not.toContain('\u202E')
    expect(r.stdout).not.toContain('\b')
    expect(r.stdout).toMatch(/Install \(source: install, ok\)/)
    expect(r.stdout).toContain('TrunkNote: X\\e[2J\\e[31mFAKE\\b\\u{202E}abc')
  })
})
