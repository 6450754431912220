import {join} from 'node:path'
import {
  DEBIAN_SDK_DIR,
  DEFAULT_BUFFER_SIZE,
  binaryIn,
  compareVersions,
  defineCheck,
  fail,
  installSource,
  isPeFileError,
  parseVersion,
  pass,
  peSource,
  skip,
  table,
  warn,
  versionSkipReason,
  versionSource,
  type CheckVersions,
  type StringHit,
} from '../../src/index.js'

export const NEEDLE = 'sip_dialog_set_id'
export const FILES = ['MyPhoneServer.dll', 'VCEWebRTCNet.dll']
/** The first build known to attach the SIP dialog id [reported: 15.5.10244 has it, 15.5.1694 not]. */
export const FIRST_BUILD = '15.5.10244'

interface FileFinding {
  path: string
  fileVersion?: string
  productVersion?: string
  productName?: string
  format?: string
  versionProblem?: string
  literal: StringHit[]
  identifier: StringHit[]
  other: StringHit[]
  problem?: string
}

const hex = (n: number): string => `0x${n.toString(16)}`
const places = (hits: StringHit[]): string => hits.map((h) => `${h.heap ?? h.section ?? 'file'} at ${hex(h.offset)}`).join(', ')

function describe(f: FileFinding): string {
  const version = f.fileVersion ? `file version ${f.fileVersion} (${f.format})` : `version unknown (${f.versionProblem ?? 'not read'})`
  if (f.problem) return `${f.path}: ${f.problem}`
  if (f.literal.length > 0) return `${f.path}: ${version}; "${NEEDLE}" is a string literal in the #US heap (${places(f.literal)})`
  if (f.identifier.length > 0) return `${f.path}: ${version}; "${NEEDLE}" only as a type or member name in #Strings (${places(f.identifier)}), not as a literal`
  if (f.other.length > 0) return `${f.path}: ${version}; "${NEEDLE}" only outside the #US heap (${places(f.other)})`
  return `${f.path}: ${version}; "${NEEDLE}" not found (neither UTF-16LE nor UTF-8)`
}

/** What the check needs per 3CX version; on v20 (no .NET Call Control API) it skips, naming the version seen. */
const VERSIONS: CheckVersions = {
  15: {applies: 'yes', decides: 'literal sip_dialog_set_id in MyPhoneServer.dll / VCEWebRTCNet.dll (#US heap); 15.5.10244 has it, 1694 not', sure: 'confirmed'},
  16: {applies: 'yes', decides: 'same scan of the shared Bin', cannotTell: 'whether every v16 build has the literal: no v16 file was examined', sure: 'unknown'},
  18: {applies: 'yes', decides: 'same scan of the shared Bin and /usr/lib/3cxpbx', cannotTell: 'whether every v18 build has the literal: no v18 file was examined', sure: 'unknown'},
  20: {applies: 'no', decides: 'v20 has no .NET Call Control API, so no AttachedData carries the SIP dialog id', sure: 'reported'},
}

/**
 * build.sip-dialog-set-id: does this 3CX build put the SIP dialog id into
 * ActiveConnection.AttachedData["sip_dialog_set_id"]? Only later 15.5 builds do.
 * A string literal lives UTF-16LE in a .NET assembly's #US heap; a member of the
 * same name lives UTF-8 in #Strings. A plain grep both misses the first and is
 * fooled by the second, so the pe source says which heap each hit is in.
 */
