/**
 * The built CLI's demos show the call plants: pbx.call-capacity fails on the day whose peak
 * reached MaxSimCalls 16 (three loopback calls counting twice), pbx.stuck-calls warns on the
 * call that never ended (v15.5: also listed as active, established 9 h ago); the JSON report
 * carries the measurements with their thresholds.
 */
import {describe, expect, it} from 'vitest'
import {runCli, tempDir} from '../../helpers/cli.js'

interface Result {
  id: string
  status: string
  summary: string
  details: string[]
  evidence: Record<string, unknown>
  measurements?: Array<{name: string; value: number; warn?: number; fail?: number}>
}

async function demo(version: 'v15' | 'v20'): Promise<Result[]> {
  const r = await runCli(['run', '--demo', version, '--only', 'pbx.call-capacity,pbx.stuck-calls', '--format', 'json'], {cwd: tempDir('tcx-demo-calls-'), timeoutMs: 120_000})
  expect(r.stderr).toBe('')
  return (JSON.parse(r.stdout) as {results: Result[]}).results
}

const byId = (results: Result[], id: string): Result => results.find((x) => x.id === id)!

describe('the demo call plants', () => {
  for (const version of ['v15', 'v20'] as const) {
    it(`${version}: the peak reached the limit with the loopback calls counted twice, and the open call is stuck`, async () => {
      const results = await demo(version)
      const capacity = byId(results, 'pbx.call-capacity')
      expect(capacity.status, capacity.summary).toBe('fail')
      expect(capacity.summary).toMatch(/^The simultaneous-call limit was reached: peak 16 of 16 at \d{4}-\d\d-\d\dT\d\d:12:00\.000Z in the last 30 days; 1 of 16 call\(s\) active now\./)
      expect(capacity.evidence).toMatchObject({peak: 16, limit: 16, loopbackCalls: 3})
      expect(capacity.details.join('\n')).toContain('3 call(s) had a leg on one and count twice')
      expect(capacity.measurements?.find((m) => m.name === 'calls_peak')).toMatchObject({value: 16, warn: 13, fail: 16})

      const stuck = byId(results, 'pbx.stuck-calls')
      expect(stuck.status, stuck.summary).toBe('warn')
      expect(stuck.summary).toContain('2 call-log leg(s) without an end time older than 4 h')
      expect(stuck.details.join('\n')).toContain('Call 700050, leg 700350 (external line 10000)')
      if (version === 'v15') expect(stuck.summary).toContain('1 active call(s) established more than 4 h ago')
      expect(stuck.measurements?.find((m) => m.name === 'stuck_call_legs')?.value).toBe(2)
    })
  }
})
