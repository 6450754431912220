import {
  API_DLLS,
  API_FILES,
  DEBIAN_TEMPLATE_INI,
  INI_NAME,
  appFilesSource,
  compareVersions,
  defineCheck,
  fail,
  installSource,
  isSecretKey,
  parseVersion,
  pass,
  skip,
  table,
  warn,
  worstStatus,
  versionSource,
  type ApiReference,
  type CheckContext,
  type FileFacts,
  type IniFile,
} from '../../src/index.js'

export {API_DLLS, API_FILES}

/** The ini keys a Call Control API application connects with [confirmed sections, DOMAIN.md]. */
export const INI_KEYS_THAT_MATTER: Record<string, string[]> = {
  General: ['AppPath', 'instanceBinPath'],
  ConfService: ['ConfPort', 'confUser', 'confPass'],
  CfgServerProfile: ['DBHost', 'DBPort', 'MasterDBUser', 'MasterDBPassword'],
  QMDatabase: ['DBHost', 'DBPort', 'dbUser', 'dbPassword'],
  DbAdminREADONLY: ['User', 'Password'],
}

type Verdict = 'pass' | 'warn' | 'fail'

interface FileFinding {
  status: Verdict
  copy: string
  reference?: string
  message: string
  evidence: Record<string, unknown>
}

type Reference = ApiReference

function compareDll(ref: Reference | undefined, copyFacts: FileFacts, name: string, instanceBinDir: string): FileFinding {
  const copy = copyFacts.path
  const reference = ref?.reference
  if (!reference) {
    const tried = ref?.tried ?? []
    return {
      status: 'warn',
      copy,
      message: `${copy} cannot be compared: the install has no ${name} (looked for ${tried.join(', ')}).`,
      evidence: {copy, tried},
    }
  }
  const unreadable = copyFacts.problem ?? reference.problem
  if (unreadable !== undefined || copyFacts.sha256 === undefined || reference.sha256 === undefined) {
    return {status: 'warn', copy, message: `${copy} could not be compared: ${unreadable ?? 'no content hash'}`, evidence: {copy}}
  }
  const evidence = {
    copy,
    reference: reference.path,
    copySha256: copyFacts.sha256,
    referenceSha256: reference.sha256,
    copyVersion: copyFacts.version ?? null,
    referenceVersion: reference.version ?? null,
    ...(copyFacts.versionProblem ? {copyVersionProblem: copyFacts.versionProblem} : {}),
  }
  if (copyFacts.sha256 === reference.sha256) {
    return {status: 'pass', copy, reference: reference.path, message: `${copy} is identical to ${reference.path}${reference.version ? ` (${reference.version})` : ''}.`, evidence}
  }
  const shared = ref?.shared
  if (shared?.problem !== undefined) {
    return {status: 'warn', copy, message: `${copy} could not be compared: ${shared.problem}`, evidence: {copy}}
  }
  if (shared && shared.sha256 === copyFacts.sha256) {
    return {
      status: 'fail',
      copy,
      reference: reference.path,
      message:
        `${copy} is a copy of the top-level ${shared.path}, not of ${reference.path}: the Call Control API then fails with "config server is not connected". ` +
        `Copy ${name} from ${instanceBinDir} instead.`,
      evidence: {...evidence, sameAsTopLevelBin: shared.path},
    }
  }
  const cv = parseVersion(copyFacts.version)
  const rv = parseVersion(reference.version)
  let versions: string
  if (cv && rv) {
    const order = compareVersions(cv, rv)
    versions =
      order < 0
        ? `the copy is version ${copyFacts.version}, the install's is ${reference.version}: the install is newer (3CX was updated after the copy was made)`
        : order > 0
          ? `the copy is version ${copyFacts.version}, the install's is ${reference.version}: the copy is newer (taken from another, newer install?)`
          : `both say version ${copyFacts.version} but their contents differ (another build or a damaged copy)`
  } else {
    versions = `versions: copy ${copyFacts.version ?? 'unknown'}, install ${reference.version ?? 'unknown'} (${copyFacts.versionProblem ?? reference.versionProblem ?? 'no version resource'})`
  }
  return {status: 'fail', copy, reference: reference.path, message: `${copy} differs from ${reference.path}: ${versions}.`, evidence}
}

function versionCell(f: FileFinding): string | null {
  const {copyVersion, referenceVersion} = f.evidence
  if (copyVersion === undefined && referenceVersion === undefined) return null
  return `${typeof copyVersion === 'string' ? copyVersion : 'unknown'} / ${typeof referenceVersion === 'string' ? referenceVersion : 'unknown'}`
}

/** DLLs: same SHA-256; the ini: the same values in every key that matters. */
function sameContentCell(f: FileFinding): boolean | null {
  const {copySha256, referenceSha256, differingKeys: keys} = f.evidence
  if (typeof copySha256 === 'string' && typeof referenceSha256 === 'string') return copySha256 === referenceSha256
  if (Array.isArray(keys)) return keys.length === 0
  return null
}

