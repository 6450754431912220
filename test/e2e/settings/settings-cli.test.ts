/**
 * Settings as a user gives them to the built CLI: bad values refused in one line, config
 * errors that show no secret, the config file looked for where an admin expects it, and
 * verdicts a gate can trust (UNKNOWN, exit 3, when nothing of 3CX could be checked).
 */
import {execFileSync} from 'node:child_process'
import {existsSync, mkdirSync, rmSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {runCli, SAMPLE_INSTALL, tempDir} from '../../helpers/cli.js'
import {reportOf, type JsonReport} from '../../helpers/report-schema.js'

type Report = JsonReport & {verdict: {state: string; reasons: string[]}; target: Record<string, unknown>}
const report = (r: Awaited<ReturnType<typeof runCli>>): Report => reportOf(r) as Report

/** This machine has no 3CX in the place the search looks (true on CI runners and developer machines). */
const without3cx = !existsSync('/var/lib/3cxpbx') && process.platform !== 'win32'

describe('bad --timeout values', () => {
  it.each([['0'], ['-1'], ['abc'], ['99999999999'], ['1e12'], ['0.01']])('--timeout %s is one line naming the flag and the range, exit 3', async (value) => {
    const r = await runCli(['run', '--ntp-server', 'none', '--timeout', value], {cwd: tempDir()})
    expect(r.code).toBe(3)
    expect(r.stderr).toBe(`tcx-doctor: --timeout must be a number of seconds from 0.1 to 3600, not "${value}"\n`)
    expect(r.stdout).toBe('')
  })

  it('takes --timeout=-1 the same way, and a config timeoutSeconds of 10^12 is refused naming the key', async () => {
    const eq = await runCli(['run', '--ntp-server', 'none', '--timeout=-1'], {cwd: tempDir()})
    expect(eq.stderr).toBe('tcx-doctor: --timeout must be a number of seconds from 0.1 to 3600, not "-1"\n')
    const dir = tempDir()
    writeFileSync(join(dir, 'c.json'), JSON.stringify({db: {timeoutSeconds: 1e12}}))
    const r = await runCli(['run', '--ntp-server', 'none', '--config', 'c.json'], {cwd: dir})
    expect(r.code).toBe(3)
    expect(r.stderr).toBe(`tcx-doctor: config file ${join(dir, 'c.json')}: db.timeoutSeconds must be a number of seconds from 0.1 to 3600\n`)
    expect(r.stderr).not.toMatch(/TimeoutOverflowWarning/)
  })
})

describe('config file errors', () => {
  const secret = 'Tr0ub4dor&3-horse'

  it.each([
    ['broken JSON after a password', `{"console": {"user": "admin", "password": ${secret}}}`, /is not valid JSON: unexpected character 'T'/],
    ['an unterminated password', `{"console": {"password": "${secret}}}`, /is not valid JSON/],
    ['a typo in the password key', JSON.stringify({console: {passwrod: secret}}), /unknown key "passwrod" at console/],
    ['a password where a number belongs', JSON.stringify({db: {port: secret}}), /db\.port must be a whole number from 1 to 65535/],
    ['a database URL with the wrong scheme', JSON.stringify({db: {url: `mysql://u:${secret}@h/x`}}), /db\.url must match pattern/],
  ])('%s: one line, no part of the secret', async (_name, text, message) => {
    const dir = tempDir()
    writeFileSync(join(dir, 'tcx-doctor.config.json'), text)
    const r = await runCli(['run', '--ntp-server', 'none'], {cwd: dir})
    expect(r.code).toBe(3)
    expect(r.stderr).toMatch(message)
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1)
    expect(r.stderr).not.toMatch(/Tr0ub|ub4dor|horse/)
  })

  it('a waiver for an unknown check or with an impossible date names the key', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'a.json'), JSON.stringify({waivers: [{id: 'network.multiple-nic', reason: 'typo'}]}))
    writeFileSync(join(dir, 'b.json'), JSON.stringify({waivers: [{id: 'network.*', reason: 'later', until: '2026-02-31'}]}))
    const a = await runCli(['run', '--ntp-server', 'none', '--config', 'a.json'], {cwd: dir})
    expect(a.code).toBe(3)
    expect(a.stderr).toBe(`tcx-doctor: config file ${join(dir, 'a.json')}: waivers[0].id: "network.multiple-nic" matches no check; \`tcx-doctor list\` shows the ids\n`)
    const b = await runCli(['run', '--ntp-server', 'none', '--config', 'b.json'], {cwd: dir})
    expect(b.code).toBe(3)
    expect(b.stderr).toBe('tcx-doctor: config waivers[0].until: "2026-02-31" is not a date of the calendar (use YYYY-MM-DD, e.g. 2026-02-28)\n')
  })

  it('a config that is a FIFO or a device is refused at once, in one line', async () => {
    const dir = tempDir()
    const fifo = join(dir, 'tcx-doctor.config.json')
    execFileSync('mkfifo', [fifo])
    const r = await runCli(['run', '--ntp-server', 'none'], {cwd: dir, timeoutMs: 20_000})
    expect(r.code).toBe(3)
    expect(r.stderr).toBe(`tcx-doctor: config file ${fifo} is a FIFO (named pipe), not a regular file; give the path of the file itself\n`)
    const zero = await runCli(['run', '--ntp-server', 'none', '--config', '/dev/zero'], {cwd: dir, timeoutMs: 20_000})
    expect(zero.code).toBe(3)
    expect(zero.stderr).toMatch(/^tcx-doctor: config file \/dev\/zero is a character device, not a regular file/)
  })
})

