/**
 * build.sip-dialog-set-id end to end: the built CLI against install trees made
 * from the mcs-compiled fixtures, in the Windows and the Debian layout.
 */
import {renderHtml} from '../../../../reports/html.js'
import type {Report} from '../../../../src/engine/report.js'
import {copyFileSync, existsSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {findStringInPe} from '../../../../src/sources/pe/index.js'
import {runCli, tempDir} from '../../../helpers/cli.js'
import {MONO_SYSTEM_DLL, available, fixture, makeDllInstall, runCheck} from '../../../helpers/dotnet-fixtures.js'

const ID = 'build.sip-dialog-set-id'

describe.each(['windows', 'debian'] as const)('build.sip-dialog-set-id (%s layout)', (layout) => {
  it('passes when the literal is in a #US heap (15.5.10244), naming file, version and place', async () => {
    const tree = makeDllInstall(layout, [
      ['mps-15.5.10244', 'MyPhoneServer.dll'],
      ['mps-15.5.10244', 'VCEWebRTCNet.dll'],
    ])
    const {result, report} = await runCheck(ID, ['--install-dir', tree.root])
    expect(result.status).toBe('pass')
    expect(result.summary).toBe(
      `"sip_dialog_set_id" is a string literal in ${join(tree.sharedBin, 'MyPhoneServer.dll')} (build 15.5.10244.4): calls carry the SIP dialog id in ActiveConnection.AttachedData.`,
    )
    expect(result.details[0]).toMatch(/MyPhoneServer\.dll: file version 15\.5\.10244\.4 \(PE32\); "sip_dialog_set_id" is a string literal in the #US heap \(#US at 0x[0-9a-f]+\)/)
    expect(result.details[1]).toMatch(/VCEWebRTCNet\.dll: file version 15\.5\.10244\.4/)
    const files = result.evidence.files as Array<Record<string, unknown>>
    expect(files.map((f) => f.fileVersion)).toEqual(['15.5.10244.4', '15.5.10244.4'])
    expect(report.sources.find((s) => s.name === 'pe')).toMatchObject({status: 'ok', detail: expect.stringMatching(/read 2 Windows binaries/)})
  })

  it('fails for 15.5.1694, saying what that means and what to do', async () => {
    const tree = makeDllInstall(layout, [
      ['mps-15.5.1694', 'MyPhoneServer.dll'],
      ['mps-15.5.1694', 'VCEWebRTCNet.dll'],
    ])
    const {result, cli} = await runCheck(ID, ['--install-dir', tree.root])
    expect(result.status).toBe('fail')
    expect(cli.code).toBe(2)
    expect(result.summary).toBe(
      'This 3CX build (15.5.1694.0) does not attach "sip_dialog_set_id": ActiveConnection.AttachedData will not carry the SIP dialog id, so a PJSIP call cannot be matched to a 3CX call.',
    )
    expect(result.details).toContain('Builds 15.5.10244 and later have it: update 3CX.')
  })

  it('warns (inconclusive) when the name is only a member, not a literal', async () => {
    const tree = makeDllInstall(layout, [['mps-member-only', 'MyPhoneServer.dll']])
    const {result} = await runCheck(ID, ['--install-dir', tree.root])
    expect(result.status).toBe('warn')
    expect(result.summary).toMatch(/^Inconclusive: "sip_dialog_set_id" appears in .*MyPhoneServer\.dll only as a type or member name, not as the string literal/)
    expect((result.evidence.files as Array<{memberNameIn: string[]; literalIn: string[]}>)[0]).toMatchObject({literalIn: [], memberNameIn: expect.arrayContaining([expect.stringMatching(/^#Strings at 0x/)])})
  })

  it('warns when the version says 15.5.10244 yet the literal is absent', async () => {
    const tree = makeDllInstall(layout, [['mps-15.5.10244-no-literal', 'MyPhoneServer.dll']])
    const {result} = await runCheck(ID, ['--install-dir', tree.root])
    expect(result.status).toBe('warn')
    expect(result.summary).toMatch(/MyPhoneServer\.dll says 15\.5\.10244\.4 \(15\.5\.10244 or later\) yet the literal "sip_dialog_set_id" is absent/)
  })

  it('skips when neither file is there, naming the paths tried', async () => {
    const tree = makeDllInstall(layout)
    const {result} = await runCheck(ID, ['--install-dir', tree.root])
    expect(result.status).toBe('skip')
    expect(result.summary).toBe('Neither MyPhoneServer.dll nor VCEWebRTCNet.dll was found, so the build cannot be told from them.')
    expect(result.details[0]).toContain(join(tree.sharedBin, 'MyPhoneServer.dll'))
    expect(result.details[0]).toContain(join(tree.sharedBin, 'VCEWebRTCNet.dll'))
    if (layout === 'debian') expect(result.details[0]).toContain('/usr/lib/3cxpbx/MyPhoneServer.dll')
  })

  it('passes for a PE32+ (x64) build', async () => {
    const tree = makeDllInstall(layout, [['mps-15.5.10244-x64', 'MyPhoneServer.dll']])
    const {result} = await runCheck(ID, ['--install-dir', tree.root])
    expect(result.status).toBe('pass')
    expect(result.details[0]).toMatch(/file version 15\.5\.10244\.4 \(PE32\+\)/)
  })
})

describe('build.sip-dialog-set-id with broken files and buffer seams', () => {
  it('warns with one clear line for a truncated file and for a file that is not a PE', async () => {
    const tree = makeDllInstall('windows')
    copyFileSync(fixture('broken', 'MyPhoneServer-truncated.dll'), join(tree.sharedBin, 'MyPhoneServer.dll'))
    copyFileSync(fixture('broken', 'not-a-pe.dll'), join(tree.sharedBin, 'VCEWebRTCNet.dll'))
    const {result, cli} = await runCheck(ID, ['--install-dir', tree.root])
    expect(result.status).toBe('warn')
    expect(result.summary).toContain('Could not tell whether this 3CX build attaches "sip_dialog_set_id"')
    expect(result.summary).toContain(`${join(tree.sharedBin, 'MyPhoneServer.dll')} is truncated: its headers need at least`)
    expect(result.summary).toContain(`${join(tree.sharedBin, 'VCEWebRTCNet.dll')} is not a Windows PE file (no "MZ" signature at the start)`)
    expect(cli.stdout + cli.stderr).not.toMatch(/RangeError|TypeError|ERR_OUT_OF_RANGE|\n\s+at /)
  })

  it('still passes when one file is damaged and the other has the literal', async () => {
    const tree = makeDllInstall('debian', [['mps-15.5.10244', 'VCEWebRTCNet.dll']])
    writeFileSync(join(tree.sharedBin, 'MyPhoneServer.dll'), 'MZ')
    const {result} = await runCheck(ID, ['--install-dir', tree.root])
    expect(result.status).toBe('pass')
    expect(result.details[0]).toMatch(/MyPhoneServer\.dll: .*is truncated/)
  })

  it('finds the literal when the buffer boundary splits it (bufferSize from the config)', async () => {
    const seam = fixture('mps-seam', 'MyPhoneServer.dll')
    const offset = (await findStringInPe(seam, 'sip_dialog_set_id')).hits[0]!.offset
    const tree = makeDllInstall('windows', [['mps-seam', 'MyPhoneServer.dll']])
    const dir = tempDir('tcx-seam-')
    for (const split of [1, 17, 33]) {
      const config = join(dir, `split-${split}.json`)
      writeFileSync(config, JSON.stringify({checks: {[ID]: {bufferSize: offset + split}}}))
      const {result} = await runCheck(ID, ['--install-dir', tree.root, '--config', config])
      expect(result.status, `split ${split}`).toBe('pass')
      expect(result.details[0]).toContain(`#US at 0x${offset.toString(16)}`)
    }
  })
})

describe('build.sip-dialog-set-id with files nobody here wrote, and hostile version strings', () => {
  it('reads a real Mono assembly put in place of MyPhoneServer.dll (several buffers of a real file)', async (ctx) => {
    if (!available(MONO_SYSTEM_DLL, existsSync(MONO_SYSTEM_DLL))) ctx.skip()
    const tree = makeDllInstall('debian')
    copyFileSync(MONO_SYSTEM_DLL, join(tree.sharedBin, 'MyPhoneServer.dll'))
    const {result} = await runCheck(ID, ['--install-dir', tree.root, '--config', writeConfig({checks: {[ID]: {bufferSize: 65536}}})])
    expect(result.status).toBe('fail')
    expect(result.summary).toMatch(/^This 3CX build \(4\.\d+\.\d+\.\d+\) does not attach "sip_dialog_set_id"/)
    expect((result.evidence.files as Array<{productName: string}>)[0]!.productName).toBe('Mono Common Language Infrastructure')
  })

  it('escapes a hostile ProductName from the version resource in the HTML report', async () => {
    const tree = makeDllInstall('windows', [['mps-hostile', 'MyPhoneServer.dll']])
    const dir = tempDir('tcx-hostile-')
    const cli = await runCli(['run', '--only', ID, '--install-dir', tree.root, '--output', join(dir, 'report.html'), '--output', join(dir, 'report.json')])
    expect(cli.code).toBe(0)
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).not.toContain('<script')
    // The JSON keeps the data as read; the HTML shows a passing check without its evidence, so render the
    // same result as a problem (evidence shown, also raw with verbose) to see the hostile name escaped.
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report
    expect(JSON.stringify(report.results[0]?.evidence)).toContain('<script>alert(1)</script>')
    const asProblem: Report = {...report, results: report.results.map((r) => ({...r, status: 'fail' as const}))}
    const html = renderHtml(asProblem, {verbose: true})
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(html).not.toContain('<script')
  })
})

function writeConfig(config: unknown): string {
  const path = join(tempDir('tcx-cfg-'), 'config.json')
  writeFileSync(path, JSON.stringify(config))
  return path
}
