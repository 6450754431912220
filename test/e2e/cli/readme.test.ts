/**
 * README.md's command reference is what `oclif readme` writes from the built commands' metadata
 * (scripts/readme.mjs, `npm run docs`): stale when a command, flag, description or example changed
 * without regenerating it. And `help` shows every command with its description and examples.
 */
import {spawnSync} from 'node:child_process'
import {readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {ROOT, runCli, tempDir} from '../../helpers/cli.js'

const check = (readme?: string) =>
  spawnSync(process.execPath, [join(ROOT, 'scripts', 'readme.mjs'), '--check', ...(readme ? [readme] : [])], {cwd: ROOT, encoding: 'utf8', timeout: 60_000})

describe('the command reference in README.md', () => {
  it('is current', () => {
    const r = check()
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
  })

  it('is found stale when a command changed and the README did not', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
    expect(readme).toContain('## `tcx-doctor run`')
    const stale = join(tempDir('tcx-readme-'), 'README.md')
    writeFileSync(stale, readme.replace('Run the checks and report', 'Run the checks'))
    const r = check(stale)
    expect(r.status).toBe(1)
    expect(r.stderr).toMatch(/command reference of .*README\.md is stale; run `npm run docs`/)
  })

  it('lists every command, each with a description and examples', async () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
    const reference = readme.slice(readme.indexOf('<!-- commands -->'), readme.indexOf('<!-- commandsstop -->'))
    for (const command of ['autocomplete', 'explain', 'help', 'info', 'list', 'run']) expect(reference).toMatch(new RegExp(`## \`tcx-doctor ${command}\\b`))
    for (const command of ['explain', 'info', 'list', 'run']) {
      const help = await runCli([command, '--help'])
      expect(help.code).toBe(0)
      expect(help.stdout).toMatch(/\nDESCRIPTION\n {2}\S/)
      expect(help.stdout).toMatch(/\nEXAMPLES\n {2}\$ tcx-doctor /)
    }
  }, 60_000)
})