describe('a run that could not look is UNKNOWN', () => {
  it.skipIf(!without3cx)('on a machine without 3CX (no /var/lib/3cxpbx here): exit 3, the reason once, Nagios UNKNOWN', async () => {
    const r = await runCli(['run', '--ntp-server', 'none', '--format', 'json'], {cwd: tempDir()})
    const rep = report(r)
    expect(r.code).toBe(3)
    expect(rep.exitCode).toBe(3)
    expect(rep.verdict.state).toBe('unknown')
    expect(rep.verdict.reasons.filter((reason) => reason.includes('no 3CX install found'))).toHaveLength(1)
    const nagios = await runCli(['run', '--ntp-server', 'none', '--format', 'nagios'], {cwd: tempDir()})
    expect(nagios.code).toBe(3)
    expect(nagios.stdout).toMatch(/^TCX-DOCTOR UNKNOWN - /)
  })

  it.skipIf(!without3cx)('--fail-on never still exits 0, the report saying unknown', async () => {
    const r = await runCli(['run', '--ntp-server', 'none', '--format', 'json', '--fail-on', 'never'], {cwd: tempDir()})
    expect(r.code).toBe(0)
    expect(report(r).verdict.state).toBe('unknown')
  })

  it('--require and --require-checks: an unavailable source or a skipped check makes it UNKNOWN', async () => {
    const base = ['run', '--ntp-server', 'none', '--format', 'json', '--install-dir', SAMPLE_INSTALL, '--only', 'install', '--db-url', 'postgres://u:pw-Secret-42@127.0.0.1:1/x']
    const ok = await runCli(base, {cwd: tempDir()})
    expect(report(ok).verdict).toEqual({state: 'ok', reasons: []})
    expect(ok.code).toBe(0)
    const r = await runCli([...base, '--require', 'install,db', '--require-checks', 'install.ini-complete,time.ivr-timeouts,nope.nothing'], {cwd: tempDir()})
    const rep = report(r)
    expect(r.code).toBe(3)
    expect(rep.verdict.state).toBe('unknown')
    expect(rep.verdict.reasons).toEqual([
      expect.stringMatching(/^required source db: no selected check uses it/),
      'required check time.ivr-timeouts was not selected (--only/--skip)',
      'required check nope.nothing: no check has this id; `tcx-doctor list` shows the ids',
    ])
    expect(r.stdout).not.toContain('pw-Secret-42')
  })
})

