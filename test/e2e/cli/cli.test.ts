import {existsSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {runCli, SAMPLE_INSTALL, tempDir} from '../../helpers/cli.js'
import {makeInstall, SAMPLE_PASSWORDS} from '../../helpers/install-tree.js'
import {checkSource, outcome, pluginDir} from '../../helpers/plugin-dir.js'
import {assertValidReport} from '../../helpers/report-schema.js'

const ESC = '\u001B'
const oneLineError = (stderr: string) => {
  const lines = stderr.trim().split('\n')
  expect(lines).toHaveLength(1)
  expect(lines[0]).toMatch(/^tcx-doctor: /)
  expect(stderr).not.toMatch(/\n\s+at /)
  return lines[0]!
}

describe('tcx-doctor list and explain', () => {
  it('lists every built-in check with id, category, severity and title', async () => {
    const r = await runCli(['list'])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^ID\s+CATEGORY\s+SEVERITY\s+TITLE/)
    expect(r.stdout).toMatch(/install\.ini-complete\s+install\s+major\s+3CX install found/)
    const json = JSON.parse((await runCli(['list', '--json'])).stdout) as {checks: Array<{id: string; origin: string}>}
    expect(json.checks.find((c) => c.id === 'install.ini-complete')?.origin).toBe('built-in')
  })

  it('lists plugin checks too', async () => {
    const r = await runCli(['list', '--checks-dir', join('examples', 'plugins')])
    expect(r.stdout).toMatch(/example\.recordings-disk-usage .* \(plugin\)/)
  })

  it('explains a check: what, why, how to fix, sources', async () => {
    const r = await runCli(['explain', 'install.ini-complete'])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('What it checks and why it matters:')
    expect(r.stdout).toContain('How to fix:')
    expect(r.stdout).toContain('Reads: install')
  })

  it('refuses an unknown id with one line and exit 3', async () => {
    const r = await runCli(['explain', 'install.nope'])
    expect(r.code).toBe(3)
    expect(oneLineError(r.stderr)).toMatch(/no check with id install\.nope \(did you mean install\.ini-complete\?\); `tcx-doctor list` shows every id$/)
  })
})

