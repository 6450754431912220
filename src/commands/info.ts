import {Flags} from '@oclif/core'
import {BaseCommand} from '../cli/base-command.js'
import {sourceFlags} from '../cli/flags.js'
import {resolveSettings} from '../config/resolve-settings.js'
import {startDemo} from '../demo/demo-environment.js'
import {RunContext} from '../engine/context.js'
import {registerSettingSecrets} from '../engine/diagnose.js'
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
  return `${lines.join('\n')}`
}

export default class Info extends BaseCommand {
  static override summary = 'Show what was discovered: paths, ini sections and keys (secrets hidden), and what each source says'
  static override examples = ['<%= config.bin %> info', '<%= config.bin %> info --json', '<%= config.bin %> info --demo']
  static override flags = {
    ...sourceFlags,
    json: Flags.boolean({description: 'print JSON', default: false}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(Info)
    let settings = await resolveSettings(flags)
    const demo = settings.demo ? await startDemo(settings) : undefined
    if (demo) settings = demo.settings
    const ctx = new RunContext(settings)
    this.secrets = ctx.secrets
    registerSettingSecrets(ctx.secrets, settings)
    let sections: InfoSection[]
    try {
      sections = await collectInfo(ctx)
    } finally {
      await ctx.close()
      await demo?.stop()
    }
    const safe = ctx.secrets.redactDeep(sections)
    if (flags.json) this.out(`${JSON.stringify({tool: {name: 'tcx-doctor', version: toolVersion()}, sections: safe}, null, 2)}\n`)
    else this.out(renderInfoText(safe))
  }
}
