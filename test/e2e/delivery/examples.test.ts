/**
 * The scheduling and CI-gate examples do what their docs say: the systemd units
 * pass `systemd-analyze verify`; the command lines of the systemd service and of
 * the cron line in docs/SCHEDULING.md run against the sample install and e-mail
 * through a local SMTP server; the pre-upgrade gate script upgrades only when
 * tcx-doctor passes and keeps the reports either way.
 */
import {execFileSync, spawn, spawnSync} from 'node:child_process'
import {copyFileSync, existsSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {simpleParser} from 'mailparser'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {BIN, ROOT, SAMPLE_INSTALL, runCli, tempDir} from '../../helpers/cli.js'
import {plannedChecks} from '../../helpers/delivery.js'
import {startSmtpServer, type TestSmtpServer} from '../../helpers/smtp.js'

const SERVICE = join(ROOT, 'examples', 'systemd', 'tcx-doctor.service')
const TIMER = join(ROOT, 'examples', 'systemd', 'tcx-doctor.timer')
const GATE = join(ROOT, 'examples', 'ci', 'pre-upgrade-gate.sh')
const LOCAL_ONLY = ['--install-dir', SAMPLE_INSTALL, '--only', 'install.ini-complete', '--ntp-server', 'none']

/** The unit's ExecStart= with its line continuations joined. */
function execStart(unit: string): string {
  const joined = unit.replace(/\\\n\s*/g, ' ')
  const line = joined.split('\n').find((l) => l.startsWith('ExecStart='))
  if (!line) throw new Error('no ExecStart= in the unit')
  return line.slice('ExecStart='.length).trim()
}

/** The arguments after `tcx-doctor` in a plain command line (no quoting in the examples), up to a redirection. */
function doctorArgs(commandLine: string): string[] {
  const words = commandLine.split(/\s+/).filter((w) => w !== '')
  const start = words.findIndex((w) => w === 'tcx-doctor' || w.endsWith('/tcx-doctor'))
  expect(start, commandLine).toBeGreaterThanOrEqual(0)
  const rest = words.slice(start + 1)
  const redirect = rest.findIndex((w) => w.startsWith('>'))
  return redirect === -1 ? rest : rest.slice(0, redirect)
}

/** Points an example's paths and mail server at a temp folder and the local SMTP server. */
function localise(args: string[], dir: string, port: number): string[] {
  return args.map((a) => a.replace('/var/lib/tcx-doctor/', `${dir}/`).replace(/^smtp:\/\/([^@]+)@mail\.example\.com:587$/, `smtp://$1@127.0.0.1:${port}`))
}

describe('systemd units', () => {
  const analyze = (() => {
    try {
      execFileSync('systemd-analyze', ['--version'], {stdio: 'ignore'})
      return true
    } catch {
      return false
    }
  })()

  it('pass systemd-analyze verify', (ctx) => {
    if (!analyze) {
      if (process.env.CI === 'true') throw new Error('systemd-analyze is missing (Debian package systemd)')
      ctx.skip('systemd-analyze not installed')
    }
    const dir = tempDir('tcx-units-')
    // verify wants ExecStart's program to exist: use this checkout's binary.
    writeFileSync(join(dir, 'tcx-doctor.service'), readFileSync(SERVICE, 'utf8').replace('ExecStart=/usr/local/bin/tcx-doctor ', `ExecStart=${BIN} `))
    copyFileSync(TIMER, join(dir, 'tcx-doctor.timer'))
    const verify = (...files: string[]) => spawnSync('systemd-analyze', ['verify', ...files], {encoding: 'utf8'})
    const good = verify(join(dir, 'tcx-doctor.service'), join(dir, 'tcx-doctor.timer'))
    // verify reports unknown values as warnings with exit 0: no output at all is the pass.
    expect(good.stderr + good.stdout).toBe('')
    expect(good.status).toBe(0)
    // And it does catch a broken unit.
    writeFileSync(join(dir, 'tcx-doctor.service'), readFileSync(SERVICE, 'utf8').replace('Type=oneshot', 'Type=oneshoot').replace('ExecStart=/usr/local/bin/tcx-doctor ', `ExecStart=${BIN} `))
    expect(verify(join(dir, 'tcx-doctor.service')).stderr).toContain('Failed to parse service type')
  })

  it('the timer runs daily and catches up after downtime; the service treats findings as success and a failed send as failure', () => {
    const timer = readFileSync(TIMER, 'utf8')
    expect(timer).toMatch(/^OnCalendar=\*-\*-\* 06:30:00$/m)
    expect(timer).toMatch(/^Persistent=true$/m)
    const service = readFileSync(SERVICE, 'utf8')
    expect(service).toMatch(/^SuccessExitStatus=1 2$/m)
    expect(service).toMatch(/^StateDirectory=tcx-doctor$/m)
  })
})

describe('the example command lines run as written (paths and mail server pointed at the test)', () => {
  let server: TestSmtpServer
  beforeAll(async () => {
    server = await startSmtpServer({users: {'tcx-doctor': 'Timer-Pw-8812'}})
  })
  afterAll(async () => server.close())

  const cases: Array<[string, () => string]> = [
    ['the systemd service ExecStart', () => execStart(readFileSync(SERVICE, 'utf8'))],
    [
      'the cron line in docs/SCHEDULING.md',
      () => {
        const line = readFileSync(join(ROOT, 'docs', 'SCHEDULING.md'), 'utf8')
          .split('\n')
          .find((l) => /^30 6 \* \* \* root /.test(l))
        if (!line) throw new Error('no cron line in docs/SCHEDULING.md')
        return line
      },
    ],
  ]

  it.each(cases)('%s: writes the reports, e-mails, then stays quiet while nothing changes', async (_name, commandLine) => {
    const dir = tempDir('tcx-sched-')
    const args = localise(doctorArgs(commandLine()), dir, server.port)
    expect(args[0]).toBe('run')
    const before = server.messages.length
    const first = await runCli([...args, ...LOCAL_ONLY], {env: {TCX_SMTP_PASSWORD: 'Timer-Pw-8812'}})
    expect(first.stderr).toBe('')
    expect(first.code).toBe(0)
    expect(first.stdout).toBe('') // --quiet
    expect(existsSync(join(dir, 'report.html'))).toBe(true)
    expect(existsSync(join(dir, 'report.json'))).toBe(true)
    expect(existsSync(join(dir, 'email-state.json'))).toBe(true)
    expect(server.messages.length).toBe(before + 1)
    const mail = await simpleParser(server.messages.at(-1)!.raw)
    expect(mail.subject).toMatch(/^\[tcx-doctor\] PASS .+: 1 pass$/)
    expect(server.messages.at(-1)!.to).toEqual(['pbx-admins@example.com'])
    const second = await runCli([...args, ...LOCAL_ONLY], {env: {TCX_SMTP_PASSWORD: 'Timer-Pw-8812'}})
    expect(second.code).toBe(0)
    expect(server.messages.length).toBe(before + 1)
  })
})

describe('examples/ci/pre-upgrade-gate.sh', () => {
  const gate = (args: string[], env: NodeJS.ProcessEnv): Promise<{code: number | null; stdout: string; stderr: string}> =>
    new Promise((resolve, reject) => {
      const child = spawn('bash', [GATE, ...args], {cwd: ROOT, env: {...process.env, NO_COLOR: '1', TCX_DOCTOR: `${process.execPath} ${BIN}`, ...env}})
      let stdout = ''
      let stderr = ''
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
      child.on('error', reject)
      child.on('close', (code) => resolve({code, stdout, stderr}))
    })

  it('runs the upgrade command when the gate passes, and keeps the three reports', async () => {
    const reports = join(tempDir('tcx-gate-'), 'reports')
    const marker = join(tempDir('tcx-gate-'), 'upgraded')
    const r = await gate([...LOCAL_ONLY, '--', 'touch', marker], {REPORT_DIR: reports})
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(existsSync(marker)).toBe(true)
    expect(r.stdout).toContain(`pre-upgrade gate: passed (--fail-on error); reports in ${reports}`)
    for (const f of ['junit.xml', 'report.html', 'report.json']) expect(existsSync(join(reports, f)), f).toBe(true)
  })

  it('does not upgrade when a check fails: exits with tcx-doctor code and says where the HTML report is', async () => {
    const checks = plannedChecks({'delivery.blocker': {status: 'fail', summary: 'the PBX has two network cards'}, 'delivery.minor': {status: 'warn', summary: 'odd'}})
    const reports = join(tempDir('tcx-gate-'), 'reports')
    const marker = join(tempDir('tcx-gate-'), 'upgraded')
    const r = await gate(
      ['--install-dir', SAMPLE_INSTALL, '--ntp-server', 'none', '--checks-dir', checks.dir, '--only', 'install.ini-complete,delivery.blocker,delivery.minor', '--', 'touch', marker],
      {REPORT_DIR: reports},
    )
    expect(r.code).toBe(2)
    expect(existsSync(marker)).toBe(false)
    expect(r.stderr).toContain(`pre-upgrade gate: tcx-doctor exited 2 (--fail-on error): NOT upgrading. Read ${reports}/report.html`)
    const junit = readFileSync(join(reports, 'junit.xml'), 'utf8')
    expect(junit).toContain('failures="1"')
    // --fail-on error: the warning alone would not have stopped it.
    checks.plan({'delivery.blocker': {status: 'pass', summary: 'one card'}, 'delivery.minor': {status: 'warn', summary: 'odd'}})
    const again = await gate(
      ['--install-dir', SAMPLE_INSTALL, '--ntp-server', 'none', '--checks-dir', checks.dir, '--only', 'install.ini-complete,delivery.blocker,delivery.minor', '--', 'touch', marker],
      {REPORT_DIR: reports},
    )
    expect(again.code).toBe(0)
    expect(existsSync(marker)).toBe(true)
  })
})
