import {Flags} from '@oclif/core'
import {builtinChecks} from '../../checks/index.js'
import {BaseCommand} from '../cli/base-command.js'
import {resolveSettings} from '../config/resolve-settings.js'
import {inertText} from '../lib/format.js'
import {loadPlugins} from '../plugins/load-plugins.js'

export interface ListData {
  checks: Array<{id: string; category: string; severity: string; title: string; sources: string[]; origin: 'built-in' | 'plugin'}>
  problems: string[]
}

export default class List extends BaseCommand {
  static override summary = 'List every check: id, category, severity, title'
  static override description = `One line per check: its id (what --only, --skip, --require-checks and waivers take), category, severity and title; the built-in checks first, then those of --checks-dir and the config's plugins (marked "(plugin)"). A plugin that does not load is one line on stderr.
With --json, also each check's sources and origin.`

  static override examples = ['<%= config.bin %> list', '<%= config.bin %> list --json', '<%= config.bin %> list --checks-dir ./my-checks']

  static override enableJsonFlag = true
  static override flags = {
    config: Flags.string({description: 'config file (its plugins are listed too)', helpValue: 'FILE'}),
    'checks-dir': Flags.string({description: 'also list the third-party checks in DIR (repeatable)', multiple: true, helpValue: 'DIR'}),
  }

  async run(): Promise<ListData> {
    const {flags} = await this.parse(List)
    const settings = await resolveSettings({...(flags.config ? {config: flags.config} : {}), 'checks-dir': flags['checks-dir'] ?? []})
    const plugins = await loadPlugins(settings.checksDirs, settings.plugins, settings.cwd, new Set(builtinChecks.map((c) => c.id)))
    const checks = [...builtinChecks.map((c) => ({check: c, origin: 'built-in' as const})), ...plugins.checks.map((c) => ({check: c, origin: 'plugin' as const}))]
    const data: ListData = {
      checks: checks.map(({check, origin}) => ({
        id: check.id,
        category: check.category,
        severity: check.severity,
        title: check.title,
        sources: check.sources ?? [],
        origin,
      })),
      problems: plugins.problems,
    }
    if (this.jsonEnabled()) return data
    const idWidth = Math.max(...data.checks.map((c) => c.id.length), 2)
    const lines = [`${'ID'.padEnd(idWidth)}  ${'CATEGORY'.padEnd(9)}  ${'SEVERITY'.padEnd(8)}  TITLE`]
    for (const c of data.checks) lines.push(`${c.id.padEnd(idWidth)}  ${c.category.padEnd(9)}  ${c.severity.padEnd(8)}  ${c.title}${c.origin === 'plugin' ? ' (plugin)' : ''}`)
    this.out(inertText(`${lines.join('\n')}\n`))
    for (const problem of plugins.problems) this.problem(problem)
    return data
  }
}
