/**
 * Ports for test servers on 127.0.0.1.
 */
import type {Server} from 'node:net'

/** A TCP port free on 127.0.0.1 right now (the OS picks it): the demo's own helper, shared with the tests. */
export {freePort} from '../../src/demo/sample-database.js'

/** Starts `server` on 127.0.0.1 and an OS-chosen port; resolves the port. */
export function listenLocal(server: Pick<Server, 'listen' | 'address' | 'once'>): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      resolve(typeof address === 'object' && address ? address.port : 0)
    })
  })
}
