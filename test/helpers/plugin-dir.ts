/** Writes third-party check files into a temp folder for --checks-dir. */
import {mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {tempDir} from './cli.js'

/** A plain-object check (no import needed) returning the given outcome. */
export function checkSource(id: string, body: string, extra = ''): string {
  return `export default {id: ${JSON.stringify(id)}, title: ${JSON.stringify(`Test ${id}`)}, severity: 'major',
  description: 'a test check', remediation: 'do the thing'${extra ? `, ${extra}` : ''},
  async run(ctx) { ${body} }}\n`
}

export const outcome = (status: string, summary = `${status} summary`) => `return {status: '${status}', summary: ${JSON.stringify(summary)}}`

export function pluginDir(files: Record<string, string>): string {
  const dir = tempDir('tcx-plugins-')
  mkdirSync(dir, {recursive: true})
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content)
  return dir
}
