/**
 * Plugins that try to take the run down: each is loaded by the built CLI in one run with
 * --format json, and the run must still write one valid report on stdout, with one line per
 * plugin problem and every other check's result.
 */
import {execFileSync} from 'node:child_process'
import {symlinkSync, truncateSync} from 'node:fs'
import {join} from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {runCli, type CliResult} from '../../helpers/cli.js'
import {checkSource, outcome, pluginDir} from '../../helpers/plugin-dir.js'
import {assertValidReport} from '../../helpers/report-schema.js'

interface R {id: string; status: string; summary: string; details: string[]}

const manyChecks = (prefix: string, n: number) =>
  `export default Array.from({length: ${n}}, (_, i) => ({id: '${prefix}' + i, title: 'many', severity: 'info', description: 'd', remediation: 'r', run: () => ({status: 'pass', summary: 'ok'})}))\n`

const SECRET = 'vault-secret-8d1f27c3'

let r: CliResult
let results: R[]
let problems: string
let dir: string
const byId = (id: string) => results.find((x) => x.id === id)

beforeAll(async () => {
  dir = pluginDir({
    'good.js': checkSource('good.one', outcome('pass', 'fine')),
    'exit-at-import.js': 'process.exit(7)\n',
    'exit-in-run.js': checkSource('bad.exit-in-run', 'process.exit(1)'),
    'print.js': `console.log('hello from import'); console.error('noise on stderr')\n${checkSource('bad.print', "process.stdout.write('in run \\x1b[31mred\\n'); return {status: 'pass', summary: 'printed'}")}`,
    'never-settles.js': 'await new Promise(() => {})\nexport default {}\n',
    'five-thousand.js': manyChecks('many.c', 5000),
    'allocates.js': checkSource('bad.allocates', 'const kept = []; for (;;) kept.push(new Array(1e6).fill(Math.random()))'),
    'throws-later.js': checkSource('bad.throws-later', "setTimeout(() => { throw new Error('late boom') }, 0); return new Promise(() => {})"),
    'secret.js': `const vault = {name: 'vault', open(ctx) { ctx.secrets.add('${SECRET}'); return '${SECRET}' }}\n${checkSource('leaky.secret', "const s = await ctx.use(vault); return {status: 'pass', summary: 'the vault says ' + s, evidence: {value: s}}")}`,
    ...Object.fromEntries([1, 2, 3, 4, 5, 6].map((p) => [`cap-${p}.js`, manyChecks(`cap.p${p}-c`, 100)])),
    'not-plain-data.js': checkSource('bad.not-plain-data', "return {status: 'pass', summary: 'x', evidence: {f() {}}}"),
    'too-big.js': '',
  })
  truncateSync(join(dir, 'too-big.js'), 9 * 1024 * 1024)
  execFileSync('mkfifo', [join(dir, 'fifo.js')])
  symlinkSync('/dev/zero', join(dir, 'device.js'))
  r = await runCli(['run', '--checks-dir', dir, '--only', 'good,bad,leaky,cap', '--timeout', '40', '--format', 'json'], {timeoutMs: 80_000})
  const report = JSON.parse(r.stdout)
  assertValidReport(report)
  results = report.results
  problems = byId('plugins.load')?.details.join('\n') ?? ''
}, 90_000)

describe('plugins that misbehave cannot take the run down', () => {
  it('writes one valid JSON report on stdout, and the good checks ran', () => {
    expect(byId('good.one')).toMatchObject({status: 'pass', summary: 'fine'})
    expect(byId('plugins.load')?.status).toBe('error')
    expect(r.code).toBe(3)
  })

  it('process.exit() at import leaves the plugin out; in run it is an error of that check', () => {
    expect(problems).toContain(`plugin ${join(dir, 'exit-at-import.js')} could not be loaded: it ended the worker (process.exit(7)) while being imported`)
    expect(byId('bad.exit-in-run')).toMatchObject({status: 'error', summary: `The check failed unexpectedly: plugin ${join(dir, 'exit-in-run.js')} ended the worker (process.exit(1))`})
  })

  it("captures a plugin's stdout and stderr: shown inert in plugins.load, never on the run's output", () => {
    expect(byId('bad.print')).toMatchObject({status: 'pass', summary: 'printed'})
    expect(problems).toContain(`plugin ${join(dir, 'print.js')} wrote to stdout (a plugin must not print; return what it found instead): hello from import\\nin run \\e[31mred`)
    expect(problems).toContain(`plugin ${join(dir, 'print.js')} wrote to stderr (a plugin must not print; return what it found instead): noise on stderr`)
    // Only inside the report's JSON strings, never as output of its own.
    expect(r.stdout.startsWith('{')).toBe(true)
    expect(r.stdout).not.toMatch(/^hello from import$/m)
    expect(r.stderr).not.toContain('noise on stderr')
    expect(r.stdout).not.toContain('\x1b[31m')
  })

  it('gives up on an import whose top-level await never settles', () => {
    expect(problems).toMatch(/never-settles\.js could not be loaded: plugin .*never-settles\.js did not load within 10 s/)
  })

  it('refuses a plugin with too many checks, and plugins past the limit for all plugins together', () => {
    expect(problems).toContain(`plugin ${join(dir, 'five-thousand.js')} exports 5000 checks, more than the 100 a plugin may have; none of them were loaded`)
    expect(results.some((x) => x.id.startsWith('many.'))).toBe(false)
    const loadedCaps = new Set(results.filter((x) => x.id.startsWith('cap.')).map((x) => x.id.split('-')[0]))
    // Files load in name order: allocates.js (1 check), then cap-1..4 (400) leave room for 99.
    expect([...loadedCaps].sort()).toEqual(['cap.p1', 'cap.p2', 'cap.p3', 'cap.p4'])
    expect(results.filter((x) => x.id.startsWith('cap.')).every((x) => x.status === 'pass')).toBe(true)
    for (const p of [5, 6]) {
      expect(problems).toContain(`plugin ${join(dir, `cap-${p}.js`)}: its 100 checks would pass the limit on plugin checks in one run (99 left); none of them were loaded`)
    }
  })

  it('stops a plugin that allocates without bound at its memory limit', () => {
    expect(byId('bad.allocates')).toMatchObject({status: 'error', summary: expect.stringMatching(/allocates\.js ran out of memory \(limit 256 MB\)$/)})
  })

  it('an uncaught throw outside any check ends that plugin only', () => {
    expect(byId('bad.throws-later')).toMatchObject({status: 'error', summary: expect.stringMatching(/throws-later\.js threw outside any check: late boom$/)})
  })

  it('a result that is not plain data is an error of that check', () => {
    expect(byId('bad.not-plain-data')).toMatchObject({status: 'error', summary: expect.stringMatching(/the check returned a result that is not plain data/)})
  })

  it('refuses a FIFO, a device and an oversized file before importing them', () => {
    expect(problems).toMatch(/fifo\.js was not loaded: plugin file .*fifo\.js is a FIFO \(named pipe\), not a regular file/)
    expect(problems).toMatch(/device\.js was not loaded: plugin file .*device\.js is a character device, not a regular file/)
    expect(problems).toMatch(/too-big\.js was not loaded: plugin file .*too-big\.js is 9\.0 MiB, more than the 8\.0 MiB such a file can be/)
  })

  it('redacts the secrets a plugin source learnt in its worker', () => {
    expect(byId('leaky.secret')).toMatchObject({status: 'pass', summary: 'the vault says ********'})
    expect(r.stdout).not.toContain(SECRET)
  })
})
