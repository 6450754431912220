/**
 * api.stale-files against app-files scans built from recorded facts of the committed
 * fixture DLLs (test/fixtures/dotnet/facts.json) and inis parsed from text: no file is read.
 */
import {createHash} from 'node:crypto'
import {join} from 'node:path'
import {expect} from 'vitest'
import check from '../../../../checks/api/stale-files.js'
import type {AppFiles, AppFilesScan, AppFolder, ApiReference, FileFacts} from '../../../../src/sources/app-files/index.js'
import {parseIniText, type Install} from '../../../../src/sources/install/index.js'
import {testCheck} from '../../../helpers/check-tester.js'
import {recordedFacts} from '../../../helpers/dotnet-fixtures.js'
import {SAMPLE_PASSWORDS, fakeInstall, sampleIniText} from '../../../helpers/install-tree.js'
import {versionFacts} from '../../../helpers/tcx-version.js'

const DLLS = ['3cxpscomcpp2.dll', 'sl.dll', 'tcxpscom_native.dll']
const APP = '/opt/MyCallApp'

/** What the pe source read of a fixture, as the app-files source reports it. */
function dll(path: string, fixture: string): FileFacts {
  const f = recordedFacts()[fixture]!
  return {path, sha256: f.sha256, ...(f.version.problem === undefined ? {version: f.version.fileVersion} : {versionProblem: f.version.problem.replaceAll(`<fixtures>/${fixture}`, path)})}
}

function ini(path: string, text: string): FileFacts {
  return {path, ini: parseIniText(path, Buffer.from(text)), sha256: createHash('sha256').update(text).digest('hex')}
}

/** An install at 15.5.1694: Instance1/Bin has the API build, the top-level Bin the other build. */
const install = (): Install => fakeInstall('windows', {shared: DLLS, instance: DLLS})

function references(inst: Install, names: string[]): ApiReference[] {
  return names.map((name) =>
    name === '3CXPhoneSystem.ini'
      ? {name, reference: {path: inst.ini.path, ini: inst.ini}, tried: [inst.ini.path]}
      : {
          name,
          reference: dll(join(inst.instanceBinDir, name), `api-15.5.1694/${name}`),
          tried: [join(inst.instanceBinDir, name)],
          shared: dll(join(inst.sharedBinDir, name), `api-shared-bin/${name}`),
        },
  )
}

/** An app-files value whose scan found one folder with the given copies. */
function appFiles(inst: Install, copies: AppFolder['copies'], extra: Partial<AppFilesScan> = {}): AppFiles {
  const scan: AppFilesScan = {
    appDirs: [APP],
    searchRoots: [],
    folders: [{dir: APP, copies}],
    references: references(inst, [...new Set(copies.map((c) => c.name))]),
    instanceBinDir: inst.instanceBinDir,
    ...extra,
  }
  return {given: scan.appDirs, searchRoots: scan.searchRoots, scan: async () => scan}
}

const copy = (name: string, fixture: string) => ({name, ...dll(join(APP, name), fixture)})
const goodCopies = () => [...DLLS.map((d) => copy(d, `api-15.5.1694/${d}`)), {name: '3CXPhoneSystem.ini', ...ini(join(APP, '3CXPhoneSystem.ini'), sampleIniText())}]

function sources(copies: AppFolder['copies'], extra: Partial<AppFilesScan> = {}, inst = install()) {
  return {install: inst, 'app-files': appFiles(inst, copies, extra), pe: {}}
}

