/**
 * The version source: which 3CX version this is and where that came from. It asks, in
 * order, what is available: the console's SystemStatus.Version, the database's
 * `parameter` VERSION, `dpkg-query` on a Debian install, the PE file version of the 3CX
 * binaries on a Windows install. Every reading keeps its origin; the first one that
 * parses is the version, and readings that name another release are a `disagreement`.
 * Unavailable only when no origin gave a version.
 */
import type {SourceContext, SourceDefinition} from '../../engine/context.js'
import {SourceUnavailableError, errorMessage} from '../../engine/errors.js'
import {consoleSource} from '../console/index.js'
import {dbSource} from '../db/index.js'
import {DEBIAN_ROOT, binaryIn, installSource, type Install} from '../install/index.js'
import {peSource} from '../pe/index.js'
import {DPKG_COMMAND, readDpkgVersion, type DpkgResult} from './dpkg.js'
import {parseTcxVersion, sameRelease, type TcxVersion} from './parse.js'

export {parseTcxVersion, sameRelease, KNOWN_MAJORS, type TcxVersion, type TcxMajor} from './parse.js'
export {readDpkgVersion, DPKG_COMMAND, DPKG_PACKAGE, DEFAULT_DPKG_TIMEOUT_MS, type DpkgResult, type DpkgOptions} from './dpkg.js'

export type VersionOrigin = 'console' | 'db' | 'dpkg' | 'pe'
export const VERSION_ORIGINS: readonly VersionOrigin[] = ['console', 'db', 'dpkg', 'pe']

/** What one origin said: a version (with its raw text), or why it gave none. */
export type VersionReading =
  | {origin: VersionOrigin; from: string; ok: true; raw: string; version: TcxVersion}
  | {origin: VersionOrigin; from: string; ok: false; reason: string}

export interface TcxVersionFacts {
  /** The version (the first origin, in VERSION_ORIGINS order, that gave one). */
  version: TcxVersion
  /** Where it came from, one line. */
  from: string
  origin: VersionOrigin
  /** Every origin asked, in order, with what it said. */
  readings: VersionReading[]
  /** One line when readings name different releases. */
  disagreement?: string
}

/** The Windows binaries whose PE file version is 3CX's, in order of preference. */
export const VERSIONED_BINARIES = ['3CXPhoneSystem.exe', 'MyPhoneServer.dll', '3cxpscomcpp2.dll'] as const

/**
 * The console's reading. This is the hook for the console source: it uses its
 * `systemStatus()` (SystemStatus.Version, v15-v20). When the console source changes
 * shape, only this function changes.
 */
export async function consoleVersionReading(ctx: SourceContext): Promise<VersionReading> {
  const from = 'SystemStatus.Version of the console'
  const api = await ctx.tryUse(consoleSource)
  if (!api.ok) return {origin: 'console', from, ok: false, reason: api.reason}
  try {
    const status = await api.value.systemStatus()
    return readingOf('console', from, (status as {Version?: unknown}).Version)
  } catch (error) {
    return {origin: 'console', from, ok: false, reason: errorMessage(error)}
  }
}

async function dbVersionReading(ctx: SourceContext): Promise<VersionReading> {
  const from = 'parameter VERSION of the database'
  const db = await ctx.tryUse(dbSource)
  if (!db.ok) return {origin: 'db', from, ok: false, reason: db.reason}
  try {
    return readingOf('db', from, await db.value.parameter('VERSION'))
  } catch (error) {
    return {origin: 'db', from, ok: false, reason: errorMessage(error)}
  }
}

async function dpkgVersionReading(install: Install | undefined, dpkg: () => Promise<DpkgResult>): Promise<VersionReading> {
  const copy = install && install.root !== DEBIAN_ROOT ? ` (this machine's package; the install at ${install.root} may be a copy)` : ''
  const from = `${DPKG_COMMAND} on this machine${copy}`
  if (!install) return {origin: 'dpkg', from, ok: false, reason: 'no 3CX install found, so its platform is unknown'}
  if (install.platform !== 'debian') return {origin: 'dpkg', from, ok: false, reason: `not asked: the install is a ${install.platform} one`}
  if (process.platform === 'win32') return {origin: 'dpkg', from, ok: false, reason: 'not asked: this machine runs Windows'}
  const result = await dpkg()
  return result.ok ? readingOf('dpkg', from, result.version) : {origin: 'dpkg', from, ok: false, reason: result.reason}
}

async function peVersionReading(ctx: SourceContext, install: Install | undefined): Promise<VersionReading> {
  const fromNone = `PE file version of ${VERSIONED_BINARIES.join(', ')}`
  if (!install) return {origin: 'pe', from: fromNone, ok: false, reason: 'no 3CX install found'}
  if (install.platform !== 'windows') return {origin: 'pe', from: fromNone, ok: false, reason: `not asked: the install is a ${install.platform} one`}
  const found = VERSIONED_BINARIES.flatMap((name) => [install.sharedBinDir, install.instanceBinDir].map((dir) => binaryIn(install, dir, name))).filter(
    (p): p is string => p !== undefined,
  )
  if (found.length === 0) return {origin: 'pe', from: fromNone, ok: false, reason: `none of ${VERSIONED_BINARIES.join(', ')} is in ${install.sharedBinDir} or ${install.instanceBinDir}`}
  const pe = await ctx.use(peSource)
  const problems: string[] = []
  for (const path of found) {
    try {
      const read = await pe.version(path)
      return readingOf('pe', `PE file version of ${path}`, read.fileVersion)
    } catch (error) {
      problems.push(errorMessage(error))
    }
  }
  return {origin: 'pe', from: fromNone, ok: false, reason: problems.join('; ')}
}

