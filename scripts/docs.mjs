#!/usr/bin/env node
// Writes each built-in check's options table into docs/checks/<category>.md (see src/output/check-docs.ts).
// Run with `npm run docs` (it builds first).
import {existsSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {builtinChecks} from '../dist/checks/index.js'
import {checksByPage, withOptionsTables} from '../dist/src/output/check-docs.js'

const docs = join(fileURLToPath(new URL('..', import.meta.url)), 'docs', 'checks')
let problems = 0
for (const [page, checks] of checksByPage(builtinChecks)) {
  const path = join(docs, page)
  if (!existsSync(path)) {
    if (checks.some((c) => c.options)) {
      console.error(`docs: ${path} does not exist; add it with a "## <id>" section for ${checks.map((c) => c.id).join(', ')}`)
      problems++
    }
    continue
  }
  const before = readFileSync(path, 'utf8')
  const {page: after, missing} = withOptionsTables(before, checks)
  for (const id of missing) {
    console.error(`docs: ${path} has no "## ${id}" section for the options table`)
    problems++
  }
  if (after !== before) {
    writeFileSync(path, after)
    console.log(`docs: wrote the options tables of ${path}`)
  }
}
process.exitCode = problems > 0 ? 1 : 0
