/**
 * The HTTP part both console simulators share: a node:http server on 127.0.0.1 (or the given
 * host) that reads each request body whole, optionally answers after a delay, and stops cleanly
 * (pending delayed answers cancelled, connections closed).
 */
import http from 'node:http'
import type {AddressInfo} from 'node:net'

export type SimulatorHandler = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void

export interface SimulatorServer {
  /** e.g. "http://127.0.0.1:40123/" */
  url: string
  port: number
  stop(): Promise<void>
}

/** Starts the server; `delayMs()` is asked per request (the simulators' slow scenarios). */
export async function startSimulatorServer(handle: SimulatorHandler, options: {host?: string; port?: number; delayMs: () => number}): Promise<SimulatorServer> {
  const pending = new Set<NodeJS.Timeout>()
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      const delay = options.delayMs()
      if (delay > 0) {
        const timer = setTimeout(() => {
          pending.delete(timer)
          if (!res.destroyed) handle(req, res, body)
        }, delay)
        pending.add(timer)
      } else handle(req, res, body)
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve())
  })
  const address = server.address() as AddressInfo
  const host = address.address.includes(':') ? `[${address.address}]` : address.address
  return {
    url: `http://${host}:${address.port}/`,
    port: address.port,
    async stop() {
      for (const t of pending) clearTimeout(t)
      pending.clear()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
