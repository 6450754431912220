import {describe, expect, it} from 'vitest'
import {nagiosUnknownLine, parseErrorReason, wantsNagios} from '../../../src/cli/base-command.js'

describe('the Nagios failure line', () => {
  it('is asked for by --format nagios or --format=nagios only', () => {
    expect(wantsNagios(['run', '--format', 'nagios'])).toBe(true)
    expect(wantsNagios(['run', '--format=nagios', '--bogus'])).toBe(true)
    expect(wantsNagios(['run', '--format', 'json', '-o', 'nagios'])).toBe(false)
    expect(wantsNagios(['run', '--output', 'x.nagios'])).toBe(false)
  })

  it('is one inert line without |', () => {
    expect(nagiosUnknownLine('bad | value\nsecond \u001b[2J line')).toBe('TCX-DOCTOR UNKNOWN - bad / value\\nsecond \\e[2J line\n')
  })
})

describe('the reason of an oclif parse error', () => {
  it('is every line of it on one line, without oclif\'s own pointer to --help', () => {
    expect(parseErrorReason('Nonexistent flag: --bogus\nSee more help with --help')).toBe('Nonexistent flag: --bogus')
    expect(
      parseErrorReason(
        'Missing 1 required arg:\nid  check id\nNote: --checks-dir allows multiple values. Because of this you need to provide all arguments before providing that flag.\nAlternatively, you can use "--" to signify the end of the flags.\nSee more help with --help',
      ),
    ).toBe('Missing 1 required arg: id check id; Note: --checks-dir allows multiple values. Because of this you need to provide all arguments before providing that flag. Alternatively, you can use "--" to signify the end of the flags')
    expect(parseErrorReason('Expected --format=xml to be one of: text, json')).toBe('Expected --format=xml to be one of: text, json')
  })
})