describe('tcx-doctor run', () => {
  it('writes a schema-valid JSON report and the same run as HTML', async () => {
    const out = tempDir()
    const r = await runCli(['run', '--install-dir', SAMPLE_INSTALL, '--only', 'install', '--format', 'json', '-o', join(out, 'r.html'), '-o', join(out, 'r.json')])
    expect(r.code).toBe(0)
    const report = JSON.parse(r.stdout)
    assertValidReport(report)
    expect(report.results.map((x: {id: string}) => x.id)).toEqual(['install.ini-complete'])
    expect(report.target).toMatchObject({installDir: SAMPLE_INSTALL, layout: 'windows'})
    expect(report.sources).toContainEqual(expect.objectContaining({name: 'install', status: 'ok'}))
    const fromFile = JSON.parse(readFileSync(join(out, 'r.json'), 'utf8'))
    assertValidReport(fromFile)
    expect(fromFile.results[0].summary).toBe(report.results[0].summary)
    const html = readFileSync(join(out, 'r.html'), 'utf8')
    expect(html).toMatch(/^<!DOCTYPE html>/)
    expect(html).toContain('install.ini-complete')
    expect(html).not.toMatch(/<script|<link|src="http|href="http/i)
  })

  it('prints text without escape codes off a TTY, and colours only when asked', async () => {
    const plain = await runCli(['run', '--install-dir', SAMPLE_INSTALL, '--only', 'install'])
    expect(plain.stdout).not.toContain(ESC)
    expect(plain.stdout).toMatch(/^PASS install\.ini-complete/m)
    expect(plain.stdout).toMatch(/0 fail, 0 error, 0 warn, 1 pass, 0 skip in .* exit code 0 \(--fail-on warn\)/)
    const colored = await runCli(['run', '--install-dir', SAMPLE_INSTALL, '--only', 'install', '--color'])
    expect(colored.stdout).toContain(`${ESC}[1m${ESC}[32mPASS`)
  })

  it('skips the install check when no install is on this machine, saying where it looked', async () => {
    const r = await runCli(['run', '--only', 'install', '--format', 'json'], {cwd: tempDir()})
    const report = JSON.parse(r.stdout)
    if (existsSync('/var/lib/3cxpbx')) return // a real PBX here: nothing to assert about absence
    expect(report.results[0].status).toBe('skip')
    expect(report.results[0].summary).toContain('/var/lib/3cxpbx')
    expect(report.target.triedInstallDirs).toContain('/var/lib/3cxpbx')
  })

  it('fails the install check when the given folder is not an install', async () => {
    const dir = tempDir()
    const r = await runCli(['run', '--install-dir', dir, '--only', 'install', '--format', 'json'])
    expect(r.code).toBe(2)
    const report = JSON.parse(r.stdout)
    expect(report.results[0]).toMatchObject({status: 'fail'})
    expect(report.results[0].summary).toContain(`no 3CXPhoneSystem.ini in ${dir}`)
  })

  it('reports a malformed ini in one line and still writes the report', async () => {
    const tree = makeInstall('windows', '[General]\nTenant=Instance1\n<<garbage>>\n')
    const out = join(tempDir(), 'r.json')
    const r = await runCli(['run', '--install-dir', tree.root, '--only', 'install', '-o', out])
    expect(r.code).toBe(2)
    expect(r.stdout).toContain(`${tree.iniPath} line 3 is neither [section] nor key=value`)
    assertValidReport(JSON.parse(readFileSync(out, 'utf8')))
  })

  it('warns about an incomplete ini, naming what is missing', async () => {
    const tree = makeInstall('debian', '[General]\r\nAppPath=/usr/lib/3cxpbx\r\nAppDataPath=/var/lib/3cxpbx/Instance1/Data\r\n[ConfService]\r\nconfNIC=127.0.0.1\r\nConfPort=5485\r\n')
    const r = await runCli(['run', '--install-dir', tree.root, '--only', 'install.ini-complete', '--format', 'json'])
    expect(r.code).toBe(1)
    const [result] = JSON.parse(r.stdout).results
    expect(result.status).toBe('warn')
    expect(result.summary).toContain('section(s) [CfgServerProfile], [QMDatabase] missing')
    expect(result.summary).toContain('[ConfService] confUser, [ConfService] confPass')
  })

  describe('exit codes and --fail-on', () => {
    const dir = pluginDir({
      'warn.js': checkSource('gate.warn', outcome('warn')),
      'fail.js': checkSource('gate.fail', outcome('fail')),
      'error.js': checkSource('gate.error', "throw new Error('kaput')"),
      'pass.js': checkSource('gate.pass', outcome('pass')),
    })
    const run = (only: string, ...more: string[]) => runCli(['run', '--checks-dir', dir, '--only', only, '--format', 'json', ...more])

    it.each([
      ['gate.pass', [], 0],
      ['gate.pass,gate.warn', [], 1],
      ['gate.warn,gate.error', [], 3],
      ['gate.warn,gate.error,gate.fail', [], 2],
      ['gate.warn', ['--fail-on', 'error'], 0],
      ['gate.warn,gate.error', ['--fail-on', 'error'], 3],
      ['gate.pass,gate.error', ['--fail-on', 'fail'], 0],
      // Nothing gave a verdict: the run is UNKNOWN whatever --fail-on says (but never).
      ['gate.error', ['--fail-on', 'fail'], 3],
      ['gate.fail', ['--fail-on', 'fail'], 2],
      ['gate.fail,gate.error', ['--fail-on', 'never'], 0],
    ] as const)('--only %s %j exits %i', async (only, more, code) => {
      const r = await run(only, ...more)
      expect(r.code).toBe(code)
      expect(JSON.parse(r.stdout).exitCode).toBe(code)
    })

    it('runs a whole category with --only gate and skips with --skip', async () => {
      const r = await run('gate', '--skip', 'gate.fail,gate.error')
      expect(JSON.parse(r.stdout).results.map((x: {id: string}) => x.id)).toEqual(['gate.pass', 'gate.warn']) // plugin files load in name order
      expect(r.code).toBe(1)
    })

    it('counts a waived failure only until its date', async () => {
      const cfgDir = tempDir()
      const config = (until: string) => {
        const file = join(cfgDir, `c-${until}.json`)
        writeFileSync(file, JSON.stringify({waivers: [{id: 'gate.fail', reason: 'upgrade booked for Friday', until}]}))
        return file
      }
      const waived = await run('gate.fail,gate.pass', '--config', config('2099-01-01'))
      expect(waived.code).toBe(0)
      const report = JSON.parse(waived.stdout)
      assertValidReport(report)
      expect(report.results[0].waived).toEqual({reason: 'upgrade booked for Friday', until: '2099-01-01'})
      expect(report.summary).toMatchObject({fail: 1, waived: 1, worst: 'pass'})
      const expired = await run('gate.fail', '--config', config('2020-01-01'))
      expect(expired.code).toBe(2)
      expect(JSON.parse(expired.stdout).results[0].details.at(-1)).toMatch(/waiver for this check expired on 2020-01-01/)
    })
  })

  describe('usage errors: one line, exit 3, no stack trace', () => {
    it.each([
      [['run', '--ntp-server', 'none', '--fail-on', 'sometimes'], /--fail-on/],
      [['run', '--ntp-server', 'none', '--bogus-flag'], /Nonexistent flag: --bogus-flag/],
      [['run', '--ntp-server', 'none', '--output', 'report.pdf'], /--output report\.pdf: cannot tell the format from "\.pdf"/],
      [['run', '--only', 'nothing.like-this'], /--only names unknown check nothing\.like-this/],
      [['run', '--ntp-server', 'none', '--config', '/nonexistent/c.json'], /config file \/nonexistent\/c\.json: not found/],
    ])('%j', async (args, message) => {
      const r = await runCli(args as string[])
      expect(r.code).toBe(3)
      expect(oneLineError(r.stderr)).toMatch(message)
    })

    it('names the unknown or mistyped key of a config file', async () => {
      const dir = tempDir()
      writeFileSync(join(dir, 'tcx-doctor.config.json'), JSON.stringify({timeoutSecs: 5}))
      const r = await runCli(['run', '--ntp-server', 'none'], {cwd: dir})
      expect(r.code).toBe(3)
      expect(oneLineError(r.stderr)).toBe(`tcx-doctor: config file ${join(dir, 'tcx-doctor.config.json')}: unknown key "timeoutSecs" at the top level`)
      writeFileSync(join(dir, 'tcx-doctor.config.json'), JSON.stringify({waivers: [{id: 'a.b', reason: 3}]}))
      expect(oneLineError((await runCli(['run', '--ntp-server', 'none'], {cwd: dir})).stderr)).toMatch(/waivers\.0\.reason must be string/)
      writeFileSync(join(dir, 'tcx-doctor.config.json'), '{"failOn": "warn",}')
      expect(oneLineError((await runCli(['run', '--ntp-server', 'none'], {cwd: dir})).stderr)).toMatch(/is not valid JSON/)
    })
  })
})

