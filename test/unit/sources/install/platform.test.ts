import {describe, expect, it} from 'vitest'
import {DEFAULT_DB_PORT, detectLayout, platformOfAppPath, type LayoutFacts} from '../../../../src/sources/install/index.js'

const facts = (over: Partial<LayoutFacts>): LayoutFacts => ({iniPlace: 'bin', hasConfigJson: false, sdkDllInRoot: false, ...over})

describe('platformOfAppPath', () => {
  it.each([
    ['C:\\Program Files\\3CX Phone System\\', 'windows'],
    ['d:/3CX/', 'windows'],
    ['  E:\\3CX ', 'windows'],
    ['/usr/lib/3cxpbx', 'debian'],
    ['/var/lib/3cxpbx/', 'debian'],
    ['', undefined],
    [undefined, undefined],
    ['3CX Phone System', undefined],
    ['\\\\server\\share\\3CX', undefined],
    ['C:', undefined],
  ])('%j -> %s', (appPath, platform) => {
    expect(platformOfAppPath(appPath)).toBe(platform)
  })
})

describe('detectLayout', () => {
  it.each<[string, Partial<LayoutFacts>, 'windows' | 'debian', string, RegExp]>([
    ['v15 Windows: ini in Instance1\\Bin, AppPath on C:', {iniPlace: 'instance-bin', appPath: 'C:\\Program Files\\3CX Phone System\\'}, 'windows', 'windows-v15', /AppPath "C:.*" is on a drive letter/],
    ['v16 Windows: ini in Bin, AppPath on C: (not Debian)', {iniPlace: 'bin', appPath: 'C:\\Program Files\\3CX Phone System\\'}, 'windows', 'windows-v16', /drive letter/],
    ['v16 Windows even with a config.json beside the ini', {iniPlace: 'bin', appPath: 'C:\\3CX\\', hasConfigJson: true}, 'windows', 'windows-v16', /drive letter/],
    ['v15 layout without AppPath is Windows by its layout', {iniPlace: 'instance-bin'}, 'windows', 'windows-v15', /no \[General\] AppPath; the ini is in Instance1\/Bin \(the Windows v15 layout\)/],
    ['Debian v15.5: SDK DLL in Bin', {iniPlace: 'bin', appPath: '/usr/lib/3cxpbx', sdkDllInRoot: true}, 'debian', 'debian-v15', /Linux path/],
    ['Debian v18: SDK DLL in /usr/lib/3cxpbx', {iniPlace: 'bin', appPath: '/usr/lib/3cxpbx', sdkDirWithDll: '/usr/lib/3cxpbx'}, 'debian', 'debian-v18', /Linux path/],
    ['Debian v18: config.json', {iniPlace: 'bin', appPath: '/var/lib/3cxpbx', hasConfigJson: true}, 'debian', 'debian-v18', /Linux path/],
    ['Debian by its SDK folder when AppPath is missing', {iniPlace: 'bin', sdkDirWithDll: '/usr/lib/3cxpbx'}, 'debian', 'debian-v18', /3cxpscomcpp2\.dll is in \/usr\/lib\/3cxpbx \(Debian only\)/],
    ['ini in Bin, nothing else known: Debian', {iniPlace: 'bin'}, 'debian', 'debian', /taken as Debian/],
    ['ini elsewhere, nothing known: Windows', {iniPlace: 'elsewhere'}, 'windows', 'windows-v16', /taken as Windows/],
    ['ini elsewhere with a Linux AppPath: Debian', {iniPlace: 'elsewhere', appPath: '/usr/lib/3cxpbx'}, 'debian', 'debian', /Linux path/],
    ['Debian without SDK DLLs or config.json (v20): no release guessed from the layout', {iniPlace: 'bin', appPath: '/var/lib/3cxpbx'}, 'debian', 'debian', /Linux path/],
  ])('%s', (_name, over, platform, layout, reason) => {
    const found = detectLayout(facts(over))
    expect(found.platform).toBe(platform)
    expect(found.layout.id).toBe(layout)
    expect(found.platformFrom).toMatch(reason)
    expect(found.layout.reason).toMatch(platform === 'windows' ? /^Windows, / : /^Debian, /)
  })

  it('cuts a long AppPath in its reason and keeps it on one inert line', () => {
    const long = detectLayout(facts({appPath: `C:\\${'x'.repeat(1000)}`}))
    expect(long.platform).toBe('windows')
    expect(long.platformFrom).toBe(`[General] AppPath "C:\\${'x'.repeat(197)}… (803 more characters)" is on a drive letter`)
    const hostile = detectLayout(facts({appPath: 'D:\\3CX\n\u001b[31mred'}))
    expect(hostile.platformFrom).not.toMatch(/[\n\u001b]/)
    expect(hostile.platformFrom).toMatch(/^\[General\] AppPath "D:\\3CX\\n.*red" is on a drive letter$/)
  })

  it('gives the default database port of each platform', () => {
    expect(DEFAULT_DB_PORT).toEqual({windows: 5480, debian: 5432})
  })
})
