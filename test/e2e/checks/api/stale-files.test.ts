/**
 * api.stale-files end to end: the built CLI against install trees and
 * application folders made from the mcs-compiled fixtures.
 */
import {copyFileSync, mkdirSync, readFileSync, symlinkSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {ROOT, SAMPLE_INSTALL, runCli, tempDir} from '../../../helpers/cli.js'
import {fixture, makeDllInstall, place, runCheck, type DllTree} from '../../../helpers/dotnet-fixtures.js'
import {SAMPLE_PASSWORDS} from '../../../helpers/install-tree.js'

const ID = 'api.stale-files'
const DLLS = ['3cxpscomcpp2.dll', 'sl.dll', 'tcxpscom_native.dll']

/** An install at 15.5.1694: Instance1/Bin has the API build, the top-level Bin the other build. */
function install(layout: 'windows' | 'debian'): DllTree {
  return makeDllInstall(
    layout,
    DLLS.map((d) => ['api-shared-bin', d] as [string, string]),
    DLLS.map((d) => ['api-15.5.1694', d] as [string, string]),
  )
}

/** An application folder holding exact copies of the install's API files. */
function goodApp(tree: DllTree, name = 'MyCallApp'): string {
  const app = join(tempDir('tcx-app-'), name)
  mkdirSync(app, {recursive: true})
  for (const d of DLLS) copyFileSync(join(tree.instanceBin, d), join(app, d))
  copyFileSync(tree.iniPath, join(app, '3CXPhoneSystem.ini'))
  return app
}

describe.each(['windows', 'debian'] as const)('api.stale-files (%s layout)', (layout) => {
  it('passes when every copy matches the install', async () => {
    const tree = install(layout)
    const app = goodApp(tree)
    const {result} = await runCheck(ID, ['--install-dir', tree.root, '--app-dir', app])
    expect(result.status).toBe('pass')
    expect(result.summary).toBe(`All 4 Call Control API file(s) in ${app} match the install.`)
    expect(result.details).toContain(`${join(app, 'sl.dll')} is identical to ${join(tree.instanceBin, 'sl.dll')} (15.5.1694.0).`)
    expect(result.details).toContain(`${join(app, '3CXPhoneSystem.ini')} matches ${tree.iniPath} in every key the Call Control API uses.`)
  })

  it('fails for an older copy and for a newer copy, giving both versions and which is newer', async () => {
    const tree = install(layout)
    const app = goodApp(tree)
    place(app, 'api-15.5.1100', 'sl.dll')
    place(app, 'api-15.5.10244', 'tcxpscom_native.dll')
    const {result} = await runCheck(ID, ['--install-dir', tree.root, '--app-dir', app])
    expect(result.status).toBe('fail')
    expect(result.summary).toMatch(/^2 stale Call Control API file\(s\): /)
    expect(result.details).toContain(
      `${join(app, 'sl.dll')} differs from ${join(tree.instanceBin, 'sl.dll')}: the copy is version 15.5.1100.0, the install's is 15.5.1694.0: the install is newer (3CX was updated after the copy was made).`,
    )
    expect(result.details).toContain(
      `${join(app, 'tcxpscom_native.dll')} differs from ${join(tree.instanceBin, 'tcxpscom_native.dll')}: the copy is version 15.5.10244.4, the install's is 15.5.1694.0: the copy is newer (taken from another, newer install?).`,
    )
    const files = result.evidence.files as Array<Record<string, unknown>>
    const sl = files.find((f) => f.copy === join(app, 'sl.dll'))!
    expect(sl).toMatchObject({status: 'fail', copyVersion: '15.5.1100.0', referenceVersion: '15.5.1694.0'})
    expect(sl.copySha256).toMatch(/^[0-9a-f]{64}$/)
    expect(sl.copySha256).not.toBe(sl.referenceSha256)
  })

  it('fails with the specific message when a copy is the top-level Bin one', async () => {
    const tree = install(layout)
    const app = goodApp(tree)
    copyFileSync(join(tree.sharedBin, '3cxpscomcpp2.dll'), join(app, '3cxpscomcpp2.dll'))
    const {result} = await runCheck(ID, ['--install-dir', tree.root, '--app-dir', app])
    expect(result.status).toBe('fail')
    expect(result.details[0]).toBe(
      `${join(app, '3cxpscomcpp2.dll')} is a copy of the top-level ${join(tree.sharedBin, '3cxpscomcpp2.dll')}, not of ${join(tree.instanceBin, '3cxpscomcpp2.dll')}: ` +
        `the Call Control API then fails with "config server is not connected". Copy 3cxpscomcpp2.dll from ${tree.instanceBin} instead.`,
    )
  })

  it('fails when ini keys that matter differ, naming them without printing secret values', async () => {
    const tree = install(layout)
    const app = goodApp(tree)
    const stale = readFileSync(tree.iniPath, 'utf8')
      .replace('confPass=SampleConfPass-7f3a91', 'confPass=OldConfPass-e1e2e3')
      .replace('ConfPort=5485', 'ConfPort=5486')
      .replace('MasterDBUser=phonesystem', 'MasterDBUser=phonesystem_old')
    writeFileSync(join(app, '3CXPhoneSystem.ini'), stale)
    const {result, cli} = await runCheck(ID, ['--install-dir', tree.root, '--app-dir', app])
    expect(result.status).toBe('fail')
    const line = result.details.find((d) => d.includes('3CXPhoneSystem.ini differs'))!
    expect(line).toBe(
      `${join(app, '3CXPhoneSystem.ini')} differs from ${tree.iniPath} in [ConfService] ConfPort, [ConfService] confPass, [CfgServerProfile] MasterDBUser: ` +
        '[ConfService] ConfPort is "5486" in the copy, "5485" in the install; [ConfService] confPass differs (value not shown); ' +
        '[CfgServerProfile] MasterDBUser is "phonesystem_old" in the copy, "phonesystem" in the install. Copy the install\'s ini again.',
    )
    for (const secret of [...SAMPLE_PASSWORDS, 'OldConfPass-e1e2e3']) expect(cli.stdout).not.toContain(secret)
  })

  it('ignores comments, blank lines, key case, ordering and line endings in the ini', async () => {
    const tree = install(layout)
    const app = goodApp(tree)
    // Sections in reverse order, keys reversed within each, names in other case, spaces around "=", CRLF, comments.
    const sections = readFileSync(tree.iniPath, 'utf8')
      .trim()
      .split(/\r?\n(?=\[)/)
      .map((block) => {
        const [header, ...keys] = block.trim().split(/\r?\n/)
        const swapped = keys.reverse().map((k) => {
          const [key, ...value] = k.split('=')
          return `${key!.toUpperCase()} = ${value.join('=')}`
        })
        return [header!.toLowerCase(), '; copied by hand', ...swapped, ''].join('\r\n')
      })
      .reverse()
    writeFileSync(join(app, '3CXPhoneSystem.ini'), ['# my app copy', '', ...sections].join('\r\n'))
    const {result} = await runCheck(ID, ['--install-dir', tree.root, '--app-dir', app])
    expect(result.status).toBe('pass')
  })

  it('skips when no application folder holds the files, saying how to give one', async () => {
    const tree = install(layout)
    const empty = tempDir('tcx-app-empty-')
    const {result} = await runCheck(ID, ['--install-dir', tree.root, '--app-dir', empty])
    expect(result.status).toBe('skip')
    expect(result.summary).toBe('None of the application folders holds 3CXPhoneSystem.ini, 3cxpscomcpp2.dll, sl.dll, tcxpscom_native.dll.')
    expect(result.details).toEqual([`Looked in: ${empty}.`, 'Give the folder of the application that uses the Call Control API with --app-dir DIR.'])
  })
})

describe('api.stale-files: other cases', () => {
  it('skips without an application folder, naming --app-dir and appDirs', async () => {
    const tree = install('windows')
    const {result} = await runCheck(ID, ['--install-dir', tree.root])
    expect(result.status).toBe('skip')
    expect(result.summary).toBe('No Call Control API application folder was given, so there are no copies to compare.')
    expect(result.details[0]).toContain('--app-dir DIR')
    expect(result.details[0]).toContain('"appDirs" in tcx-doctor.config.json')
  })

  it('takes app folders from the config file (relative to the working folder) and finds copies whatever their case', async () => {
    const tree = install('windows')
    const work = tempDir('tcx-work-')
    const app = join(work, 'apps', 'Dialer')
    mkdirSync(app, {recursive: true})
    copyFileSync(join(tree.instanceBin, 'sl.dll'), join(app, 'SL.DLL'))
    writeFileSync(join(work, 'tcx-doctor.config.json'), JSON.stringify({appDirs: ['apps/Dialer']}))
    const {result} = await runCheck(ID, ['--install-dir', tree.root], {cwd: work})
    expect(result.status).toBe('pass')
    expect(result.summary).toBe(`All 1 Call Control API file(s) in ${app} match the install.`)
  })

  it('warns when the ini copy is the Debian template (template path from the check options)', async () => {
    const tree = install('debian')
    const app = goodApp(tree)
    const template = join(tempDir('tcx-skel-'), '3CXPhoneSystem.ini')
    const templateText = '[General]\nAppPath=/usr/lib/3cxpbx\n[ConfService]\nconfNIC=127.0.0.1\nConfPort=5485\n'
    writeFileSync(template, templateText)
    writeFileSync(join(app, '3CXPhoneSystem.ini'), templateText)
    const config = join(tempDir('tcx-cfg-'), 'config.json')
    writeFileSync(config, JSON.stringify({checks: {[ID]: {templateIni: template}}}))
    const {result} = await runCheck(ID, ['--install-dir', tree.root, '--app-dir', app, '--config', config])
    // It also differs from the live ini, so the check fails; the template is named in its own line.
    expect(result.status).toBe('fail')
    expect(result.details).toContain(
      `${join(app, '3CXPhoneSystem.ini')} is the Debian template ${template}, not the live ini: reading it gives "config server is not connected". Copy ${tree.iniPath} instead.`,
    )
    expect((result.evidence.files as Array<{status: string; template?: string}>).find((f) => f.template === template)?.status).toBe('warn')
  })

  it('warns when an --app-dir is not a folder, and when the install lacks the reference file', async () => {
    const tree = makeDllInstall('windows', [], [['api-15.5.1694', 'sl.dll']])
    const app = join(tempDir('tcx-app-'), 'App')
    place(app, 'api-15.5.1694', '3cxpscomcpp2.dll')
    place(app, 'api-15.5.1694', 'sl.dll')
    const missing = join(app, 'nope')
    const {result} = await runCheck(ID, ['--install-dir', tree.root, '--app-dir', app, '--app-dir', missing])
    expect(result.status).toBe('warn')
    expect(result.details).toContain(`${missing} (given as an application folder) is not a folder; check --app-dir.`)
    expect(result.details).toContain(
      `${join(app, '3cxpscomcpp2.dll')} cannot be compared: the install has no 3cxpscomcpp2.dll (looked for ${join(tree.instanceBin, '3cxpscomcpp2.dll')}).`,
    )
  })

  it('says in one line when a copy is not a PE file', async () => {
    const tree = install('windows')
    const app = goodApp(tree)
    copyFileSync(fixture('broken', 'not-a-pe.dll'), join(app, 'sl.dll'))
    const {result} = await runCheck(ID, ['--install-dir', tree.root, '--app-dir', app])
    expect(result.status).toBe('fail')
    expect(result.details[0]).toMatch(
      /sl\.dll differs from .*sl\.dll: versions: copy unknown, install 15\.5\.1694\.0 \(.*sl\.dll is not a Windows PE file \(no "MZ" signature at the start\); expected a \.dll or \.exe from the 3CX install\)\.$/,
    )
  })

  it('escapes hostile folder names in the HTML report', async () => {
    const tree = install('windows')
    const parent = tempDir('tcx-hostile-')
    const evil = join(parent, '<script>alert(1)</script>', '"onerror=alert(2) x=\'<img src=x>')
    mkdirSync(evil, {recursive: true})
    place(evil, 'api-15.5.1100', 'sl.dll')
    const html = join(parent, 'report.html')
    const cli = await runCli(['run', '--only', 'api,build', '--install-dir', tree.root, '--app-dir', evil, '--output', html])
    expect(cli.code).toBe(2)
    const text = readFileSync(html, 'utf8')
    expect(text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(text).toContain('&quot;onerror=alert(2) x=&#39;&lt;img src=x&gt;')
    expect(text).not.toContain('<script')
    expect(text).not.toContain('<img')
    expect(text).not.toContain('"onerror')
  })

  it('reports the bundled sample (updated to 15.5.10244): stale copies in CallControlApp, sip_dialog_set_id present', async () => {
    const app = join(ROOT, 'examples', 'sample-pbx', 'CallControlApp')
    const cli = await runCli(['run', '--format', 'json', '--only', 'api,build', '--install-dir', SAMPLE_INSTALL, '--app-dir', app])
    const report = JSON.parse(cli.stdout) as {results: Array<{id: string; status: string; summary: string; details: string[]}>}
    const stale = report.results.find((r) => r.id === ID)!
    expect(stale.status).toBe('fail')
    expect(stale.details.join('\n')).toContain(`${join(app, '3cxpscomcpp2.dll')} is a copy of the top-level`)
    expect(stale.details.join('\n')).toContain('the copy is version 15.5.1694.0, the install\'s is 15.5.10244.4: the install is newer')
    expect(stale.details.join('\n')).toContain('[ConfService] confPass differs (value not shown)')
    expect(report.results.find((r) => r.id === 'build.sip-dialog-set-id')).toMatchObject({status: 'pass', summary: expect.stringContaining('MyPhoneServer.dll (build 15.5.10244.4)')})
    for (const secret of [...SAMPLE_PASSWORDS, 'OldAppConfPass-2b81aa', 'OldAppQmPw-90d1e4']) expect(cli.stdout).not.toContain(secret)
  })
})

describe('api.stale-files --app-search', () => {
  it('finds application folders holding 3cxpscomcpp2.dll, bounded in depth, through a symlink loop', async () => {
    const tree = install('windows')
    const base = tempDir('tcx-search-')
    const near = join(base, 'apps', 'Dialer')
    const deep = join(base, 'd1', 'd2', 'd3', 'd4', 'd5', 'TooDeep')
    place(near, 'api-15.5.1100', '3cxpscomcpp2.dll')
    place(deep, 'api-15.5.1694', '3cxpscomcpp2.dll')
    symlinkSync(base, join(base, 'apps', 'loop')) // a link back to the root: must not loop
    const {result} = await runCheck(ID, ['--install-dir', tree.root, '--app-search', base])
    expect(result.status).toBe('fail')
    expect(result.evidence.foundBySearch).toEqual([near])
    expect(result.details).toContain(`--app-search found: ${near}.`)
    expect(result.details[0]).toMatch(/3cxpscomcpp2\.dll differs from .*: the copy is version 15\.5\.1100\.0, the install's is 15\.5\.1694\.0: the install is newer/)
  })

  it('skips when the search finds nothing, and names a search root that is not a folder', async () => {
    const tree = install('windows')
    const base = tempDir('tcx-search-')
    const {result} = await runCheck(ID, ['--install-dir', tree.root, '--app-search', base, '--app-search', join(base, 'missing')])
    expect(result.status).toBe('skip')
    expect(result.summary).toBe(`--app-search found no folder holding 3cxpscomcpp2.dll under ${base}, ${join(base, 'missing')}, and no --app-dir was given.`)
    expect(result.details).toContain(`--app-search ${join(base, 'missing')} is not a folder`)
  })
})