describe('where the config file is looked for', () => {
  it('./tcx-doctor.config.json in the working folder, named in the report', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'tcx-doctor.config.json'), JSON.stringify({installDir: SAMPLE_INSTALL, only: ['install']}))
    const r = await runCli(['run', '--ntp-server', 'none', '--format', 'json'], {cwd: dir})
    const rep = report(r)
    expect(rep.target.configFile).toBe(join(dir, 'tcx-doctor.config.json'))
    expect(rep.target.installDir).toBe(SAMPLE_INSTALL)
  })

  const etc = '/etc/tcx-doctor'
  const canUseEtc = process.platform !== 'win32' && !existsSync(etc) && process.getuid?.() === 0
  it.skipIf(!canUseEtc)('then /etc/tcx-doctor/config.json (only when that folder does not exist yet and we are root; removed after)', async () => {
    mkdirSync(etc)
    try {
      // Harmless for other tests running at the same time: it sets nothing but $schema.
      writeFileSync(join(etc, 'config.json'), JSON.stringify({$schema: 'tcx-doctor lookup test'}))
      const empty = tempDir()
      const r = await runCli(['run', '--ntp-server', 'none', '--format', 'json', '--install-dir', SAMPLE_INSTALL, '--only', 'install'], {cwd: empty})
      expect(report(r).target.configFile).toBe('/etc/tcx-doctor/config.json')
      const local = tempDir()
      writeFileSync(join(local, 'tcx-doctor.config.json'), '{}')
      const l = await runCli(['run', '--ntp-server', 'none', '--format', 'json', '--install-dir', SAMPLE_INSTALL, '--only', 'install'], {cwd: local})
      expect(report(l).target.configFile).toBe(join(local, 'tcx-doctor.config.json'))
    } finally {
      rmSync(etc, {recursive: true, force: true})
    }
  })
})

describe('secrets given in URLs stay secret in every output', () => {
  it('redacts the password of --db-url and --console-url in every spelling a check or server may echo', async () => {
    const {pluginDir, checkSource} = await import('../../helpers/plugin-dir.js')
    // A plugin that echoes the URLs' passwords raw, decoded, lower-case encoded, form-encoded and cut short.
    const dir = pluginDir({
      'echo.js': checkSource(
        'echo.secrets',
        `const pw = (u) => u.slice(u.indexOf(':', 9) + 1, u.lastIndexOf('@'))
         const db = pw(ctx.settings.dbUrl), con = pw(ctx.settings.consoleUrl)
         const plain = decodeURIComponent(db)
         return {status: 'warn', summary: [db, plain, db.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()), new URLSearchParams({v: plain}).toString().slice(2), '"' + plain.slice(0, 7) + '"', con, decodeURIComponent(con)].join(' | ')}`,
      ),
    })
    const out = tempDir()
    const r = await runCli(
      ['run', '--ntp-server', 'none', '--checks-dir', dir, '--only', 'echo.secrets', '--format', 'json', '-o', join(out, 'r.txt'), '-o', join(out, 'r.html'),
        '--db-url', 'postgres://u:Zq%2F7%40x%20Wk-91@127.0.0.1:1/x', '--console-url', 'https://admin:Hv8%23kL2%2Bm@127.0.0.1:1/'],
      {cwd: tempDir()},
    )
    const summary = (reportOf(r).results[0] as {summary: string}).summary
    expect(summary).toBe('******** | ******** | ******** | ******** | "********" | ******** | ********')
    const {readFileSync} = await import('node:fs')
    for (const text of [r.stdout, r.stderr, readFileSync(join(out, 'r.txt'), 'utf8'), readFileSync(join(out, 'r.html'), 'utf8')]) {
      expect(text).not.toMatch(/Zq%2F|zq%2f|Zq\/7|Wk-91|wk-91|Hv8|hv8/)
    }
  })
})
