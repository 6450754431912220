import {spawn, spawnSync} from 'node:child_process'
import {chmodSync, chownSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {descriptorOf, writeOutput, writeOutputs} from '../../../src/output/write-output.js'
import {tempDir} from '../../helpers/temp.js'

const isRoot = process.getuid?.() === 0

function mkfifo(path: string): void {
  const r = spawnSync('mkfifo', [path])
  if (r.status !== 0) throw new Error(`mkfifo failed: ${r.stderr.toString()}`)
}

const failureOf = async (path: string, content = 'x'): Promise<string> => {
  try {
    await writeOutput(path, content)
  } catch (error) {
    return (error as Error).message
  }
  throw new Error(`writing ${path} did not fail`)
}

describe('writeOutput: regular files', () => {
  it('creates a new file (and its folders) with the content', async () => {
    const dir = tempDir()
    const path = join(dir, 'a', 'b', 'report.json')
    await writeOutput(path, '{"ok":true}\n')
    expect(readFileSync(path, 'utf8')).toBe('{"ok":true}\n')
    expect(readdirSync(join(dir, 'a', 'b'))).toEqual(['report.json'])
  })

  it('keeps the mode of the file it replaces, and its owner', async () => {
    const dir = tempDir()
    const path = join(dir, 'report.txt')
    writeFileSync(path, 'old', {mode: 0o600})
    chmodSync(path, 0o600)
    if (isRoot) chownSync(path, 65534, 65534)
    await writeOutput(path, 'new')
    const after = statSync(path)
    expect(readFileSync(path, 'utf8')).toBe('new')
    expect(after.mode & 0o777).toBe(0o600)
    if (isRoot) expect([after.uid, after.gid]).toEqual([65534, 65534])
    expect(readdirSync(dir)).toEqual(['report.txt'])
  })

  it('follows a symlink: the target is written, the link stays a link', async () => {
    const dir = tempDir()
    const target = join(dir, 'real.html')
    writeFileSync(target, 'old')
    const link = join(dir, 'link.html')
    symlinkSync(target, link)
    await writeOutput(link, '<p>new</p>')
    expect(lstatSync(link).isSymbolicLink()).toBe(true)
    expect(readFileSync(target, 'utf8')).toBe('<p>new</p>')
  })

  it('follows a dangling symlink through a chain: the missing target is created', async () => {
    const dir = tempDir()
    symlinkSync('second.json', join(dir, 'first.json'))
    symlinkSync(join(dir, 'sub', 'final.json'), join(dir, 'second.json'))
    await writeOutput(join(dir, 'first.json'), '1')
    expect(lstatSync(join(dir, 'first.json')).isSymbolicLink()).toBe(true)
    expect(readlinkSync(join(dir, 'first.json'))).toBe('second.json')
    expect(readFileSync(join(dir, 'sub', 'final.json'), 'utf8')).toBe('1')
  })

  it('refuses a folder (EISDIR) and leaves no temp file', async () => {
    const dir = tempDir()
    mkdirSync(join(dir, 'out'))
    expect(await failureOf(join(dir, 'out'))).toMatch(/^cannot write .*out: it is a folder; give a file name/)
    expect(readdirSync(dir)).toEqual(['out'])
    expect(readdirSync(join(dir, 'out'))).toEqual([])
  })

  it('says a part of the path is a file (ENOTDIR)', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'file'), '')
    expect(await failureOf(join(dir, 'file', 'report.json'))).toMatch(/a part of the path is a file, not a folder/)
  })
})

