import {Args, Flags} from '@oclif/core'
import {builtinChecks} from '../../checks/index.js'
import {BaseCommand} from '../cli/base-command.js'
import {withSuggestion} from '../config/check-patterns.js'
import {resolveSettings} from '../config/resolve-settings.js'
import {KNOWN_MAJORS, majorLabel, type CheckVersions} from '../engine/check-versions.js'
import {UsageError} from '../engine/errors.js'
import {inertText} from '../lib/format.js'
import {optionRows, optionsText, type OptionRow} from '../output/options-table.js'
import {loadPlugins} from '../plugins/load-plugins.js'

export interface ExplainData {
  id: string
  title: string
  sources: string[]
  /** The values the config file gives this check. */
  options: unknown
  /** Its declared options: name, type, default, range, description. */
  optionSchema: OptionRow[]
  [key: string]: unknown
}

/** "  v20: partly; decides from ...; cannot tell ... [confirmed]", one line per 3CX version. */
function versionLines(versions: CheckVersions | undefined): string[] {
  if (!versions) return []
  const lines = KNOWN_MAJORS.flatMap((major) => {
    const note = versions[major]
    if (!note) return []
    const sure = note.sure ? ` [${note.sure}]` : ''
    return [`  ${majorLabel(major)}: ${note.applies}; ${note.decides}${note.cannotTell ? `; cannot tell: ${note.cannotTell}` : ''}${sure}`]
  })
  return lines.length > 0 ? ['', 'By 3CX version:', ...lines] : []
}

export default class Explain extends BaseCommand {
  static override summary = 'Explain a check: what it looks at, why it matters, how to fix, which sources it reads'
  static override description = `Prints one check's documentation: what it checks and why it matters, how to fix what it finds, the sources it reads (files, database, console API, network), its options (config file, under checks."ID"), and what it can tell on each 3CX version (v15.5, v16, v18, v20).
A mistyped id is a usage error (exit 3) naming the nearest ids; \`tcx-doctor list\` shows them all. With --json, the check's declaration as JSON.`

  static override examples = [
    '<%= config.bin %> explain install.ini-complete',
    '<%= config.bin %> explain time.pbx-clock-skew --json',
    '<%= config.bin %> explain my.own-check --checks-dir ./my-checks',
  ]
  static override args = {id: Args.string({description: 'check id (see `tcx-doctor list`)', required: true})}
  static override enableJsonFlag = true
  static override flags = {
    config: Flags.string({description: 'config file (to explain plugin checks)', helpValue: 'FILE'}),
    'checks-dir': Flags.string({description: 'folder of third-party checks (repeatable)', multiple: true, helpValue: 'DIR'}),
  }

  async run(): Promise<ExplainData> {
    const {args, flags} = await this.parse(Explain)
    const settings = await resolveSettings({...(flags.config ? {config: flags.config} : {}), 'checks-dir': flags['checks-dir'] ?? []})
    const plugins = await loadPlugins(settings.checksDirs, settings.plugins, settings.cwd, new Set(builtinChecks.map((c) => c.id)))
    const all = [...builtinChecks, ...plugins.checks]
    const check = all.find((c) => c.id === args.id)
    if (!check) {
      throw new UsageError(`no check with id ${withSuggestion(args.id, all.map((c) => c.id))}; \`tcx-doctor list\` shows every id`)
    }
    const configured = settings.checkOptions[check.id]
    const {run: _run, appliesTo: _appliesTo, options: _options, ...definition} = check
    const data: ExplainData = {...definition, sources: check.sources ?? [], options: configured ?? {}, optionSchema: optionRows(check)}
    if (this.jsonEnabled()) return data
    const table = optionsText(check)
    const lines = [
      `${check.id}: ${check.title}`,
      `Category ${check.category}, severity ${check.severity}${check.timeoutMs ? `, timeout ${check.timeoutMs / 1000} s` : ''}.`,
      '',
      'What it checks and why it matters:',
      `  ${check.description}`,
      '',
      'How to fix:',
      `  ${check.remediation}`,
      '',
      `Reads: ${(check.sources ?? []).join(', ') || 'nothing outside the check itself'}`,
      ...(check.docs ? [`More: ${check.docs}`] : []),
      ...(table.length > 0 ? ['', `Options (config file, under checks."${check.id}"):`, ...table.map((line) => `  ${line}`)] : []),
      ...(configured ? [`Options from the config: ${JSON.stringify(configured)}`] : []),
      ...versionLines(check.versions),
    ]
    this.out(inertText(`${lines.join('\n')}\n`))
    return data
  }
}