testCheck(check, {
  pass: [
    {
      name: 'a v20 install that still has the DLLs: the check runs (it decides from the DLLs, not the version)',
      sources: {...sources(goodCopies()), version: versionFacts('20.0.7.1080')},
      summary: /match the install/,
    },
    {
      name: 'every copy matches the install',
      sources: sources(goodCopies()),
      summary: `All 4 Call Control API file(s) in ${APP} match the install.`,
      expect: (result) => {
        expect(result.details).toContain(`${join(APP, 'sl.dll')} is identical to /fake/3CX Phone System/Instance1/Bin/sl.dll (15.5.1694.0).`)
        const t = result.tables![0]!
        expect(t.columns).toEqual(['file', 'app copy', 'install copy', 'version (copy / install)', 'same content', 'status'])
        expect(t.rows).toContainEqual(['sl.dll', join(APP, 'sl.dll'), '/fake/3CX Phone System/Instance1/Bin/sl.dll', '15.5.1694.0 / 15.5.1694.0', true, 'pass'])
        expect(t.rows).toContainEqual(['3CXPhoneSystem.ini', join(APP, '3CXPhoneSystem.ini'), '/fake/3CX Phone System/Instance1/Bin/3CXPhoneSystem.ini', null, true, 'pass'])
      },
    },
  ],
  fail: [
    {
      name: 'an older copy, naming both versions',
      sources: sources([copy('sl.dll', 'api-15.5.1100/sl.dll')]),
      summary: /^1 stale Call Control API file\(s\): /,
      expect: (result) => {
        expect(result.details[0]).toBe(
          `${join(APP, 'sl.dll')} differs from /fake/3CX Phone System/Instance1/Bin/sl.dll: the copy is version 15.5.1100.0, the install's is 15.5.1694.0: the install is newer (3CX was updated after the copy was made).`,
        )
        expect(result.tables![0]!.rows[0]).toEqual(['sl.dll', join(APP, 'sl.dll'), '/fake/3CX Phone System/Instance1/Bin/sl.dll', '15.5.1100.0 / 15.5.1694.0', false, 'fail'])
      },
    },
    {
      name: 'a copy of the top-level Bin file',
      sources: sources([copy('3cxpscomcpp2.dll', 'api-shared-bin/3cxpscomcpp2.dll')]),
      expect: (result) => expect(result.details[0]).toMatch(/is a copy of the top-level .*Bin\/3cxpscomcpp2\.dll, not of .*Instance1\/Bin\/3cxpscomcpp2\.dll/),
    },
    {
      name: 'ini keys that matter differ, secrets not shown',
      sources: sources([{name: '3CXPhoneSystem.ini', ...ini(join(APP, '3CXPhoneSystem.ini'), sampleIniText().replace('confPass=SampleConfPass-7f3a91', 'confPass=OldConfPass-e1e2e3'))}]),
      expect: (result) => {
        expect(result.details[0]).toContain('[ConfService] confPass differs (value not shown)')
        const json = JSON.stringify(result)
        for (const secret of [...SAMPLE_PASSWORDS, 'OldConfPass-e1e2e3']) expect(json).not.toContain(secret)
      },
    },
    {
      name: 'a copy that is not a PE file',
      sources: sources([copy('sl.dll', 'broken/not-a-pe.dll')]),
      expect: (result) => expect(result.details[0]).toMatch(/sl\.dll differs from .*: versions: copy unknown, install 15\.5\.1694\.0 \(.*is not a Windows PE file/),
    },
  ],
  warn: [
    {
      name: 'an app folder that is not a folder',
      sources: sources([], {folders: [{dir: '/nope', problem: '/nope (given as an application folder) is not a folder; check --app-dir.', copies: []}]}),
      summary: /need a look: \/nope\.$/,
    },
    {
      name: 'the install lacks the reference file',
      sources: (() => {
        const inst = fakeInstall('windows', {instance: ['sl.dll']})
        const files = appFiles(inst, [copy('3cxpscomcpp2.dll', 'api-15.5.1694/3cxpscomcpp2.dll')], {
          references: [{name: '3cxpscomcpp2.dll', tried: [join(inst.instanceBinDir, '3cxpscomcpp2.dll')]}],
        })
        return {install: inst, 'app-files': files, pe: {}}
      })(),
      expect: (result) => expect(result.details[0]).toBe(`${join(APP, '3cxpscomcpp2.dll')} cannot be compared: the install has no 3cxpscomcpp2.dll (looked for /fake/3CX Phone System/Instance1/Bin/3cxpscomcpp2.dll).`),
    },
  ],
  skip: [
    {
      name: 'no application folder given',
      sources: {install: install(), 'app-files': {given: [], searchRoots: [], scan: async () => ({appDirs: [], searchRoots: [], folders: [], references: []})}},
      summary: 'No Call Control API application folder was given, so there are no copies to compare.',
    },
    {
      name: 'the folder holds none of the files',
      sources: sources([]),
      summary: 'None of the application folders holds 3CXPhoneSystem.ini, 3cxpscomcpp2.dll, sl.dll, tcxpscom_native.dll.',
    },
    {
      name: 'not applicable: the install has no Call Control API DLLs',
      sources: sources(goodCopies(), {}, fakeInstall('windows')),
      summary: /^Not applicable: this install has no \.NET Call Control API DLLs.*\(3CX version not known: /,
    },
    {
      name: 'not applicable on a v20 install without the DLLs, naming the version seen',
      sources: {...sources(goodCopies(), {}, fakeInstall('debian')), version: versionFacts('20.0.7.1080', 'dpkg')},
      summary: /^Not applicable: this install has no \.NET Call Control API DLLs .* \(3CX 20\.0\.7\.1080 from dpkg-query -W 3cxpbx on this machine\)$/,
    },
    {
      name: 'not applicable without DLLs even when no application folder was given',
      sources: {install: fakeInstall('debian'), 'app-files': {given: [], searchRoots: [], scan: async () => ({appDirs: [], searchRoots: [], folders: [], references: []})}, version: versionFacts('20.0.7.1080')},
      summary: /^Not applicable: this install has no \.NET Call Control API DLLs .*\(3CX 20\.0\.7\.1080 from parameter VERSION of the database\)$/,
    },
  ],
})
