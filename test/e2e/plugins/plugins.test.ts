import {mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {runCli, SAMPLE_INSTALL, tempDir} from '../../helpers/cli.js'
import {checkSource, outcome, pluginDir} from '../../helpers/plugin-dir.js'
import {assertValidReport} from '../../helpers/report-schema.js'

interface R {id: string; status: string; summary: string; details: string[]}
const results = (stdout: string): R[] => {
  const report = JSON.parse(stdout)
  assertValidReport(report)
  return report.results
}
const byId = (rs: R[], id: string) => rs.find((r) => r.id === id)

describe('third-party checks', () => {
  it('loads the example plugin with the same API as built-ins, options from the config', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'c.json'), JSON.stringify({checks: {'example.recordings-disk-usage': {warnGiB: 0.00001}}}))
    const r = await runCli(['run', '--install-dir', SAMPLE_INSTALL, '--checks-dir', 'examples/plugins', '--config', join(dir, 'c.json'), '--only', 'example', '--format', 'json'])
    const [result] = results(r.stdout)
    expect(result).toMatchObject({id: 'example.recordings-disk-usage', status: 'warn'})
    expect(result?.summary).toMatch(/^2 recording file\(s\) use 0\.00 GiB in .*Recordings\.$/)
    expect(r.code).toBe(1)
  })

  it('loads plugins named in the config: an npm package and a path', async () => {
    const cwd = tempDir()
    const pkg = join(cwd, 'node_modules', 'tcx-doctor-plugin-acme')
    mkdirSync(pkg, {recursive: true})
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({name: 'tcx-doctor-plugin-acme', type: 'module', main: 'index.js'}))
    writeFileSync(join(pkg, 'index.js'), `export const checks = [${checkSource('acme.one', outcome('pass', 'acme ok')).replace('export default ', '').trim()}]\n`)
    writeFileSync(join(cwd, 'local.mjs'), checkSource('local.one', outcome('warn', 'local warn')))
    writeFileSync(join(cwd, 'tcx-doctor.config.json'), JSON.stringify({plugins: ['tcx-doctor-plugin-acme', './local.mjs']}))
    const r = await runCli(['run', '--only', 'acme,local', '--format', 'json'], {cwd})
    const rs = results(r.stdout)
    expect(byId(rs, 'acme.one')).toMatchObject({status: 'pass', summary: 'acme ok'})
    expect(byId(rs, 'local.one')).toMatchObject({status: 'warn', summary: 'local warn'})
  })

  it('turns every kind of broken plugin into a clear message, and still runs the rest', async () => {
    const dir = pluginDir({
      'a-good.js': checkSource('good.one', outcome('pass', 'fine')),
      'b-duplicate.js': checkSource('install.ini-complete', outcome('pass')),
      'c-bad-id.js': checkSource('Bad Id', outcome('pass')),
      'd-syntax.js': 'export default {id: "syntax.err", run( {\n',
      'e-throws-on-import.js': 'throw new Error("cannot load config of acme")\n',
      'f-no-export.js': 'export const nothing = 1\n',
      'g-throws.js': checkSource('broken.throws', "throw new Error('plugin bug')"),
      'h-hangs.js': checkSource('broken.hangs', 'await new Promise(() => {})'),
      'i-missing-fields.js': 'export default {id: "half.done", run() {}}\n',
      'readme.txt': 'not a plugin',
    })
    const r = await runCli(['run', '--install-dir', SAMPLE_INSTALL, '--checks-dir', dir, '--only', 'good,install,broken', '--timeout', '1', '--format', 'json'])
    const rs = results(r.stdout)
    expect(byId(rs, 'good.one')?.status).toBe('pass')
    expect(byId(rs, 'install.ini-complete')?.status).toBe('pass') // the built-in, not the duplicate
    expect(byId(rs, 'broken.throws')).toMatchObject({status: 'error', summary: 'The check failed unexpectedly: plugin bug'})
    expect(byId(rs, 'broken.hangs')).toMatchObject({status: 'error', summary: expect.stringMatching(/did not finish within 1 s/)})
    const load = byId(rs, 'plugins.load')
    expect(load?.status).toBe('error')
    const problems = load!.details.join('\n')
    expect(problems).toMatch(/b-duplicate\.js: check id install\.ini-complete is already taken/)
    expect(problems).toMatch(/c-bad-id\.js: check Bad Id is malformed: id "Bad Id" is not of the form/)
    expect(problems).toMatch(/d-syntax\.js could not be loaded: /)
    expect(problems).toMatch(/e-throws-on-import\.js could not be loaded: cannot load config of acme/)
    expect(problems).toMatch(/f-no-export\.js exports no checks/)
    expect(problems).toMatch(/i-missing-fields\.js: check half\.done is malformed: title must be a non-empty string/)
    expect(problems).not.toMatch(/readme/)
    expect(r.code).toBe(3)
  })

  it('gives up on a plugin whose import never finishes', async () => {
    const dir = pluginDir({'stuck.js': 'await new Promise(() => setTimeout(() => {}, 60_000))\nexport default {}\n', 'ok.js': checkSource('ok.one', outcome('pass'))})
    const r = await runCli(['run', '--checks-dir', dir, '--only', 'ok', '--format', 'json'], {timeoutMs: 25_000})
    const rs = results(r.stdout)
    expect(byId(rs, 'ok.one')?.status).toBe('pass')
    expect(byId(rs, 'plugins.load')?.details.join('\n')).toMatch(/stuck\.js could not be loaded: plugin .*stuck\.js did not load within 10 s/)
  }, 30_000)

  it("runs a plugin's checks in its worker: a source it cannot open makes the check skip, options arrive validated", async () => {
    const dir = pluginDir({
      'uses-install.js': `import {installSource} from 'tcx-doctor'\n${checkSource('worker.install', 'const install = await ctx.use(installSource); return {status: "pass", summary: install.root}')}`,
      'options.js': checkSource('worker.options', 'return {status: "pass", summary: "limit " + ctx.options.limit + ", " + ctx.checkId}', "options: {schema: {limit: {type: 'integer', description: 'a limit'}}, defaults: {limit: 3}}"),
    })
    const cfg = join(tempDir(), 'c.json')
    writeFileSync(cfg, JSON.stringify({checks: {'worker.options': {limit: 7}}}))
    const r = await runCli(['run', '--checks-dir', dir, '--ini', join(dir, 'missing.ini'), '--config', cfg, '--only', 'worker', '--format', 'json'])
    const rs = results(r.stdout)
    expect(byId(rs, 'worker.install')).toMatchObject({status: 'skip', summary: expect.stringMatching(/^Needs the install source: .*missing\.ini/)})
    expect(byId(rs, 'worker.options')).toMatchObject({status: 'pass', summary: 'limit 7, worker.options'})
    expect(byId(rs, 'plugins.load')).toBeUndefined()
  })

  it('names a missing --checks-dir and a plugin package that is not installed', async () => {
    const cwd = tempDir()
    writeFileSync(join(cwd, 'tcx-doctor.config.json'), JSON.stringify({plugins: ['tcx-doctor-plugin-missing']}))
    const r = await runCli(['run', '--checks-dir', join(cwd, 'nope'), '--only', 'install', '--format', 'json'], {cwd})
    const details = byId(results(r.stdout), 'plugins.load')?.details.join('\n')
    expect(details).toContain(`--checks-dir ${join(cwd, 'nope')}: no such folder`)
    expect(details).toContain(`plugin "tcx-doctor-plugin-missing": package not found from ${cwd} (install it with npm install tcx-doctor-plugin-missing)`)
  })
})
