/** install.ini-complete against install values built from the sample ini (no file is read). */
import {expect} from 'vitest'
import check from '../../../../checks/install/ini-complete.js'
import {InstallUnavailableError} from '../../../../src/sources/install/index.js'
import {testCheck} from '../../../helpers/check-tester.js'
import {SAMPLE_PASSWORDS, fakeInstall, sampleIniText} from '../../../helpers/install-tree.js'

const v16Windows = () => fakeInstall('windows', {iniIn: 'bin'})

const denied = new InstallUnavailableError(
  'unreadable',
  'cannot read the ini /var/lib/3cxpbx/Bin/3CXPhoneSystem.ini: permission denied; run as root or as a user in group phonesystem',
  ['/var/lib/3cxpbx', '/var/lib/3cxpbx/Bin/3CXPhoneSystem.ini'],
)

testCheck(check, {
  pass: [
    {
      name: 'the sample ini (Windows layout)',
      sources: {install: fakeInstall('windows')},
      summary: /^Windows install at \/fake\/3CX Phone System; .* has every expected section\.$/,
      expect: (result) => {
        const json = JSON.stringify(result)
        for (const secret of SAMPLE_PASSWORDS) expect(json).not.toContain(secret)
        expect(result.tables?.[0]?.rows.every((row) => row[2] === true)).toBe(true)
      },
    },
    {name: 'the sample ini (Debian layout)', sources: {install: fakeInstall('debian')}, summary: /^Debian install at \/fake\/3cxpbx/},
    {
      name: 'a v16 Windows install (ini in Bin, AppPath on C:) is called Windows, with its platform and layout and why',
      sources: {install: v16Windows()},
      summary: /^Windows install at \/fake\/3CX Phone System; \/fake\/3CX Phone System\/Bin\/3CXPhoneSystem\.ini has every expected section\.$/,
      expect: (result) => {
        expect(result.details).toEqual(['Platform: [General] AppPath "C:\\Program Files\\3CX Phone System\\" is on a drive letter.', 'Layout: Windows, the ini is in Bin (v16 and later layout).'])
        expect(result.evidence).toMatchObject({platform: 'windows', layout: 'windows-v16', layoutFrom: 'Windows, the ini is in Bin (v16 and later layout)'})
      },
    },
    {
      name: 'a Debian v18 install names its layout',
      sources: {install: fakeInstall('debian', {extra: ['3cxpscomcpp2.dll']})},
      summary: /^Debian install at \/fake\/3cxpbx; /,
      expect: (result) => expect(result.evidence).toMatchObject({platform: 'debian', layout: 'debian-v18', platformFrom: '[General] AppPath "/usr/lib/3cxpbx" is a Linux path'}),
    },
  ],
  warn: [
    {
      name: 'a section and a key missing',
      sources: {install: fakeInstall('debian', {ini: sampleIniText().replace(/\[QMDatabase\][^[]*/, '').replace(/^confNIC=.*$/m, '')})},
      summary: /is incomplete: section\(s\) \[QMDatabase\] missing; key\(s\) \[ConfService\] confNIC missing\.$/,
      expect: (result) => expect(result.tables?.[0]?.rows).toContainEqual(['[ConfService]', 'confNIC', false]),
    },
  ],
  fail: [
    {
      name: 'an install this user may not read is named as a permission problem',
      sources: {install: denied},
      summary: 'The 3CX install cannot be read: cannot read the ini /var/lib/3cxpbx/Bin/3CXPhoneSystem.ini: permission denied; run as root or as a user in group phonesystem',
    },
    {
      name: 'a refused ini (too large) of an install given with --install-dir',
      sources: {install: new InstallUnavailableError('invalid', 'the ini /srv/3cx/Bin/3CXPhoneSystem.ini is 200.0 MiB, more than the 1.0 MiB such a file can be; it is not read (is this the right file?)')},
      settings: {installDir: '/srv/3cx'},
      summary: /^The 3CX install given could not be read: .* is 200\.0 MiB/,
    },
  ],
  skip: [
    {
      name: 'no 3CX on this machine',
      sources: {install: new InstallUnavailableError('absent', 'no 3CX install found (tried /var/lib/3cxpbx, C:\\Program Files\\3CX Phone System)')},
      summary: 'No 3CX install on this machine: no 3CX install found',
    },
  ],
})
