import {describe, expect, it} from 'vitest'
import {defineCheck, type CheckDefinition} from '../../../src/engine/check.js'
import {RunContext, type SourceDefinition} from '../../../src/engine/context.js'
import {SourceUnavailableError} from '../../../src/engine/errors.js'
import {runChecks} from '../../../src/engine/runner.js'
import {defaultSettings} from '../../../src/config/settings.js'

const base = {title: 't', severity: 'minor', description: 'd', remediation: 'r'} as const
const check = (id: string, run: CheckDefinition['run'], extra: Partial<CheckDefinition> = {}) => defineCheck({...base, id, run, ...extra})
import {sleep} from '../../../src/lib/async.js'

describe('runner', () => {
  it('runs checks in parallel and returns results in the given order', async () => {
    const finished: string[] = []
    const checks = [300, 100, 200, 50, 250, 150, 10, 280].map((ms, i) =>
      check(`test.c${i}`, async () => {
        await sleep(ms)
        finished.push(`test.c${i}`)
        return {status: 'pass', summary: `${ms}`}
      }),
    )
    const started = performance.now()
    const results = await runChecks(checks, new RunContext(defaultSettings()), {timeoutMs: 5000})
    const elapsed = performance.now() - started
    expect(results.map((r) => r.id)).toEqual(checks.map((c) => c.id))
    expect(finished).not.toEqual(checks.map((c) => c.id)) // they finished in another order...
    expect(elapsed).toBeLessThan(300 * 8) // ...and not one after the other
  })

  it('turns a timeout into error for that check only and aborts its signal', async () => {
    let aborted = false
    const slow = check('test.slow', async (ctx) => {
      ctx.signal.addEventListener('abort', () => (aborted = true))
      await sleep(10_000)
      return {status: 'pass', summary: 'never'}
    }, {timeoutMs: 100})
    const quick = check('test.quick', () => ({status: 'pass', summary: 'ok'}))
    const [a, b] = await runChecks([slow, quick], new RunContext(defaultSettings()), {})
    expect(a?.status).toBe('error')
    expect(a?.summary).toMatch(/did not finish within 100 ms \(this check's default limit; --timeout/)
    expect(aborted).toBe(true)
    expect(b?.status).toBe('pass')
  })

  it('--timeout caps every check, also one with its own longer limit, and the message names it', async () => {
    const slow = check('test.slow', async () => {
      await sleep(5000)
      return {status: 'pass', summary: 'never'}
    }, {timeoutMs: 30_000})
    const started = performance.now()
    const [r] = await runChecks([slow], new RunContext(defaultSettings()), {timeoutMs: 80})
    expect(performance.now() - started).toBeLessThan(2000)
    expect(r?.status).toBe('error')
    expect(r?.summary).toMatch(/within 80 ms \(the --timeout given/)
  })

  it('uses the given timeout when the check sets none', async () => {
    const slow = check('test.slow', async () => {
      await sleep(5000)
      return {status: 'pass', summary: 'never'}
    })
    const [r] = await runChecks([slow], new RunContext(defaultSettings()), {timeoutMs: 50})
    expect(r?.status).toBe('error')
  })

  it('isolates a throw as error with the message', async () => {
    const results = await runChecks(
      [check('test.throws', () => { throw new TypeError('boom') }), check('test.fine', () => ({status: 'warn', summary: 'meh'}))],
      new RunContext(defaultSettings()),
      {timeoutMs: 1000},
    )
    expect(results[0]).toMatchObject({status: 'error', summary: 'The check failed unexpectedly: boom', details: []})
    expect(results[1]).toMatchObject({status: 'warn', summary: 'meh'})
  })

  it('adds the stack to details only in debug mode', async () => {
    const [r] = await runChecks([check('test.throws', () => { throw new Error('boom') })], new RunContext(defaultSettings()), {timeoutMs: 1000, debug: true})
    expect(r?.details.join('\n')).toMatch(/runner\.test\.ts/)
  })

  it('turns a missing source into skip with what was tried, and opens each source once', async () => {
    let opened = 0
    const missing: SourceDefinition<number> = {
      name: 'thing',
      open: async () => {
        opened += 1
        await sleep(20)
        throw new SourceUnavailableError('thing', 'connection refused at 127.0.0.1:9', ['127.0.0.1:9'])
      },
    }
    const uses = (id: string) => check(id, async (ctx) => ({status: 'pass', summary: String(await ctx.use(missing))}))
    const ctx = new RunContext(defaultSettings())
    const results = await runChecks([uses('test.a'), uses('test.b'), uses('test.c')], ctx, {timeoutMs: 1000})
    expect(opened).toBe(1)
    for (const r of results) {
      expect(r.status).toBe('skip')
      expect(r.summary).toBe('Needs the thing source: connection refused at 127.0.0.1:9')
      expect(r.details).toEqual(['tried: 127.0.0.1:9'])
    }
    expect(await ctx.sourceReports()).toEqual([{name: 'thing', status: 'unavailable', detail: 'connection refused at 127.0.0.1:9'}])
  })

  it('memoises a working source and closes it at the end', async () => {
    let opened = 0
    let closed = 0
    const source: SourceDefinition<{n: number}> = {
      name: 'counter',
      open: async () => ({n: ++opened}),
      close: () => {
        closed += 1
      },
      describe: (v) => `opened as #${v.n}`,
    }
    const ctx = new RunContext(defaultSettings())
    ctx.declare('unused')
    const uses = (id: string) => check(id, async (c) => ({status: 'pass', summary: String((await c.use(source)).n)}))
    const results = await runChecks([uses('test.a'), uses('test.b')], ctx, {timeoutMs: 1000})
    expect(results.map((r) => r.summary)).toEqual(['1', '1'])
    expect(await ctx.sourceReports()).toEqual([
      {name: 'counter', status: 'ok', detail: 'opened as #1'},
      {name: 'unused', status: 'not-used', detail: 'no check needed it'},
    ])
    await ctx.close()
    expect(closed).toBe(1)
  })

  it('skips a check whose appliesTo gives a reason', async () => {
    let ran = false
    const c = check('test.windows-only', () => {
      ran = true
      return {status: 'pass', summary: 'x'}
    }, {appliesTo: () => 'only on Windows'})
    const [r] = await runChecks([c], new RunContext(defaultSettings()), {timeoutMs: 1000})
    expect(r).toMatchObject({status: 'skip', summary: 'Not applicable: only on Windows'})
    expect(ran).toBe(false)
  })

  it('turns a malformed outcome into error', async () => {
    const results = await runChecks(
      [
        check('test.bad-status', () => ({status: 'ok', summary: 'x'}) as never),
        check('test.no-summary', () => ({status: 'pass'}) as never),
        check('test.bad-details', () => ({status: 'pass', summary: 'x', details: 'not a list'}) as never),
        check('test.undefined', () => undefined as never),
      ],
      new RunContext(defaultSettings()),
      {timeoutMs: 1000},
    )
    expect(results.map((r) => r.status)).toEqual(['error', 'error', 'error', 'error'])
    expect(results[0]?.summary).toMatch(/malformed result/)
  })

  it('keeps well-formed measurements and turns a malformed one into error naming what is wrong', async () => {
    const good = {name: 'disk_free_bytes', help: 'Free bytes.', value: 5e9, unit: 'bytes', warn: 1e10, bad: 'below', labels: {volume: '/var'}} as const
    const results = await runChecks(
      [
        check('test.good', () => ({status: 'pass', summary: 'x', measurements: [good]})),
        check('test.none', () => ({status: 'pass', summary: 'x'})),
        check('test.unit-name', () => ({status: 'pass', summary: 'x', measurements: [{...good, name: 'disk_free'}]})),
        check('test.label-id', () => ({status: 'pass', summary: 'x', measurements: [{...good, labels: {id: 'x'}}]})),
        check('test.bad-value', () => ({status: 'pass', summary: 'x', measurements: [{...good, value: '5'}]}) as never),
        check('test.too-many', () => ({status: 'pass', summary: 'x', measurements: Array.from({length: 101}, () => good)})),
        check('test.not-list', () => ({status: 'pass', summary: 'x', measurements: good}) as never),
        check('test.counter-name', () => ({status: 'pass', summary: 'x', measurements: [{...good, name: 'trunks_total', unit: 'count'}]})),
      ],
      new RunContext(defaultSettings()),
      {timeoutMs: 1000},
    )
    expect(results.map((r) => r.status)).toEqual(['pass', 'pass', 'error', 'error', 'error', 'error', 'error', 'error'])
    expect(results[0]?.measurements).toEqual([good])
    expect(results[1]?.measurements).toEqual([])
    expect(results[2]?.summary).toMatch(/measurement #1: .*ending in _bytes/)
    expect(results[3]?.summary).toMatch(/not one of id, level, bad/)
    expect(results[4]?.summary).toMatch(/value must be a number/)
    expect(results[5]?.summary).toMatch(/101 measurements; at most 100/)
    expect(results[6]?.summary).toMatch(/not a list/)
    expect(results[7]?.summary).toMatch(/_total means a counter/)
  })

  it('reports each result as it completes', async () => {
    const seen: string[] = []
    await runChecks(
      [check('test.late', async () => (await sleep(60), {status: 'pass', summary: ''})), check('test.early', () => ({status: 'pass', summary: ''}))],
      new RunContext(defaultSettings()),
      {timeoutMs: 1000, onResult: (r) => seen.push(r.id)},
    )
    expect(seen).toEqual(['test.early', 'test.late'])
  })
})

describe('defineCheck', () => {
  it('takes the category from the id and freezes the check', () => {
    const c = check('network.multiple-nics', () => ({status: 'pass', summary: ''}))
    expect(c.category).toBe('network')
    expect(Object.isFrozen(c)).toBe(true)
  })

  it.each([
    ['Network.Bad', /not of the form/],
    ['nodot', /not of the form/],
    ['a.b_', /not of the form/],
  ])('rejects id %s', (id, message) => {
    expect(() => check(id, () => ({status: 'pass', summary: ''}))).toThrow(message)
  })

  it('rejects a wrong severity, missing texts and a mismatched category', () => {
    expect(() => defineCheck({...base, id: 'a.b', severity: 'huge' as never, run: () => ({status: 'pass', summary: ''})})).toThrow(/severity/)
    expect(() => defineCheck({...base, id: 'a.b', remediation: ' ', run: () => ({status: 'pass', summary: ''})})).toThrow(/remediation/)
    expect(() => defineCheck({...base, id: 'a.b', category: 'c', run: () => ({status: 'pass', summary: ''})})).toThrow(/category/)
  })
})
