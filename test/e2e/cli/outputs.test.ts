/**
 * `run --output` as a user runs it: to devices, FIFOs, /dev/stdout, symlinks, existing files,
 * folders, /proc and a read-only folder (as a non-root user); one bad output never costs the
 * others, stdout still gets the report, the run exits 3 with one line per failure.
 * And under `--format nagios`, every failure is one `TCX-DOCTOR UNKNOWN - ...` line on stdout.
 */
import {spawnSync} from 'node:child_process'
import {chmodSync, chownSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {runCli, SAMPLE_INSTALL, tempDir} from '../../helpers/cli.js'
import {assertValidReport} from '../../helpers/report-schema.js'

const isRoot = process.getuid?.() === 0
const BASE = ['run', '--install-dir', SAMPLE_INSTALL, '--only', 'install']

function mkfifo(path: string): void {
  const r = spawnSync('mkfifo', [path])
  if (r.status !== 0) throw new Error(`mkfifo failed: ${r.stderr.toString()}`)
}

const stderrLines = (stderr: string): string[] => stderr.trim().split('\n').filter((l) => l !== '')

describe('run --output: what is there is never harmed', () => {
  it('writes JSON to /dev/stdout: into stdout itself, beside the text report', async () => {
    const r = await runCli([...BASE, '--output', 'json:/dev/stdout'])
    expect(r.code).toBe(0)
    const start = r.stdout.indexOf('{\n')
    expect(start).toBeGreaterThanOrEqual(0)
    const json = JSON.parse(r.stdout.slice(start, r.stdout.indexOf('\n}\n', start) + 2)) as unknown
    assertValidReport(json)
    expect(r.stdout).toMatch(/^PASS install\.ini-complete/m)
    expect(r.stdout).toContain('Wrote json report to /dev/stdout')
  })

  it('writes to /dev/null and leaves it a character device', async () => {
    const r = await runCli([...BASE, '--output', 'json:/dev/null', '--output', 'html:/dev/null'])
    expect(r.code).toBe(0)
    expect(r.stderr).toBe('')
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true)
  })

  it('one bad output does not cost the others: /dev/full, a folder, a FIFO without reader and /proc fail, the rest is written, exit 3', async () => {
    const dir = tempDir()
    mkdirSync(join(dir, 'existing-folder'))
    mkfifo(join(dir, 'nobody-reads.fifo'))
    const r = await runCli([
      ...BASE,
      '-o', join(dir, 'first.json'),
      '-o', 'json:/dev/full',
      '-o', `html:${join(dir, 'existing-folder')}`,
      '-o', `json:${join(dir, 'nobody-reads.fifo')}`,
      '-o', 'text:/proc/self/comm',
      '-o', join(dir, 'last.html'),
    ])
    expect(r.code).toBe(3)
    expect(stderrLines(r.stderr)).toEqual([
      'tcx-doctor: cannot write /dev/full: no space left on the device',
      `tcx-doctor: cannot write ${join(dir, 'existing-folder')}: it is a folder; give a file name (e.g. a path ending in /report.html)`,
      `tcx-doctor: cannot write ${join(dir, 'nobody-reads.fifo')}: nothing is there to receive it (a FIFO without a reader, or a socket)`,
      'tcx-doctor: cannot write /proc/self/comm: /proc holds kernel interfaces, not report files; choose another path',
    ])
    assertValidReport(JSON.parse(readFileSync(join(dir, 'first.json'), 'utf8')))
    expect(readFileSync(join(dir, 'last.html'), 'utf8')).toMatch(/^<!DOCTYPE html>/)
    // stdout as usual, and it says the exit code the process gives.
    expect(r.stdout).toMatch(/^PASS install\.ini-complete/m)
    expect(r.stdout).toMatch(/exit code 3 \(--fail-on warn\)/)
    expect(r.stdout).toContain(`Wrote json report to ${join(dir, 'first.json')}`)
    expect(r.stdout).not.toContain('Wrote json report to /dev/full')
    expect(statSync(join(dir, 'nobody-reads.fifo')).isFIFO()).toBe(true)
    expect(readdirSync(join(dir, 'existing-folder'))).toEqual([])
    expect(readdirSync(dir).sort()).toEqual(['existing-folder', 'first.json', 'last.html', 'nobody-reads.fifo'])
  })

  it('writes into a FIFO that a reader holds open, and the FIFO stays', async () => {
    const dir = tempDir()
    const fifo = join(dir, 'report.fifo')
    mkfifo(fifo)
    const {spawn} = await import('node:child_process')
    const reader = spawn('sh', ['-c', `exec cat "${fifo}" > "${join(dir, 'read.json')}"`])
    const closed = new Promise((done) => reader.on('close', done))
    // The reader opens the FIFO first (the open blocks until the writer comes).
    await new Promise((r) => setTimeout(r, 200))
    const r = await runCli([...BASE, '--format', 'json', '-o', `json:${fifo}`])
    await closed
    expect(r.code).toBe(0)
    assertValidReport(JSON.parse(readFileSync(join(dir, 'read.json'), 'utf8')))
    expect(statSync(fifo).isFIFO()).toBe(true)
  })

  it('follows a symlink: the target gets the report, the link stays', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'target.json'), 'old')
    symlinkSync('target.json', join(dir, 'link.json'))
    const r = await runCli([...BASE, '-o', join(dir, 'link.json')])
    expect(r.code).toBe(0)
    expect(lstatSync(join(dir, 'link.json')).isSymbolicLink()).toBe(true)
    assertValidReport(JSON.parse(readFileSync(join(dir, 'target.json'), 'utf8')))
  })

  it('keeps the mode and owner of the report it replaces', async () => {
    const dir = tempDir()
    const path = join(dir, 'private.json')
    writeFileSync(path, 'old')
    chmodSync(path, 0o600)
    if (isRoot) chownSync(path, 65534, 65534)
    const r = await runCli([...BASE, '-o', path])
    expect(r.code).toBe(0)
    const after = statSync(path)
    expect(after.mode & 0o777).toBe(0o600)
    if (isRoot) expect([after.uid, after.gid]).toEqual([65534, 65534])
    assertValidReport(JSON.parse(readFileSync(path, 'utf8')))
    expect(readdirSync(dir)).toEqual(['private.json'])
  })

  it('a read-only folder (as a user who may not write there): one line, no temp file, the other output written', async () => {
    const dir = tempDir()
    chmodSync(dir, 0o755)
    const locked = join(dir, 'locked')
    mkdirSync(locked)
    chmodSync(locked, 0o555)
    const open = join(dir, 'open')
    mkdirSync(open)
    const home = join(dir, 'home')
    mkdirSync(home)
    if (isRoot) {
      chownSync(open, 65534, 65534)
      chownSync(home, 65534, 65534)
    }
    const wrap = isRoot ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] : undefined
    const r = await runCli([...BASE, '-o', join(locked, 'r.json'), '-o', join(open, 'r.json')], {cwd: dir, env: {HOME: home}, ...(wrap ? {wrap} : {})})
    expect(stderrLines(r.stderr)).toEqual([`tcx-doctor: cannot write ${join(locked, 'r.json')}: permission denied; choose a folder this user may write to, or run as a user that may`])
    expect(r.code).toBe(3)
    expect(readdirSync(locked)).toEqual([])
    assertValidReport(JSON.parse(readFileSync(join(open, 'r.json'), 'utf8')))
  })
})

