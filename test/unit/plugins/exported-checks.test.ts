import {describe, expect, it} from 'vitest'
import {acceptChecks, descriptorOf, exportedChecks, type CheckDescriptor} from '../../../src/plugins/exported-checks.js'
import type {CheckDefinition} from '../../../src/engine/check.js'

const limits = {maxChecks: 3, maxDefinitionBytes: 2000}
const check = (id: string, extra: Record<string, unknown> = {}) => ({id, title: `T ${id}`, severity: 'minor', description: 'd', remediation: 'r', run: () => ({status: 'pass', summary: 'ok'}), ...extra})
const d = (id: string): CheckDescriptor => ({id, title: id, category: id.split('.')[0]!, severity: 'minor', description: 'd', remediation: 'r'})

describe('exportedChecks', () => {
  it('takes the default export, one check or a list, and fills the category from the id', () => {
    expect(exportedChecks({default: check('acme.one')}, 'p.js', limits).descriptors).toEqual([{id: 'acme.one', title: 'T acme.one', category: 'acme', severity: 'minor', description: 'd', remediation: 'r'}])
    expect(exportedChecks({default: [check('acme.one'), check('acme.two')]}, 'p.js', limits).checks.map((c) => c.id)).toEqual(['acme.one', 'acme.two'])
  })

  it('takes the checks export when there is no default', () => {
    const found = exportedChecks({checks: [check('acme.one')]}, 'p.js', limits)
    expect(found.checks).toHaveLength(1)
    expect(typeof found.checks[0]?.run).toBe('function')
    expect(found.problems).toEqual([])
  })

  it('says when a module exports nothing', () => {
    expect(exportedChecks({other: 1}, 'p.js', limits).problems).toEqual(['plugin p.js exports no checks (export default defineCheck({...}) or a list of them)'])
  })

  it('refuses a module with more checks than a plugin may have, whole', () => {
    const found = exportedChecks({default: [1, 2, 3, 4].map((n) => check(`acme.c${n}`))}, 'p.js', limits)
    expect(found.checks).toEqual([])
    expect(found.problems).toEqual(['plugin p.js exports 4 checks, more than the 3 a plugin may have; none of them were loaded'])
  })

  it('keeps the well-formed checks and names each malformed one', () => {
    const found = exportedChecks({default: [check('acme.one'), {id: 'half.done', run() {}}, null, check('Bad Id')]}, 'p.js', {...limits, maxChecks: 10})
    expect(found.checks.map((c) => c.id)).toEqual(['acme.one'])
    expect(found.problems).toHaveLength(3)
    expect(found.problems[0]).toMatch(/^plugin p\.js: check half\.done is malformed: title must be a non-empty string/)
    expect(found.problems[1]).toMatch(/^plugin p\.js: check \(no id\) is malformed: is not an object/)
    expect(found.problems[2]).toMatch(/^plugin p\.js: check Bad Id is malformed: id "Bad Id" is not of the form/)
  })

  it('refuses a definition too large or not plain data', () => {
    const big = exportedChecks({default: check('acme.big', {description: 'x'.repeat(5000)})}, 'p.js', limits)
    expect(big.problems).toEqual(['plugin p.js: check acme.big is malformed: its definition is 5 KiB of data, more than the 2 KiB a check may have'])
    const circular: Record<string, unknown> = {type: 'object', description: 'loops'}
    circular.properties = {self: circular}
    const odd = descriptorOf(check('acme.odd', {category: 'acme', options: {schema: {o: circular}, defaults: {o: {}}}}) as unknown as CheckDefinition, 2000)
    expect(odd).toBe('its definition is not plain JSON data')
  })
})

describe('acceptChecks', () => {
  it('refuses ids already taken, one by one, and takes the rest', () => {
    const taken = new Set(['install.ini-complete'])
    const {accepted, problems} = acceptChecks('p.js', [d('install.ini-complete'), d('acme.one'), d('acme.one')], taken, 10)
    expect(accepted.map((x) => x.id)).toEqual(['acme.one'])
    expect(problems).toEqual([
      "plugin p.js: check id install.ini-complete is already taken by another check; the plugin's copy was not loaded",
      "plugin p.js: check id acme.one is already taken by another check; the plugin's copy was not loaded",
    ])
    expect(taken.has('acme.one')).toBe(true)
  })

  it('refuses a plugin whole when its checks would pass the total limit', () => {
    const taken = new Set<string>()
    const {accepted, problems} = acceptChecks('p.js', [d('acme.one'), d('acme.two')], taken, 1)
    expect(accepted).toEqual([])
    expect(problems).toEqual(['plugin p.js: its 2 checks would pass the limit on plugin checks in one run (1 left); none of them were loaded'])
    expect(taken.size).toBe(0)
  })
})
