/**
 * The options table of each check on its page under docs/checks/<category>.md, between two
 * markers, generated from the check's declared schema (the same rows as `explain`). `npm run docs`
 * writes it; a unit test fails when a page is out of date.
 */
import type {Check} from '../engine/check.js'
import {optionsMarkdown} from './options-table.js'

export const optionsBegin = (id: string): string => `<!-- options:${id} (written by npm run docs from the check's schema; do not edit) -->`
export const optionsEnd = (id: string): string => `<!-- /options:${id} -->`

/** The block for one check: the markers around a heading line and the table. */
export function optionsBlock(check: Check): string {
  return `${optionsBegin(check.id)}\n**Options** (config file, under \`checks."${check.id}"\`):\n\n${optionsMarkdown(check)}${optionsEnd(check.id)}`
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/**
 * The page with the block of every check that declares options refreshed in place, or (the first
 * time) added at the end of the check's section (`## ... <id> ...` up to the next `## `).
 * A check without a section on the page is named in `missing`.
 */
export function withOptionsTables(page: string, checks: readonly Check[]): {page: string; missing: string[]} {
  let text = page
  const missing: string[] = []
  for (const check of checks.filter((c) => c.options !== undefined)) {
    const block = optionsBlock(check)
    const existing = new RegExp(`${escapeRegExp(optionsBegin(check.id))}[\\s\\S]*?${escapeRegExp(optionsEnd(check.id))}`)
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

/** The checks by the page they belong on: docs/checks/<category>.md. */
export function checksByPage(checks: readonly Check[]): Map<string, Check[]> {
  const pages = new Map<string, Check[]>()
  for (const check of checks) pages.set(`${check.category}.md`, [...(pages.get(`${check.category}.md`) ?? []), check])
  return pages
}
