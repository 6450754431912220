/**
 * The reporters by format. A reporter is a pure function from the report to text;
 * only the command writes to stdout or files. `--output FILE` takes its format
 * from the file's extension (FORMATS[*].extensions).
 */
import {extname} from 'node:path'
import type {Report} from '../src/engine/report.js'
import {renderHtml} from './html.js'
import {renderJson} from './json.js'
import {renderJunit} from './junit.js'
import {renderMarkdown} from './markdown.js'
import {renderNagios} from './nagios.js'
import {renderPrometheus} from './prometheus.js'
import {renderText} from './text.js'

export interface Reporter {
  /** File extensions (lower case, with the dot) that select this format for --output. */
  extensions: string[]
  render(report: Report, options: RenderOptions): string
}

export interface RenderOptions {
  color: boolean
  /** Text: show the evidence of non-pass results; HTML: also each problem's raw JSON evidence. */
  verbose?: boolean
  /** HTML: the http(s) URL that `docs/...` paths become absolute under (setting docsBaseUrl). */
  docsBase?: string
  /** Text: wrap lines to this many columns (stdout on a terminal); undefined: no wrapping. */
  width?: number
}

export const REPORTERS = {
  text: {extensions: ['.txt', '.log'], render: (report, options) => renderText(report, {color: options.color, evidence: options.verbose === true, ...(options.width ? {width: options.width} : {})})},
  json: {extensions: ['.json'], render: (report) => renderJson(report)},
  html: {extensions: ['.html', '.htm'], render: (report, options) => renderHtml(report, {verbose: options.verbose === true, ...(options.docsBase ? {docsBase: options.docsBase} : {})})},
  junit: {extensions: ['.xml'], render: (report) => renderJunit(report)},
  prometheus: {extensions: ['.prom'], render: (report) => renderPrometheus(report)},
  nagios: {extensions: ['.nagios'], render: (report) => renderNagios(report)},
  markdown: {extensions: ['.md', '.markdown'], render: (report) => renderMarkdown(report)},
} satisfies Record<string, Reporter>

export type Format = keyof typeof REPORTERS
export const FORMATS = Object.keys(REPORTERS) as Format[]

export function isFormat(name: string): name is Format {
  return Object.hasOwn(REPORTERS, name)
}

/** The format for an output file, from an explicit `FORMAT:path` prefix or the extension. */
export function formatForOutput(spec: string): {format: Format; path: string} | {error: string} {
  const prefixed = /^([a-z]+):(.+)$/.exec(spec)
  if (prefixed && isFormat(prefixed[1]!) && !/^[a-zA-Z]:[\\/]/.test(spec)) return {format: prefixed[1] as Format, path: prefixed[2]!}
  const ext = extname(spec).toLowerCase()
  const format = FORMATS.find((f) => (REPORTERS[f].extensions as string[]).includes(ext))
  if (format) return {format, path: spec}
  const known = FORMATS.map((f) => `${REPORTERS[f].extensions.join('/')} (${f})`).join(', ')
  return {error: `--output ${spec}: cannot tell the format from "${ext || 'no extension'}"; use one of ${known}, or prefix the format as FORMAT:${spec}`}
}

export function render(report: Report, format: Format, options: RenderOptions = {color: false}): string {
  return REPORTERS[format].render(report, options)
}
