/**
 * End to end: the built CLI (bin/run.js) against a real PostgreSQL found through
 * the ini's [QMDatabase], and the console simulator found through WEB_ROOT_LOCAL.
 * Proves a whole run writes nothing (pg_stat_database counters unchanged) and
 * shows no password anywhere.
 */
import {existsSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {DEFAULT_CONSOLE_PASSWORD, startConsoleSimulator, type ConsoleSimulator} from '../../../src/demo/console-simulator.js'
import {runCli, tempDir} from '../../helpers/cli.js'
import {SAMPLE_MASTER_PASSWORD, SAMPLE_QM_PASSWORD, SAMPLE_RO_PASSWORD, sampleInstallCopy, startTestPostgres, type TestPostgres} from '../../helpers/postgres.js'

let pg: TestPostgres
let sim: ConsoleSimulator
let install: {installDir: string; iniFile: string}
const SECRETS = [SAMPLE_QM_PASSWORD, SAMPLE_RO_PASSWORD, SAMPLE_MASTER_PASSWORD, DEFAULT_CONSOLE_PASSWORD, 'SampleConfPass-7f3a91']

beforeAll(async () => {
  sim = await startConsoleSimulator({scenario: 'loopback-display-bug', localIp: '127.0.0.1'})
  pg = await startTestPostgres({extraSql: [`UPDATE parameter SET value = '${sim.url}' WHERE name = 'WEB_ROOT_LOCAL'`]})
  install = sampleInstallCopy(pg)
})
afterAll(async () => {
  await sim?.stop()
  await pg?.stop()
})

type Counters = {
  tup_inserted: string
  tup_updated: string
  tup_deleted: string
}

/** The database's write counters, once they have settled (statistics are flushed when sessions end). */
async function writeCounters(): Promise<Counters> {
  let last = ''
  for (let i = 0; i < 20; i++) {
    const [row] = await pg.sql<Counters & {xact_commit: string}>(
      "SELECT tup_inserted::text, tup_updated::text, tup_deleted::text, xact_commit::text FROM pg_stat_database WHERE datname = 'database_single'",
    )
    const now = JSON.stringify([row!.tup_inserted, row!.tup_updated, row!.tup_deleted])
    if (now === last) return {tup_inserted: row!.tup_inserted, tup_updated: row!.tup_updated, tup_deleted: row!.tup_deleted}
    last = now
    await new Promise((r) => setTimeout(r, 600))
  }
  throw new Error('pg_stat_database did not settle')
}

describe('tcx-doctor run against the live sample PBX', () => {
  it('a whole run reads the database and the console, writes nothing, and shows no password', async () => {
    const before = await writeCounters()
    const out = tempDir('tcx-cli-')
    const result = await runCli(['run', '--install-dir', install.installDir, '--format', 'json', '--output', join(out, 'report.html'), '--ntp-server', 'none'])
    const after = await writeCounters()
    expect(after).toEqual(before)

    const report = JSON.parse(result.stdout) as {
      sources: Array<{name: string; status: string; detail: string}>
      results: Array<{id: string; status: string; summary: string; evidence: Record<string, unknown>}>
    }
    const db = report.sources.find((s) => s.name === 'db')
    expect(db).toEqual({
      name: 'db',
      status: 'ok',
      detail: `logsreader_single@127.0.0.1:${pg.port}/database_single from [QMDatabase] of ${install.iniFile} (read-only session, PostgreSQL 17.6)`,
    })
    expect(report.sources.find((s) => s.name === 'console')).toEqual({
      name: 'console',
      status: 'ok',
      detail: `logged in as admin at ${sim.url} (URL from parameter WEB_ROOT_LOCAL, user from parameter WEBSERVERUSER, password from parameter WEBSERVERPASS); v15-v18 API (auto: /api/login worked); GET only`,
    })
    const trunk = report.results.find((r) => r.id === 'trunk.loopback-registration')
    expect(trunk?.status).toBe('warn')
    const everything = result.stdout + result.stderr + readFileSync(join(out, 'report.html'), 'utf8')
    for (const secret of SECRETS) expect(everything).not.toContain(secret)
    // GET only, plus the one login.
    expect(sim.requests.filter((r) => r.method !== 'GET').every((r) => r.path === '/api/login')).toBe(true)

    // The measurement itself sees writes: a write by the superuser moves the counters.
    await pg.sql('CREATE TABLE IF NOT EXISTS scratch_write (id int)')
    await pg.sql('INSERT INTO scratch_write VALUES (1), (2)')
    const control = await writeCounters()
    expect(Number(control.tup_inserted)).toBeGreaterThan(Number(after.tup_inserted))
  })

  it('info --json tells version, build, FQDN, IPs, trunks with times and services, and which source said it', async () => {
    const result = await runCli(['info', '--install-dir', install.installDir, '--json'])
    expect(result.code).toBe(0)
    const info = JSON.parse(result.stdout) as {sections: Array<{title: string; source: string; status: string; facts: Record<string, unknown>}>}
    const db = info.sections.find((s) => s.source === 'db')!
    expect(db.status).toBe('ok')
    expect(db.facts).toMatchObject({pbxVersion: '15.5.10244.4', version: '15.5', build: '10244.4', webRootLocal: sim.url, readOnlySession: true, tablesMissing: []})
    expect(db.facts.gateways).toEqual(['Carrier (sip.carrier.example)', 'Loopback (127.0.0.1)'])
    const consoleSection = info.sections.find((s) => s.source === 'console')!
    expect(consoleSection.status).toBe('ok')
    expect(consoleSection.facts).toMatchObject({
      url: sim.url,
      pbxVersion: '15.5.10244.4',
      build: '10244.4',
      fqdn: 'pbx.example.com',
      publicIp: '203.0.113.10',
      currentLocalIp: '127.0.0.1',
      localIpValid: true,
    })
    const trunks = consoleSection.facts.trunks as Array<Record<string, unknown>>
    expect(trunks[1]).toMatchObject({name: 'Loopback', registered: false, registerFailedTime: 'never'})
    expect(trunks[1]!.registerOkTime).toMatch(/\.\d{7}Z$/)
    expect(consoleSection.facts.services).toContain('3CX PhoneSystem Nginx Server: running')
    for (const secret of SECRETS) expect(result.stdout).not.toContain(secret)

    const text = await runCli(['info', '--install-dir', install.installDir])
    expect(text.stdout).toContain('Database (source: db, ok)')
    expect(text.stdout).toContain('Management console (source: console, ok)')
  })

  it('a wrong --db-url password, a 502 console: one clear line each, the run goes on', async () => {
    sim.update({scenario: 'bad-gateway'})
    try {
      const url = `postgres://logsreader_single:wrong-pass-777@127.0.0.1:${pg.port}/database_single`
      const result = await runCli(['run', '--db-url', url, '--install-dir', install.installDir, '--format', 'json', '--ntp-server', 'none'])
      const report = JSON.parse(result.stdout) as {sources: Array<{name: string; status: string; detail: string}>; results: Array<{id: string; status: string; summary: string}>}
      expect(report.sources.find((s) => s.name === 'db')).toMatchObject({
        status: 'unavailable',
        detail: `password authentication failed for logsreader_single at 127.0.0.1:${pg.port} (from --db-url): the password there is wrong or the account was changed; correct it or give --db-url`,
      })
      expect(report.results.find((r) => r.id === 'install.ini-complete')?.status).toBe('pass')
      expect(result.stdout).not.toContain('wrong-pass-777')

      const withConsole = await runCli(['run', '--install-dir', install.installDir, '--format', 'json', '--ntp-server', 'none', '--only', 'trunk'])
      const r2 = JSON.parse(withConsole.stdout) as {results: Array<{id: string; status: string; summary: string}>}
      expect(r2.results.map((r) => [r.id, r.status])).toEqual([
        ['trunk.loopback-registration', 'skip'],
        ['trunk.registration', 'skip'],
      ])
      for (const r of r2.results) expect(r.summary).toMatch(/^Needs the console source: login failed: the 3CX web server is up but its backend is not \(HTTP 502/)

      const info = await runCli(['info', '--install-dir', install.installDir])
      expect(info.code).toBe(0)
      expect(info.stdout).toMatch(/# Management console \(source: console, unavailable\)\nManagement console:\n {2}error: "login failed: the 3CX web server is up but its backend is not/)
    } finally {
      sim.update({scenario: 'loopback-display-bug'})
    }
  })

  it('config file keys db and console, and --console-* flags', async () => {
    const dir = tempDir('tcx-config-')
    writeFileSync(
      join(dir, 'tcx-doctor.config.json'),
      JSON.stringify({db: {url: pg.url('phonesystem_readonly'), timeoutSeconds: 3}, console: {url: sim.url, user: 'admin', timeoutSeconds: 2}}),
    )
    const result = await runCli(['run', '--install-dir', install.installDir, '--format', 'json', '--ntp-server', 'none', '--only', 'trunk'], {
      cwd: dir,
      env: {TCX_CONSOLE_PASSWORD: DEFAULT_CONSOLE_PASSWORD},
    })
    const report = JSON.parse(result.stdout) as {sources: Array<{name: string; detail: string}>; results: Array<{status: string}>}
    expect(report.results[0]!.status).toBe('warn')
    expect(report.sources.find((s) => s.name === 'console')!.detail).toContain('URL from --console-url/config, user from --console-user/config, password from TCX_CONSOLE_PASSWORD')
    for (const secret of SECRETS) expect(result.stdout).not.toContain(secret)

    writeFileSync(join(dir, 'tcx-doctor.config.json'), JSON.stringify({console: {url: 'ftp://x'}}))
    const bad = await runCli(['run', '--install-dir', install.installDir, '--ntp-server', 'none'], {cwd: dir})
    expect(bad.code).toBe(3)
    expect(bad.stderr).toMatch(/config file .*tcx-doctor\.config\.json: console\.url must match pattern/)
  })
})

describe('the demo', () => {
  it('run --demo starts the sample database and console simulator, diagnoses them, and stops both', async () => {
    const out = tempDir('tcx-demo-')
    const started = Date.now()
    const result = await runCli(['run', '--demo', '--format', 'json', '--output', join(out, 'demo.json')], {timeoutMs: 60_000})
    expect(Date.now() - started).toBeLessThan(30_000)
    const report = JSON.parse(result.stdout) as {sources: Array<{name: string; status: string; detail: string}>; results: Array<{id: string; status: string}>}
    const db = report.sources.find((s) => s.name === 'db')!
    expect(db.status).toBe('ok')
    const port = /127\.0\.0\.1:(\d+)\/database_single from \[QMDatabase\] of .*3CXPhoneSystem\.ini, with host\/port 127\.0\.0\.1:\d+ from the settings/.exec(db.detail)?.[1]
    expect(port).toBeDefined()
    expect(report.sources.find((s) => s.name === 'console')!.detail).toMatch(/URL from parameter WEB_ROOT_LOCAL/)
    expect(report.results.find((r) => r.id === 'trunk.loopback-registration')!.status).toBe('warn')
    expect(report.results.find((r) => r.id === 'install.ini-complete')!.status).toBe('pass')
    expect(existsSync(join(out, 'demo.json'))).toBe(true)
    // Both are stopped: nothing listens on the demo database's port any more.
    const probe = await runCli(['run', '--db-url', `postgres://u:p@127.0.0.1:${port}/database_single`, '--only', 'trunk', '--format', 'json', '--ntp-server', 'none'])
    const after = JSON.parse(probe.stdout) as {sources: Array<{name: string; detail: string}>}
    expect(after.sources.find((s) => s.name === 'db')!.detail).toMatch(/^connection refused at 127\.0\.0\.1:\d+/)
  })
})
