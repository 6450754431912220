import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {builtinChecks} from '../../../checks/index.js'
import {defineCheck, pass} from '../../../src/engine/check.js'
import {checksByPage, optionsBegin, optionsBlock, optionsEnd, withOptionsTables} from '../../../src/output/check-docs.js'
import {optionRows, optionsMarkdown, optionsText} from '../../../src/output/options-table.js'
import {ROOT} from '../../helpers/cli.js'

const drift = defineCheck<{warnSeconds: number; servers: string[]; mode: string}>({
  id: 'time.fixture-drift',
  title: 'Fixture drift',
  severity: 'minor',
  description: 'A check for the docs tests.',
  remediation: 'Nothing.',
  options: {
    schema: {
      warnSeconds: {type: 'number', description: 'warn above this offset | in seconds', minimum: 0.1, maximum: 3600},
      servers: {type: 'array', items: {type: 'string'}, maxItems: 4, description: 'NTP servers to ask'},
      mode: {type: 'string', enum: ['strict', 'lenient'], description: 'how to judge'},
    },
    defaults: {warnSeconds: 1, servers: ['127.0.0.1:123'], mode: 'strict'},
  },
  run: () => pass('fine'),
})
const plain = defineCheck({id: 'time.fixture-plain', title: 'Plain', severity: 'minor', description: 'd', remediation: 'r', run: () => pass('ok')})

const PAGE = `# time checks

## \`time.fixture-drift\`: fixture

Text about it.

## time.fixture-plain

Other text.
`

describe('options table', () => {
  it('has one row per option: name, type, default, range, description', () => {
    expect(optionRows(drift)).toEqual([
      {name: 'warnSeconds', type: 'number', default: '1', range: 'number, 0.1 to 3600', description: 'warn above this offset | in seconds'},
      {name: 'servers', type: 'string[]', default: '["127.0.0.1:123"]', range: 'list of strings, at most 4 items', description: 'NTP servers to ask'},
      {name: 'mode', type: 'string', default: '"strict"', range: 'string, one of strict, lenient', description: 'how to judge'},
    ])
    expect(optionRows(plain)).toEqual([])
  })

  it('as aligned text for explain, and as Markdown with | escaped', () => {
    const text = optionsText(drift)
    expect(text[0]).toMatch(/^option +type +default +allowed +description$/)
    expect(text[1]).toMatch(/^warnSeconds +number +1 +number, 0\.1 to 3600 +warn above/)
    expect(new Set(text.map((l) => l.indexOf(l.split(/ {2,}/)[1]!))).size).toBe(1)
    const md = optionsMarkdown(drift)
    expect(md.split('\n')[0]).toBe('| option | type | default | allowed | description |')
    expect(md).toContain('| `warnSeconds` | number | `1` | number, 0.1 to 3600 | warn above this offset \\| in seconds |')
    expect(optionsMarkdown(plain)).toBe('This check has no options.\n')
  })
})

describe('withOptionsTables', () => {
  it('adds the block at the end of the check section the first time, and only for checks with options', () => {
    const {page, missing} = withOptionsTables(PAGE, [drift, plain])
    expect(missing).toEqual([])
    expect(page).toBe(PAGE.replace('Text about it.\n', `Text about it.\n\n${optionsBlock(drift)}\n`))
    expect(page).not.toContain(optionsBegin(plain.id))
  })

  it('is idempotent, and replaces a stale block in place', () => {
    const once = withOptionsTables(PAGE, [drift]).page
    expect(withOptionsTables(once, [drift]).page).toBe(once)
    const stale = once.replace('warn above this offset', 'an old description')
    expect(stale).not.toBe(once)
    expect(withOptionsTables(stale, [drift]).page).toBe(once)
  })

  it('names a check whose page has no section for it', () => {
    const {missing} = withOptionsTables('# time checks\n', [drift])
    expect(missing).toEqual(['time.fixture-drift'])
  })

  it('adds a block at the end of the last section too', () => {
    const page = withOptionsTables('# t\n\n## time.fixture-drift\n\nlast', [drift]).page
    expect(page).toBe(`# t\n\n## time.fixture-drift\n\nlast\n\n${optionsBlock(drift)}\n`)
    expect(page.trimEnd().endsWith(optionsEnd(drift.id))).toBe(true)
  })
})

describe('docs/checks pages are up to date (run `npm run docs` when this fails)', () => {
  it('every built-in check with options has its current table on its page', () => {
    for (const [page, checks] of checksByPage(builtinChecks)) {
      if (!checks.some((c) => c.options)) continue
      const text = readFileSync(join(ROOT, 'docs', 'checks', page), 'utf8')
      const refreshed = withOptionsTables(text, checks)
      expect(refreshed.missing, page).toEqual([])
      expect(text, `docs/checks/${page} is out of date: run npm run docs`).toBe(refreshed.page)
    }
  })
})
