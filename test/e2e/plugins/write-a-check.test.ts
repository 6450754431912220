/**
 * docs/WRITE-A-CHECK.md works as written: its files are saved into a temp folder laid out like
 * the page says (a folder of checks, a config file, a test in a tcx-doctor checkout), its
 * commands run through the built CLI, and its check-tester test runs in vitest.
 */
import {execFile} from 'node:child_process'
import {mkdirSync, readFileSync, symlinkSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {promisify} from 'node:util'
import {beforeAll, describe, expect, it} from 'vitest'
import {BIN, ROOT, SAMPLE_INSTALL, tempDir} from '../../helpers/cli.js'
import {assertValidReport} from '../../helpers/report-schema.js'

const run = promisify(execFile)
const PAGE = readFileSync(join(ROOT, 'docs', 'WRITE-A-CHECK.md'), 'utf8')

/** The page's files: each code block right after a `<!-- file: path -->` line. */
function pageFiles(page: string): Map<string, string> {
  const files = new Map<string, string>()
  for (const m of page.matchAll(/<!-- file: (\S+) -->\n```\w*\n([\s\S]*?)\n```/g)) files.set(m[1]!, `${m[2]!}\n`)
  return files
}

/** The page's `tcx-doctor ...` command lines from its sh blocks. */
function pageCommands(page: string): string[] {
  const blocks = [...page.matchAll(/```sh\n([\s\S]*?)\n```/g)].map((m) => m[1]!)
  return blocks.flatMap((b) => b.split('\n')).filter((line) => line.startsWith('tcx-doctor '))
}

let dir: string
let bin: string

/** Runs one command line of the page with bash, `tcx-doctor` being the built CLI and $SAMPLE the sample install. */
async function shell(line: string, cwd: string): Promise<{code: number; stdout: string; stderr: string}> {
  try {
    const {stdout, stderr} = await run('bash', ['-c', line], {cwd, env: {...process.env, PATH: `${bin}:${process.env.PATH}`, SAMPLE: SAMPLE_INSTALL, NO_COLOR: '1'}, timeout: 30_000})
    return {code: 0, stdout, stderr}
  } catch (error) {
    const e = error as {code: number; stdout: string; stderr: string}
    return {code: e.code, stdout: e.stdout, stderr: e.stderr}
  }
}

beforeAll(() => {
  dir = tempDir('tcx-first-check-')
  for (const [path, text] of pageFiles(PAGE)) {
    mkdirSync(dirname(join(dir, path)), {recursive: true})
    writeFileSync(join(dir, path), text)
  }
  bin = join(dir, '.bin')
  mkdirSync(bin)
  writeFileSync(join(bin, 'tcx-doctor'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`, {mode: 0o755})
})

describe('docs/WRITE-A-CHECK.md', () => {
  it('has the files and commands the test runs', () => {
    expect([...pageFiles(PAGE).keys()].sort()).toEqual([
      'my-checks/db-on-this-machine.js',
      'tcx-doctor.config.json',
      'test/unit/plugins/db-on-this-machine.test.ts',
    ])
    expect(pageCommands(PAGE)).toHaveLength(3)
  })

  it('its check runs with --checks-dir: passes on the sample install, with its table', async () => {
    // Another folder without the page's config file, as after step 2.
    const cwd = tempDir('tcx-first-run-')
    symlinkSync(join(dir, 'my-checks'), join(cwd, 'my-checks'))
    const [text, json, explain] = pageCommands(PAGE)
    const shown = await shell(text!, cwd)
    expect(shown.stdout).toMatch(/^PASS acme\.db-on-this-machine +Every DBHost in the ini is this machine/m)
    expect(shown.stdout).not.toMatch(/plugins\.load/)
    expect(shown.code).toBe(0)
    const r = await shell(json!, cwd)
    const report = JSON.parse(r.stdout)
    assertValidReport(report)
    expect(report.results).toHaveLength(1)
    expect(report.results[0]).toMatchObject({
      id: 'acme.db-on-this-machine',
      status: 'pass',
      tables: [{title: 'Database hosts in 3CXPhoneSystem.ini', columns: ['Section', 'DBHost', 'Where'], rows: [['CfgServerProfile', '127.0.0.1', 'this machine'], ['QMDatabase', '127.0.0.1', 'this machine']]}],
    })
    const explained = await shell(explain!, cwd)
    expect(explained.stdout).toMatch(/allowedHosts/)
    expect(explained.code).toBe(0)
  })

  it('its config file loads the check and its option; a wrong value is one line naming the key', async () => {
    const r = await shell('tcx-doctor run --install-dir "$SAMPLE" --only acme --format json', dir)
    expect(JSON.parse(r.stdout).results.map((x: {id: string}) => x.id)).toEqual(['acme.db-on-this-machine'])
    const wrong = tempDir('tcx-first-wrong-')
    symlinkSync(join(dir, 'my-checks'), join(wrong, 'my-checks'))
    const config = JSON.parse(pageFiles(PAGE).get('tcx-doctor.config.json')!)
    config.checks['acme.db-on-this-machine'].allowedHosts = 'db'
    writeFileSync(join(wrong, 'tcx-doctor.config.json'), JSON.stringify(config))
    const bad = await shell('tcx-doctor run --install-dir "$SAMPLE" --only acme', wrong)
    expect(bad.code).toBe(3)
    expect(bad.stderr).toMatch(/acme\.db-on-this-machine.*allowedHosts/)
  })

  it("its check-tester test passes in a tcx-doctor checkout, one test per case", async () => {
    // The checkout: this repository's test helpers and packages, tcx-doctor installed for the check's import.
    symlinkSync(join(ROOT, 'test', 'helpers'), join(dir, 'test', 'helpers'))
    mkdirSync(join(dir, 'node_modules'))
    symlinkSync(ROOT, join(dir, 'node_modules', 'tcx-doctor'))
    const vitest = join(ROOT, 'node_modules', 'vitest', 'vitest.mjs')
    const r = await run(process.execPath, [vitest, 'run', '--root', dir, 'test/unit/plugins/db-on-this-machine.test.ts'], {cwd: dir, timeout: 60_000, env: {...process.env, CI: 'true', NO_COLOR: '1'}})
    expect(r.stdout).toMatch(/Tests\s+5 passed \(5\)/)
  }, 90_000)
})
