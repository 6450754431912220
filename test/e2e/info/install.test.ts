/**
 * `info` and `run` on an ini of 100,000 sections: no stack overflow, and neither the
 * info section nor the report echoes the whole file (the outline is capped).
 */
import {describe, expect, it} from 'vitest'
import {runCli} from '../../helpers/cli.js'
import {makeInstall, sampleIniText} from '../../helpers/install-tree.js'
import {reportOf} from '../../helpers/report-schema.js'

const wideIni = (): string => `${sampleIniText()}\n${Array.from({length: 100_000}, (_, i) => `[S${i}]`).join('\n')}\n`

describe('a very wide ini', () => {
  it('info shows the install with a capped outline', async () => {
    const tree = makeInstall('debian', wideIni())
    const cli = await runCli(['info', '--install-dir', tree.root, '--json'], {timeoutMs: 60_000})
    expect(cli.stderr).not.toContain('Maximum call stack size exceeded')
    expect(cli.code).toBe(0)
    const info = JSON.parse(cli.stdout) as {sections: Array<{source: string; status: string; facts: {iniSections: number; ini: Record<string, unknown>}}>}
    const install = info.sections.find((s) => s.source === 'install')!
    expect(install.status).toBe('ok')
    expect(install.facts.iniSections).toBe(100_000 + 5)
    expect(install.facts.ini['(not shown)']).toEqual({sections: `${100_000 + 5 - 100} more section(s)`})
    expect(cli.stdout.length).toBeLessThan(200_000)
  })

  it('run reports it without echoing the file', async () => {
    const tree = makeInstall('debian', wideIni())
    const cli = await runCli(['run', '--format', 'json', '--only', 'install', '--install-dir', tree.root], {timeoutMs: 60_000})
    const result = reportOf(cli).results.find((r) => r.id === 'install.ini-complete')!
    expect(result.status).toBe('pass')
    expect(result.evidence.sectionCount).toBe(100_000 + 5)
    expect(cli.stdout.length).toBeLessThan(200_000)
  })
})
