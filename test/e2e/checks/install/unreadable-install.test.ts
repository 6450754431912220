/**
 * The CLI as a user who may not read the 3CX folders (a Nagios/NRPE account): the install
 * is named as a permission problem, never as "no ini found" or "is this the 3CX folder?".
 * The user and group are created here (useradd/groupadd) and the CLI runs as that user
 * (runuser). Root only; under CI=true it must run.
 */
import {spawnSync} from 'node:child_process'
import {chmodSync, chownSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {runCli} from '../../../helpers/cli.js'
import {makeInstall} from '../../../helpers/install-tree.js'
import {reportOf} from '../../../helpers/report-schema.js'

const USER = 'tcxdoctor-nrpe'
const GROUP = 'tcxdoctor-pbx'
const isRoot = process.getuid?.() === 0
const canSwitch = isRoot && spawnSync('runuser', ['--help']).status === 0 && spawnSync('useradd', ['--help']).status === 0
if (!canSwitch && process.env.CI === 'true') throw new Error('this test needs root, useradd and runuser under CI=true')

let createdUser = false
let createdGroup = false
let gid = 0

beforeAll(() => {
  if (!canSwitch) return
  if (spawnSync('getent', ['group', GROUP]).status !== 0) {
    expect(spawnSync('groupadd', [GROUP]).status).toBe(0)
    createdGroup = true
  }
  gid = Number(spawnSync('getent', ['group', GROUP], {encoding: 'utf8'}).stdout.split(':')[2])
  if (spawnSync('id', [USER]).status !== 0) {
    expect(spawnSync('useradd', ['--no-create-home', '--shell', '/usr/sbin/nologin', USER]).status).toBe(0)
    createdUser = true
  }
})

afterAll(() => {
  if (createdUser) spawnSync('userdel', [USER])
  if (createdGroup) spawnSync('groupdel', [GROUP])
})

/** Lets the user reach `dir` (every folder above it world-searchable, as temp folders are). */
function openPathTo(dir: string): void {
  for (let d = dirname(dir); d !== '/' && d.startsWith('/tmp/'); d = dirname(d)) chmodSync(d, 0o755)
}

async function runAsUser(installDir: string) {
  const cli = await runCli(['run', '--format', 'json', '--only', 'install', '--install-dir', installDir], {wrap: ['runuser', '-u', USER, '--'], timeoutMs: 30_000})
  return {cli, result: reportOf(cli).results.find((r) => r.id === 'install.ini-complete')!}
}

describe.skipIf(!canSwitch)('install as a user without read access', () => {
  it('names a 3CX folder this user may not enter as a permission problem', async () => {
    const tree = makeInstall('debian')
    openPathTo(tree.root)
    chownSync(tree.root, 0, gid)
    chmodSync(tree.root, 0o750)
    const {cli, result} = await runAsUser(tree.root)
    expect(result.status).toBe('fail')
    expect(result.summary).toBe(`The 3CX install cannot be read: cannot read ${tree.root}: permission denied; run as root or as a user in group ${GROUP}`)
    expect(cli.stdout).not.toContain('is this the 3CX folder')
    expect(cli.stdout).not.toContain('no 3CXPhoneSystem.ini')
  })

  it('names an ini this user may not read as a permission problem', async () => {
    const tree = makeInstall('debian')
    openPathTo(tree.root)
    chownSync(tree.iniPath, 0, gid)
    chmodSync(tree.iniPath, 0o640)
    const {result} = await runAsUser(tree.root)
    expect(result.status).toBe('fail')
    expect(result.summary).toBe(`The 3CX install cannot be read: cannot read the ini ${tree.iniPath}: permission denied; run as root or as a user in group ${GROUP}`)
  })

  it('still says "no 3CX install" when the folder is simply absent', async () => {
    const tree = makeInstall('debian')
    openPathTo(tree.root)
    const {result} = await runAsUser(join(tree.root, 'missing'))
    expect(result.status).toBe('fail')
    expect(result.summary).toMatch(/--install-dir .*missing is not a folder/)
  })
})
