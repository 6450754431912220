/**
 * The oclif flags of the global settings, made from the settings table
 * (src/config/setting-definitions.ts). Values are taken as strings and checked
 * by the settings resolution, so a bad value is one line naming the flag and
 * what it takes (oclif's own parse errors are several lines).
 */
import {Flags} from '@oclif/core'
import {SETTINGS, type SettingCommand, type SettingDefinition} from '../config/setting-definitions.js'

function flagOf(s: SettingDefinition) {
  const common = {
    description: s.description,
    ...(s.helpValue ? {helpValue: s.helpValue} : s.kind === 'enum' ? {helpValue: s.options.join('|')} : {}),
    ...(s.env ? {env: s.env} : {}),
    ...(s.char ? {char: s.char} : {}),
  }
  if (s.kind === 'boolean') return Flags.boolean({...common, default: s.default})
  if (s.kind === 'list' && s.flagForm === 'repeat') return Flags.string({...common, multiple: true})
  return Flags.string(common)
}

/** The flags of the global settings that `command` takes, by flag name. */
export function settingFlags(command: SettingCommand): Record<string, ReturnType<typeof flagOf>> {
  const flags: Record<string, ReturnType<typeof flagOf>> = {}
  for (const s of SETTINGS) if (s.flag && s.commands.includes(command)) flags[s.flag] = flagOf(s)
  return flags
}

/** Flags shared by `run` and `info`: where the install is and how to reach its sources. */
export const sourceFlags = settingFlags('info')
