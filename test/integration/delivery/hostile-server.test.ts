/**
 * deliverByEmail against a real SMTP server on 127.0.0.1 (smtp-server): what a server says and
 * what the report holds reach the user inertly. A refusal reply with terminal control sequences
 * becomes a line with visible escapes; the text part of a sent mail has none of them raw; the
 * state file is written atomically with mode 0600.
 */
import {readdirSync, statSync} from 'node:fs'
import {join} from 'node:path'
import {simpleParser} from 'mailparser'
import {afterEach, describe, expect, it} from 'vitest'
import {deliverByEmail} from '../../../src/delivery/email.js'
import type {EmailSettings} from '../../../src/delivery/email-settings.js'
import {summarize, verdictOf, type Report} from '../../../src/engine/report.js'
import type {CheckResult} from '../../../src/engine/result.js'
import {startSmtpServer, type TestSmtpServer} from '../../helpers/smtp.js'
import {tempDir} from '../../helpers/temp.js'

const EVIL = 'X\u001b]0;owned\u0007\u001b[2J\u001b[31mFAKE\b\b\u202Eabc'
const RAW_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e]/

function hostileReport(): Report {
  const result: CheckResult = {
    id: 'trunk.loopback-registration', title: `Trunk ${EVIL}`, category: 'trunk', severity: 'major', status: 'fail',
    summary: `trunk ${EVIL} is down`, details: [`party ${EVIL}`], evidence: {name: EVIL}, tables: [], measurements: [], remediation: `fix ${EVIL}`, durationMs: 1,
  }
  return {
    schemaVersion: 1, tool: {name: 'tcx-doctor', version: '0.0.0'}, startedAt: '2026-12-01T00:00:00.000Z', durationMs: 10,
    target: {hostname: 'pbx-test', installDir: '/var/lib/3cxpbx'}, sources: [], summary: summarize([result]), verdict: verdictOf([result]),
    results: [result], notices: [], exitCode: 2, failOn: 'warn',
  }
}

function settings(port: number, stateFile: string): EmailSettings {
  return {to: ['admins@example.com'], from: 'pbx@example.com', smtpUrl: `smtp://127.0.0.1:${port}`, on: 'changes', stateFile, timeoutMs: 5_000}
}

let server: TestSmtpServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

describe('deliverByEmail with hostile words from the server and the report', () => {
  it('a refusal reply with control sequences is one inert line', async () => {
    server = await startSmtpServer({refuseSenderWith: `sender refused ${EVIL}`})
    const outcome = await deliverByEmail(hostileReport(), settings(server.port, join(tempDir(), 'state.json')))
    expect(outcome.ok).toBe(false)
    // nodemailer reads the reply as Latin-1: the UTF-8 bytes of U+202E arrive as "â", U+0080 (a C1 control) and "®".
    expect(outcome.line).toMatch(/^e-mail not sent: smtp:\/\/127\.0\.0\.1:\d+ refused the sender or a recipient \(550 sender refused X.*FAKE.*\\u\{0080\}.*abc\): check --email-from and --email-to$/)
    expect(outcome.line).not.toMatch(RAW_CONTROL)
    expect(outcome.line.split('\n')).toHaveLength(1)
  })

  it('the text part of a sent mail shows the report strings as escapes; the state file is 0600, no temp file left', async () => {
    server = await startSmtpServer()
    const dir = tempDir()
    const stateFile = join(dir, 'state.json')
    const outcome = await deliverByEmail(hostileReport(), settings(server.port, stateFile))
    expect(outcome).toMatchObject({ok: true, sent: true})
    const mail = await simpleParser(server.messages[0]!.raw)
    expect(mail.text).toContain('trunk X\\e]0;owned\\a\\e[2J\\e[31mFAKE\\b\\b\\u{202E}abc is down')
    expect(mail.text).not.toMatch(RAW_CONTROL)
    expect(String(mail.html)).not.toMatch(RAW_CONTROL)
    expect(statSync(stateFile).mode & 0o777).toBe(0o600)
    expect(readdirSync(dir)).toEqual(['state.json'])
  })
})
