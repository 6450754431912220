import {Flags} from '@oclif/core'
import {builtinChecks} from '../../checks/index.js'
import {BaseCommand} from '../cli/base-command.js'
import {resolveSettings} from '../config/resolve-settings.js'
import {loadPlugins} from '../plugins/load-plugins.js'

export default class List extends BaseCommand {
  static override summary = 'List every check: id, category, severity, title'
  static override examples = ['<%= config.bin %> list', '<%= config.bin %> list --json', '<%= config.bin %> list --checks-dir ./my-checks']

  static override flags = {
    json: Flags.boolean({description: 'print JSON', default: false}),
    config: Flags.string({description: 'config file (its plugins are listed too)', helpValue: 'FILE'}),
    'checks-dir': Flags.string({description: 'also list the third-party checks in DIR (repeatable)', multiple: true, helpValue: 'DIR'}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(List)
    const settings = await resolveSettings({...(flags.config ? {config: flags.config} : {}), 'checks-dir': flags['checks-dir'] ?? []})
    const plugins = await loadPlugins(settings.checksDirs, settings.plugins, settings.cwd, new Set(builtinChecks.map((c) => c.id)))
    const checks = [...builtinChecks.map((c) => ({check: c, origin: 'built-in'})), ...plugins.checks.map((c) => ({check: c, origin: 'plugin'}))]
    if (flags.json) {
      const rows = checks.map(({check, origin}) => ({
        id: check.id,
        category: check.category,
        severity: check.severity,
        title: check.title,
        sources: check.sources ?? [],
        origin,
      }))
      this.out(`${JSON.stringify({checks: rows, problems: plugins.problems}, null, 2)}\n`)
      return
    }
    const idWidth = Math.max(...checks.map(({check}) => check.id.length), 2)
    this.out(`${'ID'.padEnd(idWidth)}  ${'CATEGORY'.padEnd(9)}  ${'SEVERITY'.padEnd(8)}  TITLE\n`)
    for (const {check, origin} of checks) {
      this.out(`${check.id.padEnd(idWidth)}  ${check.category.padEnd(9)}  ${check.severity.padEnd(8)}  ${check.title}${origin === 'plugin' ? ' (plugin)' : ''}\n`)
    }
    for (const problem of plugins.problems) process.stderr.write(`tcx-doctor: ${problem}\n`)
  }
}
