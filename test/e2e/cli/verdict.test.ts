/**
 * A run that could not look: no 3CX install here, so every selected check skips. The text
 * summary line, the HTML banner and the Nagios status line say "nothing could be checked" with
 * the reason, once. (The exit code of such a run is the settings' rule, tested with them.)
 */
import {existsSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {runCli, tempDir} from '../../helpers/cli.js'

describe.skipIf(existsSync('/var/lib/3cxpbx'))('nothing could be checked (no 3CX install on this machine)', () => {
  it('text, HTML and Nagios say so with the reason, once each', async () => {
    const cwd = tempDir()
    const r = await runCli(['run', '--only', 'install', '-o', join(cwd, 'r.html'), '-o', join(cwd, 'r.nagios')], {cwd})
    const summary = r.stdout.split('\n').find((l) => l.startsWith('Nothing could be checked'))
    expect(summary, r.stdout).toMatch(/^Nothing could be checked: .*3CX.*\. 0 fail, 0 error, 0 warn, 0 pass, 1 skip in /)
    const html = readFileSync(join(cwd, 'r.html'), 'utf8')
    expect(html).toContain('<title>tcx-doctor: UNKNOWN on ')
    expect(html).toContain('Nothing could be checked</div>')
    expect(html.match(/<li>[^<]*3CX/g)).toHaveLength(1)
    const nagios = readFileSync(join(cwd, 'r.nagios'), 'utf8').split('\n')[0]!
    expect(nagios).toMatch(/^TCX-DOCTOR [A-Z]+ - nothing could be checked on \S+: .*3CX.* \| pass=0;;;0 /)
  })
})
