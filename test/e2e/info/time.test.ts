import {cpSync, mkdirSync} from 'node:fs'
import {join, resolve} from 'node:path'
import {describe, expect, it} from 'vitest'
import {runCli, SAMPLE_INSTALL, tempDir} from '../../helpers/cli.js'

const FIXTURES = resolve(import.meta.dirname, '..', '..', 'fixtures', 'time', 'logs')

describe('tcx-doctor info: time zone and activity logs', () => {
  it('shows the machine zone from TZ and the newest log files with their last lines', async () => {
    const data = tempDir('tcx-data-')
    mkdirSync(join(data, 'Logs'))
    cpSync(FIXTURES, join(data, 'Logs'), {recursive: true})
    const r = await runCli(['info', '--json', '--install-dir', SAMPLE_INSTALL, '--data-dir', data], {env: {TZ: 'America/New_York'}})
    expect(r.code, r.stderr).toBe(0)
    const {sections} = JSON.parse(r.stdout) as {sections: Array<{title: string; status: string; facts: Record<string, unknown>}>}
    const zone = sections.find((s) => s.title === 'Time zone')!
    expect(zone.status).toBe('ok')
    expect(zone.facts).toMatchObject({zone: 'America/New_York', from: 'TZ environment variable'})
    expect(zone.facts.offsetNow).toMatch(/^-0[45]:00$/)
    const logs = sections.find((s) => s.title === 'Activity logs')!
    const files = logs.facts.files as Array<{name: string; lastLine: string; encoding: string}>
    expect(files).toHaveLength(5)
    expect(files.find((f) => f.name === '3CXPhoneSystem.log')!.lastLine).toMatch(/^26-Nov-2026 04:00:01\.500 \[CM504001\]/)
    expect(files.find((f) => f.name === '3CXMediaServer.log')!.encoding).toBe('utf16le')
  })
})
