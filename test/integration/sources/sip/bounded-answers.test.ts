/**
 * The SIP probe bounds what it reads: a hostile registrar on 127.0.0.1 (a real
 * UDP socket) floods provisional answers with huge reason phrases holding
 * control sequences; the probe keeps at most MAX_ANSWERS status lines, each cut
 * at MAX_STATUS_LINE, and still takes the final answer.
 */
import dgram from 'node:dgram'
import {afterEach, describe, expect, it} from 'vitest'
import {MAX_ANSWERS, MAX_STATUS_LINE, sipSource} from '../../../../src/sources/sip/index.js'
import {RunContext} from '../../../../src/engine/context.js'
import {defaultSettings} from '../../../../src/config/settings.js'

const sockets: dgram.Socket[] = []
afterEach(() => {
  for (const s of sockets.splice(0)) s.close()
})

/** Answers every REGISTER with `floods` provisional answers, then 200 OK, echoing its Via. */
async function floodingRegistrar(floods: number, reason: string): Promise<number> {
  const socket = dgram.createSocket('udp4')
  sockets.push(socket)
  socket.on('message', (data, peer) => {
    const text = data.toString('utf8')
    const via = /^Via: (.*)$/m.exec(text)?.[1]?.trim() ?? ''
    const answer = (status: string) => Buffer.from(`SIP/2.0 ${status}\r\nVia: ${via}\r\nContent-Length: 0\r\n\r\n`)
    for (let i = 0; i < floods; i++) socket.send(answer(`183 ${reason}`), peer.port, peer.address)
    setTimeout(() => socket.send(answer('200 OK'), peer.port, peer.address), 100)
  })
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()))
  return socket.address().port
}

describe('bounded SIP answers', () => {
  it(`keeps ${MAX_ANSWERS} answers of ${MAX_STATUS_LINE} characters at most, and the final 200`, async () => {
    const reason = `\u001b]0;owned\u0007\u202E${'Session Progress '.repeat(400)}`
    const port = await floodingRegistrar(50, reason)
    const ctx = new RunContext(defaultSettings('/nonexistent-cwd'))
    const sip = await ctx.use(sipSource)
    const result = await sip.register({host: '127.0.0.1', port, user: '10001', password: 'pw', timeoutMs: 3000})
    await ctx.close()
    expect(result).toMatchObject({outcome: 'accepted', status: 200})
    expect(result.answers).toHaveLength(MAX_ANSWERS)
    expect(result.answers[0]).toBe(`183 ${reason.slice(0, MAX_STATUS_LINE)}`.trim())
    for (const line of result.answers) expect(line.length).toBeLessThanOrEqual(MAX_STATUS_LINE + 4)
  })
})
