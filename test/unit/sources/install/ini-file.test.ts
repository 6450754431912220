import {describe, expect, it} from 'vitest'
import {InputFileError} from '../../../../src/engine/errors.js'
import {OUTLINE_MORE, parseIniText} from '../../../../src/sources/install/index.js'
import {sampleIniText} from '../../../helpers/install-tree.js'

const utf16le = (text: string, bom: boolean): Buffer => Buffer.concat([bom ? Buffer.from([0xff, 0xfe]) : Buffer.alloc(0), Buffer.from(text, 'utf16le')])

describe('3CXPhoneSystem.ini parsing', () => {
  const text = sampleIniText()

  it.each([
    ['UTF-8 with CRLF', Buffer.from(text, 'utf8'), 'utf8'],
    ['UTF-8 with LF', Buffer.from(text.replace(/\r\n/g, '\n'), 'utf8'), 'utf8'],
    ['UTF-8 with a BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]), 'utf8-bom'],
    ['UTF-16LE with a BOM', utf16le(text, true), 'utf16le'],
    ['UTF-16LE without a BOM', utf16le(text, false), 'utf16le'],
  ])('reads %s', (_name, bytes, encoding) => {
    const ini = parseIniText('/x/3CXPhoneSystem.ini', bytes)
    expect(ini.encoding).toBe(encoding)
    expect(ini.get('ConfService', 'ConfPort')).toBe('5485')
    expect(ini.get('QMDatabase', 'DBName')).toBe('database_single')
    expect(ini.get('General', 'AppPath')).toBe('C:\\Program Files\\3CX Phone System\\')
    expect(ini.sections).toEqual(['General', 'ConfService', 'CfgServerProfile', 'QMDatabase', 'DbAdminREADONLY'])
  })

  it('reads UTF-16BE with a BOM', () => {
    const le = Buffer.from(text, 'utf16le')
    le.swap16()
    const ini = parseIniText('/x/a.ini', Buffer.concat([Buffer.from([0xfe, 0xff]), le]))
    expect(ini.encoding).toBe('utf16be')
    expect(ini.get('qmdatabase', 'dbuser')).toBe('logsreader_single')
  })

  it('compares sections and keys without regard to case', () => {
    const ini = parseIniText('/x/a.ini', Buffer.from('[confservice]\r\nCONFPORT=5485\r\n'))
    expect(ini.get('ConfService', 'ConfPort')).toBe('5485')
    expect(ini.has('CONFSERVICE')).toBe(true)
    expect(ini.keys('ConfService')).toEqual(['CONFPORT'])
  })

  it('treats missing sections and keys as absent, not as errors', () => {
    const ini = parseIniText('/x/a.ini', Buffer.from('[General]\nTenant=Instance1\n'))
    expect(ini.has('QMDatabase')).toBe(false)
    expect(ini.get('QMDatabase', 'DBHost')).toBeUndefined()
    expect(ini.keys('QMDatabase')).toEqual([])
  })

  it('accepts comments and blank lines', () => {
    const ini = parseIniText('/x/a.ini', Buffer.from('; written by 3CX\n\n# note\n[General]\nTenant=Instance1\n'))
    expect(ini.get('General', 'Tenant')).toBe('Instance1')
  })

  it('names the file and line of a malformed line, without echoing a secret', () => {
    expect(() => parseIniText('/x/bad.ini', Buffer.from('[General]\nTenant=Instance1\nthis is not ini\n'))).toThrow(
      /\/x\/bad\.ini line 3 is neither \[section\] nor key=value \("this is not ini"\)/,
    )
    try {
      parseIniText('/x/bad.ini', Buffer.from('[ConfService]\nconfPass TopSecret99\n'))
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(InputFileError)
      expect((error as Error).message).toContain('value hidden')
      expect((error as Error).message).not.toContain('TopSecret99')
    }
  })

  it('rejects binary data with one line', () => {
    expect(() => parseIniText('/x/bin.ini', Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x41]))).toThrow(/is not a text ini file/)
  })

  it('lists secret values for redaction and hides them in the outline', () => {
    const ini = parseIniText('/x/a.ini', Buffer.from(text))
    expect(ini.secretValues().sort()).toEqual(
      ['SampleConfPass-7f3a91', 'SampleMasterPw-c41e08', 'SampleQmReaderPw-55d2b6', 'SampleReadonlyPw-9b7c21'].sort(),
    )
    const outline = JSON.stringify(ini.outline())
    expect(outline).not.toMatch(/Sample\w+P(ass|w)/)
    expect(ini.outline().ConfService?.confPass).toBe('(set, hidden)')
    expect(ini.outline().ConfService?.ConfPort).toBe('5485')
  })
  it('caps the keys of one section in the outline and counts the rest', () => {
    const text = `[Big]\n${Array.from({length: 500}, (_, i) => `key${i}=${i}`).join('\n')}\n`
    const outline = parseIniText('/x/big.ini', Buffer.from(text)).outline({maxKeys: 10})
    expect(Object.keys(outline.Big!).length).toBe(11)
    expect(outline.Big![OUTLINE_MORE]).toBe('490 more key(s)')
  })
})
