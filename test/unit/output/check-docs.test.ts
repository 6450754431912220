import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {builtinChecks} from '../../../checks/index.js'
import {defineCheck, pass} from '../../../src/engine/check.js'
import {
  COMPAT_BEGIN,
  COMPAT_END,
  checksByPage,
  compatibilityTable,
  optionsBegin,
  optionsBlock,
  optionsEnd,
  versionsBegin,
  versionsBlock,
  withCheckBlocks,
  withCompatibilityTable,
  withOptionsTables,
  withVersionNotes,
} from '../../../src/output/check-docs.js'
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
const versioned = defineCheck({
  id: 'time.fixture-versions',
  title: 'Versioned',
  severity: 'minor',
  description: 'd',
  remediation: 'r',
  docs: 'docs/checks/time.md#timefixture-versions',
  versions: {
    15: {applies: 'yes', decides: 'the console | Now', sure: 'confirmed'},
    16: {applies: 'yes', decides: 'as v15.5', sure: 'reported'},
    20: {applies: 'partly', decides: 'ServerNow of an active call', cannotTell: 'the time of an idle PBX', sure: 'unknown'},
  },
  run: () => pass('ok'),
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

describe('version notes on a check page', () => {
  it('has one row per declared major, in order, with | escaped, and names the majors left out', () => {
    const block = versionsBlock(versioned)
    expect(block.startsWith(versionsBegin(versioned.id))).toBe(true)
    const rows = block.split('\n').filter((l) => l.startsWith('| v'))
    expect(rows).toEqual([
      '| v15.5 | yes | the console \\| Now | - | confirmed |',
      '| v16 | yes | as v15.5 | - | reported |',
      '| v20 | partly | ServerNow of an active call | the time of an idle PBX | unknown |',
    ])
    expect(block).toContain('Not declared for v18: the check runs there as on the others.')
  })

  it('goes after the options table the first time, only for checks that declare versions, and is idempotent', () => {
    const page = `# time\n\n## time.fixture-drift\n\nText.\n\n## time.fixture-versions\n\nMore.\n\n## time.fixture-plain\n\nOther.\n`
    const once = withCheckBlocks(page, [drift, versioned, plain])
    expect(once.missing).toEqual([])
    expect(once.page).toBe(page.replace('More.\n', `More.\n\n${versionsBlock(versioned)}\n`).replace('Text.\n', `Text.\n\n${optionsBlock(drift)}\n`))
    expect(withCheckBlocks(once.page, [drift, versioned, plain]).page).toBe(once.page)
    expect(withVersionNotes(once.page.replace('ServerNow of an active call', 'stale'), [versioned]).page).toBe(once.page)
  })

  it('names a check whose page has no section for its notes', () => {
    expect(withVersionNotes('# time\n', [versioned, plain]).missing).toEqual(['time.fixture-versions'])
  })
})

describe('compatibility table', () => {
  it('has a row per check and a column per major: applies, how it decides, the mark when not confirmed, what it cannot tell', () => {
    const table = compatibilityTable([versioned, plain])
    const lines = table.split('\n')
    expect(lines[0]).toBe(COMPAT_BEGIN)
    expect(lines[1]).toBe('| check | v15.5 | v16 | v18 | v20 |')
    expect(lines[3]).toBe(
      '| [`time.fixture-versions`](docs/checks/time.md#timefixture-versions) | yes: the console \\| Now | yes: as v15.5 [reported] | not declared | ' +
        '**partly**: ServerNow of an active call [unknown]<br>*cannot tell:* the time of an idle PBX |',
    )
    expect(lines[4]).toBe('| `time.fixture-plain` | not declared | not declared | not declared | not declared |')
    expect(lines.at(-1)).toBe(COMPAT_END)
  })

  it('is replaced between the markers only, and says when the markers are missing', () => {
    const readme = `# r\n\nbefore\n\n${COMPAT_BEGIN}\nold table\n${COMPAT_END}\n\nafter\n`
    const {text, found} = withCompatibilityTable(readme, [versioned])
    expect(found).toBe(true)
    expect(text).toBe(`# r\n\nbefore\n\n${compatibilityTable([versioned])}\n\nafter\n`)
    expect(withCompatibilityTable(text, [versioned]).text).toBe(text)
    expect(withCompatibilityTable('# r\n', [versioned])).toEqual({text: '# r\n', found: false})
  })
})

describe('docs/checks pages are up to date (run `npm run docs` when this fails)', () => {
  it('every built-in check with options or versions has its current tables on its page', () => {
    for (const [page, checks] of checksByPage(builtinChecks)) {
      if (!checks.some((c) => c.options || c.versions)) continue
      const text = readFileSync(join(ROOT, 'docs', 'checks', page), 'utf8')
      const refreshed = withCheckBlocks(text, checks)
      expect(refreshed.missing, page).toEqual([])
      expect(text, `docs/checks/${page} is out of date: run npm run docs`).toBe(refreshed.page)
    }
  })

  it('README.md has the current compatibility table of the built-in checks', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
    const refreshed = withCompatibilityTable(readme, builtinChecks)
    expect(refreshed.found, `README.md has no ${COMPAT_BEGIN} ... ${COMPAT_END} markers`).toBe(true)
    expect(readme, 'README.md is out of date: run npm run docs').toBe(refreshed.text)
  })
})
