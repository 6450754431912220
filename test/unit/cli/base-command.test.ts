import {describe, expect, it} from 'vitest'
import {nagiosUnknownLine, wantsNagios} from '../../../src/cli/base-command.js'

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
