/** The `versions` declaration of a check: what defineCheck accepts and refuses, and the skip reason it gives. */
import {describe, expect, it} from 'vitest'
import {InvalidCheckError, checkDefinitionProblems, defineCheck, pass} from '../../../src/engine/check.js'
import {MAX_NOTE_LENGTH, checkVersionsProblems, majorLabel, versionSkipReason, type CheckVersions} from '../../../src/engine/check-versions.js'
import {versionSource} from '../../../src/sources/version/index.js'
import {runCheck} from '../../helpers/check-tester.js'
import {versionFacts} from '../../helpers/tcx-version.js'

const base = {id: 'acme.versions', title: 't', severity: 'minor' as const, description: 'd', remediation: 'r', run: () => pass('ok')}

const VERSIONS: CheckVersions = {
  15: {applies: 'yes', decides: 'the DLLs in Instance1\\Bin', sure: 'confirmed'},
  18: {applies: 'partly', decides: 'the DLLs in /usr/lib/3cxpbx', cannotTell: 'a copy elsewhere'},
  20: {applies: 'no', decides: 'v20 has no such DLLs.', sure: 'reported'},
}

describe('versions declaration', () => {
  it('accepts some or all of the known majors', () => {
    expect(checkVersionsProblems(VERSIONS)).toEqual([])
    expect(checkDefinitionProblems({...base, versions: VERSIONS})).toEqual([])
    expect(defineCheck({...base, versions: VERSIONS}).versions).toEqual(VERSIONS)
  })

  it('refuses unknown majors, bad applies, empty or multi-line or long texts, bad marks and unknown fields, one problem each', () => {
    const bad = {
      17: {applies: 'yes', decides: 'x'},
      15: {applies: 'maybe', decides: ''},
      16: {applies: 'no', decides: 'two\nlines', cannotTell: '  '},
      18: {applies: 'yes', decides: 'x'.repeat(MAX_NOTE_LENGTH + 1), sure: 'certain'},
      20: {applies: 'yes', decides: 'x', why: 'extra'},
    }
    expect(checkVersionsProblems(bad)).toEqual([
      'versions.15.applies must be one of yes, partly, no',
      'versions.15.decides must be a non-empty string on one line',
      'versions.16.decides must be a non-empty string on one line',
      'versions.16.cannotTell must be a non-empty string on one line',
      'versions.17: not a known 3CX major version (15, 16, 18, 20)',
      `versions.18.decides must be at most ${MAX_NOTE_LENGTH} characters (details go to the docs page)`,
      'versions.18.sure must be one of confirmed, reported, unknown',
      'versions.20: unknown field "why"',
    ])
    expect(checkVersionsProblems([])).toEqual(['versions must be an object keyed by 3CX major version (15, 16, 18, 20)'])
    expect(checkVersionsProblems({})).toEqual(['versions must name at least one of 15, 16, 18, 20'])
    expect(checkVersionsProblems({20: 'no'})).toEqual(['versions.20 must be {applies, decides, cannotTell?, sure?}'])
    expect(() => defineCheck({...base, versions: {21: {applies: 'yes', decides: 'x'}} as unknown as CheckVersions})).toThrow(InvalidCheckError)
  })

  it('labels v15 as the v15.5 line', () => {
    expect([15, 16, 18, 20].map((m) => majorLabel(m as 15))).toEqual(['v15.5', 'v16', 'v18', 'v20'])
  })
})

describe('versionSkipReason', () => {
  it('skips only on a known major whose entry does not apply, naming the version and where it came from', () => {
    expect(versionSkipReason(VERSIONS, versionFacts('20.0.7.1080'))).toBe('3CX 20.0.7.1080 (parameter VERSION of the database): v20 has no such DLLs')
    expect(versionSkipReason(VERSIONS, versionFacts('18.0.2.307'))).toBeUndefined()
    expect(versionSkipReason(VERSIONS, versionFacts('16.0.7.1078'))).toBeUndefined()
  })

  it('never skips on an unknown version, an unseen one, or without a declaration', () => {
    expect(versionSkipReason(VERSIONS, versionFacts('21.0.1.100'))).toBeUndefined()
    expect(versionSkipReason(VERSIONS, undefined)).toBeUndefined()
    expect(versionSkipReason(undefined, versionFacts('20.0.7.1080'))).toBeUndefined()
  })

  it('drives appliesTo of a check through the version source', async () => {
    const check = defineCheck({
      ...base,
      versions: VERSIONS,
      async appliesTo(ctx) {
        const seen = await ctx.tryUse(versionSource)
        return versionSkipReason(VERSIONS, seen.ok ? seen.value : undefined)
      },
    })
    expect(await runCheck(check, {sources: {version: versionFacts('20.0.1.1', 'console')}})).toMatchObject({
      status: 'skip',
      summary: 'Not applicable: 3CX 20.0.1.1 (SystemStatus.Version of the console): v20 has no such DLLs',
    })
    expect(await runCheck(check, {sources: {version: versionFacts('15.5.10244.4')}})).toMatchObject({status: 'pass'})
    expect(await runCheck(check, {})).toMatchObject({status: 'pass'})
  })
})
