/**
 * The install source: where 3CX lives on this machine and what its ini says.
 * Checks call `await ctx.use(installSource)` (or `ctx.tryUse` to tell "no 3CX here"
 * from "3CX here but unreadable" with `installProblemOf`).
 */
import type {SourceContext, SourceDefinition} from '../../engine/context.js'
import {discoverInstall, type Install} from './discovery.js'

export {
  discoverInstall,
  defaultInstallDirs,
  iniCandidates,
  binaryIn,
  installProblemOf,
  InstallUnavailableError,
  INI_NAME,
  WINDOWS_ROOT,
  WINDOWS_DATA,
  DEBIAN_ROOT,
  DEBIAN_SDK_DIR,
  DEBIAN_TEMPLATE_INI,
  MAX_LISTED_FILES,
  type Install,
  type InstallProblem,
  type BinFolder,
  type ConfigJson,
  type Layout,
  type DiscoverOptions,
} from './discovery.js'
export {detectLayout, platformOfAppPath, DEFAULT_DB_PORT, SDK_DLL, type Platform, type LayoutId, type InstallLayout, type IniPlace, type LayoutFacts, type PlatformFinding} from './platform.js'
export {readIniFile, parseIniText, decodeIniBytes, OUTLINE_MORE, type IniFile, type IniEncoding, type OutlineLimits} from './ini-file.js'

/** The 3CX version and where it came from, for the info section (the version source builds on this one, so it is loaded when asked). */
async function versionLine(ctx: SourceContext): Promise<Record<string, unknown>> {
  const {versionSource} = await import('../version/index.js')
  const found = await ctx.tryUse(versionSource)
  if (!found.ok) return {version: null, versionUnknown: found.reason}
  const facts = found.value
  return {version: facts.version.text, versionFrom: facts.from, ...(facts.disagreement ? {versionDisagreement: facts.disagreement} : {})}
}

export const installSource: SourceDefinition<Install> = {
  name: 'install',
  async open(ctx: SourceContext): Promise<Install> {
    const {settings} = ctx
    const install = await discoverInstall({
      cwd: settings.cwd,
      ...(settings.installDir === undefined ? {} : {installDir: settings.installDir}),
      ...(settings.iniFile === undefined ? {} : {iniFile: settings.iniFile}),
      ...(settings.dataDir === undefined ? {} : {dataDir: settings.dataDir}),
    })
    for (const secret of install.ini.secretValues()) ctx.secrets.add(secret)
    return install
  },
  describe: (install) =>
    `${install.installLayout.id} layout at ${install.root} (${install.platform}: ${install.platformFrom}), ini ${install.ini.path} (${install.ini.encoding})`,
  info: {
    title: 'Install',
    collect: async (install, ctx) => ({
      ...(await versionLine(ctx)),
      installDir: install.root,
      platform: install.platform,
      platformFrom: install.platformFrom,
      layout: install.installLayout.id,
      layoutFrom: install.installLayout.reason,
      defaultDbPort: install.defaultDbPort,
      sharedBinDir: install.sharedBinDir,
      instanceBinDir: install.instanceBinDir,
      extraBinDirs: install.extraBinDirs,
      dataDir: install.dataDir ?? null,
      dataDirFrom: install.dataDirFrom ?? null,
      configJson: install.configJsonPath ?? null,
      ...(install.configJson?.problem ? {configJsonProblem: install.configJson.problem} : {}),
      iniFile: install.ini.path,
      iniEncoding: install.ini.encoding,
      iniSections: install.ini.sections.length,
      triedInstallDirs: install.tried,
      ini: install.ini.outline(),
    }),
  },
}
