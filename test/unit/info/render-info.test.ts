import {describe, expect, it} from 'vitest'
import {parse} from 'yaml'
import type {InfoSection} from '../../../src/info/collect-info.js'
import {renderInfoText, TOO_DEEP} from '../../../src/info/render-info.js'

const SECTIONS: InfoSection[] = [
  {
    title: 'Install',
    source: 'install',
    status: 'ok',
    facts: {a: 1, b: null, c: [], d: ['x', 'y'], e: {k: 'v', n: {m: 2}}, f: [{p: 1, q: ['r']}, {p: 2}], flag: 'true', num: '5485', colon: 'api: v20', star: '********', empty: ''},
  },
  {title: 'Database', source: 'db', status: 'unavailable', facts: {}, error: 'connection refused: 127.0.0.1:5480'},
]

describe('info text (YAML)', () => {
  it('lays out sections as YAML: lists as "- item", the source and status in a comment above each', () => {
    expect(renderInfoText(SECTIONS)).toBe(
      [
        '# Install (source: install, ok)',
        'Install:',
        '  a: 1',
        '  b: null',
        '  c: []',
        '  d:',
        '    - x',
        '    - y',
        '  e:',
        '    k: v',
        '    n:',
        '      m: 2',
        '  f:',
        '    - p: 1',
        '      q:',
        '        - r',
        '    - p: 2',
        '  flag: "true"',
        '  num: "5485"',
        '  colon: "api: v20"',
        '  star: "********"',
        '  empty: ""',
        '',
        '# Database (source: db, unavailable)',
        'Database:',
        '  error: "connection refused: 127.0.0.1:5480"',
        '',
      ].join('\n'),
    )
    expect(renderInfoText(SECTIONS).split('\n').some((line) => /^\s*-\s*$/.test(line))).toBe(false)
  })

  it('parses back to what info --json holds: the config file, each section\'s facts, or its error', () => {
    const config = {configFile: null, configLookedIn: ['/work/tcx-doctor.config.json', '/etc/tcx-doctor/config.json']}
    const parsed = parse(renderInfoText(SECTIONS, config)) as Record<string, unknown>
    expect(parsed['Config file']).toBeNull()
    expect(parsed['Config looked for']).toEqual(config.configLookedIn)
    expect(parsed.Install).toEqual(SECTIONS[0]!.facts)
    expect(parsed.Database).toEqual({error: SECTIONS[1]!.error})
    const found = renderInfoText(SECTIONS, {configFile: '/etc/tcx-doctor/config.json', configLookedIn: []})
    expect(found.split('\n')[0]).toBe('Config file: /etc/tcx-doctor/config.json')
    expect(parse(found)).not.toHaveProperty(['Config looked for'])
  })

  it('keeps long values on one line, repeated objects written out (no anchors), odd keys quoted, and repeated titles apart', () => {
    const long = 'x'.repeat(300)
    const shared = {k: 'v'}
    const text = renderInfoText([
      {title: 'A', source: 'a', status: 'ok', facts: {long, one: shared, two: shared, 'key: with colon': 1, '- dash': 2, __proto__x: 3}},
      {title: 'A', source: 'b', status: 'ok', facts: {z: 1}},
    ])
    expect(text).toContain(`  long: ${long}\n`)
    expect(text).not.toMatch(/[&*]a\d/)
    const parsed = parse(text) as Record<string, Record<string, unknown>>
    expect(parsed.A).toEqual({long, one: shared, two: shared, 'key: with colon': 1, '- dash': 2, __proto__x: 3})
    expect(parsed['A (2)']).toEqual({z: 1})
  })

  it('keeps a key named __proto__ as a key', () => {
    const facts = JSON.parse('{"__proto__": {"polluted": "yes"}, "ok": 1}') as Record<string, unknown>
    const text = renderInfoText([{title: 'Install', source: 'install', status: 'ok', facts}])
    expect(text).toContain('  __proto__:\n    polluted: yes\n')
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('shows control and bidi characters inertly, in values, keys, titles and errors, and stays valid YAML', () => {
    const text = renderInfoText([
      {title: 'Install\u001b[2J', source: 'install', status: 'ok', facts: {name: 'a\u001b[2Jb\u202Ec', 'k\u0007': 'tab\there'}},
      {title: 'Database', source: 'db', status: 'unavailable', facts: {}, error: 'bad\u001b[31m\nsecond line'},
    ])
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f\u202e]/)
    expect(text).toContain('  name: a\\e[2Jb\\u{202E}c')
    expect(text).toContain('# Install\\e[2J (source: install, ok)')
    const parsed = parse(text) as Record<string, Record<string, unknown>>
    expect(parsed['Install\\e[2J']).toEqual({name: 'a\\e[2Jb\\u{202E}c', 'k\\a': 'tab\there'})
    expect(parsed.Database).toEqual({error: 'bad\\e[31m\nsecond line'})
  })

  it('a section with 200,000 keys, or deeply nested data, does not exhaust the stack', () => {
    const wide: Record<string, string> = {}
    for (let i = 0; i < 200_000; i++) wide[`Section${i}`] = 'x'
    const text = renderInfoText([{title: 'Install', source: 'install', status: 'ok', facts: {ini: wide}}])
    // The comment, "Install:", "  ini:", one line per key, and the final newline.
    expect(text.split('\n')).toHaveLength(200_004)
    expect(text).toContain('\n    Section199999: x\n')
    let deep: Record<string, unknown> = {leaf: 1}
    for (let i = 0; i < 10_000; i++) deep = {d: deep}
    const nested = renderInfoText([{title: 'Install', source: 'install', status: 'ok', facts: {deep}}])
    expect(nested).toContain(`d: ${TOO_DEEP}`)
    expect(() => parse(nested)).not.toThrow()
    // The yaml library takes some seconds for 200,000 keys on a busy machine: the limit is generous, the result is what is tested.
  }, 120_000)
})
