import {BaseCommand} from '../cli/base-command.js'
import {sourceFlags} from '../cli/flags.js'
import {resolveSettings} from '../config/resolve-settings.js'
import {startDemo} from '../demo/demo-environment.js'
import {withRun} from '../engine/diagnose.js'
import {SecretRegistry} from '../engine/secrets.js'
import {inertText} from '../lib/format.js'
import {toolVersion} from '../engine/version.js'
import {collectInfo, type InfoSection} from '../info/collect-info.js'

function formatValue(value: unknown, indent: string): string[] {
  if (value === null || value === undefined) return ['(none)']
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v !== 'object' || v === null)) return [value.length === 0 ? '(none)' : value.join(', ')]
    return ['', ...value.flatMap((v) => formatValue(v, `${indent}  `).map((l, i) => `${indent}  ${i === 0 ? '- ' : '  '}${l.trimStart()}`))]
  }
  if (typeof value === 'object') {
    return ['', ...Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => {
      const [first = '', ...rest] = formatValue(v, `${indent}  `)
      return [`${indent}  ${k}: ${first}`.trimEnd(), ...rest]
    })]
  }
  return [String(value)]
}

/** The text of `info`: one block per section; values from the PBX are shown inertly. */
export function renderInfoText(sections: InfoSection[]): string {
  const lines: string[] = []
  for (const section of sections) {
    lines.push(`${section.title} (source: ${section.source}, ${section.status})`)
    if (section.error) lines.push(`  ${section.error}`)
    for (const [key, value] of Object.entries(section.facts)) {
      const [first = '', ...rest] = formatValue(value, '  ')
      lines.push(`  ${key}: ${first}`.trimEnd(), ...rest)
    }
    lines.push('')
  }
  return inertText(lines.join('\n'))
}

export interface InfoData {
  tool: {name: string; version: string}
  sections: InfoSection[]
}

export default class Info extends BaseCommand {
  static override summary = 'Show what was discovered: paths, ini sections and keys (secrets hidden), and what each source says'
  static override examples = ['<%= config.bin %> info', '<%= config.bin %> info --json', '<%= config.bin %> info --demo']
  static override enableJsonFlag = true
  static override flags = {
    ...sourceFlags,
  }

  async run(): Promise<InfoData> {
    const {flags} = await this.parse(Info)
    const settings = await resolveSettings(flags)
    const secrets = new SecretRegistry()
    this.secrets = secrets
    const sections = await withRun(settings, {secrets, startDemo}, (ctx) => collectInfo(ctx))
    if (!this.jsonEnabled()) this.out(renderInfoText(sections))
    return {tool: {name: 'tcx-doctor', version: toolVersion()}, sections}
  }
}