describe('run --demo writes its reports into the working folder', () => {
  it('not into the package', async () => {
    // Only the file placement is asserted here; the demo's findings are tested elsewhere.
    const cwd = tempDir()
    const r = await runCli(['run', '--demo', '--only', 'install', '--fail-on', 'never'], {cwd, timeoutMs: 120_000})
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toContain(`Wrote html report to ${join(cwd, 'tcx-doctor-demo.html')}`)
    expect(readFileSync(join(cwd, 'tcx-doctor-demo.html'), 'utf8')).toMatch(/^<!DOCTYPE html>/)
    assertValidReport(JSON.parse(readFileSync(join(cwd, 'tcx-doctor-demo.json'), 'utf8')))
  })
})

describe('--format nagios: every failure is one UNKNOWN line on stdout, exit 3', () => {
  const expectUnknown = (r: {code: number | null; stdout: string}, reason: RegExp): void => {
    expect(r.code).toBe(3)
    const lines = r.stdout.split('\n').filter((l) => l !== '')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/^TCX-DOCTOR UNKNOWN - /)
    expect(lines[0]!.slice('TCX-DOCTOR UNKNOWN - '.length)).toMatch(reason)
    expect(lines[0]).not.toContain('|')
  }

  it('a flag oclif refuses (unknown flag, bad value)', async () => {
    expectUnknown(await runCli([...BASE, '--format', 'nagios', '--no-such-flag']), /no-such-flag/)
    expectUnknown(await runCli([...BASE, '--format=nagios', '--timeout', 'abc']), /timeout/)
    expectUnknown(await runCli([...BASE, '--format', 'nagios', '--fail-on', 'sometimes']), /fail-on/)
  })

  it('a usage error of our own and a config file that cannot be read', async () => {
    expectUnknown(await runCli(['run', '--install-dir', SAMPLE_INSTALL, '--only', 'no.such-check', '--format', 'nagios']), /--only names unknown check no\.such-check/)
    const dir = tempDir()
    writeFileSync(join(dir, 'bad.json'), '{"checks": 12')
    expectUnknown(await runCli([...BASE, '--format', 'nagios', '--config', join(dir, 'bad.json')]), /bad\.json/)
    expectUnknown(await runCli([...BASE, '--format', 'nagios', '-o', 'report.unknown-extension']), /cannot tell the format/)
  })

  it('an output that cannot be written: the status line says UNKNOWN, the long output why', async () => {
    const r = await runCli([...BASE, '--format', 'nagios', '-o', 'json:/dev/full'])
    expect(r.code).toBe(3)
    const lines = r.stdout.trimEnd().split('\n')
    expect(lines[0]).toMatch(/^TCX-DOCTOR UNKNOWN - 1 pass on \S+ \(3CX [^)]*\) \| pass=1;;;0 /)
    expect(lines).toContain('NOTE cannot write /dev/full: no space left on the device')
  })

  it('without nagios the same errors stay one line on stderr', async () => {
    const r = await runCli([...BASE, '--no-such-flag'])
    expect(r.code).toBe(3)
    expect(r.stdout).toBe('')
    expect(stderrLines(r.stderr)).toHaveLength(1)
  })
})