describe('writeOutput: devices, FIFOs, descriptors, kernel files', () => {
  it('writes to /dev/null and leaves it a character device', async () => {
    await writeOutput('/dev/null', 'report')
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true)
  })

  it('says why /dev/full cannot take it (ENOSPC)', async () => {
    expect(await failureOf('/dev/full', 'report')).toBe('cannot write /dev/full: no space left on the device')
    expect(statSync('/dev/full').isCharacterDevice()).toBe(true)
  })

  it('writes into a FIFO that has a reader, and the FIFO stays', async () => {
    const dir = tempDir()
    const fifo = join(dir, 'report.fifo')
    mkfifo(fifo)
    const reader = spawn('cat', [fifo])
    let read = ''
    reader.stdout.on('data', (d: Buffer) => (read += d.toString()))
    const closed = new Promise((done) => reader.on('close', done))
    const big = 'x'.repeat(300_000)
    // The reader opens the FIFO asynchronously: retry until it is there.
    for (let i = 0; ; i++) {
      try {
        await writeOutput(fifo, big)
        break
      } catch (error) {
        if (i > 200 || !/nothing is there to receive it/.test((error as Error).message)) throw error
        await new Promise((r) => setTimeout(r, 20))
      }
    }
    await closed
    expect(read).toBe(big)
    expect(statSync(fifo).isFIFO()).toBe(true)
  })

  it('refuses a FIFO without a reader at once instead of hanging, and leaves it a FIFO', async () => {
    const dir = tempDir()
    const fifo = join(dir, 'nobody.fifo')
    mkfifo(fifo)
    expect(await failureOf(fifo)).toMatch(/nothing is there to receive it \(a FIFO without a reader/)
    expect(statSync(fifo).isFIFO()).toBe(true)
    expect(readdirSync(dir)).toEqual(['nobody.fifo'])
  })

  it('gives up on a FIFO whose reader stops reading', async () => {
    const dir = tempDir()
    const fifo = join(dir, 'stuck.fifo')
    mkfifo(fifo)
    // A reader that opens the FIFO and never reads: the pipe buffer fills.
    const reader = spawn('sh', ['-c', `exec 3<"${fifo}"; sleep 30`])
    try {
      let message = ''
      for (let i = 0; i < 200; i++) {
        try {
          await writeOutput(fifo, 'y'.repeat(4_000_000), {fifoTimeoutMs: 300})
          break
        } catch (error) {
          message = (error as Error).message
          if (!/nothing is there to receive it/.test(message)) break
          await new Promise((r) => setTimeout(r, 20))
        }
      }
      expect(message).toMatch(/the reader did not take the report within 0\.3 s/)
    } finally {
      reader.kill('SIGKILL')
    }
  })

  it('refuses anything under /proc or /sys, also through a symlink', async () => {
    expect(await failureOf('/proc/self/comm')).toMatch(/^cannot write \/proc\/self\/comm: \/proc holds kernel interfaces/)
    expect(await failureOf('/sys/kernel/new-report.json')).toMatch(/\/sys holds kernel interfaces/)
    const dir = tempDir()
    symlinkSync('/proc/self/oom_score_adj', join(dir, 'innocent.txt'))
    expect(await failureOf(join(dir, 'innocent.txt'))).toMatch(/\/proc holds kernel interfaces/)
    expect(lstatSync(join(dir, 'innocent.txt')).isSymbolicLink()).toBe(true)
  })

  it('names descriptors by their paths', () => {
    expect(descriptorOf('/dev/stdout')).toBe(1)
    expect(descriptorOf('/dev/stderr')).toBe(2)
    expect(descriptorOf('/dev/fd/7')).toBe(7)
    expect(descriptorOf('/proc/self/fd/9')).toBe(9)
    expect(descriptorOf('/dev/stdin2')).toBeUndefined()
  })
})

describe('writeOutputs', () => {
  it('writes every output it can and reports each failure in one line', async () => {
    const dir = tempDir()
    mkdirSync(join(dir, 'folder'))
    const failures = await writeOutputs([
      {path: join(dir, 'one.json'), content: () => '1'},
      {path: join(dir, 'folder'), content: () => '2'},
      {path: '/dev/full', content: () => '3'},
      {path: join(dir, 'four.txt'), content: () => '4'},
    ])
    expect(readFileSync(join(dir, 'one.json'), 'utf8')).toBe('1')
    expect(readFileSync(join(dir, 'four.txt'), 'utf8')).toBe('4')
    expect(failures.map((f) => f.line)).toEqual([`cannot write ${join(dir, 'folder')}: it is a folder; give a file name (e.g. a path ending in /report.html)`, 'cannot write /dev/full: no space left on the device'])
    expect(existsSync(join(dir, 'folder'))).toBe(true)
  })
})
