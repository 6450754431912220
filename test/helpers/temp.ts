/**
 * Temp folders for tests: all under one folder per test process, removed when
 * the process exits (also after a failed test).
 */
import {mkdirSync, mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

let root: string | undefined

function processRoot(): string {
  if (!root) {
    root = join(tmpdir(), `tcx-test-${process.pid}-${Date.now().toString(36)}`)
    mkdirSync(root, {recursive: true})
    const dir = root
    process.once('exit', () => {
      try {
        rmSync(dir, {recursive: true, force: true, maxRetries: 2})
      } catch {
        // a file held by a child still running; the OS temp cleaner takes it
      }
    })
  }
  return root
}

/** A fresh temp folder, removed when this test process exits. */
export function tempDir(prefix = 'tcx-test-'): string {
  return mkdtempSync(join(processRoot(), prefix))
}
