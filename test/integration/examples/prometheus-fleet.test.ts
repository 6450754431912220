/**
 * The fleet examples for Prometheus and Grafana, checked with promtool (Debian package
 * prometheus): the alerting rules load (`promtool check rules`) and fire as their unit tests
 * expect (`promtool test rules`); every PromQL expression of the Grafana dashboard parses (each
 * put into a temp rules file as a recording rule, since promtool has no dashboard checker);
 * every tcx_doctor_* metric the examples use is one tcx-doctor writes or a measurement name the
 * checks emit; and a rule file with a broken expression or a rule that no longer fires as
 * tested is refused, so a pass means something.
 */
import {copyFileSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {parse as parseYaml} from 'yaml'
import {BUILTIN_METRICS} from '../../../reports/prometheus.js'
import {ROOT, tempDir} from '../../helpers/cli.js'
import {runTool, toolMissing} from '../reports/system-tool.js'

const PROM = join(ROOT, 'examples', 'prometheus')
const RULES = join(PROM, 'tcx-doctor.rules.yml')
const DASHBOARD = join(ROOT, 'examples', 'grafana', 'tcx-doctor-dashboard.json')
const missing = toolMissing('promtool', ['--version'], 'prometheus')

/** The measurement names the health checks emit (issue 14); a measured family may carry `_threshold`. */
const MEASURED = [
  'clock_offset_seconds',
  'pbx_clock_skew_seconds',
  'backup_age_seconds',
  'disk_free_bytes',
  'disk_free_ratio',
  'calls_peak',
  'calls_limit',
  'certificate_expires_in_seconds',
  'trunks_registered',
  'trunks_configured',
]
const KNOWN = new Set<string>([...BUILTIN_METRICS, ...MEASURED.flatMap((n) => [`tcx_doctor_${n}`, `tcx_doctor_${n}_threshold`])])

/** The tcx_doctor_* metric names in an expression; the state set's label `tcx_doctor_check_state="..."` is a label, not a metric. */
const metricNamesIn = (expr: string): string[] =>
  [...expr.replace(/\btcx_doctor_[a-z0-9_]+\s*(=~|!~|!=|=)/g, '').matchAll(/\btcx_doctor_[a-z0-9_]+\b/g)].map((m) => m[0])

interface Rule {
  alert?: string
  record?: string
  expr: string
}

const rules = (): Rule[] => (parseYaml(readFileSync(RULES, 'utf8')) as {groups: Array<{rules: Rule[]}>}).groups.flatMap((g) => g.rules)

interface Panel {
  title: string
  type: string
  datasource?: {type: string; uid: string}
  targets?: Array<{expr: string; datasource?: {uid: string}}>
}

const dashboard = (): {panels: Panel[]; templating: {list: Array<{name: string; type: string; query: unknown; datasource?: {uid: string}}>}} =>
  JSON.parse(readFileSync(DASHBOARD, 'utf8'))

/** A dashboard expression as Prometheus sees it once Grafana filled in the variables. */
const filled = (expr: string): string => expr.replace(/\$instance\b/g, '.*').replace(/\$__(range|interval|rate_interval)\b/g, '5m')

describe.skipIf(missing !== undefined)(`Prometheus fleet examples${missing ? ` (${missing})` : ''}`, () => {
  it('promtool check rules accepts the alerting rules', () => {
    const r = runTool('promtool', ['check', 'rules', RULES])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toContain(`SUCCESS: ${rules().length} rules found`)
  })

  it('promtool test rules: every alert fires for the planted series and only there', () => {
    const r = runTool('promtool', ['test', 'rules', 'tcx-doctor.rules.test.yml'], {cwd: PROM})
    expect(r.stdout + r.stderr).toContain('SUCCESS')
    expect(r.code).toBe(0)
    // Every alert of the rules file is exercised by the unit tests.
    const tested = readFileSync(join(PROM, 'tcx-doctor.rules.test.yml'), 'utf8')
    for (const rule of rules()) expect(tested, rule.alert).toContain(`alertname: ${rule.alert}`)
  })

  it('promtool test rules fails when a rule no longer fires as tested (a rule with a changed threshold)', () => {
    const dir = tempDir('rules-mutant-')
    writeFileSync(join(dir, 'tcx-doctor.rules.yml'), readFileSync(RULES, 'utf8').replace('>= 0.9', '>= 1.1'))
    copyFileSync(join(PROM, 'tcx-doctor.rules.test.yml'), join(dir, 'tcx-doctor.rules.test.yml'))
    const r = runTool('promtool', ['test', 'rules', 'tcx-doctor.rules.test.yml'], {cwd: dir})
    expect(r.code).not.toBe(0)
    expect(r.stdout + r.stderr).toContain('TcxDoctorCallsNearLimit')
  })

  it('the rules use only metrics tcx-doctor writes and the measurement names of the checks', () => {
    for (const rule of rules()) {
      for (const name of metricNamesIn(rule.expr)) expect(KNOWN.has(name), `${rule.alert}: ${name}`).toBe(true)
    }
  })

  it('the Grafana dashboard is JSON with the data source as a template variable, and every expression parses', () => {
    const d = dashboard()
    const ds = d.templating.list.find((v) => v.type === 'datasource')
    expect(ds).toMatchObject({name: 'datasource', query: 'prometheus'})
    const exprs: Array<[string, string]> = []
    for (const panel of d.panels) {
      expect(panel.datasource?.uid, panel.title).toBe('${datasource}')
      expect(panel.targets?.length, panel.title).toBeGreaterThan(0)
      for (const t of panel.targets ?? []) {
        expect(t.datasource?.uid, panel.title).toBe('${datasource}')
        exprs.push([panel.title, t.expr])
      }
    }
    for (const v of d.templating.list.filter((x) => x.type === 'query')) expect(v.datasource?.uid).toBe('${datasource}')
    for (const title of ['Fleet overview', 'Worst status in the fleet', 'Checks failing (not waived)', 'Clock offset', 'Backup age', 'Disk free']) {
      expect(d.panels.map((p) => p.title)).toContain(title)
    }
    for (const [title, expr] of exprs) for (const name of metricNamesIn(expr)) expect(KNOWN.has(name), `${title}: ${name}`).toBe(true)
    const dir = tempDir('dashboard-exprs-')
    const file = join(dir, 'dashboard-exprs.yml')
    const body = exprs.map(([, expr], i) => `      - record: tcx_doctor:dashboard_expr_${i}\n        expr: ${JSON.stringify(filled(expr))}`).join('\n')
    writeFileSync(file, `groups:\n  - name: dashboard\n    rules:\n${body}\n`)
    const r = runTool('promtool', ['check', 'rules', file])
    expect(r.stderr).toBe('')
    expect(r.stdout).toContain(`SUCCESS: ${exprs.length} rules found`)
  })

  it('the expression check refuses a broken expression (so a pass above means something)', () => {
    const dir = tempDir('dashboard-broken-')
    const file = join(dir, 'broken.yml')
    writeFileSync(file, `groups:\n  - name: dashboard\n    rules:\n      - record: tcx_doctor:broken\n        expr: ${JSON.stringify('max by (instance (tcx_doctor_worst_status)')}\n`)
    expect(runTool('promtool', ['check', 'rules', file]).code).not.toBe(0)
  })
})
