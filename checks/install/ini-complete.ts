import {DEBIAN_TEMPLATE_INI, defineCheck, fail, installProblemOf, installSource, pass, skip, table, warn} from '../../src/index.js'

/** The keys the Call Control API and the database readers need, by section [confirmed in DOMAIN.md]. */
export const REQUIRED_KEYS: Record<string, string[]> = {
  General: ['AppPath', 'AppDataPath'],
  ConfService: ['confNIC', 'ConfPort', 'confUser', 'confPass'],
  CfgServerProfile: ['DBHost', 'DBPort'],
  QMDatabase: ['DBHost', 'DBPort', 'DBName', 'dbUser', 'dbPassword'],
}

/**
 * install.ini-complete: the 3CX install is found and its 3CXPhoneSystem.ini is
 * readable and has the sections and keys that the Call Control API and the
 * other checks rely on.
 */
export default defineCheck({
  id: 'install.ini-complete',
  title: '3CX install found and 3CXPhoneSystem.ini complete',
  severity: 'major',
  description:
    'Finds the 3CX install (Windows v15 or v16+ layout, Debian v15.5 or v18+ layout; the platform from the ini\'s AppPath) and reads its 3CXPhoneSystem.ini: the file every Call Control API application and ' +
    'every other check depends on. A missing section or key (ConfService, QMDatabase, CfgServerProfile) means the file is a template, ' +
    'damaged, or from another version, and API applications fail with "config server is not connected".',
  remediation:
    'Point tcx-doctor at the right folder with --install-dir (the folder holding Bin and Instance1) or --ini. If the ini lacks sections, ' +
    'restore it from the 3CX install (Instance1\\Bin on Windows v15, Bin on Windows v16+, /var/lib/3cxpbx/Bin on Debian); never use the Debian template in /usr/share/3cxpbx/skel.',
  docs: 'docs/checks/install.md',
  sources: ['install'],
  versions: {
    15: {applies: 'yes', decides: 'Windows ini in Instance1\\Bin, Debian in /var/lib/3cxpbx/Bin; the platform from AppPath', sure: 'confirmed'},
    16: {applies: 'yes', decides: 'Windows ini in Bin (AppPath on a drive letter), Debian in /var/lib/3cxpbx/Bin', sure: 'confirmed'},
    18: {applies: 'yes', decides: 'as v16; Debian also Bin/config.json (database credentials)', sure: 'reported'},
    20: {applies: 'yes', decides: 'Debian ini in /var/lib/3cxpbx/Bin, same sections and keys', cannotTell: 'a Windows v20 layout: Windows support ended during v20 (which update is unknown)', sure: 'unknown'},
  },
  async run(ctx) {
    const found = await ctx.tryUse(installSource)
    if (!found.ok) {
      // A 3CX folder this user may not read is a failure to look, never "no 3CX here".
      const problem = installProblemOf(found.error)
      const explicit = ctx.settings.installDir !== undefined || ctx.settings.iniFile !== undefined
      if (problem === 'unreadable') return fail(`The 3CX install cannot be read: ${found.reason}`, {evidence: {tried: found.tried, problem}})
      const outcome = explicit || problem === 'invalid' ? fail : skip
      return outcome(explicit || problem === 'invalid' ? `The 3CX install given could not be read: ${found.reason}` : `No 3CX install on this machine: ${found.reason}`, {
        evidence: {tried: found.tried, problem},
      })
    }
    const install = found.value
    const {ini} = install
    const missingSections = Object.keys(REQUIRED_KEYS).filter((s) => !ini.has(s))
    const missingKeys = Object.entries(REQUIRED_KEYS)
      .filter(([section]) => ini.has(section))
      .flatMap(([section, keys]) => keys.filter((k) => ini.get(section, k) === undefined).map((k) => `[${section}] ${k}`))
    const evidence = {
      installDir: install.root,
      platform: install.platform,
      platformFrom: install.platformFrom,
      layout: install.installLayout.id,
      layoutFrom: install.installLayout.reason,
      iniFile: ini.path,
      encoding: ini.encoding,
      dataDir: install.dataDir ?? null,
      dataDirFrom: install.dataDirFrom ?? null,
      sectionCount: ini.sections.length,
      sections: ini.outline(),
    }
    const tables = [
      table(
        `Expected sections and keys of ${ini.path}`,
        ['section', 'key', 'present'],
        Object.entries(REQUIRED_KEYS).flatMap(([section, keys]) => keys.map((key) => [`[${section}]`, key, ini.get(section, key) !== undefined])),
      ),
    ]
    if (ini.path === DEBIAN_TEMPLATE_INI) {
      return fail(`${ini.path} is the Debian template, not the live ini.`, {
        details: ['Reading the template gives "config server is not connected"; the live file is /var/lib/3cxpbx/Bin/3CXPhoneSystem.ini.'],
        evidence,
        tables,
      })
    }
    if (missingSections.length > 0 || missingKeys.length > 0) {
      const parts = [
        ...(missingSections.length > 0 ? [`section(s) ${missingSections.map((s) => `[${s}]`).join(', ')} missing`] : []),
        ...(missingKeys.length > 0 ? [`key(s) ${missingKeys.join(', ')} missing`] : []),
      ]
      return warn(`${ini.path} is incomplete: ${parts.join('; ')}.`, {
        details: ['Checks that need these values will be skipped, and Call Control API applications reading this file may not connect.'],
        evidence,
        tables,
      })
    }
    const platform = install.platform === 'windows' ? 'Windows' : 'Debian'
    return pass(`${platform} install at ${install.root}; ${ini.path} has every expected section.`, {
      details: [`Platform: ${install.platformFrom}.`, `Layout: ${install.installLayout.reason}.`],
      evidence,
      tables,
    })
  },
})
