/**
 * The e-mailed report, end to end: the built CLI sends through a real SMTP
 * server (smtp-server, in this process, on 127.0.0.1) and the message is read
 * back with mailparser. Plain SMTP with login, STARTTLS, implicit TLS, and the
 * failures (login refused, nothing listening, TLS-only server, untrusted
 * certificate, no STARTTLS) each give one clear line and exit code 3 while the
 * report files are still written.
 */
import {existsSync, readFileSync, writeFileSync} from 'node:fs'
import {hostname} from 'node:os'
import {join} from 'node:path'
import {simpleParser} from 'mailparser'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {tempDir} from '../../helpers/cli.js'
import {plannedChecks, runDelivery, type PlannedChecks} from '../../helpers/delivery.js'
import {closedPort, selfSignedCertificate, startSmtpServer, type TestCertificate, type TestSmtpServer} from '../../helpers/smtp.js'

const PASSWORD = 'Sm7p-Secret-Pw!41'
const USER = 'mailer'
const FROM = 'doctor@example.com'
const host = hostname()

interface Report {
  exitCode: number
  summary: Record<string, number | string>
  results: Array<{id: string; status: string}>
}

/** The report files of a run, and the flags that write them. */
function outputs(dir: string) {
  const files = {json: join(dir, 'r.json'), html: join(dir, 'r.html'), txt: join(dir, 'r.txt')}
  return {files, args: ['-o', files.json, '-o', files.html, '-o', files.txt, '--quiet']}
}

const stderrLines = (stderr: string): string[] => stderr.split('\n').filter((l) => l.trim() !== '')

describe('e-mailed report over plain SMTP with a login', () => {
  let server: TestSmtpServer
  let checks: PlannedChecks
  beforeAll(async () => {
    server = await startSmtpServer({users: {[USER]: PASSWORD}})
    checks = plannedChecks({
      'delivery.trunk': {status: 'fail', summary: 'Trunk "Loop & <Back>" is not registered.', evidence: {trunk: 'Loop & <Back>'}},
      'delivery.files': {status: 'warn', summary: 'One stale copy of 3cxpscomcpp2.dll.'},
      // A check that (carelessly) shows the SMTP password: the run must mask it, as it is a registered secret.
      'delivery.ok': {status: 'pass', summary: 'All good.', evidence: {seen: `password ${PASSWORD} in a log line`}},
    })
  })
  afterAll(async () => server.close())

  it('sends the HTML report as the body, the text report as the alternative and the JSON report attached, all from the same run', async () => {
    const dir = tempDir('tcx-mail-')
    const out = outputs(dir)
    const r = await runDelivery(checks, [...out.args, '--email-to', 'ops@example.com, pbx-admin@example.com', '--email-from', FROM, '--smtp-url', `smtp://${USER}@127.0.0.1:${server.port}`], {
      env: {TCX_SMTP_PASSWORD: PASSWORD},
    })
    expect(r.stderr).toBe('')
    const report = JSON.parse(readFileSync(out.files.json, 'utf8')) as Report
    expect(report.exitCode).toBe(2)
    expect(r.code).toBe(2)
    expect(server.messages).toHaveLength(1)
    const received = server.messages[0]!
    expect(received.from).toBe(FROM)
    expect(received.to).toEqual(['ops@example.com', 'pbx-admin@example.com'])
    expect(received.user).toBe(USER)
    expect(server.logins.at(-1)).toEqual({user: USER, password: PASSWORD})
    const mail = await simpleParser(received.raw)
    expect(mail.subject).toBe(`[tcx-doctor] FAIL ${host}: 1 fail, 1 warn`)
    expect(mail.html).toBe(readFileSync(out.files.html, 'utf8'))
    expect(mail.text).toBe(readFileSync(out.files.txt, 'utf8'))
    expect(mail.attachments).toHaveLength(1)
    const attachment = mail.attachments[0]!
    expect(attachment.contentType).toBe('application/json')
    expect(attachment.filename).toMatch(/^tcx-doctor-.+-\d{8}T\d{6}Z\.json$/)
    expect(attachment.content.equals(readFileSync(out.files.json))).toBe(true)
    expect(mail.headers.get('x-tcx-doctor-exit-code')).toBe('2')
    // The password went to the server's AUTH only: not into the message, the output or the reports.
    expect(received.raw.toString('latin1')).not.toContain(PASSWORD)
    expect(r.stdout + r.stderr).not.toContain(PASSWORD)
    for (const file of Object.values(out.files)) expect(readFileSync(file, 'utf8'), file).not.toContain(PASSWORD)
    expect(readFileSync(out.files.json, 'utf8')).toContain('password ******** in a log line')
  })

  it('says on stdout whom it e-mailed when the text report is printed', async () => {
    const before = server.messages.length
    const r = await runDelivery(checks, ['--email-to', 'ops@example.com', '--email-from', FROM, '--smtp-url', `smtp://${USER}@127.0.0.1:${server.port}`], {
      env: {TCX_SMTP_PASSWORD: PASSWORD},
    })
    expect(r.code).toBe(2)
    expect(r.stdout).toContain('E-mailed the report to ops@example.com (--email-on always)')
    expect(server.messages.length).toBe(before + 1)
  })

  it('takes the password from the config file, and names the refused login in one line (exit 3, password redacted, reports written)', async () => {
    const dir = tempDir('tcx-mail-')
    const out = outputs(dir)
    const config = join(dir, 'tcx-doctor.config.json')
    const wrong = 'Wrong-Pw-for-mailer-93'
    writeFileSync(config, JSON.stringify({email: {to: 'ops@example.com', from: FROM, smtpUrl: `smtp://${USER}@127.0.0.1:${server.port}`, password: wrong}}))
    const before = server.messages.length
    const r = await runDelivery(checks, [...out.args, '--config', config], {env: {TCX_SMTP_PASSWORD: ''}})
    expect(r.code).toBe(3)
    expect(server.logins.at(-1)).toEqual({user: USER, password: wrong})
    expect(server.messages.length).toBe(before)
    const lines = stderrLines(r.stderr)
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(new RegExp(`^tcx-doctor: e-mail not sent: smtp://127\\.0\\.0\\.1:${server.port} refused the login as "mailer" \\(535 `))
    expect(lines[0]).toContain('check the user in --smtp-url and the password in TCX_SMTP_PASSWORD')
    // The server echoed the password in its answer; the line shows it masked.
    expect(lines[0]).toContain('(got ********)')
    expect(r.stderr).not.toContain(wrong)
    for (const file of Object.values(out.files)) expect(existsSync(file)).toBe(true)
    expect((JSON.parse(readFileSync(out.files.json, 'utf8')) as Report).exitCode).toBe(2)
  })
})

