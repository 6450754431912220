/**
 * `info` prints YAML: parsed back, it holds what `info --json` holds (the config file, each
 * section's facts or error), with the ini's passwords masked in both.
 */
import {describe, expect, it} from 'vitest'
import {parse} from 'yaml'
import {runCli, SAMPLE_INSTALL, tempDir} from '../../helpers/cli.js'

interface InfoJson {
  configFile: string | null
  configLookedIn: string[]
  sections: Array<{title: string; source: string; status: string; facts: Record<string, unknown>; error?: string}>
}

/** The facts without what differs between two runs (how long a probe took). */
function steady(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(steady)
  if (value === null || typeof value !== 'object') return value
  return Object.fromEntries(Object.entries(value).filter(([key]) => key !== 'durationMs').map(([key, item]) => [key, steady(item)]))
}

describe('info text is YAML', () => {
  it('parses back to the data of info --json', async () => {
    const cwd = tempDir('tcx-info-yaml-')
    // The time zone and the clock say the same in both runs; --ntp-server none keeps the run local.
    const args = ['info', '--install-dir', SAMPLE_INSTALL, '--ntp-server', 'none']
    const env = {TZ: 'Europe/Berlin'}
    const [text, json] = await Promise.all([runCli(args, {cwd, env}), runCli([...args, '--json'], {cwd, env})])
    expect(text.code).toBe(0)
    expect(json.code).toBe(0)
    const data = JSON.parse(json.stdout) as InfoJson
    const yaml = parse(text.stdout) as Record<string, unknown>
    expect(yaml['Config file']).toBe(data.configFile)
    expect(yaml['Config looked for']).toEqual(data.configLookedIn)
    expect(Object.keys(yaml).slice(2)).toEqual(data.sections.map((s) => s.title))
    for (const section of data.sections) {
      expect(steady(yaml[section.title]), section.title).toEqual(steady(section.status === 'ok' ? section.facts : {error: section.error}))
      expect(text.stdout).toContain(`# ${section.title} (source: ${section.source}, ${section.status})\n${section.title}:\n`)
    }
    const ini = (yaml.Install as {ini: Record<string, Record<string, string>>}).ini
    expect(ini.QMDatabase!.dbPassword).toBe('********')
    expect(text.stdout).not.toMatch(/^\s*-\s*$/m)
  })
})
