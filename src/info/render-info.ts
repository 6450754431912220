/**
 * The text of `tcx-doctor info`: one YAML document (printed by the `yaml` library), so it can
 * be read by people and parsed back by tools. Its shape follows `info --json`:
 *
 *   Config file: /etc/tcx-doctor/config.json     (null, with "Config looked for:", when none)
 *
 *   # Install (source: install, ok)
 *   Install:
 *     installDir: /var/lib/3cxpbx
 *
 *   # Management console (source: console, unavailable)
 *   Management console:
 *     error: "login failed: ..."
 *
 * Each section is a key (its title) holding its facts, or `error` when the source was unavailable;
 * the comment above it names the source and the status. The values arrive redacted (withRun);
 * here every string and key is made inert (control and bidi characters shown as escapes,
 * lib/format.ts), and nesting deeper than MAX_DEPTH is cut (the JSON has it all).
 */
import {Document, isScalar, type Pair} from 'yaml'
import {inertLine, inertText} from '../lib/format.js'
import type {InfoSection} from './collect-info.js'

/** Deeper values are not shown in the text (the JSON has them). */
export const MAX_DEPTH = 32

export const TOO_DEEP = '(nested too deep to show here; see info --json)'

export const CONFIG_FILE_KEY = 'Config file'
export const CONFIG_LOOKED_KEY = 'Config looked for'

export interface InfoConfig {
  configFile: string | null
  configLookedIn: string[]
}

/** A copy of a fact value fit for the text: strings and keys inert, nesting cut at MAX_DEPTH. Maps keep any key (even "__proto__"). */
function shown(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return inertText(value)
  if (typeof value === 'bigint') return value.toString()
  if (value instanceof Date) return value.toISOString()
  if (value === null || typeof value !== 'object') return value
  if (depth >= MAX_DEPTH) return TOO_DEEP
  if (Array.isArray(value)) {
    const items: unknown[] = []
    for (const item of value) items.push(item === undefined ? null : shown(item, depth + 1))
    return items
  }
  const map = new Map<string, unknown>()
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    if (item !== undefined) map.set(inertText(key), shown(item, depth + 1))
  }
  return map
}

/** The section titles as keys: a title seen before gets " (2)", " (3)", ... so no key repeats. */
function uniqueTitles(sections: InfoSection[]): string[] {
  const seen = new Map<string, number>()
  return sections.map((section) => {
    const title = inertText(section.title)
    const count = (seen.get(title) ?? 0) + 1
    seen.set(title, count)
    return count === 1 ? title : `${title} (${count})`
  })
}

/** The YAML text of `info`: the config file used (when `config` is given), then one key per section. */
export function renderInfoText(sections: InfoSection[], config?: InfoConfig): string {
  const top = new Map<string, unknown>()
  if (config) {
    top.set(CONFIG_FILE_KEY, config.configFile === null ? null : inertText(config.configFile))
    if (config.configFile === null) top.set(CONFIG_LOOKED_KEY, config.configLookedIn.map((path) => inertText(path)))
  }
  const titles = uniqueTitles(sections)
  sections.forEach((section, i) => {
    top.set(titles[i]!, section.status === 'ok' ? shown(section.facts, 0) : new Map([['error', inertText(section.error ?? 'unavailable')]]))
  })
  const doc = new Document(top, {aliasDuplicateObjects: false})
  const pairs = (doc.contents as {items: Pair[]}).items
  sections.forEach((section, i) => {
    const key = pairs[(config ? pairs.length - sections.length : 0) + i]?.key
    if (!isScalar(key)) return
    key.commentBefore = ` ${inertLine(`${section.title} (source: ${section.source}, ${section.status})`)}`
    key.spaceBefore = config !== undefined || i > 0
  })
  return doc.toString({lineWidth: 0})
}
