import {describe, expect, it} from 'vitest'
import {CapturedOutput} from '../../../src/plugins/captured-output.js'

describe('CapturedOutput', () => {
  it('says nothing when nothing was written', () => {
    expect(new CapturedOutput(10).shown()).toBeUndefined()
  })

  it('shows short output as one inert line', () => {
    const out = new CapturedOutput(100)
    out.add('hello\n')
    out.add(Buffer.from('\u001b[31mred\u001b[0m\n'))
    expect(out.shown()).toBe('hello\\n\\e[31mred\\e[0m')
  })

  it('keeps the first characters of long output and counts all of it', () => {
    const out = new CapturedOutput(5)
    for (let i = 0; i < 1000; i++) out.add('abcdefghij')
    expect(out.shown()).toBe('abcde… (10000 characters in all)')
  })

  it('names output of only blank lines', () => {
    const out = new CapturedOutput(5)
    out.add('\n\n')
    expect(out.shown()).toBe('(blank lines)')
  })
})