describe('e-mail send failures', () => {
  let checks: PlannedChecks
  let cert: TestCertificate
  beforeAll(() => {
    checks = plannedChecks({'delivery.ok': {status: 'pass', summary: 'All good.'}})
    cert = selfSignedCertificate()
  })

  it('server down: the closed port is named, exit 3, the report files are still written', async () => {
    const port = await closedPort()
    const dir = tempDir('tcx-mail-')
    const out = outputs(dir)
    const r = await runDelivery(checks, [...out.args, '-o', join(dir, 'r.prom'), '--email-to', 'ops@example.com', '--email-from', FROM, '--smtp-url', `smtp://127.0.0.1:${port}`])
    expect(r.code).toBe(3)
    expect(stderrLines(r.stderr)).toEqual([
      `tcx-doctor: e-mail not sent: connection refused by smtp://127.0.0.1:${port}: no mail server listens there; check the host and port in --smtp-url`,
    ])
    for (const file of [...Object.values(out.files), join(dir, 'r.prom')]) expect(existsSync(file)).toBe(true)
    expect((JSON.parse(readFileSync(out.files.json, 'utf8')) as Report).exitCode).toBe(0)
  })

  it('TLS-only server reached with smtp://: no greeting, and the line says to use smtps://', async () => {
    const server = await startSmtpServer({secure: true, tls: cert})
    try {
      const dir = tempDir('tcx-mail-')
      const config = join(dir, 'c.json')
      writeFileSync(config, JSON.stringify({email: {timeoutSeconds: 1.5}}))
      const r = await runDelivery(checks, ['--quiet', '--config', config, '--email-to', 'ops@example.com', '--email-from', FROM, '--smtp-url', `smtp://127.0.0.1:${server.port}`])
      expect(r.code).toBe(3)
      expect(stderrLines(r.stderr)).toEqual([
        `tcx-doctor: e-mail not sent: smtp://127.0.0.1:${server.port} sent no SMTP greeting within 1.5 s: it may expect TLS from the first byte (implicit TLS, usually port 465); then use smtps:// in --smtp-url`,
      ])
      expect(server.messages).toHaveLength(0)
    } finally {
      await server.close()
    }
  })

  it('TLS-only server with smtps:// but a certificate nobody vouches for: the untrusted certificate is named', async () => {
    const server = await startSmtpServer({secure: true, tls: cert})
    try {
      const r = await runDelivery(checks, ['--quiet', '--email-to', 'ops@example.com', '--email-from', FROM, '--smtp-url', `smtps://127.0.0.1:${server.port}`])
      expect(r.code).toBe(3)
      const lines = stderrLines(r.stderr)
      expect(lines).toHaveLength(1)
      expect(lines[0]).toMatch(new RegExp(`^tcx-doctor: e-mail not sent: the TLS certificate of smtps://127\\.0\\.0\\.1:${server.port} is not trusted \\(self[- ]signed certificate\\): add the CA`))
      expect(server.messages).toHaveLength(0)
    } finally {
      await server.close()
    }
  })

  it('smtps:// to a plain SMTP server: the line says it does not speak TLS on connect', async () => {
    const server = await startSmtpServer({})
    try {
      const r = await runDelivery(checks, ['--quiet', '--email-to', 'ops@example.com', '--email-from', FROM, '--smtp-url', `smtps://127.0.0.1:${server.port}`])
      expect(r.code).toBe(3)
      const lines = stderrLines(r.stderr)
      expect(lines).toHaveLength(1)
      expect(lines[0]).toContain(`e-mail not sent: smtps://127.0.0.1:${server.port} does not speak TLS on connect`)
      expect(lines[0]).toContain('use smtp://')
    } finally {
      await server.close()
    }
  })

  it('?starttls=required against a server without STARTTLS refuses to go on in clear', async () => {
    const server = await startSmtpServer({tls: cert, noStarttls: true})
    try {
      const r = await runDelivery(checks, ['--quiet', '--email-to', 'ops@example.com', '--email-from', FROM, '--smtp-url', `smtp://127.0.0.1:${server.port}?starttls=required`])
      expect(r.code).toBe(3)
      const lines = stderrLines(r.stderr)
      expect(lines).toHaveLength(1)
      expect(lines[0]).toContain(`e-mail not sent: STARTTLS with smtp://127.0.0.1:${server.port} failed`)
      expect(server.messages).toHaveLength(0)
    } finally {
      await server.close()
    }
  })
})

