/**
 * The app-files source: the copies of the Call Control API files (3CXPhoneSystem.ini,
 * 3cxpscomcpp2.dll, sl.dll, tcxpscom_native.dll) that applications keep next to themselves,
 * and the install's reference copies to compare them with.
 *
 *   const files = await ctx.use(appFilesSource)
 *   const scan = await files.scan({searchDepth, templateIni, signal})
 *
 * Folders come from --app-dir / config appDirs and from a bounded search under
 * --app-search / appSearch (folder-search.ts). Hashes and versions come from the pe
 * source, inis are read through lib/fs (regular files, size-capped). Every file that
 * cannot be read is one line in its `problem`; the check does no file I/O.
 */
import {readdir, stat} from 'node:fs/promises'
import {join, resolve} from 'node:path'
import type {SourceContext, SourceDefinition} from '../../engine/context.js'
import {errorMessage} from '../../engine/errors.js'
import {FileReadError} from '../../lib/fs.js'
import {DEBIAN_TEMPLATE_INI, INI_NAME, binaryIn, installSource, readIniFile, type IniFile, type Install} from '../install/index.js'
import {isPeFileError, peSource, type PeReader} from '../pe/index.js'
import {findAppFolders, type AppSearchResult} from './folder-search.js'

export {findAppFolders, type AppSearchOptions, type AppSearchResult} from './folder-search.js'

export const API_DLLS = ['3cxpscomcpp2.dll', 'sl.dll', 'tcxpscom_native.dll']
export const API_FILES = [INI_NAME, ...API_DLLS]

/** What was read of one file. */
export interface FileFacts {
  path: string
  sha256?: string
  /** The fixed FileVersion of a DLL. */
  version?: string
  /** Why the version could not be read (the file may still hash). */
  versionProblem?: string
  /** An ini, parsed. */
  ini?: IniFile
  /** One line when the file could not be read at all. */
  problem?: string
}

export interface AppFolder {
  dir: string
  /** One line when it is not a folder or cannot be listed. */
  problem?: string
  /** The API files found in it (names compared without case), `name` being the API file's name. */
  copies: Array<FileFacts & {name: string}>
}

/** The install's copies of one API file. */
export interface ApiReference {
  name: string
  /** Instance1/Bin (or /usr/lib/3cxpbx) copy; for the ini, the install's ini. */
  reference?: FileFacts
  tried: string[]
  /** The top-level Bin copy, the wrong one (Windows layout for the ini). */
  shared?: FileFacts
}

export interface AppFilesScan {
  /** --app-dir folders and those found by the search, without duplicates. */
  appDirs: string[]
  searchRoots: string[]
  search?: AppSearchResult
  folders: AppFolder[]
  /** Only for the names of which a copy was found; empty when no folder holds any. */
  references: ApiReference[]
  instanceBinDir?: string
  /** The Debian template ini (or the one named by the check), when it exists and an ini copy was found. */
  template?: FileFacts
}

export interface ScanRequest {
  /** Levels below each --app-search root (default 4). */
  searchDepth?: number
  /** The template ini to recognise (default the Debian skeleton's). */
  templateIni?: string
  signal?: AbortSignal
}

export interface AppFiles {
  /** --app-dir / appDirs, resolved against the working folder. */
  given: string[]
  /** --app-search / appSearch roots, resolved. */
  searchRoots: string[]
  /** Finds the folders and reads their copies and the install's references (memoised per request). */
  scan(request?: ScanRequest): Promise<AppFilesScan>
}

const isDir = (p: string): Promise<boolean> => stat(p).then((s) => s.isDirectory(), () => false)

/** Rethrows a stop on timeout; everything else becomes the file's one-line problem. */
function problemOf(error: unknown): string {
  if (isPeFileError(error) && error.kind === 'aborted') throw error
  if (isPeFileError(error) || error instanceof FileReadError || (error instanceof Error && error.name === 'InputFileError')) return error.message
  throw error
}

async function dllFacts(pe: PeReader, path: string, signal?: AbortSignal): Promise<FileFacts> {
  const facts: FileFacts = {path}
  try {
    facts.sha256 = await pe.sha256(path, signal ? {signal} : {})
  } catch (error) {
    return {path, problem: problemOf(error)}
  }
  try {
    facts.version = (await pe.version(path)).fileVersion
  } catch (error) {
    facts.versionProblem = problemOf(error)
  }
  return facts
}

async function iniFacts(ctx: SourceContext, pe: PeReader, path: string, signal?: AbortSignal): Promise<FileFacts> {
  const facts: FileFacts = {path}
  try {
    facts.ini = await readIniFile(path)
    for (const secret of facts.ini.secretValues()) ctx.secrets.add(secret)
  } catch (error) {
    return {path, problem: problemOf(error)}
  }
  try {
    facts.sha256 = await pe.sha256(path, signal ? {signal} : {})
  } catch (error) {
    problemOf(error)
  }
  return facts
}

