/**
 * A hostile console on 127.0.0.1 (a real HTTP server speaking the login and
 * TrunkList of the 3CX API): trunk names and error bodies with terminal control
 * sequences (ESC/CSI/OSC), carriage return, backspace and U+202E are kept as
 * data by the console source (the reporters make them inert), and bodies are
 * bounded: a JSON body over 8 MiB is refused with one line, of an error body
 * only the first 4 KiB are read.
 */
import http from 'node:http'
import {afterEach, describe, expect, it} from 'vitest'
import {SourceUnavailableError} from '../../../../src/engine/errors.js'
import {ERROR_BODY_BYTES, MAX_BODY_BYTES, httpRequest, openConsole, type ConsoleTarget} from '../../../../src/sources/console/index.js'
import {listenLocal} from '../../../helpers/ports.js'

/** Every kind of control the brief names: CSI colour and clear screen, an OSC title and hyperlink, CR, backspace, right-to-left override. */
const HOSTILE = '\u001b[31mRed\u001b[0m\u001b[2J\u001b]0;owned\u0007\u001b]8;;http://evil.example/\u001b\\link\u001b]8;;\u001b\\\rover\bX\u202Eevil'

const servers: http.Server[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((r) => s.close(() => r()))))
})

interface Behaviour {
  trunkList?: (res: http.ServerResponse) => void
}

/** A console: POST /api/login sets a cookie, GET /api/TrunkList answers as `behaviour` says. */
async function hostileConsole(behaviour: Behaviour): Promise<string> {
  const server = http.createServer((req, res) => {
    if (req.method === 'POST' && req.url === '/api/login') {
      req.resume()
      res.writeHead(200, {'Content-Type': 'application/json', 'Set-Cookie': '.AspNetCore.Cookies=abc; path=/'})
      res.end('"AuthSuccess"')
      return
    }
    if (req.url === '/api/TrunkList' && behaviour.trunkList) return behaviour.trunkList(res)
    res.writeHead(404)
    res.end()
  })
  servers.push(server)
  const port = await listenLocal(server)
  return `http://127.0.0.1:${port}/`
}

const target = (baseUrl: string): ConsoleTarget => ({baseUrl, user: 'admin', password: 'pw', from: 'the test', timeoutMs: 5000, insecure: false})

async function trunkListError(baseUrl: string): Promise<SourceUnavailableError> {
  const api = await openConsole(target(baseUrl))
  const error = await api.trunkList().then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(SourceUnavailableError)
  return error as SourceUnavailableError
}

describe('strings from the console are data', () => {
  it('keeps trunk names and hosts with control sequences exactly as sent (the JSON report keeps them)', async () => {
    const url = await hostileConsole({
      trunkList: (res) => {
        res.writeHead(200, {'Content-Type': 'application/json'})
        res.end(JSON.stringify({list: [{Id: 1, Number: '10001', Name: HOSTILE, Host: `127.0.0.1\r\n${HOSTILE}`, IsRegistered: false, RegisterOkTime: '', RegisterFailedTime: ''}]}))
      },
    })
    const api = await openConsole(target(url))
    const [trunk] = await api.trunkList()
    expect(trunk?.Name).toBe(HOSTILE)
    expect(trunk?.Host).toBe(`127.0.0.1\r\n${HOSTILE}`)
  })

  it('an error body with control sequences gives one line naming the status, its text cut short', async () => {
    const url = await hostileConsole({
      trunkList: (res) => {
        res.writeHead(500, {'Content-Type': 'text/plain'})
        res.end(`${HOSTILE} ${'x'.repeat(500)}`)
      },
    })
    const error = await trunkListError(url)
    expect(error.message).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/TrunkList answered HTTP 500 \(/)
    expect(error.message).not.toContain('\n')
    expect(error.message.length).toBeLessThan(300)
  })
})

describe('bodies are bounded', () => {
  it(`a JSON body over ${MAX_BODY_BYTES / 1024 / 1024} MiB is refused with one line`, async () => {
    const url = await hostileConsole({
      trunkList: (res) => {
        res.writeHead(200, {'Content-Type': 'application/json'})
        const chunk = Buffer.alloc(1024 * 1024, 0x20)
        let sent = 0
        // Streams spaces until the client hangs up (or 64 MiB), never ending the JSON.
        const push = (): void => {
          while (sent < 64 && res.write(chunk)) sent++
          if (sent < 64 && !res.destroyed) res.once('drain', push)
          else res.end()
        }
        res.on('close', () => (sent = 64))
        push()
      },
    })
    const error = await trunkListError(url)
    expect(error.message).toMatch(/^the console at http:\/\/127\.0\.0\.1:\d+ sent an oversized answer for \/api\/TrunkList$/)
  })

  it(`of an error body only the first ${ERROR_BODY_BYTES} bytes are read, and the request ends`, async () => {
    let closed = false
    const url = await hostileConsole({
      trunkList: (res) => {
        res.writeHead(503, {'Content-Type': 'text/plain'})
        res.on('close', () => (closed = true))
        // An error body that never ends.
        const chunk = Buffer.alloc(64 * 1024, 0x41)
        const push = (): void => {
          while (!res.destroyed && res.write(chunk));
          if (!res.destroyed) res.once('drain', push)
        }
        push()
      },
    })
    const answer = await httpRequest({method: 'GET', url: new URL('api/TrunkList', url), timeoutMs: 5000, insecureTls: false})
    expect(answer.status).toBe(503)
    expect(answer.truncated).toBe(true)
    expect(Buffer.byteLength(answer.body)).toBe(ERROR_BODY_BYTES)
    await expect.poll(() => closed).toBe(true)
  })
})
