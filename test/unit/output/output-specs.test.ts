import {describe, expect, it} from 'vitest'
import type {Report} from '../../../src/engine/report.js'
import {withOutputFailures} from '../../../src/output/output-failures.js'
import {DEMO_OUTPUTS, outputSpecs} from '../../../src/output/output-specs.js'
import {descriptorOf, writeErrorReason} from '../../../src/output/write-output.js'

describe('outputSpecs', () => {
  it('takes the format from a prefix or the extension, paths from the working folder', () => {
    expect(outputSpecs(['json:/dev/stdout', 'r.html', 'sub/r.prom'], {cwd: '/w', demo: false})).toEqual([
      {format: 'json', path: '/dev/stdout'},
      {format: 'html', path: '/w/r.html'},
      {format: 'prometheus', path: '/w/sub/r.prom'},
    ])
  })

  it('a demo without --output writes its two reports into the working folder', () => {
    expect(outputSpecs([], {cwd: '/home/me', demo: true})).toEqual([
      {format: 'html', path: '/home/me/tcx-doctor-demo.html'},
      {format: 'json', path: '/home/me/tcx-doctor-demo.json'},
    ])
    expect(DEMO_OUTPUTS.map((o) => o.path)).toEqual(['tcx-doctor-demo.html', 'tcx-doctor-demo.json'])
    expect(outputSpecs(['x.json'], {cwd: '/w', demo: true})).toEqual([{format: 'json', path: '/w/x.json'}])
    expect(outputSpecs([], {cwd: '/w', demo: false})).toEqual([])
  })

  it('an unknown extension is a usage error naming the spec', () => {
    expect(() => outputSpecs(['report.docx'], {cwd: '/w', demo: false})).toThrow(/--output report\.docx: cannot tell the format from "\.docx"/)
  })
})

describe('output failures', () => {
  const report = {exitCode: 0, notices: [{level: 'info', message: 'n'}]} as unknown as Report

  it('make the run exit 3; as notices only where asked', () => {
    expect(withOutputFailures(report, ['cannot write /x: why'], {asNotices: true})).toMatchObject({exitCode: 3, notices: [{message: 'n'}, {level: 'error', message: 'cannot write /x: why'}]})
    expect(withOutputFailures(report, ['cannot write /x: why'], {asNotices: false})).toMatchObject({exitCode: 3, notices: [{message: 'n'}]})
    expect(withOutputFailures(report, [], {asNotices: true})).toBe(report)
  })

  it('reasons for system errors are one line with what to do', () => {
    expect(writeErrorReason(Object.assign(new Error('x'), {code: 'ENOSPC'}))).toBe('no space left on the device')
    expect(writeErrorReason(Object.assign(new Error('x'), {code: 'EACCES'}))).toMatch(/^permission denied; /)
    expect(writeErrorReason(Object.assign(new Error('x'), {code: 'EROFS'}))).toBe('the file system is read-only')
    expect(writeErrorReason(Object.assign(new Error('first\nsecond'), {code: 'EWHATEVER'}))).toBe('EWHATEVER: first')
    expect(descriptorOf('/dev/fd/12')).toBe(12)
  })
})
