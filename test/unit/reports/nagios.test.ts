/**
 * Nagios performance data of measured values, read back by a parser written to the Nagios
 * plugin development guidelines (label quoting, UOM, the range syntax and its alert rule).
 * No Debian package parses perfdata in a test-sized way (Nagios/Icinga are whole servers;
 * monitoring-plugins' check_dummy does not read it), so this parser is the consumer.
 */
import {describe, expect, it} from 'vitest'
import {MAX_PERFDATA, measurementPerfdata, nagiosPerfdata, perfNumber, renderNagios, thresholdRange} from '../../../reports/nagios.js'
import {measure, type Measurement} from '../../../src/engine/check.js'
import {measuredReport, measuredResult} from './measured-report.js'

interface Range {
  start: number
  end: number
  inside: boolean
}

interface PerfItem {
  label: string
  value: number
  uom: string
  warn?: Range
  crit?: Range
  min?: number
  max?: number
}

const NUMBER = /^-?[0-9]+(\.[0-9]+)?$/

/** A guideline range: [@]start:end, start ~ for minus infinity, "10" = 0:10, "10:" = 10:infinity. */
function parseRange(text: string): Range | undefined {
  if (text === '') return undefined
  const m = /^(@?)(?:(~|-?[0-9.]+)?:)?(-?[0-9.]+)?$/.exec(text)
  if (!m || (m[2] === undefined && m[3] === undefined)) throw new Error(`bad range ${JSON.stringify(text)}`)
  const [, at, start, end] = m
  for (const n of [start, end]) if (n !== undefined && n !== '~' && !NUMBER.test(n)) throw new Error(`bad number ${n} in ${text}`)
  const hasColon = text.includes(':')
  return {
    inside: at === '@',
    start: start === '~' ? -Infinity : start !== undefined ? Number(start) : 0,
    end: end !== undefined ? Number(end) : hasColon ? Infinity : Number.NaN,
  }
}

/** The guidelines' rule: alert when the value is outside start..end (inclusive), or inside it with @. */
function alerts(value: number, range: Range | undefined): boolean {
  if (!range) return false
  const within = value >= range.start && value <= range.end
  return range.inside ? within : !within
}

/** Performance data as the guidelines define it: space-separated 'label'=value[UOM];[warn];[crit];[min];[max]. */
function parsePerfdata(text: string): PerfItem[] {
  const items: PerfItem[] = []
  let i = 0
  while (i < text.length) {
    if (text[i] === ' ') {
      i += 1
      continue
    }
    let label = ''
    if (text[i] === "'") {
      i += 1
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quoted label')
        if (text[i] === "'" && text[i + 1] === "'") {
          label += "'"
          i += 2
        } else if (text[i] === "'") {
          i += 1
          break
        } else label += text[i++]
      }
    } else {
      while (i < text.length && text[i] !== '=' && text[i] !== ' ') label += text[i++]
    }
    if (text[i] !== '=') throw new Error(`no = after label ${JSON.stringify(label)} at ${i}`)
    if (label === '' || label.includes('=') || /[\u0000-\u001f]/.test(label)) throw new Error(`bad label ${JSON.stringify(label)}`)
    i += 1
    let data = ''
    while (i < text.length && text[i] !== ' ') data += text[i++]
    const fields = data.split(';')
    if (fields.length > 5) throw new Error(`too many fields in ${data}`)
    const v = /^(-?[0-9.]+)(s|ms|us|%|B|KB|MB|GB|TB|c)?$/.exec(fields[0]!)
    if (!v || !NUMBER.test(v[1]!)) throw new Error(`bad value ${fields[0]} for ${label}`)
    const num = (f: string | undefined) => {
      if (f === undefined || f === '') return undefined
      if (!NUMBER.test(f)) throw new Error(`bad min/max ${f}`)
      return Number(f)
    }
    const warn = parseRange(fields[1] ?? '')
    const crit = parseRange(fields[2] ?? '')
    items.push({label, value: Number(v[1]), uom: v[2] ?? '', ...(warn ? {warn} : {}), ...(crit ? {crit} : {}), ...(num(fields[3]) !== undefined ? {min: num(fields[3])} : {}), ...(num(fields[4]) !== undefined ? {max: num(fields[4])} : {})})
  }
  return items
}

