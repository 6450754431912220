/**
 * The host source's processes: a command that hangs is killed at its bound, a
 * missing one says so, and the system ping answers on loopback (bounded).
 */
import {describe, expect, it} from 'vitest'
import {findPingBinary, pingAddress, runBounded} from '../../../../src/sources/host/index.js'

describe('bounds', () => {
  it('a command that hangs is killed at its timeout with one line; a missing one says so', async () => {
    const started = Date.now()
    await expect(runBounded('sleep', ['30'], 300)).rejects.toThrow('sleep 30 did not finish within 300 ms')
    expect(Date.now() - started).toBeLessThan(5000)
    await expect(runBounded('tcx-no-such-program', [])).rejects.toThrow('tcx-no-such-program is not installed')
    await expect(runBounded('sh', ['-c', 'echo nope >&2; exit 2'])).rejects.toThrow('sh -c echo nope >&2; exit 2 failed: nope')
  })
})

describe('ping', () => {
  it.skipIf('reason' in findPingBinary('127.0.0.1') && process.env.CI !== 'true')('a loopback address answers (system ping, bounded)', async () => {
    const outcome = await pingAddress('127.0.0.1', {timeoutSeconds: 2})
    expect(outcome).toMatchObject({status: 'answered', address: '127.0.0.1'})
  })
})
