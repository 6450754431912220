/**
 * The systemd units of examples/systemd as shipped: `systemd-analyze verify` in a temp root
 * (--root) that holds a copy of this machine's system units (for sysinit.target and friends) and
 * an executable at the service's absolute ExecStart path, so the file is verified unchanged;
 * `systemd-analyze security --offline` scores its hardening. Works without systemd as PID 1
 * (containers). A unit with a typo, or without the program at its path, is refused.
 */
import {chmodSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {ROOT, tempDir} from '../../helpers/cli.js'
import {runTool, toolMissing} from '../reports/system-tool.js'

const UNITS = join(ROOT, 'examples', 'systemd')
const SERVICE = readFileSync(join(UNITS, 'tcx-doctor.service'), 'utf8')
const TIMER = readFileSync(join(UNITS, 'tcx-doctor.timer'), 'utf8')
const missing = toolMissing('systemd-analyze', ['--version'], 'systemd')
const HOST_UNITS = ['/usr/lib/systemd/system', '/lib/systemd/system'].find((d) => existsSync(join(d, 'sysinit.target')))

/** The values of a unit setting (a key may repeat), line continuations joined. */
function settings(unit: string, key: string): string[] {
  return unit
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .filter((l) => l.startsWith(`${key}=`))
    .map((l) => l.slice(key.length + 1).trim())
}

const execPath = (): string => settings(SERVICE, 'ExecStart')[0]!.split(/\s+/)[0]!

interface UnitRoot {
  root: string
  unit(name: string): string
}

function unitRoot(service = SERVICE, withProgram = true): UnitRoot {
  const root = tempDir('systemd-root-')
  cpSync(HOST_UNITS!, join(root, 'usr', 'lib', 'systemd', 'system'), {recursive: true, dereference: false, verbatimSymlinks: true})
  const etc = join(root, 'etc', 'systemd', 'system')
  mkdirSync(etc, {recursive: true})
  writeFileSync(join(etc, 'tcx-doctor.service'), service)
  writeFileSync(join(etc, 'tcx-doctor.timer'), TIMER)
  const program = join(root, execPath())
  mkdirSync(dirname(program), {recursive: true})
  if (withProgram) {
    writeFileSync(program, '#!/bin/sh\nexit 0\n')
    chmodSync(program, 0o755)
  } else rmSync(program, {force: true})
  return {root, unit: (name) => join(etc, name)}
}

const verify = (r: UnitRoot, ...names: string[]) => runTool('systemd-analyze', [`--root=${r.root}`, 'verify', ...names.map((n) => r.unit(n))])

describe.skipIf(missing !== undefined || HOST_UNITS === undefined)(`examples/systemd${missing ? ` (${missing})` : HOST_UNITS ? '' : ' (no system units on this machine)'}`, () => {
  it('ExecStart names the program by its absolute path', () => {
    expect(execPath()).toBe('/usr/local/bin/tcx-doctor')
  })

  it('pass systemd-analyze verify as shipped: no output, exit 0', () => {
    const r = verify(unitRoot(), 'tcx-doctor.service', 'tcx-doctor.timer')
    expect(r.stdout + r.stderr).toBe('')
    expect(r.code).toBe(0)
  })

  it('verify refuses a service whose program is not at its path, and one with a typo', () => {
    const noProgram = verify(unitRoot(SERVICE, false), 'tcx-doctor.service')
    expect(noProgram.code).not.toBe(0)
    expect(noProgram.stderr).toContain('/usr/local/bin/tcx-doctor is not executable')
    const typo = verify(unitRoot(SERVICE.replace('Type=oneshot', 'Type=oneshoot')), 'tcx-doctor.service')
    expect(typo.stderr).toContain('Failed to parse service type')
  })

  it('runs as the dedicated account with 3CX\'s group, hardened, with the address families tcx-doctor needs', () => {
    expect(settings(SERVICE, 'User')).toEqual(['tcx-doctor'])
    expect(settings(SERVICE, 'SupplementaryGroups')).toEqual(['phonesystem'])
    for (const [key, value] of [
      ['ProtectSystem', 'strict'],
      ['ProtectHome', 'yes'],
      ['PrivateTmp', 'yes'],
      ['NoNewPrivileges', 'yes'],
      ['CapabilityBoundingSet', ''],
      ['RestrictAddressFamilies', 'AF_INET AF_INET6 AF_UNIX AF_NETLINK'],
      ['StateDirectory', 'tcx-doctor'],
      ['ReadWritePaths', '-/var/lib/node_exporter/textfile_collector'],
    ] as const) {
      expect(settings(SERVICE, key), key).toEqual([value])
    }
    expect(settings(SERVICE, 'SystemCallFilter')).toEqual(['@system-service', '~@privileged'])
    // Node's JIT needs writable executable memory; PrivateUsers would hide the phonesystem group.
    expect(settings(SERVICE, 'MemoryDenyWriteExecute')).toEqual([])
    expect(settings(SERVICE, 'PrivateUsers')).toEqual([])
  })

  it('systemd-analyze security rates the service OK (exposure at most 2.0 of 10)', () => {
    const r = unitRoot()
    const out = runTool('systemd-analyze', ['security', '--offline=yes', `--root=${r.root}`, r.unit('tcx-doctor.service')])
    const level = /Overall exposure level for tcx-doctor\.service: ([0-9.]+) (\S+)/.exec(out.stdout + out.stderr)
    expect(level, out.stdout + out.stderr).not.toBeNull()
    expect(Number(level![1])).toBeLessThanOrEqual(2)
    // The same unit without its hardening scores far worse: the score measures the settings above.
    const bare = SERVICE.split('\n').filter((l) => !/^(Protect|Private|Restrict|Capability|Ambient|SystemCall|NoNewPrivileges|LockPersonality|RemoveIPC|KeyringMode)/.test(l)).join('\n')
    const r2 = unitRoot(bare)
    const out2 = runTool('systemd-analyze', ['security', '--offline=yes', `--root=${r2.root}`, r2.unit('tcx-doctor.service')])
    const level2 = /Overall exposure level for tcx-doctor\.service: ([0-9.]+)/.exec(out2.stdout + out2.stderr)
    expect(Number(level2![1])).toBeGreaterThan(Number(level![1]) + 3)
  })
})
