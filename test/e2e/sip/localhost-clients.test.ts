/**
 * sip.localhost-clients through the built CLI on both demo samples: each plants one extension
 * registered from loopback in its Logs folder.
 */
import {describe, expect, it} from 'vitest'
import {runCli, tempDir} from '../../helpers/cli.js'
import type {JsonResult} from '../../helpers/report-schema.js'

async function run(demo: string[]): Promise<JsonResult> {
  const r = await runCli(['run', ...demo, '--only', 'sip.localhost-clients', '--format', 'json'], {cwd: tempDir('tcx-demo-')})
  const report = JSON.parse(r.stdout) as {results: JsonResult[]}
  return report.results.find((x) => x.id === 'sip.localhost-clients')!
}

describe('sip.localhost-clients on the demos', () => {
  it('--demo (v15.5): extension 102 on 127.0.0.1', async () => {
    const result = await run(['--demo'])
    expect(result).toMatchObject({status: 'warn', summary: '1 SIP client(s) register from loopback: extension 102 (sip:102@127.0.0.1:5062;rinstance=demo0a1b2c3d4e5f).'})
  }, 60_000)

  it('--demo v20: extension 102 on localhost', async () => {
    const result = await run(['--demo', 'v20'])
    expect(result).toMatchObject({status: 'warn', summary: '1 SIP client(s) register from loopback: extension 102 (sip:102@localhost:5070;rinstance=demo9f8e7d6c5b4a).'})
  }, 60_000)
})
