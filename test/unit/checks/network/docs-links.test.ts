/**
 * Every `docs` link of the network and trunk checks points at a heading that
 * exists in docs/checks/*.md, by GitHub's anchor rules (lower case, punctuation
 * but `-` and `_` dropped, spaces to `-`, repeats numbered -1, -2, ...).
 */
import {readFileSync} from 'node:fs'
import {join, resolve} from 'node:path'
import {describe, expect, it} from 'vitest'
import consoleReachable from '../../../../checks/network/console-reachable.js'
import ipChanged from '../../../../checks/network/ip-changed.js'
import multipleNics from '../../../../checks/network/multiple-nics.js'
import loopbackRegistration from '../../../../checks/trunk/loopback-registration.js'

const ROOT = resolve(import.meta.dirname, '..', '..', '..', '..')

/** The anchors GitHub gives the headings of a Markdown text. */
function githubAnchors(markdown: string): string[] {
  const seen = new Map<string, number>()
  const anchors: string[] = []
  let fenced = false
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced
    const m = fenced ? null : /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)
    if (!m) continue
    const base = m[1]!
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-')
    const n = seen.get(base) ?? 0
    seen.set(base, n + 1)
    anchors.push(n === 0 ? base : `${base}-${n}`)
  }
  return anchors
}

describe('docs links', () => {
  it('GitHub anchor rules', () => {
    expect(githubAnchors('# `network.ip-changed`: IP address unchanged\n## A (b), c!\n## A (b), c!\n```\n# not a heading\n```')).toEqual([
      'networkip-changed-ip-address-unchanged',
      'a-b-c',
      'a-b-c-1',
    ])
  })

  for (const check of [multipleNics, ipChanged, consoleReachable, loopbackRegistration]) {
    it(`${check.id}: ${check.docs}`, () => {
      const [file, anchor] = String(check.docs).split('#')
      expect(anchor, 'the link names a section').toBeTruthy()
      expect(githubAnchors(readFileSync(join(ROOT, file!), 'utf8'))).toContain(anchor)
    })
  }
})
