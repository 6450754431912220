import {describe, expect, it} from 'vitest'
import {canAsk, notACommandLine} from '../../../src/cli/command-not-found.js'

const commands = ['autocomplete', 'explain', 'help', 'info', 'list', 'run']

describe('the line for a command that does not exist', () => {
  it('names the nearest commands', () => {
    expect(notACommandLine('tcx-doctor', 'rnu', commands)).toBe('"rnu" is not a tcx-doctor command; did you mean "run"? See `tcx-doctor help` for the commands.')
    expect(notACommandLine('tcx-doctor', 'lisst', commands)).toMatch(/did you mean "list"\?/)
  })

  it('says only where the commands are listed when none is near', () => {
    expect(notACommandLine('tcx-doctor', 'deploy', commands)).toBe('"deploy" is not a tcx-doctor command. See `tcx-doctor help` for the commands.')
  })

  it('names the word a known command does not take', () => {
    expect(notACommandLine('tcx-doctor', 'list extra words', commands)).toBe('list takes no argument "extra words". See `tcx-doctor help list`.')
  })

  it('says that a flag needs a command', () => {
    expect(notACommandLine('tcx-doctor', '--bogus', commands)).toMatch(/^--bogus is not a flag of tcx-doctor itself .*`tcx-doctor run --bogus`/)
  })
})

describe('when a person is asked "Did you mean ...?"', () => {
  it('only at a terminal (stdin and stderr) outside CI', () => {
    expect(canAsk({}, true, true)).toBe(true)
    expect(canAsk({}, false, true)).toBe(false)
    expect(canAsk({}, true, false)).toBe(false)
    expect(canAsk({CI: 'true'}, true, true)).toBe(false)
    expect(canAsk({CI: '1'}, true, true)).toBe(false)
    expect(canAsk({CI: 'false'}, true, true)).toBe(true)
    expect(canAsk({CI: ''}, true, true)).toBe(true)
  })
})