describe('secrets never reach any output', () => {
  it('hides every ini password from text, JSON, HTML, info and info --json', async () => {
    const out = tempDir()
    const outputs: string[] = []
    const text = await runCli(['run', '--install-dir', SAMPLE_INSTALL, '--only', 'install', '--verbose', '-o', join(out, 'r.html'), '-o', join(out, 'r.json'), '-o', join(out, 'r.txt')])
    outputs.push(text.stdout, text.stderr, ...['r.html', 'r.json', 'r.txt'].map((f) => readFileSync(join(out, f), 'utf8')))
    for (const args of [['info'], ['info', '--json']]) {
      const r = await runCli([...args, '--install-dir', SAMPLE_INSTALL])
      expect(r.code).toBe(0)
      outputs.push(r.stdout, r.stderr)
    }
    expect(outputs.join('\n')).toMatch(/confPass: "?\*{8}/)
    for (const output of outputs) for (const password of SAMPLE_PASSWORDS) expect(output).not.toContain(password)
  })

  it('hides a password that a check echoes back', async () => {
    const dir = pluginDir({'leak.js': checkSource('leak.echo', "return {status: 'fail', summary: 'pw is SampleConfPass-7f3a91', evidence: {dbPassword: 'x', note: 'SampleMasterPw-c41e08'}}")})
    const r = await runCli(['run', '--install-dir', SAMPLE_INSTALL, '--checks-dir', dir, '--only', 'leak,install', '--format', 'json'])
    const report = JSON.parse(r.stdout)
    expect(report.results.find((x: {id: string}) => x.id === 'leak.echo').summary).toBe('pw is ********')
    for (const password of SAMPLE_PASSWORDS) expect(r.stdout).not.toContain(password)
  })
})

describe('tcx-doctor info', () => {
  it('shows paths and ini keys', async () => {
    const r = await runCli(['info', '--install-dir', SAMPLE_INSTALL])
    expect(r.stdout).toContain('Install (source: install, ok)')
    expect(r.stdout).toContain(`installDir: ${SAMPLE_INSTALL}`)
    expect(r.stdout).toMatch(/QMDatabase:\n\s+DBHost: 127\.0\.0\.1/)
    const json = JSON.parse((await runCli(['info', '--json', '--install-dir', SAMPLE_INSTALL])).stdout)
    expect(json.sections.find((s: {title: string}) => s.title === 'Install').facts.ini.ConfService.ConfPort).toBe('5485')
  })
})
