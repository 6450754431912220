/**
 * The CI and monitoring formats (JUnit XML, Prometheus textfile, Nagios), each
 * parsed back and compared with the JSON report of the SAME run: one CLI run
 * writes all of them with repeated --output. Checks made for the test give
 * every status, a waived failure, and hostile text (XML markup, CDATA ends,
 * control characters, `|`, quotes, backslashes, line breaks).
 */
import {execFileSync} from 'node:child_process'
import {linkSync, readFileSync, readdirSync, statSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {XMLParser, XMLValidator} from 'fast-xml-parser'
import {beforeAll, describe, expect, it} from 'vitest'
import {escapeLabelValue, renderPrometheus, STATUS_VALUE} from '../../../reports/prometheus.js'
import {ROOT, tempDir, type CliResult} from '../../helpers/cli.js'
import {plannedChecks, runDelivery, type PlannedChecks, type PlannedOutcome} from '../../helpers/delivery.js'
import type {Report} from '../../../src/engine/report.js'
import {pbxShort} from '../../../reports/pbx-summary.js'

const HOSTILE = 'a<b>&c "q" \'s\' ]]> back\\slash | pipe \u0007bell'

function writeConfig(dir: string): string {
  const file = join(dir, 'tcx-doctor.config.json')
  writeFileSync(file, JSON.stringify({waivers: [{id: 'delivery.waived', reason: 'known since the last upgrade <ticket 42>', until: '2099-12-31'}]}))
  return file
}

const plan: Record<string, PlannedOutcome> = {
  'delivery.fails': {status: 'fail', summary: `Trunk ${HOSTILE} fails.`, details: ['line one', 'line two'], evidence: {trunk: HOSTILE}},
  'delivery.warns': {status: 'warn', summary: 'Something is odd.\nSecond line.'},
  'delivery.breaks': {status: 'error', summary: 'the probe threw'},
  'delivery.skips': {status: 'skip', summary: 'not applicable here'},
  'delivery.passes': {status: 'pass', summary: 'all good'},
  'delivery.waived': {status: 'fail', summary: 'known problem'},
}

interface Run {
  dir: string
  result: CliResult
  report: Report
  read(ext: string): string
}

async function runAll(checks: PlannedChecks, extra: string[] = []): Promise<Run> {
  const dir = tempDir('tcx-formats-')
  const files = ['r.json', 'r.xml', 'r.prom', 'r.nagios', 'r.html'].flatMap((f) => ['-o', join(dir, f)])
  const result = await runDelivery(checks, ['--config', writeConfig(dir), '--quiet', ...files, ...extra])
  const read = (ext: string): string => readFileSync(join(dir, `r.${ext}`), 'utf8')
  return {dir, result, report: JSON.parse(read('json')) as Report, read}
}

describe('JUnit, Prometheus and Nagios from one run, checked against its JSON report', () => {
  let checks: PlannedChecks
  let run: Run
  beforeAll(async () => {
    checks = plannedChecks(plan)
    run = await runAll(checks)
  }, 60_000)

  it('the run itself: exit code 2 and the statuses planned', () => {
    expect(run.result.stderr).toBe('')
    expect(run.result.code).toBe(2)
    expect(run.report.exitCode).toBe(2)
    const byId = Object.fromEntries(run.report.results.map((r) => [r.id, r]))
    for (const [id, o] of Object.entries(plan)) expect(byId[id]?.status).toBe(o.status)
    expect(byId['delivery.waived']?.waived?.reason).toBe('known since the last upgrade <ticket 42>')
    expect(run.report.results.length).toBe(Object.keys(plan).length + 1)
  })

  describe('JUnit XML', () => {
    const parse = (xml: string) =>
      new XMLParser({
        ignoreAttributes: false,
        attributeNamePrefix: '',
        parseAttributeValue: false,
        parseTagValue: false,
        htmlEntities: true,
        trimValues: false,
        isArray: (name) => ['testsuite', 'testcase', 'property'].includes(name),
      }).parse(xml) as {testsuites: Record<string, unknown> & {testsuite: Array<Record<string, unknown>>}}

    it('is well-formed XML', () => {
      expect(XMLValidator.validate(run.read('xml'))).toBe(true)
    })

    it('validates against the JUnit schema CI servers follow (xmllint)', (ctx) => {
      let xmllint = true
      try {
        execFileSync('xmllint', ['--version'], {stdio: 'ignore'})
      } catch {
        xmllint = false
      }
      if (!xmllint) {
        if (process.env.CI === 'true') throw new Error('xmllint is missing (Debian package libxml2-utils, in .ci/apt-packages.txt)')
        ctx.skip('xmllint not installed (apt-get install libxml2-utils)')
      }
      const out = execFileSync('xmllint', ['--noout', '--schema', join(ROOT, 'test', 'fixtures', 'junit', 'junit-10.xsd'), join(run.dir, 'r.xml')], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      expect(out).toBe('')
      // The schema rejects what Jenkins' xunit plugin rejects: here a skipped count on <testsuites>.
      const broken = join(run.dir, 'broken.xml')
      writeFileSync(broken, run.read('xml').replace(/<testsuites /, '<testsuites skipped="0" '))
      expect(() => execFileSync('xmllint', ['--noout', '--schema', join(ROOT, 'test', 'fixtures', 'junit', 'junit-10.xsd'), broken], {stdio: 'pipe'})).toThrow()
    })

    it('has one testcase per result with the outcome, message and text the JSON report gives, and totals that add up', () => {
      const doc = parse(run.read('xml')).testsuites
      const suites = doc.testsuite
      const cases = suites.flatMap((s) => s.testcase as Array<Record<string, unknown>>)
      expect(cases).toHaveLength(run.report.results.length)
      const expectedOutcome = (r: Report['results'][number]): string =>
        r.waived ? 'skipped' : r.status === 'fail' || r.status === 'warn' ? 'failure' : r.status === 'error' ? 'error' : r.status === 'skip' ? 'skipped' : 'passed'
      for (const r of run.report.results) {
        const c = cases.find((tc) => tc.name === `${r.title} (${r.id})`)
        expect(c, r.id).toBeDefined()
        expect(c!.classname).toBe(r.category)
        expect(Number(c!.time)).toBeCloseTo(r.durationMs / 1000, 3)
        const outcome = ['failure', 'error', 'skipped'].find((k) => k in c!) ?? 'passed'
        expect(outcome, r.id).toBe(expectedOutcome(r))
        if (outcome === 'failure' || outcome === 'error') {
          const el = c![outcome] as Record<string, string>
          // Attribute values come back with line breaks intact; control characters become U+FFFD.
          expect(el.message).toBe(r.summary.replace(/\u0007/g, '\uFFFD'))
          expect(el.type).toBe(r.status)
          expect(el['#text']).toContain(`What to do: ${r.remediation}`)
          for (const d of r.details) expect(el['#text']).toContain(d)
        }
        if (outcome === 'skipped') {
          const message = (c!.skipped as Record<string, string>).message
          expect(message).toBe(r.waived ? `waived (${r.status}): ${r.waived.reason} (until ${r.waived.until})` : r.summary)
        }
        expect(String(c!['system-out'])).toContain(`${r.status.toUpperCase()}: `)
      }
      // Hostile text arrived as text, entities decoded.
      const failing = cases.find((tc) => String(tc.name).includes('(delivery.fails)'))!
      expect(String(failing['system-out'])).toContain('a<b>&c "q"')
      const total = {tests: 0, failures: 0, errors: 0, skipped: 0}
      for (const s of suites) {
        const tcs = s.testcase as Array<Record<string, unknown>>
        const n = {
          tests: tcs.length,
          failures: tcs.filter((t) => 'failure' in t).length,
          errors: tcs.filter((t) => 'error' in t).length,
          skipped: tcs.filter((t) => 'skipped' in t).length,
        }
        for (const k of Object.keys(n) as Array<keyof typeof n>) {
          expect(Number(s[k]), `${String(s.name)} ${k}`).toBe(n[k])
          total[k] += n[k]
        }
        expect(s.timestamp).toBe(run.report.startedAt.slice(0, 19))
        expect(s.hostname).toBe(run.report.target.hostname)
        const props = Object.fromEntries(((s.properties as {property: Array<{name: string; value: string}>}).property).map((p) => [p.name, p.value]))
        expect(props['exit-code']).toBe(String(run.report.exitCode))
        expect(props['fail-on']).toBe(run.report.failOn)
        expect(props['tcx-doctor.version']).toBe(run.report.tool.version)
      }
      // <testsuites> carries tests/failures/errors only: Jenkins xunit's schema has no skipped (nor timestamp) there.
      for (const k of ['tests', 'failures', 'errors'] as const) expect(Number(doc[k])).toBe(total[k])
      expect(doc.skipped).toBeUndefined()
      expect(doc.timestamp).toBeUndefined()
      expect(total).toEqual({tests: 7, failures: 2, errors: 1, skipped: 2})
      expect(Number(doc.time)).toBeCloseTo(run.report.durationMs / 1000, 3)
      expect(suites.map((s) => s.name)).toEqual(['tcx-doctor.install', 'tcx-doctor.delivery'])
    })

    it('passes a warning when --fail-on lets it pass', async () => {
      const lenient = await runAll(checks, ['--fail-on', 'fail'])
      const cases = parse(lenient.read('xml')).testsuites.testsuite.flatMap((s) => s.testcase as Array<Record<string, unknown>>)
      const warned = cases.find((c) => String(c.name).endsWith('(delivery.warns)'))!
      expect('failure' in warned).toBe(false)
      expect(String(warned['system-out'])).toMatch(/^WARN: Something is odd\./)
    })
  })

  describe('Prometheus textfile', () => {
    it('parses strictly and holds the same facts as the JSON report', () => {
      const metrics = parseExposition(run.read('prom'))
      const status = metrics.get('tcx_doctor_check_status')!
      expect(status.type).toBe('gauge')
      expect(status.samples).toHaveLength(run.report.results.length)
      for (const r of run.report.results) {
        const sample = status.samples.find((s) => s.labels.id === r.id)
        expect(sample, r.id).toBeDefined()
        expect(sample!.labels).toEqual({id: r.id, category: r.category, severity: r.severity})
        expect(sample!.value).toBe(STATUS_VALUE[r.status])
        expect(metrics.get('tcx_doctor_check_waived')!.samples.find((s) => s.labels.id === r.id)!.value).toBe(r.waived ? 1 : 0)
        expect(metrics.get('tcx_doctor_check_duration_seconds')!.samples.find((s) => s.labels.id === r.id)!.value).toBeCloseTo(r.durationMs / 1000, 6)
      }
      const counts = metrics.get('tcx_doctor_checks')!.samples
      for (const s of ['pass', 'warn', 'fail', 'error', 'skip'] as const) {
        expect(counts.find((c) => c.labels.status === s)!.value, s).toBe(run.report.summary[s])
      }
      const single = (name: string): number => {
        const m = metrics.get(name)
        expect(m, name).toBeDefined()
        expect(m!.samples).toHaveLength(1)
        return m!.samples[0]!.value
      }
      expect(single('tcx_doctor_checks_waived')).toBe(1)
      expect(single('tcx_doctor_worst_status')).toBe(STATUS_VALUE[run.report.summary.worst])
      expect(single('tcx_doctor_exit_code')).toBe(run.report.exitCode)
      expect(single('tcx_doctor_run_duration_seconds')).toBeCloseTo(run.report.durationMs / 1000, 6)
      expect(single('tcx_doctor_last_run_timestamp_seconds')).toBeCloseTo((new Date(run.report.startedAt).getTime() + run.report.durationMs) / 1000, 3)
      expect(metrics.get('tcx_doctor_build_info')!.samples[0]!.labels).toEqual({version: run.report.tool.version})
    })

    it('escapes backslash, double quote and line feed in label values, and the strict parser reads them back', () => {
      const nasty = 'x\\y "quoted"\nnext line'
      const report = {...run.report, tool: {...run.report.tool, version: nasty}, results: [{...run.report.results[0]!, id: `odd.${nasty}`}]}
      const text = renderPrometheus(report)
      expect(text).toContain(`version="${escapeLabelValue(nasty)}"`)
      expect(escapeLabelValue(nasty)).toBe('x\\\\y \\"quoted\\"\\nnext line')
      const metrics = parseExposition(text)
      expect(metrics.get('tcx_doctor_build_info')!.samples[0]!.labels.version).toBe(nasty)
      expect(metrics.get('tcx_doctor_check_status')!.samples[0]!.labels.id).toBe(`odd.${nasty}`)
    })

    it('is written atomically: the old file is replaced by a rename, never rewritten in place, and no temp file stays', async () => {
      const dir = tempDir('tcx-prom-')
      const target = join(dir, 'tcx_doctor.prom')
      const old = '# HELP old_metric old\n# TYPE old_metric gauge\nold_metric 1\n'
      writeFileSync(target, old)
      // A second name for the old file's inode: it sees whatever is written in place.
      linkSync(target, join(dir, 'old-inode.bak'))
      const inodeBefore = statSync(target).ino
      const r = await runDelivery(checks, ['--quiet', '-o', target])
      expect(r.code).toBe(2)
      expect(readFileSync(join(dir, 'old-inode.bak'), 'utf8')).toBe(old)
      expect(statSync(target).ino).not.toBe(inodeBefore)
      expect(parseExposition(readFileSync(target, 'utf8')).has('tcx_doctor_check_status')).toBe(true)
      expect(readdirSync(dir).sort()).toEqual(['old-inode.bak', 'tcx_doctor.prom'])
    })
  })

  describe('Nagios', () => {
    it('one status line with perfdata, the state of the exit code, one long line per counted problem', () => {
      const text = run.read('nagios')
      const [first, ...long] = text.replace(/\n$/, '').split('\n')
      const m = /^TCX-DOCTOR (OK|WARNING|CRITICAL|UNKNOWN) - ([^|]*) \| (.*)$/.exec(first!)
      expect(m, first).not.toBeNull()
      const state = {0: 'OK', 1: 'WARNING', 2: 'CRITICAL', 3: 'UNKNOWN'}[run.report.exitCode as 0 | 1 | 2 | 3]
      expect(m![1]).toBe(state)
      expect(run.result.code).toBe(run.report.exitCode)
      expect(m![2]).toBe(`1 fail, 1 error, 1 warn, 1 waived on ${run.report.target.hostname} (${pbxShort(run.report.target)}): delivery.fails, delivery.breaks, delivery.warns`)
      const perf = Object.fromEntries(
        m![3]!.split(' ').map((item) => {
          const p = /^([A-Za-z0-9_.-]+)=(-?[0-9.]+)(s|%|B|KB|MB|TB|c)?;([0-9.:~@-]*);([0-9.:~@-]*);([0-9.-]*)(?:;([0-9.-]*))?$/.exec(item)
          expect(p, item).not.toBeNull()
          return [p![1]!, Number(p![2])]
        }),
      )
      for (const k of ['pass', 'warn', 'fail', 'error', 'skip', 'waived'] as const) expect(perf[k], k).toBe(run.report.summary[k])
      expect(perf.duration).toBeCloseTo(run.report.durationMs / 1000, 3)
      const counted = run.report.results.filter((r) => !r.waived && ['fail', 'error', 'warn'].includes(r.status))
      expect(long.filter((l) => /^(FAIL|ERROR|WARN) /.test(l)).map((l) => l.split(':')[0])).toEqual(
        ['fail', 'error', 'warn'].flatMap((s) => counted.filter((r) => r.status === s).map((r) => `${s === 'error' ? 'ERROR' : s.toUpperCase()} ${r.id}`)),
      )
      expect(long).toContain('WAIVED FAIL delivery.waived: known since the last upgrade <ticket 42>')
      // Nothing in the output could be read as the start of perfdata.
      for (const line of long) expect(line).not.toContain('|')
      expect(long.find((l) => l.startsWith('FAIL delivery.fails'))).toContain('back\\slash / pipe')
    })

    it('says OK with exit code 0 when nothing counts', async () => {
      const calm = plannedChecks({'delivery.passes': {status: 'pass', summary: 'fine'}})
      const r = await runDelivery(calm, ['--format', 'nagios'])
      expect(r.code).toBe(0)
      expect(r.stdout).toMatch(/^TCX-DOCTOR OK - 2 pass on \S+ \(3CX 15\.5\.10244\.4 Windows\) \| pass=2;;;0 warn=0;;;0 fail=0;;;0 error=0;;;0 skip=0;;;0 waived=0;;;0 duration=[0-9.]+s;;;0\n$/)
    })
  })
})

interface Sample {
  labels: Record<string, string>
  value: number
}
interface Metric {
  help?: string
  type?: string
  samples: Sample[]
}

/**
 * A strict reader of the Prometheus text exposition format as node_exporter's
 * textfile collector takes it: HELP and TYPE before the samples, each metric's
 * samples together, no duplicate series, no sample timestamps, valid names,
 * escapes only \\ \" \n, a final line feed.
 */
function parseExposition(text: string): Map<string, Metric> {
  expect(text.endsWith('\n')).toBe(true)
  const metrics = new Map<string, Metric>()
  const closed = new Set<string>()
  let current: string | undefined
  const series = new Set<string>()
  const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/
  const enter = (name: string): Metric => {
    if (current !== name) {
      if (current) closed.add(current)
      if (closed.has(name)) throw new Error(`metric ${name} appears in two places`)
      current = name
    }
    let m = metrics.get(name)
    if (!m) metrics.set(name, (m = {samples: []}))
    return m
  }
  for (const line of text.slice(0, -1).split('\n')) {
    const meta = /^# (HELP|TYPE) (\S+) (.*)$/.exec(line)
    if (meta) {
      const [, kind, name, rest] = meta
      if (!NAME.test(name!)) throw new Error(`bad metric name ${name}`)
      const m = enter(name!)
      if (m.samples.length > 0) throw new Error(`${kind} for ${name} after its samples`)
      if (kind === 'HELP') m.help = rest!.replace(/\\(\\|n)/g, (_, c: string) => (c === 'n' ? '\n' : '\\'))
      else {
        if (!['gauge', 'counter', 'untyped', 'summary', 'histogram'].includes(rest!)) throw new Error(`bad type ${rest}`)
        m.type = rest
      }
      continue
    }
    if (line.startsWith('#') || line.trim() === '') throw new Error(`unexpected line ${JSON.stringify(line)}`)
    const nameMatch = /^([a-zA-Z_:][a-zA-Z0-9_:]*)/.exec(line)
    if (!nameMatch) throw new Error(`bad sample line ${JSON.stringify(line)}`)
    const name = nameMatch[1]!
    let i = name.length
    const labels: Record<string, string> = {}
    if (line[i] === '{') {
      i += 1
      while (line[i] !== '}') {
        const ln = /^([a-zA-Z_][a-zA-Z0-9_]*)="/.exec(line.slice(i))
        if (!ln) throw new Error(`bad label at ${i} in ${JSON.stringify(line)}`)
        i += ln[0].length
        let value = ''
        for (;;) {
          const ch = line[i]
          if (ch === undefined) throw new Error(`unterminated label value in ${JSON.stringify(line)}`)
          if (ch === '"') break
          if (ch === '\\') {
            const next = line[i + 1]
            if (next === '\\') value += '\\'
            else if (next === '"') value += '"'
            else if (next === 'n') value += '\n'
            else throw new Error(`bad escape \\${next} in ${JSON.stringify(line)}`)
            i += 2
          } else {
            value += ch
            i += 1
          }
        }
        i += 1
        if (ln[1]! in labels) throw new Error(`label ${ln[1]} twice`)
        labels[ln[1]!] = value
        if (line[i] === ',') i += 1
        else if (line[i] !== '}') throw new Error(`expected , or } at ${i} in ${JSON.stringify(line)}`)
      }
      i += 1
    }
    const rest = line.slice(i)
    const valueMatch = /^ (\S+)$/.exec(rest)
    if (!valueMatch) throw new Error(`expected exactly one value and no timestamp in ${JSON.stringify(line)}`)
    const raw = valueMatch[1]!
    if (!/^(-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?|NaN|[+-]Inf)$/.test(raw)) throw new Error(`bad value ${raw}`)
    const m = enter(name)
    if (!m.type || m.help === undefined) throw new Error(`sample of ${name} before its HELP and TYPE`)
    const key = `${name}${JSON.stringify(Object.entries(labels).sort())}`
    if (series.has(key)) throw new Error(`duplicate series ${key}`)
    series.add(key)
    m.samples.push({labels, value: raw === 'NaN' ? Number.NaN : raw === '+Inf' ? Infinity : raw === '-Inf' ? -Infinity : Number(raw)})
  }
  return metrics
}
