import {existsSync, readdirSync, statSync} from 'node:fs'
import {join, resolve} from 'node:path'
import {defineCheck, fail, pass, skip, warn, worstStatus} from '../../src/index.js'
import type {CheckContext} from '../../src/engine/context.js'
import {errorMessage} from '../../src/engine/errors.js'
import {isSecretKey} from '../../src/engine/secrets.js'
import {findAppFolders} from '../../src/sources/app-folders.js'
import {readIniFile, type IniFile} from '../../src/sources/ini-file.js'
import {DEBIAN_TEMPLATE_INI, INI_NAME, installSource, type Install} from '../../src/sources/install.js'
import {compareVersions, isPeFileError, parseVersion, peSource, type PeReader} from '../../src/sources/pe/index.js'

export const API_DLLS = ['3cxpscomcpp2.dll', 'sl.dll', 'tcxpscom_native.dll']
export const API_FILES = [INI_NAME, ...API_DLLS]

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

/** A file in `dir` by name, ignoring case (copies made on Windows keep any case). */
function findIn(dir: string, name: string): string | undefined {
  const exact = join(dir, name)
  if (existsSync(exact)) return exact
  try {
    const match = readdirSync(dir).find((entry) => entry.toLowerCase() === name.toLowerCase())
    return match === undefined ? undefined : join(dir, match)
  } catch {
    return undefined
  }
}

const isDir = (p: string): boolean => {
  try {
    return statSync(p).isDirectory()
  } catch {
    return false
  }
}

/** The install's reference copy of an API file: Instance1/Bin (or, on Debian, /usr/lib/3cxpbx), and the top-level Bin one. */
function referencesOf(install: Install, name: string): {reference?: string; tried: string[]; shared?: string} {
  if (name === INI_NAME) {
    const shared = install.layout === 'windows' ? findIn(install.sharedBinDir, name) : undefined
    return {reference: install.ini.path, tried: [install.ini.path], ...(shared ? {shared} : {})}
  }
  const dirs = [install.instanceBinDir, ...install.extraBinDirs]
  const tried = dirs.map((d) => join(d, name))
  const reference = dirs.map((d) => findIn(d, name)).find((p) => p !== undefined)
  const shared = findIn(install.sharedBinDir, name)
  return {...(reference ? {reference} : {}), tried, ...(shared ? {shared} : {})}
}

async function versionOf(pe: PeReader, path: string): Promise<{version?: string; problem?: string}> {
  try {
    const v = await pe.version(path)
    return {version: v.fileVersion}
  } catch (error) {
    if (!isPeFileError(error)) throw error
    return {problem: error.message}
  }
}