describe('e-mail over TLS', () => {
  let cert: TestCertificate
  let checks: PlannedChecks
  beforeAll(() => {
    cert = selfSignedCertificate()
    checks = plannedChecks({'delivery.ok': {status: 'pass', summary: 'All good.'}})
  })

  const configWithCa = (): string => {
    const file = join(tempDir('tcx-mail-'), 'c.json')
    writeFileSync(file, JSON.stringify({email: {caFile: cert.certFile}}))
    return file
  }

  it('upgrades with STARTTLS when the server offers it, and logs in only then', async () => {
    const server = await startSmtpServer({tls: cert, users: {[USER]: PASSWORD}})
    try {
      const r = await runDelivery(checks, ['--quiet', '--config', configWithCa(), '--email-to', 'ops@example.com', '--email-from', FROM, '--smtp-url', `smtp://${USER}@127.0.0.1:${server.port}`], {
        env: {TCX_SMTP_PASSWORD: PASSWORD},
      })
      expect(r.stderr).toBe('')
      expect(r.code).toBe(0)
      expect(server.messages).toHaveLength(1)
      expect(server.messages[0]!.secure).toBe(true)
      expect(server.messages[0]!.user).toBe(USER)
      expect((await simpleParser(server.messages[0]!.raw)).subject).toBe(`[tcx-doctor] PASS ${host}: 2 pass`)
    } finally {
      await server.close()
    }
  })

  it('speaks TLS from the first byte with smtps://', async () => {
    const server = await startSmtpServer({secure: true, tls: cert, users: {[USER]: PASSWORD}})
    try {
      const r = await runDelivery(checks, ['--quiet', '--config', configWithCa(), '--email-to', 'ops@example.com', '--email-from', FROM, '--smtp-url', `smtps://${USER}@127.0.0.1:${server.port}`], {
        env: {TCX_SMTP_PASSWORD: PASSWORD},
      })
      expect(r.stderr).toBe('')
      expect(r.code).toBe(0)
      expect(server.messages).toHaveLength(1)
      expect(server.messages[0]!.secure).toBe(true)
    } finally {
      await server.close()
    }
  })
})