function readingOf(origin: VersionOrigin, from: string, raw: unknown): VersionReading {
  if (raw === undefined || raw === null || raw === '') return {origin, from, ok: false, reason: 'no version there'}
  const text = String(raw).trim().slice(0, 100)
  const version = parseTcxVersion(text)
  return version ? {origin, from, ok: true, raw: text, version} : {origin, from, ok: false, reason: `${JSON.stringify(text)} is not a version`}
}

/** What the origins give for a reading; tests replace any of them. */
export interface VersionOrigins {
  console(ctx: SourceContext): Promise<VersionReading>
  db(ctx: SourceContext): Promise<VersionReading>
  dpkg(): Promise<DpkgResult>
}

export const DEFAULT_ORIGINS: VersionOrigins = {
  console: consoleVersionReading,
  db: dbVersionReading,
  dpkg: () => readDpkgVersion(),
}

/** Every reading in order, combined; throws SourceUnavailableError('version') when none gave a version. */
export async function collectVersion(ctx: SourceContext, origins: VersionOrigins = DEFAULT_ORIGINS): Promise<TcxVersionFacts> {
  const found = await ctx.tryUse(installSource)
  const install = found.ok ? found.value : undefined
  const readings = [await origins.console(ctx), await origins.db(ctx), await dpkgVersionReading(install, origins.dpkg), await peVersionReading(ctx, install)]
  return combineReadings(readings)
}

/** The version of the first reading that has one, and whether the others agree (pure). */
export function combineReadings(readings: VersionReading[]): TcxVersionFacts {
  const good = readings.filter((r): r is Extract<VersionReading, {ok: true}> => r.ok)
  const first = good[0]
  if (!first) {
    throw new SourceUnavailableError(
      'version',
      `no 3CX version found: ${readings.map((r) => `${r.origin}: ${r.ok ? r.raw : r.reason}`).join('; ')}`,
      readings.map((r) => r.from),
    )
  }
  const others = good.filter((r) => !sameRelease(r.version, first.version))
  return {
    version: first.version,
    from: first.from,
    origin: first.origin,
    readings,
    ...(others.length > 0
      ? {disagreement: `${first.from} says ${first.raw}, but ${others.map((r) => `${r.from} says ${r.raw}`).join(' and ')}`}
      : {}),
  }
}

/** One line: "20.0.7.1080 from parameter VERSION of the database". */
export function describeVersion(facts: TcxVersionFacts): string {
  return `3CX ${facts.version.text} from ${facts.from}${facts.disagreement ? `; the readings disagree: ${facts.disagreement}` : ''}`
}

export const versionSource: SourceDefinition<TcxVersionFacts> = {
  name: 'version',
  open: (ctx) => collectVersion(ctx),
  describe: describeVersion,
  info: {
    title: '3CX version',
    collect: (facts) => ({
      version: facts.version.text,
      major: facts.version.major,
      minor: facts.version.minor,
      build: facts.version.build,
      from: facts.from,
      ...(facts.disagreement ? {disagreement: facts.disagreement} : {}),
      readings: facts.readings.map((r) => (r.ok ? {origin: r.origin, from: r.from, version: r.raw} : {origin: r.origin, from: r.from, notAvailable: r.reason})),
    }),
  },
}

/**
 * The version for the report's target, after the checks ran: the version source's value
 * when a check opened it, else the readings of the console and database only when a
 * check already opened them (the report never logs in or connects just to say the
 * version), plus dpkg-query and the PE versions (bounded, local).
 */
export async function versionForReport(
  ctx: SourceContext & {sourceReports(): Promise<Array<{name: string; status: string}>>},
  origins: VersionOrigins = DEFAULT_ORIGINS,
): Promise<{ok: true; value: TcxVersionFacts} | {ok: false; reason: string}> {
  const status = new Map((await ctx.sourceReports()).map((r) => [r.name, r.status]))
  const notOpened = (origin: 'console' | 'db', from: string): VersionReading => ({
    origin,
    from,
    ok: false,
    reason: `not asked: no check in this run used the ${origin} source`,
  })
  try {
    if (status.get('version') === 'ok') return {ok: true, value: await ctx.use(versionSource)}
    return {
      ok: true,
      value: await collectVersion(ctx, {
        console: status.get('console') === 'ok' ? origins.console : async () => notOpened('console', 'SystemStatus.Version of the console'),
        db: status.get('db') === 'ok' ? origins.db : async () => notOpened('db', 'parameter VERSION of the database'),
        dpkg: origins.dpkg,
      }),
    }
  } catch (error) {
    return {ok: false, reason: errorMessage(error)}
  }
}
