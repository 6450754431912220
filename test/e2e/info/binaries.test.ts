import {copyFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {runCli} from '../../helpers/cli.js'
import {fixture, makeDllInstall} from '../../helpers/dotnet-fixtures.js'

describe('info: 3CX binaries section', () => {
  it('lists the versions of the binaries found and a damaged one in one line', async () => {
    const tree = makeDllInstall('debian', [['mps-15.5.10244-x64', 'MyPhoneServer.dll']], [['api-15.5.1694', 'sl.dll']])
    copyFileSync(fixture('broken', 'MyPhoneServer-truncated.dll'), join(tree.sharedBin, 'VCEWebRTCNet.dll'))
    const cli = await runCli(['info', '--install-dir', tree.root, '--json'])
    expect(cli.code).toBe(0)
    const info = JSON.parse(cli.stdout) as {sections: Array<{source: string; status: string; facts: {files: Record<string, Record<string, string>>}}>}
    const section = info.sections.find((s) => s.source === 'pe')!
    expect(section.status).toBe('ok')
    expect(section.facts.files[join(tree.sharedBin, 'MyPhoneServer.dll')]).toEqual({fileVersion: '15.5.10244.4', productVersion: '15.5.10244.4', format: 'PE32+'})
    expect(section.facts.files[join(tree.instanceBin, 'sl.dll')]).toMatchObject({fileVersion: '15.5.1694.0', format: 'PE32'})
    expect(section.facts.files[join(tree.sharedBin, 'VCEWebRTCNet.dll')]!.problem).toMatch(/VCEWebRTCNet\.dll is truncated: its headers need at least \d+ bytes but the file has 1200/)
  })
})
