import {describe, expect, it} from 'vitest'
import {runCli} from '../../helpers/cli.js'

describe('--version', () => {
  it('answers without oclif in exactly the form oclif writes in help', async () => {
    const fast = await runCli(['--version'])
    expect(fast.code).toBe(0)
    expect(fast.stderr).toBe('')
    expect(fast.stdout).toMatch(/^tcx-doctor\/\d+\.\d+\.\d+\S* \S+-\S+ node-v\d+\.\d+\.\d+\n$/)
    const help = await runCli(['--help'])
    const block = /VERSION\n\s+(\S.*)\n/.exec(help.stdout)
    expect(block?.[1]).toBe(fast.stdout.trim())
  })

  it('is the same when oclif answers it (more words on the line)', async () => {
    const [fast, slow] = await Promise.all([runCli(['--version']), runCli(['--version', '--bogus'])])
    expect(slow.code).toBe(0)
    expect(slow.stdout).toBe(fast.stdout)
  })
})