describe('--email-on', () => {
  let server: TestSmtpServer
  beforeAll(async () => {
    server = await startSmtpServer({})
  })
  afterAll(async () => server.close())

  const mailArgs = (stateFile: string, on: string, port = server.port) => [
    '--email-to', 'ops@example.com', '--email-from', FROM, '--smtp-url', `smtp://127.0.0.1:${port}`, '--email-on', on, '--state-file', stateFile,
  ]

  it('problems: no mail when everything passes, a mail when something warns', async () => {
    const checks = plannedChecks({'delivery.one': {status: 'pass', summary: 'fine'}})
    const state = join(tempDir('tcx-state-'), 'state.json')
    const before = server.messages.length
    const quiet = await runDelivery(checks, mailArgs(state, 'problems'))
    expect(quiet.code).toBe(0)
    expect(quiet.stdout).toContain('no e-mail: no problems (--email-on problems)')
    expect(server.messages.length).toBe(before)
    checks.plan({'delivery.one': {status: 'warn', summary: 'hmm'}})
    const loud = await runDelivery(checks, mailArgs(state, 'problems'))
    expect(loud.code).toBe(1)
    expect(server.messages.length).toBe(before + 1)
    expect((await simpleParser(server.messages.at(-1)!.raw)).subject).toBe(`[tcx-doctor] WARN ${host}: 1 warn`)
  })

  it('changes: the first run sends, the same problems again do not, a new, worse or cleared problem does and the e-mail says which; a failed send is retried next run', async () => {
    const checks = plannedChecks({'delivery.one': {status: 'fail', summary: 'broken'}, 'delivery.two': {status: 'pass', summary: 'fine'}})
    const state = join(tempDir('tcx-state-'), 'sub', 'state.json')
    const start = server.messages.length
    const first = await runDelivery(checks, mailArgs(state, 'changes'))
    expect(first.stdout).toContain('E-mailed the report to ops@example.com (first run with this state file)')
    expect(server.messages.length).toBe(start + 1)
    const saved = JSON.parse(readFileSync(state, 'utf8')) as {targets: Record<string, {problems: string[]}>}
    expect(Object.values(saved.targets).map((t) => t.problems)).toEqual([['delivery.one=fail']])

    const same = await runDelivery(checks, mailArgs(state, 'changes'))
    expect(same.code).toBe(2)
    expect(same.stdout).toContain('no e-mail: the problems are the same as in the last run (--email-on changes)')
    expect(server.messages.length).toBe(start + 1)

    checks.plan({'delivery.one': {status: 'fail', summary: 'still broken, other words'}, 'delivery.two': {status: 'warn', summary: 'now warns'}})
    const down = await closedPort()
    const failed = await runDelivery(checks, mailArgs(state, 'changes', down))
    expect(failed.code).toBe(3)
    expect(stderrLines(failed.stderr)).toHaveLength(1)
    expect(server.messages.length).toBe(start + 1)

    const retried = await runDelivery(checks, mailArgs(state, 'changes'))
    expect(retried.stdout).toContain('E-mailed the report to ops@example.com (changed since the last run: +delivery.two=warn)')
    expect(server.messages.length).toBe(start + 2)
    // The e-mail says first what changed: in the subject, and at the top of both bodies.
    const changed = await simpleParser(server.messages.at(-1)!.raw)
    expect(changed.subject).toBe(`[tcx-doctor] FAIL ${host}: 1 new problem; now 1 fail, 1 warn`)
    const firstLines = (changed.text ?? '').split('\n').slice(0, 4)
    expect(firstLines[0]).toMatch(/^Changes since the last report \(\d{4}-\d\d-\d\d \d\d:\d\d UTC\): 1 new problem$/)
    expect(firstLines[1]).toBe('  New       WARN  delivery.two: Delivery test delivery.two: now warns')
    expect(firstLines[2]).toBe('  1 problem is unchanged.')
    const html = String(changed.html)
    const block = html.indexOf('data-section="changes"')
    expect(block).toBeGreaterThan(html.indexOf('<body'))
    expect(html.slice(block)).toMatch(/^[^]*?Changes since the last report[^]*?1 new problem[^]*?New[^]*?WARN[^]*?Delivery test delivery\.two[^]*?now warns/)
    expect(html.indexOf('still broken, other words')).toBeGreaterThan(block)
    expect(html).not.toContain('<details')

    checks.plan({'delivery.one': {status: 'fail', summary: 'still broken'}, 'delivery.two': {status: 'fail', summary: 'now fails'}})
    const worse = await runDelivery(checks, mailArgs(state, 'changes'))
    expect(worse.stdout).toContain('(changed since the last run: +delivery.two=fail -delivery.two=warn)')
    const worseMail = await simpleParser(server.messages.at(-1)!.raw)
    expect(worseMail.subject).toBe(`[tcx-doctor] FAIL ${host}: 1 changed; now 2 fail`)
    expect((worseMail.text ?? '').split('\n')[1]).toBe('  Changed   WARN → FAIL  delivery.two: Delivery test delivery.two: now fails')
    expect(server.messages.length).toBe(start + 3)

    checks.plan({'delivery.one': {status: 'pass', summary: 'fixed'}, 'delivery.two': {status: 'pass', summary: 'fixed'}})
    const cleared = await runDelivery(checks, mailArgs(state, 'changes'))
    expect(cleared.code).toBe(0)
    expect(cleared.stdout).toContain('(changed since the last run: -delivery.one=fail -delivery.two=fail)')
    expect(server.messages.length).toBe(start + 4)
    const clearedMail = await simpleParser(server.messages.at(-1)!.raw)
    expect(clearedMail.subject).toBe(`[tcx-doctor] PASS ${host}: 2 resolved; now 3 pass`)
    expect((clearedMail.text ?? '').split('\n').slice(1, 3)).toEqual([
      '  Resolved  was FAIL, now PASS  delivery.one: Delivery test delivery.one: fixed',
      '  Resolved  was FAIL, now PASS  delivery.two: Delivery test delivery.two: fixed',
    ])
  })
})

