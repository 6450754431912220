/**
 * What reaches a real terminal: the CLI runs on a pseudo-terminal (`script` from util-linux), so
 * the live lines are printed, and the test reads the bytes the terminal got. Strings from a
 * check (as a PBX would give them: OSC title, CSI clear screen, carriage return, backspace,
 * U+202E) must arrive as visible escapes; the only escape sequences are the tool's own colours.
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

/** Runs the CLI on a pseudo-terminal and returns every byte the terminal received. */
function onTerminal(args: string[], env: NodeJS.ProcessEnv): Promise<{code: number | null; bytes: Buffer}> {
  const quoted = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ')
  return new Promise((done, fail) => {
    const child = spawn('script', ['-q', '-e', '-c', quoted, '/dev/null'], {cwd: ROOT, env: {...process.env, ...env}, stdio: ['pipe', 'pipe', 'inherit']})
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
    // The live line (printed as the check finished) and the line in the details after it.
    const failLines = text.split('\r\n').filter((l) => /^FAIL evil\.names /.test(l))
    expect(failLines).toHaveLength(2)
    for (const line of failLines) expect(line).toMatch(new RegExp(`^FAIL evil\\.names +trunk ${SHOWN.replace(/[\\[\]{}().*+?^$|]/g, '\\$&')}$`))
    expect(text).toContain(`party ${SHOWN}`)
  })

  it('with colour on, every escape sequence is one of the tool own SGR colour codes', async () => {
    const env = {...process.env}
    delete env.NO_COLOR
    const {bytes} = await onTerminal(['run', '--install-dir', SAMPLE_INSTALL, '--only', 'install,evil.names', '--checks-dir', evilPlugins()], {...env, FORCE_COLOR: '0', NO_COLOR: undefined})
    const text = bytes.toString('utf8')
    expect(text).toContain('\u001b[1;31mFAIL')
    const sequences = text.match(/\u001b[^a-zA-Z]*[a-zA-Z]?/g) ?? []
    expect(sequences.length).toBeGreaterThan(0)
    for (const seq of sequences) expect(seq).toMatch(/^\u001b\[[0-9;]*m$/)
    expect(text).not.toContain('\u001b]')
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