async function compareDll(ctx: CheckContext, pe: PeReader, install: Install, copy: string, name: string): Promise<FileFinding> {
  const {reference, tried, shared} = referencesOf(install, name)
  if (!reference) {
    return {
      status: 'warn',
      copy,
      message: `${copy} cannot be compared: the install has no ${name} (looked for ${tried.join(', ')}).`,
      evidence: {copy, tried},
    }
  }
  const options = {signal: ctx.signal}
  const [copyHash, referenceHash] = await Promise.all([pe.sha256(copy, options), pe.sha256(reference, options)])
  const [copyVersion, referenceVersion] = await Promise.all([versionOf(pe, copy), versionOf(pe, reference)])
  const evidence = {
    copy,
    reference,
    copySha256: copyHash,
    referenceSha256: referenceHash,
    copyVersion: copyVersion.version ?? null,
    referenceVersion: referenceVersion.version ?? null,
    ...(copyVersion.problem ? {copyVersionProblem: copyVersion.problem} : {}),
  }
  if (copyHash === referenceHash) {
    return {status: 'pass', copy, reference, message: `${copy} is identical to ${reference}${referenceVersion.version ? ` (${referenceVersion.version})` : ''}.`, evidence}
  }
  if (shared && (await pe.sha256(shared, options)) === copyHash) {
    return {
      status: 'fail',
      copy,
      reference,
      message:
        `${copy} is a copy of the top-level ${shared}, not of ${reference}: the Call Control API then fails with "config server is not connected". ` +
        `Copy ${name} from ${install.instanceBinDir} instead.`,
      evidence: {...evidence, sameAsTopLevelBin: shared},
    }
  }
  const cv = parseVersion(copyVersion.version)
  const rv = parseVersion(referenceVersion.version)
  let versions: string
  if (cv && rv) {
    const order = compareVersions(cv, rv)
    versions =
      order < 0
        ? `the copy is version ${copyVersion.version}, the install's is ${referenceVersion.version}: the install is newer (3CX was updated after the copy was made)`
        : order > 0
          ? `the copy is version ${copyVersion.version}, the install's is ${referenceVersion.version}: the copy is newer (taken from another, newer install?)`
          : `both say version ${copyVersion.version} but their contents differ (another build or a damaged copy)`
  } else {
    versions = `versions: copy ${copyVersion.version ?? 'unknown'}, install ${referenceVersion.version ?? 'unknown'} (${copyVersion.problem ?? referenceVersion.problem ?? 'no version resource'})`
  }
  return {status: 'fail', copy, reference, message: `${copy} differs from ${reference}: ${versions}.`, evidence}
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

async function compareIni(ctx: CheckContext, pe: PeReader, install: Install, copy: string): Promise<FileFinding[]> {
  const findings: FileFinding[] = []
  let copyIni: IniFile
  try {
    copyIni = readIniFile(copy)
  } catch (error) {
    return [{status: 'fail', copy, message: `${errorMessage(error)}.`, evidence: {copy}}]
  }
  for (const secret of copyIni.secretValues()) ctx.secrets.add(secret)
  const reference = install.ini
  const templatePath = typeof ctx.options.templateIni === 'string' ? resolve(ctx.settings.cwd, ctx.options.templateIni) : DEBIAN_TEMPLATE_INI
  if (existsSync(templatePath)) {
    let template: IniFile | undefined
    try {
      template = readIniFile(templatePath)
    } catch {
      template = undefined
    }
    const sameBytes = (await pe.sha256(copy).catch(() => 'copy')) === (await pe.sha256(templatePath).catch(() => 'template'))
    if (sameBytes || (template && normalised(template) === normalised(copyIni))) {
      findings.push({
        status: 'warn',
        copy,
        message: `${copy} is the Debian template ${templatePath}, not the live ini: reading it gives "config server is not connected". Copy ${reference.path} instead.`,
        evidence: {copy, template: templatePath},
      })
    }
  }
  const {keys, lines} = differingKeys(copyIni, reference)
  const {shared} = referencesOf(install, INI_NAME)
  const evidence = {copy, reference: reference.path, differingKeys: keys}
  if (keys.length === 0) {
    findings.push({status: 'pass', copy, reference: reference.path, message: `${copy} matches ${reference.path} in every key the Call Control API uses.`, evidence})
    return findings
  }
  let fromShared = false
  if (shared) {
    try {
      fromShared = differingKeys(copyIni, readIniFile(shared)).keys.length === 0
    } catch {
      fromShared = false
    }
  }
  findings.push({
    status: 'fail',
    copy,
    reference: reference.path,
    message:
      `${copy} differs from ${reference.path} in ${keys.join(', ')}` +
      (fromShared ? ` (it matches the top-level ${shared}, the cause of "config server is not connected")` : '') +
      `: ${lines.join('; ')}. Copy the install's ini again.`,
    evidence: fromShared ? {...evidence, sameAsTopLevelBin: shared} : evidence,
  })
  return findings
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
  sources: ['install', 'pe'],
  timeoutMs: 30_000,
  async run(ctx) {
    const given = ctx.settings.appDirs.map((d) => resolve(ctx.settings.cwd, d))
    const searchRoots = ctx.settings.appSearchDirs.map((d) => resolve(ctx.settings.cwd, d))
    const search =
      searchRoots.length > 0 ? await findAppFolders(searchRoots, {maxDepth: ctx.numberOption('searchDepth', 4), signal: ctx.signal}) : undefined
    const appDirs = [...new Set([...given, ...(search?.found ?? [])])]
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
    const install = await ctx.use(installSource)
    const pe = await ctx.use(peSource)
    const findings: FileFinding[] = []
    const empty: string[] = []
    for (const dir of appDirs) {
      if (!isDir(dir)) {
        findings.push({status: 'warn', copy: dir, message: `${dir} (given as an application folder) is not a folder; check --app-dir.`, evidence: {appDir: dir}})
        continue
      }
      const copies = API_FILES.map((name) => ({name, path: findIn(dir, name)})).filter((c): c is {name: string; path: string} => c.path !== undefined)
      if (copies.length === 0) empty.push(dir)
      for (const {name, path} of copies) {
        try {
          if (name === INI_NAME) findings.push(...(await compareIni(ctx, pe, install, path)))
          else findings.push(await compareDll(ctx, pe, install, path, name))
        } catch (error) {
          if (!isPeFileError(error)) throw error
          findings.push({status: 'warn', copy: path, message: `${path} could not be compared: ${error.message}`, evidence: {copy: path}})
        }
      }
    }
    const evidence = {
      appDirs,
      ...searchEvidence,
      instanceBinDir: install.instanceBinDir,
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
    const status = worstStatus(findings.map((f) => f.status))
    const bad = findings.filter((f) => f.status !== 'pass')
    const names = [...new Set(bad.map((f) => f.copy))]
    if (status === 'fail') {
      return fail(`${names.length} stale Call Control API file(s): ${names.join(', ')}; the application may fail with "config server is not connected" or behave like the old 3CX version.`, {details, evidence})
    }
    if (status === 'warn') return warn(`${names.length} Call Control API file(s) need a look: ${names.join(', ')}.`, {details, evidence})
    return pass(`All ${findings.length} Call Control API file(s) in ${appDirs.join(', ')} match the install.`, {details, evidence})
  },
})
