/**
 * list, explain and info return their data and print it with oclif's --json (enableJsonFlag);
 * explain shows a check's options table from its declared schema. A plugin with hostile text
 * shows it inertly in list and explain.
 */
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {runCli, SAMPLE_INSTALL, tempDir} from '../../helpers/cli.js'
import {pluginDir} from '../../helpers/plugin-dir.js'

const OPTIONS_PLUGIN = `export default {
  id: 'optioned.thresholds', title: 'Optioned \\u001b[2Jcheck', severity: 'minor',
  description: 'a check with options', remediation: 'raise them',
  options: {
    schema: {
      warnSeconds: {type: 'number', description: 'warn above this many seconds', minimum: 1, maximum: 600},
      modes: {type: 'array', items: {type: 'string'}, maxItems: 3, description: 'modes to look at'},
    },
    defaults: {warnSeconds: 30, modes: ['a']},
  },
  async run() { return {status: 'pass', summary: 'ok'} },
}
`

describe('--json from the returned data', () => {
  it('list --json: every check with its origin; the text list shows a hostile title inertly', async () => {
    const dir = pluginDir({'optioned.mjs': OPTIONS_PLUGIN})
    const json = await runCli(['list', '--json', '--checks-dir', dir])
    expect(json.code).toBe(0)
    const data = JSON.parse(json.stdout) as {checks: Array<{id: string; origin: string; title: string}>; problems: string[]}
    expect(data.problems).toEqual([])
    expect(data.checks.find((c) => c.id === 'optioned.thresholds')).toMatchObject({origin: 'plugin', title: 'Optioned \u001b[2Jcheck'})
    expect(data.checks.find((c) => c.id === 'install.ini-complete')).toMatchObject({origin: 'built-in'})
    const text = await runCli(['list', '--checks-dir', dir])
    expect(text.stdout).toMatch(/optioned\.thresholds +optioned +minor +Optioned \\e\[2Jcheck \(plugin\)/)
    expect(text.stdout).not.toContain('\u001b')
  })

  it('explain shows the options table: name, type, default, allowed range, description', async () => {
    const dir = pluginDir({'optioned.mjs': OPTIONS_PLUGIN})
    const r = await runCli(['explain', 'optioned.thresholds', '--checks-dir', dir])
    expect(r.code).toBe(0)
    const lines = r.stdout.split('\n')
    const at = lines.indexOf('Options (config file, under checks."optioned.thresholds"):')
    expect(at).toBeGreaterThan(0)
    expect(lines[at + 1]).toMatch(/^ {2}option +type +default +allowed +description$/)
    expect(lines[at + 2]).toMatch(/^ {2}warnSeconds +number +30 +number, 1 to 600 +warn above this many seconds$/)
    expect(lines[at + 3]).toMatch(/^ {2}modes +string\[\] +\["a"\] +list of strings, at most 3 items +modes to look at$/)
    const json = JSON.parse((await runCli(['explain', 'optioned.thresholds', '--json', '--checks-dir', dir])).stdout) as {id: string; optionSchema: unknown[]; options: unknown}
    expect(json.id).toBe('optioned.thresholds')
    expect(json.options).toEqual({})
    expect(json.optionSchema).toEqual([
      {name: 'warnSeconds', type: 'number', default: '30', range: 'number, 1 to 600', description: 'warn above this many seconds'},
      {name: 'modes', type: 'string[]', default: '["a"]', range: 'list of strings, at most 3 items', description: 'modes to look at'},
    ])
  })

  it('explain of a check without options has no options table', async () => {
    const r = await runCli(['explain', 'install.ini-complete'])
    expect(r.stdout).not.toContain('Options (config file')
  })

  it('explain says what the check needs on each 3CX version', async () => {
    const r = await runCli(['explain', 'trunk.loopback-registration'])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/By 3CX version:\n {2}v15\.5: yes; .*\n {2}v16: .*\n {2}v18: .*\n {2}v20: partly; IsOnline .*cannot tell: /)
  })

  it('info --json: the tool and one section per source', async () => {
    const r = await runCli(['info', '--json', '--install-dir', SAMPLE_INSTALL, '--ntp-server', 'none'])
    expect(r.code).toBe(0)
    const data = JSON.parse(r.stdout) as {tool: {name: string}; sections: Array<{title: string; source: string; status: string}>}
    expect(data.tool.name).toBe('tcx-doctor')
    expect(data.sections.find((s) => s.source === 'install')).toMatchObject({title: 'Install', status: 'ok'})
    expect(data.sections.find((s) => s.source === 'version')).toMatchObject({title: '3CX version', status: 'ok'})
  })

  it('info says which config file was used, or where it looked', async () => {
    const dir = tempDir('tcx-info-config-')
    const none = JSON.parse((await runCli(['info', '--json', '--ntp-server', 'none'], {cwd: dir})).stdout) as {configFile: string | null; configLookedIn: string[]}
    expect(none.configFile).toBeNull()
    expect(none.configLookedIn[0]).toBe(join(dir, 'tcx-doctor.config.json'))
    writeFileSync(join(dir, 'tcx-doctor.config.json'), '{}')
    const text = (await runCli(['info', '--ntp-server', 'none'], {cwd: dir})).stdout
    expect(text.split('\n')[0]).toBe(`Config file: ${join(dir, 'tcx-doctor.config.json')}`)
  })
})
