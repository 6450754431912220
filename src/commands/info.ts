import type {Interfaces} from '@oclif/core'
import {BaseCommand} from '../cli/base-command.js'
import {sourceFlags} from '../cli/flags.js'
import {configCandidates} from '../config/config-file.js'
import {resolveSettings} from '../config/resolve-settings.js'
import {startDemo} from '../demo/demo-environment.js'
import {withRun} from '../engine/diagnose.js'
import {SecretRegistry} from '../engine/secrets.js'
import {inertText} from '../lib/format.js'
import {toolVersion} from '../engine/version.js'
import {collectInfo, type InfoSection} from '../info/collect-info.js'

/** Deeper values are not shown in the text (the JSON has them). */
const MAX_DEPTH = 32

const isPlain = (v: unknown): boolean => typeof v !== 'object' || v === null

/**
 * Appends the lines of a value to `out` and returns its inline part (what follows "key: ").
 * Lines are appended one by one (no spreading), so a section with 100,000 keys is just long.
 */
function formatInto(out: string[], value: unknown, indent: string, depth: number): string {
  if (value === null || value === undefined) return '(none)'
  if (isPlain(value)) return String(value)
  if (depth >= MAX_DEPTH) return '(nested too deep to show here; see info --json)'
  if (Array.isArray(value)) {
    if (value.every(isPlain)) return value.length === 0 ? '(none)' : value.join(', ')
    for (const item of value) {
      const start = out.length
      out.push('')
      out[start] = formatInto(out, item, `${indent}  `, depth + 1)
      for (let i = start; i < out.length; i++) out[i] = `${indent}  ${i === start ? '- ' : '  '}${out[i]!.trimStart()}`
    }
    return ''
  }
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    const start = out.length
    out.push('')
    const first = formatInto(out, item, `${indent}  `, depth + 1)
    out[start] = `${indent}  ${key}: ${first}`.trimEnd()
  }
  return ''
}

/** The text of `info`: one block per section; values from the PBX are shown inertly. */
export function renderInfoText(sections: InfoSection[]): string {
  const lines: string[] = []
  for (const section of sections) {
    lines.push(`${section.title} (source: ${section.source}, ${section.status})`)
    if (section.error) lines.push(`  ${section.error}`)
    for (const [key, value] of Object.entries(section.facts)) {
      const start = lines.length
      lines.push('')
      const first = formatInto(lines, value, '  ', 0)
      lines[start] = `  ${key}: ${first}`.trimEnd()
    }
    lines.push('')
  }
  return inertText(lines.join('\n'))
}

export interface InfoData {
  tool: {name: string; version: string}
  /** The config file used, or null when none was given or found (with where it was looked for). */
  configFile: string | null
  configLookedIn: string[]
  sections: InfoSection[]
}

export default class Info extends BaseCommand {
  static override summary = 'Show what was discovered: paths, ini sections and keys (secrets hidden), and what each source says'
  static override description = `Runs no checks: shows what tcx-doctor found and could reach, section by section (the install and its layout, the ini with its passwords hidden, the 3CX version and where it was read, this machine's addresses, the database, the console and its trunks and services, the clocks), each with its source and whether it was available. Use it to see why a check skipped, and which flags (--install-dir, --db-url, --console-url, ...) would reach more.
With --json, the same as JSON (secrets hidden there too).`

  static override examples = [
    '<%= config.bin %> info',
    '<%= config.bin %> info --json',
    '<%= config.bin %> info --install-dir "D:\\3CX Phone System"',
    '<%= config.bin %> info --demo v20',
  ]
  static override enableJsonFlag = true
  static override flags: Interfaces.FlagInput = {...sourceFlags}

  async run(): Promise<InfoData> {
    const {flags} = await this.parse(Info)
    const settings = await resolveSettings(flags)
    const secrets = new SecretRegistry()
    this.secrets = secrets
    const sections = await withRun(settings, {secrets, startDemo}, (ctx) => collectInfo(ctx))
    const configLookedIn = settings.configFile ? [] : configCandidates(settings.cwd)
    if (!this.jsonEnabled()) {
      const config = settings.configFile ? `Config file: ${settings.configFile}` : `Config file: none (looked for ${configLookedIn.join(', ')})`
      this.out(inertText(`${config}\n\n`) + renderInfoText(sections))
    }
    return {tool: {name: 'tcx-doctor', version: toolVersion()}, configFile: settings.configFile ?? null, configLookedIn, sections}
  }
}
