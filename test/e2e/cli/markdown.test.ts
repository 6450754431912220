/**
 * `--format markdown` and `--output FILE.md` from the built CLI: the CI job summary of a real run.
 */
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {runCli, SAMPLE_INSTALL, tempDir} from '../../helpers/cli.js'

describe('the Markdown report', () => {
  it('on stdout and in a .md file, the same report: header, overview table, no colour', async () => {
    const file = join(tempDir(), 'summary.md')
    const r = await runCli(['run', '--install-dir', SAMPLE_INSTALL, '--only', 'install', '--format', 'markdown', '--output', file, '--color'])
    expect(r.code).toBe(0)
    const lines = r.stdout.split('\n')
    expect(lines[0]).toMatch(/^## tcx-doctor: ✅ OK on \S+$/)
    expect(r.stdout).toMatch(/^\*\*PBX:\*\* 3CX 15\.5\.10244\.4 /m)
    expect(r.stdout).toContain('| Status | Check | Summary |\n| --- | --- | --- |\n| ✅ PASS | install.ini-complete | ')
    expect(r.stdout).not.toContain('\u001b')
    expect(r.stdout).not.toContain('### Problems')
    expect(readFileSync(file, 'utf8')).toBe(r.stdout)
  })
})