describe('e-mail usage errors stop before any check runs', () => {
  it.each([
    [['--email-to', 'ops@example.com', '--smtp-url', 'smtp://127.0.0.1:25'], 'tcx-doctor: --email-to needs a sender: add --email-from ADDR (or "from" in the config\'s email block)'],
    [['--email-to', 'ops@example.com', '--email-from', FROM], 'tcx-doctor: --email-to needs the mail server: add --smtp-url smtp://user@host:587 (or "smtpUrl" in the config\'s email block)'],
    [['--email-to', 'not-an-address', '--email-from', FROM, '--smtp-url', 'smtp://127.0.0.1:25'], 'tcx-doctor: --email-to: "not-an-address" is not an e-mail address (use name@example.com, several separated by commas)'],
    [['--email-to', 'ops@example.com', '--email-from', FROM, '--smtp-url', 'http://127.0.0.1:25'], 'tcx-doctor: --smtp-url has the scheme "http"; use smtp:// (STARTTLS) or smtps:// (implicit TLS)'],
    [
      ['--email-to', 'ops@example.com', '--email-from', FROM, '--smtp-url', 'smtp://mailer@127.0.0.1:25'],
      'tcx-doctor: --smtp-url names the user "mailer" but no password was given: set TCX_SMTP_PASSWORD or "password" in the config\'s email block',
    ],
    [['--smtp-url', 'smtp://127.0.0.1:25'], 'tcx-doctor: --smtp-url needs --email-to (or "to" in the config\'s email block): nobody to send the report to'],
  ])('%j', async (args, line) => {
    const r = await runDelivery(undefined, ['--format', 'json', ...args], {env: {TCX_SMTP_PASSWORD: ''}})
    expect(r.code).toBe(3)
    expect(r.stdout).toBe('')
    expect(r.stderr).toBe(`${line}\n`)
  })

  it('rejects an unknown key in the config email block', async () => {
    const dir = tempDir('tcx-mail-')
    writeFileSync(join(dir, 'c.json'), JSON.stringify({email: {to: 'ops@example.com', smtp: 'x'}}))
    const r = await runDelivery(undefined, ['--config', join(dir, 'c.json')])
    expect(r.code).toBe(3)
    expect(r.stderr).toBe(`tcx-doctor: config file ${join(dir, 'c.json')}: unknown key "smtp" at email\n`)
  })
})
