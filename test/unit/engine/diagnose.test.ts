import {describe, expect, it} from 'vitest'
import {defaultSettings} from '../../../src/config/settings.js'
import {defineCheck} from '../../../src/engine/check.js'
import {diagnose} from '../../../src/engine/diagnose.js'
import type {CheckResult} from '../../../src/engine/result.js'
import {SecretRegistry} from '../../../src/engine/secrets.js'
import {installSource} from '../../../src/sources/install/index.js'
import {SAMPLE_INSTALL} from '../../helpers/cli.js'
import {tempDir} from '../../helpers/temp.js'
import {assertValidReport} from '../../helpers/report-schema.js'

const leaky = defineCheck({
  id: 'test.leaky',
  title: 'echoes secrets',
  severity: 'info',
  description: 'd',
  remediation: 'r',
  options: {schema: {token: {type: 'string', description: 'a secret-named option'}}, defaults: {token: ''}},
  async run(ctx) {
    const install = await ctx.use(installSource)
    return {status: 'warn', summary: `ini says ${install.ini.get('ConfService', 'confPass')}, flag says ${ctx.options.token}`}
  },
})

describe('diagnose', () => {
  it('redacts live results as well as the report, and shares its secrets with the caller', async () => {
    const settings = {...defaultSettings(), installDir: SAMPLE_INSTALL, checkOptions: {'test.leaky': {token: 'FlagToken-1234'}}}
    const live: CheckResult[] = []
    const secrets = new SecretRegistry()
    const report = await diagnose(settings, {builtins: [leaky], secrets, onResult: (r) => live.push(r)})
    assertValidReport(report)
    expect(live[0]?.summary).toBe('ini says ********, flag says ********')
    expect(report.results[0]?.summary).toBe('ini says ********, flag says ********')
    expect(secrets.redact('SampleConfPass-7f3a91 FlagToken-1234')).toBe('******** ********')
    expect(report).toMatchObject({exitCode: 1, summary: {warn: 1, worst: 'warn'}, target: {installDir: SAMPLE_INSTALL, layout: 'windows'}})
  })

  it('judges the verdict on the sources the checks asked for, not the report\'s own look at the install', async () => {
    const plain = defineCheck({id: 'test.plain', title: 't', severity: 'info', description: 'd', remediation: 'r', run: async () => ({status: 'pass', summary: 'fine'})})
    const needsInstall = defineCheck({
      id: 'test.needs-install', title: 't', severity: 'info', description: 'd', remediation: 'r',
      run: async (ctx) => ({status: 'pass', summary: (await ctx.use(installSource)).root}),
    })
    const settings = {...defaultSettings(), installDir: tempDir('tcx-empty-install-')}
    const plainReport = await diagnose(settings, {builtins: [plain]})
    assertValidReport(plainReport)
    expect(plainReport.verdict).toEqual({state: 'ok', reasons: []})
    expect(plainReport.exitCode).toBe(0)
    const both = await diagnose({...settings, requireChecks: ['test'], require: ['install']}, {builtins: [plain, needsInstall]})
    assertValidReport(both)
    expect(both.verdict.state).toBe('unknown')
    expect(both.verdict.reasons).toEqual([
      expect.stringMatching(/^3CX could not be read: install: /),
      expect.stringMatching(/^required source install is unavailable: /),
      expect.stringMatching(/^required check test\.needs-install gave no verdict \(skip\): /),
    ])
    expect(both.exitCode).toBe(3)
  })

  it('refuses a waiver that matches no check before running any', async () => {
    const plain = defineCheck({id: 'test.plain', title: 't', severity: 'info', description: 'd', remediation: 'r', run: async () => ({status: 'pass', summary: 'fine'})})
    await expect(diagnose({...defaultSettings(), waivers: [{id: 'test.plian', reason: 'typo'}]}, {builtins: [plain]})).rejects.toThrow(
      'config file: waivers[0].id: "test.plian" matches no check; `tcx-doctor list` shows the ids',
    )
  })
})

