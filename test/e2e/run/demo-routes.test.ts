/**
 * The built CLI's demos show the outbound-rule and recordings plants: `run --demo` (v15.5 Windows
 * sample) and `run --demo v20` (Debian sample) each find the strip-11 route, the route stripping more
 * than its rule's numbers, the 3-digit rule, the voicemail legs without recording_url and the .mp3 in
 * the sample's Recordings folder, with their measurements in the JSON report.
 */
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {runCli, tempDir} from '../../helpers/cli.js'

interface Result {
  id: string
  status: string
  summary: string
  details: string[]
  measurements?: Array<{name: string; value: number}>
}
const byId = (stdout: string, id: string): Result => (JSON.parse(stdout) as {results: Result[]}).results.find((r) => r.id === id)!

const ONLY = 'routing,recordings'

for (const demo of [['--demo'], ['--demo', 'v20']]) {
  describe(`run ${demo.join(' ')}`, () => {
    it('shows the outbound-rule and recordings plants', async () => {
      const r = await runCli(['run', ...demo, '--only', ONLY, '--format', 'json'], {cwd: tempDir('tcx-demo-routes-'), timeoutMs: 120_000})
      expect(r.stderr).toBe('')
      const routes = byId(r.stdout, 'routing.outbound-rules')
      expect(routes.status).toBe('fail')
      expect(routes.summary).toMatch(/^3 of 4 outbound rule\(s\) have problems: /)
      expect(routes.details.join('\n')).toContain('route 800001 via Loopback: strips 11 digits, more than the 9 the console allows')
      expect(routes.details.join('\n')).toContain('route 800002 via Loopback: strips 6 digits, but the rule matches only numbers starting with 8, 5 digits')
      expect(routes.details.join('\n')).toContain('rule "Branch 2xx" (id 3)')
      expect(routes.measurements).toEqual([expect.objectContaining({name: 'outbound_rules_with_problems', value: 3})])

      const voicemail = byId(r.stdout, 'recordings.voicemail-url')
      expect(voicemail).toMatchObject({status: 'warn', summary: expect.stringMatching(/^3 of 3 voicemail leg\(s\) in the last 7 days \(100%\) have no recording_url/)})

      const files = byId(r.stdout, 'recordings.non-wav-files')
      expect(files).toMatchObject({status: 'warn', summary: '1 of 2 file(s) in the recordings folder are not .wav (.mp3: 1): the console does not list them.'})
      expect(files.details[0]).toBe(`Not listed by the console: ${join('100', '[Alice]_100-102_20261125101500(13).mp3')}.`)
      expect(r.code).toBe(2)
    })
  })
}
