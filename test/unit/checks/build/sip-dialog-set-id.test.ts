/**
 * build.sip-dialog-set-id against recorded facts of the committed fixture DLLs
 * (test/fixtures/dotnet/facts.json): no file is read.
 */
import {join} from 'node:path'
import {expect} from 'vitest'
import check from '../../../../checks/build/sip-dialog-set-id.js'
import {testCheck, unavailable} from '../../../helpers/check-tester.js'
import {recordedPe} from '../../../helpers/dotnet-fixtures.js'
import {fakeInstall} from '../../../helpers/install-tree.js'
import {versionFacts} from '../../../helpers/tcx-version.js'

/** A Windows install whose shared Bin holds the given fixtures under their own names, and the pe facts of them. */
function withBinaries(...fixtures: string[]): {install: ReturnType<typeof fakeInstall>; pe: ReturnType<typeof recordedPe>} {
  const install = fakeInstall('windows', {shared: fixtures.map((f) => f.split('/')[1]!)})
  const pe = recordedPe(Object.fromEntries(fixtures.map((f) => [join(install.sharedBinDir, f.split('/')[1]!), f])))
  return {install, pe}
}

const sources = (...fixtures: string[]) => withBinaries(...fixtures)

testCheck(check, {
  pass: [
    {
      name: 'the literal is in #US (15.5.10244)',
      sources: sources('mps-15.5.10244/MyPhoneServer.dll', 'mps-15.5.10244/VCEWebRTCNet.dll'),
      summary: /^"sip_dialog_set_id" is a string literal in .*MyPhoneServer\.dll \(build 15\.5\.10244\.4\)/,
      expect: (result) => {
        expect(result.tables?.[0]?.columns).toEqual(['file', 'file version', 'string literal (#US)', 'member name (#Strings)', 'elsewhere', 'problem'])
        expect(result.tables?.[0]?.rows.map((r) => r[1])).toEqual(['15.5.10244.4', '15.5.10244.4'])
        expect((result.evidence.files as unknown[]).length).toBe(2)
      },
    },
    {
      name: 'a buffer size from the options',
      sources: sources('mps-15.5.10244-x64/MyPhoneServer.dll'),
      options: {bufferSize: 65536},
      summary: /build 15\.5\.10244\.4/,
    },
    {
      name: 'v18 seen: the check runs',
      sources: {...sources('mps-15.5.10244/MyPhoneServer.dll'), version: versionFacts('18.0.2.307')},
      summary: /is a string literal in/,
    },
    {
      name: 'a version tcx-doctor does not know (21.0) never skips: the check runs',
      sources: {...sources('mps-15.5.10244/MyPhoneServer.dll'), version: versionFacts('21.0.1.100', 'console')},
      summary: /is a string literal in/,
    },
    {
      name: 'no version found: the check runs',
      sources: {...sources('mps-15.5.10244/MyPhoneServer.dll'), version: unavailable('version', 'no 3CX version found')},
      summary: /is a string literal in/,
    },
  ],
  warn: [
    {name: 'only a member name', sources: sources('mps-member-only/MyPhoneServer.dll'), summary: /^Inconclusive: /},
    {name: 'the version is new enough but the literal is absent', sources: sources('mps-15.5.10244-no-literal/MyPhoneServer.dll'), summary: /yet the literal "sip_dialog_set_id" is absent/},
    {
      name: 'no file can be read (truncated)',
      sources: (() => {
        const install = fakeInstall('windows', {shared: ['MyPhoneServer.dll']})
        return {install, pe: recordedPe({[join(install.sharedBinDir, 'MyPhoneServer.dll')]: 'broken/MyPhoneServer-truncated.dll'})}
      })(),
      summary: /^Could not tell whether this 3CX build attaches "sip_dialog_set_id": .*MyPhoneServer\.dll is truncated/,
    },
  ],
  fail: [
    {
      name: '15.5.1694 has no literal',
      sources: sources('mps-15.5.1694/MyPhoneServer.dll', 'mps-15.5.1694/VCEWebRTCNet.dll'),
      summary: 'This 3CX build (15.5.1694.0) does not attach "sip_dialog_set_id"',
      expect: (result) => expect(result.details).toContain('Builds 15.5.10244 and later have it: update 3CX.'),
    },
  ],
  skip: [
    {
      name: 'not applicable on v20, naming the version and where it came from',
      sources: {...sources('mps-15.5.10244/MyPhoneServer.dll'), version: versionFacts('20.0.7.1080')},
      summary:
        'Not applicable: 3CX 20.0.7.1080 (parameter VERSION of the database): v20 has no .NET Call Control API, so no AttachedData carries the SIP dialog id',
      expect: (result) => expect(result.evidence).toEqual({}),
    },
    {name: 'neither file in the install', sources: withBinaries(), summary: 'Neither MyPhoneServer.dll nor VCEWebRTCNet.dll was found'},
    {name: 'no install', sources: {install: unavailable('install', 'no 3CX install found (tried /var/lib/3cxpbx)'), pe: recordedPe({})}, summary: /no 3CX install found/},
  ],
})
