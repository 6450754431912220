import {describe, expect, it} from 'vitest'
import {defaultSettings} from '../../../src/config/settings.js'
import {defineCheck} from '../../../src/engine/check.js'
import {diagnose} from '../../../src/engine/diagnose.js'
import type {CheckResult} from '../../../src/engine/result.js'
import {SecretRegistry} from '../../../src/engine/secrets.js'
import {installSource} from '../../../src/sources/install.js'
import {SAMPLE_INSTALL} from '../../helpers/cli.js'
import {assertValidReport} from '../../helpers/report-schema.js'

const leaky = defineCheck({
  id: 'test.leaky',
  title: 'echoes secrets',
  severity: 'info',
  description: 'd',
  remediation: 'r',
  async run(ctx) {
    const install = await ctx.use(installSource)
    return {status: 'warn', summary: `ini says ${install.ini.get('ConfService', 'confPass')}, flag says ${String(ctx.settings.checkOptions['test.leaky']?.token)}`}
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
})
