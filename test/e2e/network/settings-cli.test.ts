/**
 * The network settings through the built CLI: a bad --expected-ip is one line
 * and exit 3; an unknown key under network is named.
 */
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {runCli, tempDir} from '../../helpers/cli.js'

describe('settings', () => {
  it('the CLI: a bad --expected-ip is one line and exit 3; an unknown network key is named', async () => {
    const r = await runCli(['run', '--only', 'network.ip-changed', '--expected-ip', '10.0.0.300'])
    expect(r.code).toBe(3)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    expect(r.stderr).toContain('"10.0.0.300"')
    const dir = tempDir('tcx-cfg-')
    writeFileSync(join(dir, 'tcx-doctor.config.json'), JSON.stringify({network: {physicalInterface: ['eth0']}}))
    const bad = await runCli(['run', '--only', 'network.multiple-nics', '--config', join(dir, 'tcx-doctor.config.json')])
    expect(bad.code).toBe(3)
    expect(bad.stderr).toMatch(/physicalInterface/)
  })
})
