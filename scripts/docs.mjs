#!/usr/bin/env node
// Writes the generated parts of the docs from the built-in checks' declarations (see src/output/check-docs.ts):
// each check's options table and version notes into docs/checks/<category>.md, and the compatibility table
// (check x 3CX version) into README.md. Run with `npm run docs` (it builds first).
import {existsSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {builtinChecks} from '../dist/checks/index.js'
import {COMPAT_BEGIN, COMPAT_END, checksByPage, withCheckBlocks, withCompatibilityTable} from '../dist/src/output/check-docs.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const docs = join(root, 'docs', 'checks')
let problems = 0
for (const [page, checks] of checksByPage(builtinChecks)) {
  const path = join(docs, page)
  if (!existsSync(path)) {
    if (checks.some((c) => c.options || c.versions)) {
      console.error(`docs: ${path} does not exist; add it with a "## <id>" section for ${checks.map((c) => c.id).join(', ')}`)
      problems++
    }
    continue
  }
  const before = readFileSync(path, 'utf8')
  const {page: after, missing} = withCheckBlocks(before, checks)
  for (const id of missing) {
    console.error(`docs: ${path} has no "## ${id}" section for the options table and version notes`)
    problems++
  }
  if (after !== before) {
    writeFileSync(path, after)
    console.log(`docs: wrote the options tables and version notes of ${path}`)
  }
}

const readmePath = join(root, 'README.md')
const readme = readFileSync(readmePath, 'utf8')
const {text, found} = withCompatibilityTable(readme, builtinChecks)
if (!found) {
  console.error(`docs: ${readmePath} has no compatibility markers; put ${COMPAT_BEGIN} and ${COMPAT_END} where the table goes`)
  problems++
} else if (text !== readme) {
  writeFileSync(readmePath, text)
  console.log(`docs: wrote the compatibility table of ${readmePath}`)
}
process.exitCode = problems > 0 ? 1 : 0