export default defineCheck({
  id: 'build.sip-dialog-set-id',
  title: 'The 3CX build attaches sip_dialog_set_id to calls',
  severity: 'minor',
  description:
    'Scans MyPhoneServer.dll and VCEWebRTCNet.dll in the shared Bin folder (and /usr/lib/3cxpbx on Debian) for the string literal ' +
    '"sip_dialog_set_id". Builds that have it put the SIP dialog id into ActiveConnection.AttachedData, which is how a Call Control API ' +
    'application links a PJSIP (or other SIP stack) call to the 3CX call. 15.5.10244 has it; 15.5.1694 does not.',
  remediation:
    'Update 3CX to 15.5.10244 or later (Updates in the management console) if your application needs AttachedData["sip_dialog_set_id"]; ' +
    'until then match calls another way (caller number and time). If the files are damaged, repair the 3CX install.',
  docs: 'docs/checks/build.md',
  sources: ['install', 'pe'],
  versions: VERSIONS,
  async appliesTo(ctx) {
    const seen = await ctx.tryUse(versionSource)
    return versionSkipReason(VERSIONS, seen.ok ? seen.value : undefined)
  },
  timeoutMs: 30_000,
  options: {
    schema: {
      bufferSize: {
        type: 'integer',
        description: 'Bytes the string scanner reads at a time (one reused buffer; below 64 KiB it uses 64 KiB).',
        minimum: 1,
        maximum: 16 * 1024 * 1024,
      },
    },
    defaults: {bufferSize: DEFAULT_BUFFER_SIZE},
  },
  async run(ctx) {
    const install = await ctx.use(installSource)
    const pe = await ctx.use(peSource)
    const dirs = [...new Set([install.sharedBinDir, ...install.extraBinDirs, ...(install.layout === 'debian' ? [DEBIAN_SDK_DIR] : [])])]
    const tried = dirs.flatMap((dir) => FILES.map((name) => join(dir, name)))
    // The install source lists its binary folders; a name there may still be a FIFO or folder, which pe refuses in one line.
    const present = dirs.flatMap((dir) => FILES.map((name) => binaryIn(install, dir, name))).filter((p): p is string => p !== undefined)
    if (present.length === 0) {
      return skip(`Neither ${FILES.join(' nor ')} was found, so the build cannot be told from them.`, {
        details: [`Looked for: ${tried.join(', ')}.`, 'Give the 3CX folder with --install-dir if it is elsewhere.'],
        evidence: {tried},
      })
    }
    const {bufferSize} = ctx.options
    const findings: FileFinding[] = []
    for (const path of present) {
      const finding: FileFinding = {path, literal: [], identifier: [], other: []}
      try {
        const v = await pe.version(path)
        finding.fileVersion = v.fileVersion
        finding.productVersion = v.strings.ProductVersion ?? v.productVersion
        if (v.strings.ProductName !== undefined) finding.productName = v.strings.ProductName
        finding.format = v.format
      } catch (error) {
        if (!isPeFileError(error)) throw error
        finding.versionProblem = error.message
      }
      try {
        const search = await pe.findString(path, NEEDLE, {signal: ctx.signal, bufferSize})
        finding.format ??= search.format
        for (const hit of search.hits) finding[hit.kind].push(hit)
        if (search.dotnet === null) finding.problem = `${path} is a ${search.format} file but not a .NET assembly, so it cannot hold the literal; is it the real 3CX file?`
      } catch (error) {
        if (!isPeFileError(error)) throw error
        finding.problem = error.message
      }
      findings.push(finding)
    }

    const details = findings.map(describe)
    const evidence = {
      files: findings.map((f) => ({
        path: f.path,
        fileVersion: f.fileVersion ?? null,
        productVersion: f.productVersion ?? null,
        productName: f.productName ?? null,
        format: f.format ?? null,
        literalIn: f.literal.map((h) => `${h.heap} at ${hex(h.offset)}`),
        memberNameIn: f.identifier.map((h) => `${h.heap} at ${hex(h.offset)}`),
        elsewhere: f.other.map((h) => `${h.heap ?? h.section ?? 'file'} at ${hex(h.offset)} (${h.encoding})`),
        problem: f.problem ?? f.versionProblem ?? null,
      })),
      tried,
    }
    const tables = [
      table(
        `"${NEEDLE}" in the 3CX binaries`,
        ['file', 'file version', 'string literal (#US)', 'member name (#Strings)', 'elsewhere', 'problem'],
        findings.map((f) => [
          f.path,
          f.fileVersion ?? null,
          f.literal.length > 0 ? places(f.literal) : 'no',
          f.identifier.length > 0 ? places(f.identifier) : 'no',
          f.other.length > 0 ? places(f.other) : 'no',
          f.problem ?? f.versionProblem ?? null,
        ]),
      ),
    ]
    const withLiteral = findings.filter((f) => f.literal.length > 0)
    if (withLiteral.length > 0) {
      const f = withLiteral[0]!
      return pass(`"${NEEDLE}" is a string literal in ${f.path}${f.fileVersion ? ` (build ${f.fileVersion})` : ''}: calls carry the SIP dialog id in ActiveConnection.AttachedData.`, {
        details,
        evidence,
        tables,
      })
    }
    const readable = findings.filter((f) => f.problem === undefined)
    if (readable.length === 0) {
      return warn(`Could not tell whether this 3CX build attaches "${NEEDLE}": ${findings.map((f) => f.problem).join('; ')}`, {details, evidence, tables})
    }
    const main = readable.find((f) => f.path.endsWith('MyPhoneServer.dll')) ?? readable[0]!
    const build = main.fileVersion ?? 'of unknown version'
    const first = parseVersion(FIRST_BUILD)!
    const newEnough = readable.filter((f) => {
      const v = parseVersion(f.fileVersion)
      return v !== undefined && compareVersions(v, first) >= 0
    })
    const asMember = readable.filter((f) => f.identifier.length > 0)
    if (asMember.length > 0) {
      return warn(
        `Inconclusive: "${NEEDLE}" appears in ${asMember.map((f) => f.path).join(', ')} only as a type or member name, not as the string literal that AttachedData uses (build ${build}).`,
        {details: [...details, 'A member of that name does not mean AttachedData carries the key; test with a live call, or update to 15.5.10244 or later.'], evidence, tables},
      )
    }
    if (newEnough.length > 0) {
      return warn(
        `The version of ${newEnough[0]!.path} says ${newEnough[0]!.fileVersion} (15.5.10244 or later) yet the literal "${NEEDLE}" is absent: the file may be patched, obfuscated or not the real 3CX file.`,
        {details, evidence, tables},
      )
    }
    return fail(
      `This 3CX build (${build}) does not attach "${NEEDLE}": ActiveConnection.AttachedData will not carry the SIP dialog id, so a PJSIP call cannot be matched to a 3CX call.`,
      {details: [...details, `Builds ${FIRST_BUILD} and later have it: update 3CX.`], evidence, tables},
    )
  },
})
