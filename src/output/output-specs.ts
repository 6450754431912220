/**
 * What `run` writes besides stdout: the `--output` files (format from a `FORMAT:` prefix or the
 * extension), or, for `--demo` without `--output`, the demo's two reports in the working folder.
 */
import {join, resolve} from 'node:path'
import {formatForOutput, type Format} from '../../reports/index.js'
import {UsageError} from '../engine/errors.js'

export interface OutputSpec {
  format: Format
  path: string
}

/** The demo's reports when no `--output` is given: in the working folder, never in the package. */
export const DEMO_OUTPUTS: readonly OutputSpec[] = [
  {format: 'html', path: 'tcx-doctor-demo.html'},
  {format: 'json', path: 'tcx-doctor-demo.json'},
]

/** The outputs of one run; a spec whose format cannot be told is a usage error (before any check runs). */
export function outputSpecs(specs: readonly string[], options: {cwd: string; demo: boolean}): OutputSpec[] {
  const outputs = specs.map((spec) => {
    const parsed = formatForOutput(spec)
    if ('error' in parsed) throw new UsageError(parsed.error)
    return {format: parsed.format, path: resolve(options.cwd, parsed.path)}
  })
  if (outputs.length === 0 && options.demo) return DEMO_OUTPUTS.map((o) => ({format: o.format, path: join(options.cwd, o.path)}))
  return outputs
}