const perfOf = (output: string): PerfItem[] => parsePerfdata(output.split('\n')[0]!.split(' | ')[1]!)

/** What the check itself would call the value: beyond the threshold on its bad side. */
function beyond(m: Measurement, limit: number | undefined): boolean {
  if (limit === undefined) return false
  if (m.bad === 'below') return m.value < limit
  if (m.bad === 'outside') return Math.abs(m.value) > Math.abs(limit)
  return m.value > limit
}

describe('perfdata of measured values', () => {
  const offset = (value: number) => measure('clock_offset_seconds', value, 'seconds', {help: 'offset', warn: 1, fail: 30, bad: 'outside', labels: {clock: 'machine'}})
  const backup = (value: number) => measure('backup_age_seconds', value, 'seconds', {help: 'age', warn: 86400, fail: 172800, min: 0})
  const disk = (value: number) => measure('disk_free_bytes', value, 'bytes', {help: 'free', warn: 5e9, fail: 1e9, bad: 'below', min: 0, max: 1e11, labels: {volume: '/var/lib/3cxpbx'}})
  const ratio = (value: number) => measure('disk_free_ratio', value, 'ratio', {help: 'free share', warn: 0.1, fail: 0.05, bad: 'below', labels: {volume: '/'}})
  const calls = (value: number) => measure('calls_peak', value, 'count', {help: 'peak', warn: 8, fail: 10, min: 0, max: 10})

  it('writes label, value, UOM, threshold ranges and min/max per the guidelines', () => {
    const report = measuredReport([measuredResult('host.all', 'pass', [offset(-0.25), backup(3600), disk(4.5e9), ratio(0.5), calls(7)])])
    expect(nagiosPerfdata(report).split(' ').slice(7)).toEqual([
      "'clock_offset_seconds[machine]'=-0.25s;-1:1;-30:30",
      'backup_age_seconds=3600s;86400;172800;0',
      "'disk_free_bytes[/var/lib/3cxpbx]'=4500000000B;5000000000:;1000000000:;0;100000000000",
      "'disk_free_ratio[/]'=50%;10:;5:;0;100",
      'calls_peak=7;8;10;0;10',
    ])
  })

  it('a guideline reader alerts exactly when the check would (every bad side, both levels, both sides of each threshold)', () => {
    const cases = [offset(0.5), offset(-2), offset(31), offset(-40), backup(10), backup(90000), backup(200000), disk(6e9), disk(2e9), disk(5e8), ratio(0.2), ratio(0.07), ratio(0.01), calls(7), calls(9), calls(11)]
    for (const m of cases) {
      const [item] = parsePerfdata(measurementPerfdata([measuredResult('x.y', 'pass', [m])])[0]!)
      const scale = m.unit === 'ratio' ? 100 : 1
      expect(item!.value).toBeCloseTo(m.value * scale, 6)
      expect(alerts(item!.value, item!.warn), `${m.name}=${m.value} warn`).toBe(beyond(m, m.warn))
      expect(alerts(item!.value, item!.crit), `${m.name}=${m.value} crit`).toBe(beyond(m, m.fail))
    }
  })

  it('a negative value with bad "above" uses ~ so the reader does not alert on it', () => {
    const m = measure('queue_delta_seconds', -5, 'seconds', {help: 'delta', warn: 10})
    expect(thresholdRange(10, m)).toBe('~:10')
    const [item] = parsePerfdata(measurementPerfdata([measuredResult('x.y', 'pass', [m])])[0]!)
    expect(alerts(item!.value, item!.warn)).toBe(false)
    expect(thresholdRange(10, {...m, value: 5})).toBe('10')
    expect(thresholdRange(10, {...m, value: 5, min: -100})).toBe('~:10')
  })

  it('values are plain decimals: no exponent, at most 6 decimals; NaN and infinities are left out', () => {
    expect(perfNumber(1e-7)).toBe('0')
    expect(perfNumber(1.5e-5)).toBe('0.000015')
    expect(perfNumber(4.5e21)).toBe('4500000000000000000000')
    expect(perfNumber(-0.0000001)).toBe('0')
    expect(perfNumber(Number.NaN)).toBeUndefined()
    const text = measurementPerfdata([measuredResult('x.y', 'pass', [measure('a_seconds', Number.NaN, 'seconds', {help: 'a'}), measure('b_seconds', Infinity, 'seconds', {help: 'b'}), measure('c_seconds', 2, 'seconds', {help: 'c'})])])
    expect(text).toEqual(['c_seconds=2s'])
  })

  it('labels stay one bounded, quoted item: no quote, =, | or line break from label values; duplicates get the check id, then a number', () => {
    const hostile = measure('clock_offset_seconds', 1, 'seconds', {help: 'x', labels: {clock: "it's = a | b\n'c' \u001b[2J" + 'x'.repeat(200)}})
    const same = measure('clock_offset_seconds', 2, 'seconds', {help: 'x', labels: {clock: 'machine'}})
    const items = measurementPerfdata([measuredResult('time.a', 'pass', [hostile, same]), measuredResult('time.b', 'pass', [same]), measuredResult('time.b', 'pass', [same])])
    const parsed = parsePerfdata(items.join(' '))
    expect(parsed).toHaveLength(4)
    expect(parsed.map((p) => p.label)).toEqual([expect.stringMatching(/^clock_offset_seconds\[it_s _ a _ b__c_ _\[2Jx+\.\.\.$/), 'clock_offset_seconds[machine]', 'clock_offset_seconds[machine] @time.b', 'clock_offset_seconds[machine]#2'])
    for (const p of parsed) {
      expect(p.label.length).toBeLessThanOrEqual(60)
      expect(p.label).not.toMatch(/['=|\n\u001b]/)
    }
    expect(new Set(parsed.map((p) => p.label)).size).toBe(4)
  })

  it('the status line keeps the counts first and takes the measurements after them; a measured "pass" does not shadow the count', () => {
    const report = measuredReport([measuredResult('x.y', 'pass', [measure('pass', 3, 'count', {help: 'odd'}), offset(0.1)])])
    const perf = perfOf(renderNagios(report))
    expect(perf.slice(0, 7).map((p) => p.label)).toEqual(['pass', 'warn', 'fail', 'error', 'skip', 'waived', 'duration'])
    expect(perf[0]!.value).toBe(1)
    expect(perf.slice(7).map((p) => [p.label, p.value])).toEqual([['pass @x.y', 3], ['clock_offset_seconds[machine]', 0.1]])
  })
})

describe('bounded performance data', () => {
  it('stops at a whole item within MAX_PERFDATA characters and says in the long output how many values did not fit', () => {
    const many = Array.from({length: 100}, (_, i) => measure('disk_free_bytes', 1e9 + i, 'bytes', {help: 'free', warn: 5e9, fail: 1e9, bad: 'below', min: 0, max: 1e12, labels: {volume: `/srv/volume-${i}`}}))
    const report = measuredReport([measuredResult('host.disk-free', 'pass', many)])
    const output = renderNagios(report)
    const perfdata = output.split('\n')[0]!.split(' | ')[1]!
    expect(perfdata.length).toBeLessThanOrEqual(MAX_PERFDATA)
    const items = parsePerfdata(perfdata)
    const kept = items.length - 7
    expect(kept).toBeGreaterThan(10)
    expect(kept).toBeLessThan(100)
    expect(items.at(-1)!.label).toBe(`disk_free_bytes[/srv/volume-${kept - 1}]`)
    expect(output).toContain(`\nNOTE ${100 - kept} measured value(s) left out of the performance data (at most ${MAX_PERFDATA} characters); all are in the JSON report\n`)
    expect(renderNagios(measuredReport([measuredResult('host.disk-free', 'pass', many.slice(0, 3))]))).not.toContain('left out of the performance data')
  })
})
