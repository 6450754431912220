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
  static override examples = ['<%= config.bin %> info', '<%= config.bin %> info --json', '<%= config.bin %> info --demo']
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