/** The keys that matter whose values differ (secret values never shown). */
export function differingKeys(copy: IniFile, reference: IniFile): {keys: string[]; lines: string[]} {
  const keys: string[] = []
  const lines: string[] = []
  for (const [section, names] of Object.entries(INI_KEYS_THAT_MATTER)) {
    for (const key of names) {
      const a = copy.get(section, key)?.trim()
      const b = reference.get(section, key)?.trim()
      if (a === b) continue
      const id = `[${section}] ${key}`
      keys.push(id)
      if (a === undefined) lines.push(`${id} is missing in the copy`)
      else if (b === undefined) lines.push(`${id} is in the copy but not in the install's ini`)
      else if (isSecretKey(key)) lines.push(`${id} differs (value not shown)`)
      else lines.push(`${id} is "${a}" in the copy, "${b}" in the install`)
    }
  }
  return {keys, lines}
}

/** Every section and key of an ini, normalised: for "is this the template?" regardless of comments, order and case. */
function normalised(ini: IniFile): string {
  return ini.sections
    .map((s) => s.toLowerCase())
    .sort()
    .map((s) => `${s}:${ini.keys(s).map((k) => `${k.toLowerCase()}=${ini.get(s, k)?.trim() ?? ''}`).sort().join('\n')}`)
    .join('\n')
}

function compareIni(ref: Reference | undefined, copyFacts: FileFacts, template: FileFacts | undefined): FileFinding[] {
  const findings: FileFinding[] = []
  const copy = copyFacts.path
  const copyIni = copyFacts.ini
  const reference = ref?.reference?.ini
  if (!copyIni || !reference) return [{status: 'fail', copy, message: `${copyFacts.problem ?? `${copy} could not be read`}.`, evidence: {copy}}]
  if (template) {
    const sameBytes = template.sha256 !== undefined && template.sha256 === copyFacts.sha256
    if (sameBytes || (template.ini && normalised(template.ini) === normalised(copyIni))) {
      findings.push({
        status: 'warn',
        copy,
        message: `${copy} is the Debian template ${template.path}, not the live ini: reading it gives "config server is not connected". Copy ${reference.path} instead.`,
        evidence: {copy, template: template.path},
      })
    }
  }
  const {keys, lines} = differingKeys(copyIni, reference)
  const shared = ref?.shared
  const evidence = {copy, reference: reference.path, differingKeys: keys}
  if (keys.length === 0) {
    findings.push({status: 'pass', copy, reference: reference.path, message: `${copy} matches ${reference.path} in every key the Call Control API uses.`, evidence})
    return findings
  }
  const fromShared = shared?.ini !== undefined && differingKeys(copyIni, shared.ini).keys.length === 0
  findings.push({
    status: 'fail',
    copy,
    reference: reference.path,
    message:
      `${copy} differs from ${reference.path} in ${keys.join(', ')}` +
      (fromShared ? ` (it matches the top-level ${shared.path}, the cause of "config server is not connected")` : '') +
      `: ${lines.join('; ')}. Copy the install's ini again.`,
    evidence: fromShared ? {...evidence, sameAsTopLevelBin: shared.path} : evidence,
  })
  return findings
}

/** Which 3CX version this is and where from, for a skip reason: "3CX 20.0.7.1080 from ..." or why it is not known. */
async function versionSeen(ctx: CheckContext): Promise<string> {
  const seen = await ctx.tryUse(versionSource)
  return seen.ok ? `3CX ${seen.value.version.text} from ${seen.value.from}` : `3CX version not known: ${seen.reason.replace(/\.$/, '')}`
}

/**
 * api.stale-files: the copies of 3CXPhoneSystem.ini, 3cxpscomcpp2.dll, sl.dll
 * and tcxpscom_native.dll that a Call Control API application keeps next to
 * itself must match Instance1\Bin of the install. They go stale with every
 * 3CX update, and copies from the top-level Bin make the application fail with
 * "config server is not connected".
 */
