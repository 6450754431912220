import {describe, expect, it} from 'vitest'
import {renderInfoText} from '../../../src/commands/info.js'

describe('info text', () => {
  it('lays out values: plain, none, lists inline, objects and lists of objects indented', () => {
    const text = renderInfoText([
      {
        title: 'Install',
        source: 'install',
        status: 'ok',
        facts: {a: 1, b: null, c: [], d: ['x', 'y'], e: {k: 'v', n: {m: 2}}, f: [{p: 1, q: ['r']}, {p: 2}]},
      },
      {title: 'Database', source: 'db', status: 'unavailable', facts: {}, error: 'connection refused'},
    ])
    expect(text).toBe(
      [
        'Install (source: install, ok)',
        '  a: 1',
        '  b: (none)',
        '  c: (none)',
        '  d: x, y',
        '  e:',
        '    k: v',
        '    n:',
        '      m: 2',
        '  f:',
        '    - ',
        '      p: 1',
        '      q: r',
        '    - ',
        '      p: 2',
        '',
        'Database (source: db, unavailable)',
        '  connection refused',
        '',
      ].join('\n'),
    )
  })

  it('shows control characters inertly', () => {
    const text = renderInfoText([{title: 'Install', source: 'install', status: 'ok', facts: {name: 'a\u001b[2Jb\u202Ec'}}])
    expect(text).toContain('  name: a\\e[2Jb\\u{202E}c')
  })

  it('a section with 200,000 keys, or deeply nested data, does not exhaust the stack', () => {
    const wide: Record<string, string> = {}
    for (let i = 0; i < 200_000; i++) wide[`Section${i}`] = 'x'
    const text = renderInfoText([{title: 'Install', source: 'install', status: 'ok', facts: {ini: wide}}])
    expect(text.split('\n')).toHaveLength(200_003)
    let deep: Record<string, unknown> = {leaf: 1}
    for (let i = 0; i < 10_000; i++) deep = {d: deep}
    const nested = renderInfoText([{title: 'Install', source: 'install', status: 'ok', facts: {deep}}])
    expect(nested).toContain('(nested too deep to show here; see info --json)')
  })
})