/** The API files in `dir` (names compared without case), or why the folder cannot be read. */
async function apiFilesIn(dir: string): Promise<{names: Array<{name: string; path: string}>; problem?: string}> {
  if (!(await isDir(dir))) return {names: [], problem: `${dir} (given as an application folder) is not a folder; check --app-dir.`}
  let entries: string[]
  try {
    entries = await readdir(dir)
  } catch (error) {
    return {names: [], problem: `${dir} (given as an application folder) cannot be read: ${errorMessage(error)}`}
  }
  const names: Array<{name: string; path: string}> = []
  for (const name of API_FILES) {
    const match = entries.includes(name) ? name : entries.find((e) => e.toLowerCase() === name.toLowerCase())
    if (match !== undefined) names.push({name, path: join(dir, match)})
  }
  return {names}
}

async function referenceOf(ctx: SourceContext, pe: PeReader, install: Install, name: string, signal?: AbortSignal): Promise<ApiReference> {
  if (name === INI_NAME) {
    const sharedPath = install.layout === 'windows' ? binaryIn(install, install.sharedBinDir, name) : undefined
    return {
      name,
      reference: {path: install.ini.path, ini: install.ini},
      tried: [install.ini.path],
      ...(sharedPath ? {shared: await iniFacts(ctx, pe, sharedPath, signal)} : {}),
    }
  }
  const dirs = [install.instanceBinDir, ...install.extraBinDirs]
  const tried = dirs.map((d) => join(d, name))
  const referencePath = dirs.map((d) => binaryIn(install, d, name)).find((p) => p !== undefined)
  const sharedPath = binaryIn(install, install.sharedBinDir, name)
  return {
    name,
    ...(referencePath ? {reference: await dllFacts(pe, referencePath, signal)} : {}),
    tried,
    ...(sharedPath ? {shared: await dllFacts(pe, sharedPath, signal)} : {}),
  }
}

async function scanAppFiles(ctx: SourceContext, given: string[], searchRoots: string[], request: ScanRequest): Promise<AppFilesScan> {
  const {signal} = request
  const search =
    searchRoots.length > 0 ? await findAppFolders(searchRoots, {maxDepth: request.searchDepth ?? 4, ...(signal ? {signal} : {})}) : undefined
  const appDirs = [...new Set([...given, ...(search?.found ?? [])])]
  const base = {appDirs, searchRoots, ...(search ? {search} : {})}
  if (appDirs.length === 0) return {...base, folders: [], references: []}

  const install = await ctx.use(installSource)
  const pe = await ctx.use(peSource)
  const folders: AppFolder[] = []
  for (const dir of appDirs) {
    const {names, problem} = await apiFilesIn(dir)
    const copies: AppFolder['copies'] = []
    for (const {name, path} of names) {
      copies.push({name, ...(name === INI_NAME ? await iniFacts(ctx, pe, path, signal) : await dllFacts(pe, path, signal))})
    }
    folders.push({dir, ...(problem ? {problem} : {}), copies})
  }
  const found = new Set(folders.flatMap((f) => f.copies.map((c) => c.name)))
  const references: ApiReference[] = []
  for (const name of API_FILES.filter((n) => found.has(n))) references.push(await referenceOf(ctx, pe, install, name, signal))

  let template: FileFacts | undefined
  if (found.has(INI_NAME)) {
    const templatePath = request.templateIni !== undefined ? resolve(ctx.settings.cwd, request.templateIni) : DEBIAN_TEMPLATE_INI
    const exists = await stat(templatePath).then(() => true, () => false)
    if (exists) template = await iniFacts(ctx, pe, templatePath, signal)
  }
  return {...base, folders, references, instanceBinDir: install.instanceBinDir, ...(template ? {template} : {})}
}

export const appFilesSource: SourceDefinition<AppFiles> = {
  name: 'app-files',
  async open(ctx: SourceContext): Promise<AppFiles> {
    const {settings} = ctx
    const given = settings.appDirs.map((d) => resolve(settings.cwd, d))
    const searchRoots = settings.appSearchDirs.map((d) => resolve(settings.cwd, d))
    const memo = new Map<string, Promise<AppFilesScan>>()
    return {
      given,
      searchRoots,
      scan(request = {}) {
        const key = JSON.stringify([request.searchDepth, request.templateIni])
        let promise = memo.get(key)
        if (!promise) {
          promise = scanAppFiles(ctx, given, searchRoots, request)
          memo.set(key, promise)
          promise.catch(() => memo.delete(key))
        }
        return promise
      },
    }
  },
  describe: (files) =>
    `${files.given.length} application folder(s) given${files.searchRoots.length > 0 ? `, searched under ${files.searchRoots.join(', ')}` : ''}`,
}
