import type {Interfaces} from '@oclif/core'
import {BaseCommand} from '../cli/base-command.js'
import {sourceFlags} from '../cli/flags.js'
import {configCandidates} from '../config/config-file.js'
import {resolveSettings} from '../config/resolve-settings.js'
import {startDemo} from '../demo/demo-environment.js'
import {withRun} from '../engine/diagnose.js'
import {SecretRegistry} from '../engine/secrets.js'
import {toolVersion} from '../engine/version.js'
import {collectInfo, type InfoSection} from '../info/collect-info.js'
import {renderInfoText} from '../info/render-info.js'

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
    if (!this.jsonEnabled()) this.out(renderInfoText(sections, {configFile: settings.configFile ?? null, configLookedIn}))
    return {tool: {name: 'tcx-doctor', version: toolVersion()}, configFile: settings.configFile ?? null, configLookedIn, sections}
  }
}