export default defineCheck({
  id: 'api.stale-files',
  title: 'Call Control API files in application folders are current',
  severity: 'major',
  description:
    'Compares the copies of 3CXPhoneSystem.ini, 3cxpscomcpp2.dll, sl.dll and tcxpscom_native.dll in each Call Control API application folder ' +
    '(--app-dir, config appDirs, or found under --app-search DIR) with the install\'s Instance1\\Bin: DLLs by SHA-256 and file version, the ini by the keys the API connects with. ' +
    'Copies go stale after every 3CX update; copies from the top-level Bin folder, or the Debian template ini, make the application fail with ' +
    '"config server is not connected".',
  remediation:
    'Stop the application, copy 3CXPhoneSystem.ini, 3cxpscomcpp2.dll, sl.dll and tcxpscom_native.dll again from Instance1\\Bin of the install ' +
    '(Debian: the ini from /var/lib/3cxpbx/Bin, the DLLs from /var/lib/3cxpbx/Instance1/Bin or /usr/lib/3cxpbx), then start it. Repeat after every 3CX update.',
  docs: 'docs/checks/api.md',
  sources: ['app-files', 'install', 'pe'],
  versions: {
    15: {applies: 'yes', decides: 'app copies against Instance1\\Bin: SHA-256, file version, the ini\'s connection keys', sure: 'confirmed'},
    16: {applies: 'yes', decides: 'as v15.5', sure: 'reported'},
    18: {applies: 'yes', decides: 'as v15.5; Debian reference DLLs also in /usr/lib/3cxpbx', sure: 'confirmed'},
    20: {applies: 'no', decides: 'skips when the install has no .NET Call Control API DLLs, as on v20 (no such API there)', sure: 'unknown'},
  },
  timeoutMs: 30_000,
  options: {
    schema: {
      searchDepth: {type: 'integer', description: 'Levels below each --app-search folder to look into for application folders.', minimum: 0, maximum: 16},
      templateIni: {type: 'string', description: 'The template ini that must not be used as an application\'s copy (the Debian skeleton by default).'},
    },
    defaults: {searchDepth: 4, templateIni: DEBIAN_TEMPLATE_INI},
  },
  async appliesTo(ctx) {
    const install = await ctx.tryUse(installSource)
    if (!install.ok) return undefined
    const {value} = install
    const dirs = [value.instanceBinDir, ...value.extraBinDirs]
    const hasApi = value.binFolders.some((f) => dirs.includes(f.dir) && f.names.some((n) => API_DLLS.includes(n.toLowerCase())))
    if (hasApi) return undefined
    return `this install has no .NET Call Control API DLLs (${API_DLLS.join(', ')}) in ${dirs.join(' or ')}, so there is nothing to compare copies with (${await versionSeen(ctx)})`
  },
  async run(ctx) {
    const files = await ctx.use(appFilesSource)
    const scan = await files.scan({searchDepth: ctx.options.searchDepth, templateIni: ctx.options.templateIni, signal: ctx.signal})
    const {appDirs, search, searchRoots} = scan
    const searchEvidence = search ? {searchedIn: searchRoots, foundBySearch: search.found, foldersSearched: search.foldersRead} : {}
    if (appDirs.length === 0) {
      return skip(
        search
          ? `--app-search found no folder holding 3cxpscomcpp2.dll under ${searchRoots.join(', ')}, and no --app-dir was given.`
          : 'No Call Control API application folder was given, so there are no copies to compare.',
        {
          details: [
            ...(search?.problems ?? []),
            'Give each application folder with --app-dir DIR (repeatable) or "appDirs" in tcx-doctor.config.json, or let --app-search DIR find them.',
          ],
          evidence: searchEvidence,
        },
      )
    }
    const findings: FileFinding[] = []
    const empty: string[] = []
    const instanceBinDir = scan.instanceBinDir ?? ''
    for (const folder of scan.folders) {
      if (folder.problem !== undefined) {
        findings.push({status: 'warn', copy: folder.dir, message: folder.problem, evidence: {appDir: folder.dir}})
        continue
      }
      if (folder.copies.length === 0) empty.push(folder.dir)
      for (const copy of folder.copies) {
        const ref = scan.references.find((r) => r.name === copy.name)
        if (copy.name === INI_NAME) findings.push(...compareIni(ref, copy, scan.template))
        else findings.push(compareDll(ref, copy, copy.name, instanceBinDir))
      }
    }
    const evidence = {
      appDirs,
      ...searchEvidence,
      instanceBinDir,
      files: findings.map((f) => ({status: f.status, ...f.evidence})),
      ...(empty.length > 0 ? {foldersWithoutApiFiles: empty} : {}),
    }
    if (findings.length === 0) {
      return skip(`None of the application folders holds ${API_FILES.join(', ')}.`, {
        details: [`Looked in: ${empty.join(', ')}.`, 'Give the folder of the application that uses the Call Control API with --app-dir DIR.'],
        evidence,
      })
    }
    const details = [
      ...findings.filter((f) => f.status !== 'pass').map((f) => f.message),
      ...findings.filter((f) => f.status === 'pass').map((f) => f.message),
      ...empty.map((d) => `${d} holds none of ${API_FILES.join(', ')}.`),
      ...(search?.problems ?? []),
      ...(search && search.found.length > 0 ? [`--app-search found: ${search.found.join(', ')}.`] : []),
    ]
    const tables = [
      table(
        'Call Control API files: application copies against the install',
        ['file', 'app copy', 'install copy', 'version (copy / install)', 'same content', 'status'],
        findings.map((f) => [f.copy.split(/[\\/]/).pop() ?? f.copy, f.copy, f.reference ?? null, versionCell(f), sameContentCell(f), f.status]),
      ),
    ]
    const status = worstStatus(findings.map((f) => f.status))
    const bad = findings.filter((f) => f.status !== 'pass')
    const names = [...new Set(bad.map((f) => f.copy))]
    if (status === 'fail') {
      return fail(`${names.length} stale Call Control API file(s): ${names.join(', ')}; the application may fail with "config server is not connected" or behave like the old 3CX version.`, {details, evidence, tables})
    }
    if (status === 'warn') return warn(`${names.length} Call Control API file(s) need a look: ${names.join(', ')}.`, {details, evidence, tables})
    return pass(`All ${findings.length} Call Control API file(s) in ${appDirs.join(', ')} match the install.`, {details, evidence, tables})
  },
})
