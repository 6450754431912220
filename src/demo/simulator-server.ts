/**
 * The HTTP part both console simulators share: a node:http server on 127.0.0.1 (or the given
 * host) that reads each request body whole, optionally answers after a delay, and stops cleanly
 * (pending delayed answers cancelled, connections closed).
 */
import http from 'node:http'
import type {AddressInfo} from 'node:net'

/** What nginx sends when the 3CX backend behind it is down. */
export const NGINX_502 = '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n'

/** Answers with a body of the given type and its length. */
export function send(res: http.ServerResponse, status: number, body: string, contentType: string, extra: Record<string, string | string[]> = {}): void {
  res.writeHead(status, {'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body), ...extra})
  res.end(body)
}

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
