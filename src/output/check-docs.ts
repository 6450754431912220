/**
 * The generated parts of the docs, each between two markers, written by `npm run docs` from the
 * checks' own declarations (a unit test fails when one is out of date):
 *  - on each check's page under docs/checks/<category>.md: its options table (the same rows as
 *    `explain`) and its version notes (the `versions` declaration, one row per 3CX major);
 *  - in README.md: the compatibility table, check x 3CX version.
 */
import type {Check} from '../engine/check.js'
import {KNOWN_MAJORS, majorLabel, type TcxMajor, type VersionNote} from '../engine/check-versions.js'
import {optionsMarkdown} from './options-table.js'

export const optionsBegin = (id: string): string => `<!-- options:${id} (written by npm run docs from the check's schema; do not edit) -->`
export const optionsEnd = (id: string): string => `<!-- /options:${id} -->`

/** The block for one check: the markers around a heading line and the table. */
export function optionsBlock(check: Check): string {
  return `${optionsBegin(check.id)}\n**Options** (config file, under \`checks."${check.id}"\`):\n\n${optionsMarkdown(check)}${optionsEnd(check.id)}`
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** One kind of generated block on a check's section: its markers, its text, and which checks have one. */
interface BlockKind {
  begin(id: string): string
  end(id: string): string
  block(check: Check): string
  wanted(check: Check): boolean
}

/**
 * The page with the block of every wanted check refreshed in place, or (the first time) added at
 * the end of the check's section (`## ... <id> ...` up to the next `## `). A check without a
 * section on the page is named in `missing`.
 */
function withBlocks(page: string, checks: readonly Check[], kind: BlockKind): {page: string; missing: string[]} {
  let text = page
  const missing: string[] = []
  for (const check of checks.filter(kind.wanted)) {
    const block = kind.block(check)
    const existing = new RegExp(`${escapeRegExp(kind.begin(check.id))}[\\s\\S]*?${escapeRegExp(kind.end(check.id))}`)
    if (existing.test(text)) {
      text = text.replace(existing, () => block)
      continue
    }
    const heading = new RegExp(`^## .*\`?${escapeRegExp(check.id)}\`?.*$`, 'm').exec(text)
    if (!heading) {
      missing.push(check.id)
      continue
    }
    const after = heading.index + heading[0].length
    const next = text.slice(after).search(/^## /m)
    const end = next < 0 ? text.length : after + next
    const before = text.slice(0, end).replace(/\n*$/, '')
    text = `${before}\n\n${block}\n${next < 0 ? '' : '\n'}${text.slice(end)}`
  }
  return {page: text, missing}
}

/** The page with the options table of every check that declares options (see withBlocks). */
export function withOptionsTables(page: string, checks: readonly Check[]): {page: string; missing: string[]} {
  return withBlocks(page, checks, {begin: optionsBegin, end: optionsEnd, block: optionsBlock, wanted: (c) => c.options !== undefined})
}

export const versionsBegin = (id: string): string => `<!-- versions:${id} (written by npm run docs from the check's versions declaration; do not edit) -->`
export const versionsEnd = (id: string): string => `<!-- /versions:${id} -->`

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ')

/** The majors a check declares, in order. */
const declared = (check: Check): Array<[TcxMajor, VersionNote]> =>
  KNOWN_MAJORS.flatMap((major) => {
    const note = check.versions?.[major]
    return note ? [[major, note] as [TcxMajor, VersionNote]] : []
  })

/** The version notes of one check: a row per declared 3CX major, between the markers. */
export function versionsBlock(check: Check): string {
  const rows = declared(check).map(
    ([major, note]) => `| ${majorLabel(major)} | ${note.applies} | ${cell(note.decides)} | ${note.cannotTell ? cell(note.cannotTell) : '-'} | ${note.sure ?? '-'} |`,
  )
  const missing = KNOWN_MAJORS.filter((m) => !check.versions?.[m]).map(majorLabel)
  const gap = missing.length > 0 ? `\nNot declared for ${missing.join(', ')}: the check runs there as on the others.\n` : ''
  return (
    `${versionsBegin(check.id)}\n**3CX versions** (how sure: the marks of VERSIONS.md; a version tcx-doctor does not know runs the check):\n\n` +
    `| 3CX | applies | how it decides | what it cannot tell | how sure |\n|---|---|---|---|---|\n${rows.join('\n')}\n${gap}${versionsEnd(check.id)}`
  )
}

/** The page with the version notes of every check that declares versions (see withBlocks). */
export function withVersionNotes(page: string, checks: readonly Check[]): {page: string; missing: string[]} {
  return withBlocks(page, checks, {begin: versionsBegin, end: versionsEnd, block: versionsBlock, wanted: (c) => c.versions !== undefined})
}

/** Both generated blocks of a page: the options tables, then the version notes. */
export function withCheckBlocks(page: string, checks: readonly Check[]): {page: string; missing: string[]} {
  const options = withOptionsTables(page, checks)
  const versions = withVersionNotes(options.page, checks)
  return {page: versions.page, missing: [...new Set([...options.missing, ...versions.missing])]}
}

export const COMPAT_BEGIN = "<!-- compatibility (written by npm run docs from the checks' versions declarations; do not edit) -->"
export const COMPAT_END = '<!-- /compatibility -->'

const APPLIES_MARK = {yes: 'yes', partly: '**partly**', no: '**no**'} as const

/** One cell: "yes: how it decides", the mark when it is not confirmed, and what it cannot tell. */
function compatCell(note: VersionNote | undefined): string {
  if (!note) return 'not declared'
  const sure = note.sure === 'reported' || note.sure === 'unknown' ? ` [${note.sure}]` : ''
  const cannot = note.cannotTell ? `<br>*cannot tell:* ${cell(note.cannotTell)}` : ''
  return `${APPLIES_MARK[note.applies]}: ${cell(note.decides)}${sure}${cannot}`
}

/** The link of a check's id to its docs page (relative to the repository root), or the bare id. */
const checkLink = (check: Check): string => (check.docs && !/^[a-z]+:/i.test(check.docs) ? `[\`${check.id}\`](${check.docs})` : `\`${check.id}\``)

/** The README's compatibility table: one row per check, one column per 3CX major. */
export function compatibilityTable(checks: readonly Check[]): string {
  const header = `| check | ${KNOWN_MAJORS.map(majorLabel).join(' | ')} |\n|---|${KNOWN_MAJORS.map(() => '---').join('|')}|\n`
  const rows = checks.map((check) => `| ${checkLink(check)} | ${KNOWN_MAJORS.map((m) => compatCell(check.versions?.[m])).join(' | ')} |`)
  return (
    `${COMPAT_BEGIN}\n${header}${rows.join('\n')}\n\n` +
    'yes: runs and decides as said; **partly**: runs but can tell less there; **no**: skips with the reason and the version it saw. ' +
    '[reported]: one source; [unknown]: not seen on a real server, probed and said. A version tcx-doctor does not know never makes a check skip.\n' +
    COMPAT_END
  )
}

/** The README with its compatibility table refreshed between the markers; `found` is false when the markers are missing. */
export function withCompatibilityTable(readme: string, checks: readonly Check[]): {text: string; found: boolean} {
  const existing = new RegExp(`${escapeRegExp(COMPAT_BEGIN)}[\\s\\S]*?${escapeRegExp(COMPAT_END)}`)
  if (!existing.test(readme)) return {text: readme, found: false}
  const table = compatibilityTable(checks)
  return {text: readme.replace(existing, () => table), found: true}
}

/** The checks by the page they belong on: docs/checks/<category>.md. */
export function checksByPage(checks: readonly Check[]): Map<string, Check[]> {
  const pages = new Map<string, Check[]>()
  for (const check of checks) pages.set(`${check.category}.md`, [...(pages.get(`${check.category}.md`) ?? []), check])
  return pages
}
