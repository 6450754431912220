/**
 * The JUnit report against the published schema Jenkins' xunit plugin validates with
 * (test/fixtures/junit/junit-10.xsd, see its README), checked by xmllint: the reports of
 * both demo PBXes and a report full of hostile text (control characters, `]]>`, markup,
 * lone surrogates, a megabyte of text). Then read back the way GitLab's JUnit parser reads
 * it (testsuites > testsuite > testcase: name, classname, time, failure/error/skipped,
 * system-out), which must give one case per result with the right outcome.
 */
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {XMLParser} from 'fast-xml-parser'
import {beforeAll, describe, expect, it} from 'vitest'
import {junitOutcome, renderJunit} from '../../../reports/junit.js'
import type {Report} from '../../../src/engine/report.js'
import type {CheckResult} from '../../../src/engine/result.js'
import {ROOT, tempDir} from '../../helpers/cli.js'
import {demoReport, type DemoName} from './demo-reports.js'
import {runTool, toolMissing} from './system-tool.js'

const XSD = join(ROOT, 'test', 'fixtures', 'junit', 'junit-10.xsd')
const missing = toolMissing('xmllint', ['--version'], 'libxml2-utils')
const dir = tempDir('junit-xsd-')

function xmllint(xml: string, name: string): {ok: boolean; stderr: string} {
  const file = join(dir, `${name}.xml`)
  writeFileSync(file, xml)
  const r = runTool('xmllint', ['--noout', '--nonet', '--huge', '--schema', XSD, file])
  // xmllint says "<file> validates" on stderr when it does; anything else there is a problem.
  const problems = r.stderr.split('\n').filter((line) => line !== '' && line !== `${file} validates`)
  return {ok: r.code === 0, stderr: problems.join('\n')}
}

/** A case as GitLab's parser reads it (lib/gitlab/ci/parsers/test/junit.rb): the first of failure, error, skipped decides; else success. */
interface GitlabCase {
  suite: string
  name: string
  classname: string
  time: number
  status: 'failed' | 'error' | 'skipped' | 'success'
  systemOut: string
}

function readLikeGitlab(xml: string): GitlabCase[] {
  const doc = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseAttributeValue: false,
    parseTagValue: false,
    trimValues: false,
    isArray: (name) => ['testsuite', 'testcase'].includes(name),
  }).parse(xml) as {testsuites: {testsuite: Array<{name: string; testcase?: Array<Record<string, unknown>>}>}}
  return doc.testsuites.testsuite.flatMap((suite) =>
    (suite.testcase ?? []).map((c) => ({
      suite: suite.name,
      name: String(c.name),
      classname: String(c.classname),
      time: Number(c.time),
      status: 'failure' in c ? 'failed' : 'error' in c ? 'error' : 'skipped' in c ? 'skipped' : 'success',
      systemOut: String(c['system-out'] ?? ''),
    })),
  )
}

const gitlabStatus = {failure: 'failed', error: 'error', skipped: 'skipped', passed: 'success'} as const

const demos: Partial<Record<DemoName, Report>> = {}
beforeAll(async () => {
  if (missing) return
  for (const v of ['v15', 'v20'] as const) demos[v] = await demoReport(v)
}, 120_000)

const HOSTILE = 'ctl\u0000\u0001\u0008\u000b\u000c\u001b[2J\u007f\u0085 cdata]]> end ]]]]><![CDATA[> <tag a="1">&amp;&#0; \'q\' "dq" lone\ud800 \uFFFE\uFFFF -->'

function hostileReport(base: Report): Report {
  const huge = `${HOSTILE} ${'0123456789abcdef'.repeat(64 * 1024)}` // a megabyte
  const hostile = (r: CheckResult, i: number): CheckResult => ({
    ...r,
    title: `${r.title} ${HOSTILE}`,
    summary: i === 0 ? huge : `${r.summary} ${HOSTILE}`,
    details: [HOSTILE, `multi\nline\r\n\t${HOSTILE}`],
    evidence: {[`key${HOSTILE}`]: HOSTILE},
    remediation: `${r.remediation} ${HOSTILE}`,
    category: i === 1 ? `cat${HOSTILE}` : r.category,
    ...(i === 2 ? {waived: {reason: HOSTILE, until: '2099-01-01'}} : {}),
  })
  return {
    ...base,
    target: {...base.target, hostname: `pbx${HOSTILE}`, installDir: HOSTILE},
    notices: [{level: 'error', message: HOSTILE}],
    results: base.results.map(hostile),
  }
}

describe.skipIf(missing !== undefined)(`JUnit report against Jenkins xunit's junit-10.xsd${missing ? ` (${missing})` : ''}`, () => {
  for (const v of ['v15', 'v20'] as const) {
    it(`the --demo ${v} report is valid`, () => {
      const xml = renderJunit(demos[v]!)
      expect(xmllint(xml, `demo-${v}`)).toEqual({ok: true, stderr: ''})
    })

    it(`the --demo ${v} report with hostile text everywhere is valid`, () => {
      const report = hostileReport(demos[v]!)
      const xml = renderJunit(report)
      expect(xml.length).toBeGreaterThan(1_000_000)
      expect(xmllint(xml, `hostile-${v}`)).toEqual({ok: true, stderr: ''})
      // The CDATA end and markup stay text: one testcase per result, none injected.
      expect(readLikeGitlab(xml)).toHaveLength(report.results.length)
    })

    it(`GitLab reads every --demo ${v} result with its outcome, name, class and time`, () => {
      const report = demos[v]!
      const cases = readLikeGitlab(renderJunit(report))
      expect(cases.map((c) => c.name)).toEqual(report.results.map((r) => `${r.title} (${r.id})`))
      for (const [i, r] of report.results.entries()) {
        const c = cases[i]!
        expect(c.status, r.id).toBe(gitlabStatus[junitOutcome(r, report.failOn)])
        expect(c.classname).toBe(r.category)
        expect(c.suite).toBe(`tcx-doctor.${r.category}`)
        expect(c.time).toBeCloseTo(r.durationMs / 1000, 3)
        expect(c.systemOut).toContain(r.summary)
      }
      expect(cases.some((c) => c.status === 'failed')).toBe(true)
    })
  }

  it('the schema is the strict one: it refuses what the report used to write on <testsuites>', () => {
    const xml = renderJunit(demos.v15!)
    expect(xmllint(xml.replace('<testsuites ', '<testsuites skipped="0" '), 'old-skipped').ok).toBe(false)
    expect(xmllint(xml.replace('<testsuites ', '<testsuites timestamp="2026-11-26T04:00:00" '), 'old-timestamp').ok).toBe(false)
    expect(xmllint(xml.replace(/(<testsuite [^>]*?)time="[^"]*"/, '$1time="1.5s"'), 'bad-time').ok).toBe(false)
  })
})
