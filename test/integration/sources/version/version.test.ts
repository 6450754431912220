/**
 * The version source against real parts: a dpkg-query fake (a script in a temp folder
 * first on the PATH of the spawned process) that answers, fails or hangs; real install
 * trees; a real PE file version.
 */
import {chmodSync, copyFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {defaultSettings} from '../../../../src/config/settings.js'
import {RunContext} from '../../../../src/engine/context.js'
import {defineCheck} from '../../../../src/engine/check.js'
import {diagnose} from '../../../../src/engine/diagnose.js'
import {SourceUnavailableError} from '../../../../src/engine/errors.js'
import {collectVersion, consoleVersionReading, parseTcxVersion, readDpkgVersion, versionForReport, versionSource, DEFAULT_ORIGINS, type VersionOrigins} from '../../../../src/sources/version/index.js'
import {dbSource} from '../../../../src/sources/db/index.js'
import {consoleSource} from '../../../../src/sources/console/index.js'
import {fixture} from '../../../helpers/dotnet-fixtures.js'
import {tempDir} from '../../../helpers/temp.js'
import {debianIniText, makeInstall, sampleIniText} from '../../../helpers/install-tree.js'

/** A folder holding a `dpkg-query` script with the given body, for the PATH of the spawned process. */
function fakeDpkg(body: string): NodeJS.ProcessEnv {
  const dir = tempDir('tcx-dpkg-')
  const script = join(dir, 'dpkg-query')
  writeFileSync(script, `#!/bin/sh\n${body}\n`)
  chmodSync(script, 0o755)
  return {PATH: `${dir}:/usr/bin:/bin`}
}

const ANSWERS = fakeDpkg(`[ "$1 $2 $3 $4" = '-W -f \${Version} 3cxpbx' ] || { echo "unexpected arguments: $*" >&2; exit 64; }\nprintf '20.0.7.1080'`)
const NOT_INSTALLED = fakeDpkg(`echo "dpkg-query: no packages found matching 3cxpbx" >&2\nexit 1`)
const HANGS = fakeDpkg('exec sleep 30')

describe('readDpkgVersion', () => {
  it('reads the version of 3cxpbx, asking with exactly the documented arguments', async () => {
    expect(await readDpkgVersion({env: ANSWERS})).toEqual({ok: true, version: '20.0.7.1080'})
  })

  it('says the package is not installed, with dpkg-query\'s first line', async () => {
    expect(await readDpkgVersion({env: NOT_INSTALLED})).toEqual({
      ok: false,
      reason: "the package 3cxpbx is not installed here (dpkg-query -W -f '${Version}' 3cxpbx exited 1: dpkg-query: no packages found matching 3cxpbx)",
    })
  })

  it('says dpkg-query is absent when the PATH has none', async () => {
    expect(await readDpkgVersion({env: {PATH: tempDir('tcx-empty-path-')}})).toEqual({ok: false, reason: 'dpkg-query is not installed here (not a Debian system)'})
  })

  it('stops a dpkg-query that hangs, after its time limit', async () => {
    expect(await readDpkgVersion({env: HANGS, timeoutMs: 300})).toEqual({ok: false, reason: "dpkg-query -W -f '${Version}' 3cxpbx did not answer within 300 ms (stopped)"})
  })

  it('stops it when the run is cancelled', async () => {
    const controller = new AbortController()
    const pending = readDpkgVersion({env: HANGS, timeoutMs: 20_000, signal: controller.signal})
    controller.abort()
    expect(await pending).toEqual({ok: false, reason: "dpkg-query -W -f '${Version}' 3cxpbx was stopped (the run was cancelled)"})
  })
})

const noConsole: VersionOrigins['console'] = async () => ({origin: 'console', from: 'SystemStatus.Version of the console', ok: false, reason: 'no console URL'})
const dbSays = (value: string | undefined): VersionOrigins['db'] => async () =>
  value === undefined
    ? {origin: 'db', from: 'parameter VERSION of the database', ok: false, reason: 'connection refused'}
    : {origin: 'db', from: 'parameter VERSION of the database', ok: true, raw: value, version: parseTcxVersion(value)!}

describe('versionSource', () => {
  it('on a Debian install takes dpkg-query when console and database give nothing', async () => {
    const tree = makeInstall('debian', debianIniText())
    const ctx = new RunContext({...defaultSettings(), installDir: tree.root})
    const facts = await collectVersion(ctx, {console: noConsole, db: dbSays(undefined), dpkg: () => readDpkgVersion({env: ANSWERS})})
    expect(facts).toMatchObject({origin: 'dpkg', version: {text: '20.0.7.1080', major: 20, minor: 0, build: '7.1080'}})
    expect(facts.from).toBe(`dpkg-query -W -f '\${Version}' 3cxpbx on this machine (this machine's package; the install at ${tree.root} may be a copy)`)
    expect(facts.readings.map((r) => [r.origin, r.ok])).toEqual([['console', false], ['db', false], ['dpkg', true], ['pe', false]])
    expect(facts.readings[3]).toMatchObject({ok: false, reason: 'not asked: the install is a debian one'})
  })

  it('says the database and dpkg-query disagree', async () => {
    const tree = makeInstall('debian', debianIniText())
    const ctx = new RunContext({...defaultSettings(), installDir: tree.root})
    const facts = await collectVersion(ctx, {console: noConsole, db: dbSays('18.0.2.307'), dpkg: () => readDpkgVersion({env: ANSWERS})})
    expect(facts.origin).toBe('db')
    expect(facts.disagreement).toMatch(/^parameter VERSION of the database says 18\.0\.2\.307, but dpkg-query .* says 20\.0\.7\.1080$/)
  })

  it('is unavailable, with every reason, when dpkg-query fails or hangs and nothing else answers', async () => {
    const tree = makeInstall('debian', debianIniText())
    for (const env of [NOT_INSTALLED, HANGS]) {
      const ctx = new RunContext({...defaultSettings(), installDir: tree.root})
      const error = await collectVersion(ctx, {console: noConsole, db: dbSays(undefined), dpkg: () => readDpkgVersion({env, timeoutMs: 300})}).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(SourceUnavailableError)
      expect((error as Error).message).toMatch(/^no 3CX version found: console: no console URL; db: connection refused; dpkg: .*(not installed|did not answer within 300 ms).*; pe: not asked: the install is a debian one$/)
    }
  })

  it('on a Windows v16 install reads the PE file version of the 3CX binaries and never runs dpkg-query', async () => {
    const tree = makeInstall('windows', sampleIniText(), {iniIn: 'bin'})
    copyFileSync(fixture('mps-15.5.10244', 'MyPhoneServer.dll'), join(tree.root, 'Bin', 'MyPhoneServer.dll'))
    const ctx = new RunContext({...defaultSettings(), installDir: tree.root})
    const dpkg = () => Promise.reject(new Error('dpkg-query must not run for a Windows install'))
    const facts = await collectVersion(ctx, {console: noConsole, db: dbSays(undefined), dpkg})
    expect(facts).toMatchObject({origin: 'pe', from: `PE file version of ${join(tree.root, 'Bin', 'MyPhoneServer.dll')}`, version: {text: '15.5.10244.4', major: 15}})
    expect(facts.readings[2]).toMatchObject({origin: 'dpkg', ok: false, reason: 'not asked: the install is a windows one'})
  })

  it('reads the database through the db source and the console through its hook (both unavailable here: said so)', async () => {
    const tree = makeInstall('windows')
    const ctx = new RunContext({...defaultSettings(), installDir: tree.root}, {
      provided: {db: {parameter: async (name: string) => (name === 'VERSION' ? '16.0.7.1078' : undefined)}, console: new SourceUnavailableError('console', 'no console URL given')},
    })
    const facts = await ctx.use(versionSource)
    expect(facts).toMatchObject({origin: 'db', from: 'parameter VERSION of the database', version: {text: '16.0.7.1078', major: 16, build: '7.1078'}})
    expect(facts.readings[0]).toEqual({origin: 'console', from: 'SystemStatus.Version of the console', ok: false, reason: 'no console URL given'})
    expect(versionSource.describe?.(facts)).toBe('3CX 16.0.7.1078 from parameter VERSION of the database')
    expect(await versionSource.info!.collect(facts, ctx)).toMatchObject({version: '16.0.7.1078', major: 16, minor: 0, build: '7.1078', from: 'parameter VERSION of the database'})
    expect(DEFAULT_ORIGINS.console).toBeTypeOf('function')
  })
})

describe('versionForReport', () => {
  const dbWith = (version: string) => ({parameter: async (name: string) => (name === 'VERSION' ? version : undefined)})

  it('uses the database and the console once a check opened them, and says when they disagree', async () => {
    const tree = makeInstall('windows')
    const ctx = new RunContext({...defaultSettings(), installDir: tree.root}, {
      provided: {db: dbWith('20.0.7.1080'), console: {systemStatus: async () => ({Version: '20.0.8.1109'})}},
    })
    await ctx.use(dbSource)
    await ctx.use(consoleSource)
    const found = await versionForReport(ctx)
    expect(found.ok && found.value).toMatchObject({
      origin: 'console',
      version: {text: '20.0.8.1109', major: 20},
      disagreement: 'SystemStatus.Version of the console says 20.0.8.1109, but parameter VERSION of the database says 20.0.7.1080',
    })
  })

  it('leaves the database alone when no check opened it', async () => {
    const tree = makeInstall('windows')
    let asked = 0
    const ctx = new RunContext({...defaultSettings(), installDir: tree.root}, {provided: {db: {parameter: async () => (asked++, '16.0.7.1078')}}})
    const found = await versionForReport(ctx)
    expect(found).toMatchObject({ok: false, reason: expect.stringMatching(/db: not asked: no check in this run used the db source/)})
    expect(asked).toBe(0)
  })

  it('takes the console reading from SystemStatus.Version, and says why when it is not a version', async () => {
    const ok = new RunContext(defaultSettings(), {provided: {console: {systemStatus: async () => ({Version: '18.0.2.307'})}}})
    expect(await consoleVersionReading(ok)).toMatchObject({origin: 'console', ok: true, raw: '18.0.2.307', version: {major: 18, build: '2.307'}})
    const odd = new RunContext(defaultSettings(), {provided: {console: {systemStatus: async () => ({Version: 'beta\u001b[2J'})}}})
    expect(await consoleVersionReading(odd)).toMatchObject({ok: false, reason: '"beta\\u001b[2J" is not a version'})
    const failing = new RunContext(defaultSettings(), {provided: {console: {systemStatus: async () => Promise.reject(new SourceUnavailableError('console', 'GET /api/SystemStatus: 502'))}}})
    expect(await consoleVersionReading(failing)).toMatchObject({ok: false, reason: 'GET /api/SystemStatus: 502'})
  })
})

describe('the report target', () => {
  const plain = defineCheck({id: 'test.plain', title: 't', severity: 'info', description: 'd', remediation: 'r', run: async () => ({status: 'pass', summary: 'fine'})})

  it('shows platform, layout and version with where each came from, without connecting to the database for it', async () => {
    const tree = makeInstall('windows', sampleIniText(), {iniIn: 'bin'})
    copyFileSync(fixture('mps-15.5.10244', 'MyPhoneServer.dll'), join(tree.root, 'Bin', 'MyPhoneServer.dll'))
    const report = await diagnose({...defaultSettings(), installDir: tree.root}, {builtins: [plain]})
    expect(report.target).toMatchObject({
      layout: 'windows',
      platform: 'windows',
      platformFrom: expect.stringMatching(/drive letter/),
      installLayout: {id: 'windows-v16', reason: 'Windows, the ini is in Bin (v16 and later layout)'},
      version: {text: '15.5.10244.4', major: 15, from: `PE file version of ${join(tree.root, 'Bin', 'MyPhoneServer.dll')}`},
    })
    expect(report.sources.find((s) => s.name === 'db')).toBeUndefined()
  })

  it('says why the version is unknown', async () => {
    const tree = makeInstall('windows')
    const report = await diagnose({...defaultSettings(), installDir: tree.root}, {builtins: [plain]})
    expect(report.target.versionUnknown).toMatch(/^no 3CX version found: console: not asked: no check in this run used the console source; db: not asked: .*; pe: none of 3CXPhoneSystem\.exe, MyPhoneServer\.dll, 3cxpscomcpp2\.dll is in /)
  })
})
