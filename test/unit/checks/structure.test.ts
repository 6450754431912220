/**
 * The shape every built-in check keeps (like eslint's rule-file checks): its file sits under
 * checks/<category>/<name>.ts for id <category>.<name>, a table test exists at
 * test/unit/checks/<category>/<name>.test.ts, its `docs` anchor exists, its options are declared
 * with a schema and a default for each, it declares what it needs on each of the four 3CX majors
 * (15, 16, 18, 20), and it imports only the public entry.
 */
import {existsSync, readFileSync, readdirSync} from 'node:fs'
import {join, relative} from 'node:path'
import {describe, expect, it} from 'vitest'
import {builtinChecks} from '../../../checks/index.js'
import {checkDefinitionProblems} from '../../../src/engine/check.js'
import {KNOWN_MAJORS} from '../../../src/engine/check-versions.js'
import {runCheck} from '../../helpers/check-tester.js'
import {versionFacts} from '../../helpers/tcx-version.js'

const ROOT = join(import.meta.dirname, '..', '..', '..')

/** GitHub's anchor of a Markdown heading: lower case, punctuation but `-` and `_` dropped, spaces to `-`. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/`/g, '')
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-')
}

function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>()
  for (const line of markdown.split('\n')) {
    const m = /^#{1,6}\s+(.*)$/.exec(line)
    if (m) anchors.add(anchorOf(m[1]!))
  }
  return anchors
}

const checkFiles = readdirSync(join(ROOT, 'checks'), {withFileTypes: true, recursive: true})
  .filter((e) => e.isFile() && e.name.endsWith('.ts') && e.parentPath !== join(ROOT, 'checks'))
  .map((e) => relative(join(ROOT, 'checks'), join(e.parentPath, e.name)).replace(/\\/g, '/'))

describe('built-in checks', () => {
  it('every file under checks/<category>/ is a listed check, and every listed check has its file', () => {
    const expected = builtinChecks.map((c) => `${c.id.split('.')[0]}/${c.id.split('.').slice(1).join('.')}.ts`).sort()
    expect(checkFiles.sort()).toEqual(expected)
  })

  for (const check of builtinChecks) {
    const [category, ...rest] = check.id.split('.')
    const name = rest.join('.')
    describe(check.id, () => {
      it('is a well-formed definition', () => {
        expect(checkDefinitionProblems(check)).toEqual([])
      })

      it(`has a table test at test/unit/checks/${category}/${name}.test.ts that uses the check tester`, () => {
        const path = join(ROOT, 'test', 'unit', 'checks', category!, `${name}.test.ts`)
        expect(existsSync(path), path).toBe(true)
        expect(readFileSync(path, 'utf8')).toMatch(/testCheck\(/)
      })

      it('links to a docs page and anchor that exist', () => {
        expect(check.docs, 'docs').toBeDefined()
        const [file, anchor] = check.docs!.split('#')
        const path = join(ROOT, file!)
        expect(existsSync(path), path).toBe(true)
        if (anchor !== undefined) expect([...anchorsOf(readFileSync(path, 'utf8'))]).toContain(anchor)
      })

      it('declares a schema with a description and a default for every option it has', () => {
        const spec = check.options
        if (!spec) return
        expect(Object.keys(spec.schema).sort()).toEqual(Object.keys(spec.defaults).sort())
        for (const [key, schema] of Object.entries(spec.schema)) expect((schema as {description?: string}).description, key).toBeTruthy()
      })

      it('declares all four 3CX majors in versions (applies, how it decides)', () => {
        expect(check.versions, 'versions').toBeDefined()
        expect(Object.keys(check.versions!).map(Number).sort((a, b) => a - b)).toEqual([...KNOWN_MAJORS])
        for (const major of KNOWN_MAJORS) expect(check.versions![major]!.decides.trim(), `v${major}`).not.toBe('')
      })

      it('does not skip for the version on a major it declares as applying, nor on a version tcx-doctor does not know', async () => {
        const SAMPLE: Record<number, string> = {15: '15.5.10244.4', 16: '16.0.7.1078', 18: '18.0.2.307', 20: '20.0.7.1080'}
        const applying = KNOWN_MAJORS.filter((m) => check.versions?.[m]?.applies !== 'no').map((m) => SAMPLE[m]!)
        for (const text of [...applying, '21.0.1.100']) {
          const result = await runCheck(check, {sources: {version: versionFacts(text)}})
          expect(result.summary, `${check.id} on ${text}`).not.toMatch(/^Not applicable: 3CX /)
        }
      })

      it('imports only the public entry and non-I/O built-ins', () => {
        const source = readFileSync(join(ROOT, 'checks', category!, `${name}.ts`), 'utf8')
        const imports = [...source.matchAll(/^import[^'"]*['"]([^'"]+)['"]/gm)].map((m) => m[1]!)
        for (const spec of imports) {
          const allowed = spec === '../../src/index.js' || spec.startsWith('./') || /^node:(path|url|util|crypto|assert)$/.test(spec)
          expect(allowed, `${check.id} imports ${spec}`).toBe(true)
        }
      })
    })
  }
})
