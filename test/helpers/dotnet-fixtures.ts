/**
 * The fake 3CX assemblies compiled with mcs by test/fixtures/dotnet/build.sh
 * (committed), and install trees made from them in temp folders.
 */
import {copyFileSync, existsSync, mkdirSync, readFileSync} from 'node:fs'
import {spawnSync} from 'node:child_process'
import {join} from 'node:path'
import {PeFileError, type PeProblem, type PeReader, type PeVersion, type StringSearch} from '../../src/sources/pe/index.js'
import {ROOT, runCli, type CliResult} from './cli.js'
import {debianIniText, makeInstall, type InstallTree} from './install-tree.js'
import {reportOf, type JsonReport} from './report-schema.js'

export const DOTNET = join(ROOT, 'test', 'fixtures', 'dotnet')
export const DOTNET_BIN = join(DOTNET, 'bin')

/** test/fixtures/dotnet/bin/<variant>/<file>. */
export const fixture = (variant: string, file: string): string => join(DOTNET_BIN, variant, file)

export const MONO_SYSTEM_DLL = '/usr/lib/mono/4.5/System.dll'

/** True when a system tool or file a test needs is present; under CI=true its absence is a failure, not a skip. */
export function available(what: string, present: boolean): boolean {
  if (!present && process.env.CI === 'true') throw new Error(`${what} is required under CI=true (see .ci/apt-packages.txt)`)
  return present
}

export const hasMcs = (): boolean => spawnSync('mcs', ['--version'], {encoding: 'utf8'}).status === 0

export interface DllTree extends InstallTree {
  layout: 'windows' | 'debian'
  sharedBin: string
  instanceBin: string
}

/**
 * An install tree (Windows: ini in Instance1/Bin; Debian: ini in Bin, AppPath a Linux
 * path) whose shared Bin holds the given files, each [variant, file] copied under its own name.
 */
export function makeDllInstall(layout: 'windows' | 'debian', shared: Array<[string, string]> = [], instance: Array<[string, string]> = []): DllTree {
  const tree = makeInstall(layout, layout === 'debian' ? debianIniText() : undefined)
  const sharedBin = join(tree.root, 'Bin')
  const instanceBin = join(tree.root, 'Instance1', 'Bin')
  for (const [variant, file] of shared) copyFileSync(fixture(variant, file), join(sharedBin, file))
  for (const [variant, file] of instance) copyFileSync(fixture(variant, file), join(instanceBin, file))
  return {...tree, layout, sharedBin, instanceBin}
}

/** Copies a fixture to `dir` under `name` (default: the fixture's own name). */
export function place(dir: string, variant: string, file: string, name = file): string {
  mkdirSync(dir, {recursive: true})
  const target = join(dir, name)
  copyFileSync(fixture(variant, file), target)
  return target
}

export type {JsonReport}

/** Runs `run --format json --only <id>`, validates the report against report.schema.json, and returns it and the check's result. */
export async function runCheck(id: string, args: string[], options: {cwd?: string} = {}): Promise<{cli: CliResult; report: JsonReport; result: JsonReport['results'][number]}> {
  const cli = await runCli(['run', '--format', 'json', '--only', id, ...args], options)
  const report = reportOf(cli)
  const result = report.results.find((r) => r.id === id)
  if (!result) throw new Error(`no result for ${id} in the report`)
  return {cli, report, result}
}

export const fixturesBuilt = (): boolean => existsSync(fixture('mps-15.5.10244', 'MyPhoneServer.dll'))

/** What the pe source said about each committed fixture (test/fixtures/dotnet/record-facts.mjs), by "<variant>/<file>". */
interface RecordedFacts {
  sha256: string
  version: (Omit<PeVersion, 'path'> & {problem?: undefined}) | {problem: string; kind: PeProblem}
  findString: (Omit<StringSearch, 'path'> & {problem?: undefined}) | {problem: string; kind: PeProblem}
}

let recorded: Record<string, RecordedFacts> | undefined
export function recordedFacts(): Record<string, RecordedFacts> {
  recorded ??= JSON.parse(readFileSync(join(DOTNET, 'facts.json'), 'utf8')) as Record<string, RecordedFacts>
  return recorded
}

/**
 * A pe reader that answers from the recorded facts: `files` maps each path the check will
 * read to a fixture ("api-15.5.1694/sl.dll"); any other path is missing. No file is opened.
 */
export function recordedPe(files: Record<string, string>): PeReader {
  const read = new Set<string>()
  const factsOf = (path: string): {key: string; facts: RecordedFacts} => {
    read.add(path)
    const key = files[path]
    const facts = key === undefined ? undefined : recordedFacts()[key]
    if (key === undefined || facts === undefined) throw new PeFileError(path, 'missing', `${path} does not exist (or was removed while being read); check the path`)
    return {key, facts}
  }
  const answer = <T>(path: string, key: string, value: (T & {problem?: undefined}) | {problem: string; kind: PeProblem}): T => {
    if (value.problem !== undefined) throw new PeFileError(path, (value as {kind: PeProblem}).kind, value.problem.replaceAll(`<fixtures>/${key}`, path))
    return {...value, path} as T
  }
  return {
    version: async (path) => {
      const {key, facts} = factsOf(path)
      return answer<PeVersion>(path, key, facts.version as never)
    },
    findString: async (path) => {
      const {key, facts} = factsOf(path)
      return answer<StringSearch>(path, key, facts.findString as never)
    },
    sha256: async (path) => factsOf(path).facts.sha256,
    get filesRead() {
      return read.size
    },
  }
}
