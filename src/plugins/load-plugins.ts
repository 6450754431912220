/**
 * Loads third-party checks: every .js/.mjs file in a --checks-dir folder, and
 * every config `plugins` entry (an npm package name resolved from the working
 * folder, or a path). A module's default export (or its `checks` export) is a
 * check or a list of checks made with defineCheck, or plain objects of the same shape.
 *
 * Nothing here throws: a plugin that fails to load or holds a malformed or
 * duplicate check becomes a problem line, and the run goes on without it.
 */
import {readdirSync, statSync} from 'node:fs'
import {createRequire} from 'node:module'
import {extname, isAbsolute, join, resolve} from 'node:path'
import {pathToFileURL} from 'node:url'
import {checkDefinitionProblems, type Check, type CheckDefinition} from '../engine/check.js'
import {errorMessage} from '../engine/errors.js'

export interface LoadedPlugins {
  checks: Check[]
  problems: string[]
}

const PLUGIN_EXTENSIONS = new Set(['.js', '.mjs', '.cjs'])
const LOAD_TIMEOUT_MS = 10_000

/** Where each plugin module is, as a list of [label, file URL or package specifier]. */
function pluginModules(checksDirs: string[], plugins: string[], cwd: string, problems: string[]): Array<[string, string]> {
  const modules: Array<[string, string]> = []
  for (const dir of checksDirs) {
    const abs = resolve(cwd, dir)
    let entries: string[]
    try {
      entries = readdirSync(abs).sort()
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      problems.push(`--checks-dir ${abs}: ${code === 'ENOENT' ? 'no such folder' : code === 'ENOTDIR' ? 'not a folder' : errorMessage(error)}`)
      continue
    }
    for (const name of entries) {
      const file = join(abs, name)
      if (PLUGIN_EXTENSIONS.has(extname(name)) && statSync(file).isFile()) modules.push([file, pathToFileURL(file).href])
    }
  }
  const requireFromCwd = createRequire(join(cwd, 'noop.js'))
  for (const spec of plugins) {
    const looksLikePath = spec.startsWith('.') || isAbsolute(spec)
    try {
      const resolved = looksLikePath ? resolve(cwd, spec) : requireFromCwd.resolve(spec)
      modules.push([spec, pathToFileURL(resolved).href])
    } catch (error) {
      problems.push(`plugin "${spec}": ${looksLikePath ? errorMessage(error) : `package not found from ${cwd} (install it with npm install ${spec})`}`)
    }
  }
  return modules
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} did not load within ${ms / 1000} s`)), ms)
      timer.unref()
    }),
  ]).finally(() => clearTimeout(timer))
}

export async function loadPlugins(checksDirs: string[], plugins: string[], cwd: string, takenIds: Set<string>): Promise<LoadedPlugins> {
  const problems: string[] = []
  const checks: Check[] = []
  const ids = new Set(takenIds)
  for (const [label, url] of pluginModules(checksDirs, plugins, cwd, problems)) {
    let mod: Record<string, unknown>
    try {
      mod = (await withTimeout(import(url), LOAD_TIMEOUT_MS, `plugin ${label}`)) as Record<string, unknown>
    } catch (error) {
      problems.push(`plugin ${label} could not be loaded: ${errorMessage(error)}`)
      continue
    }
    const exported = mod.default ?? mod.checks
    const candidates = Array.isArray(exported) ? exported : exported === undefined ? [] : [exported]
    if (candidates.length === 0) {
      problems.push(`plugin ${label} exports no checks (export default defineCheck({...}) or a list of them)`)
      continue
    }
    for (const candidate of candidates) {
      const c = candidate as Partial<CheckDefinition>
      const full = c && typeof c === 'object' && typeof c.id === 'string' && c.category === undefined ? {...c, category: c.id.split('.')[0]} : c
      const issues = checkDefinitionProblems(full)
      const id = typeof c?.id === 'string' ? c.id : '(no id)'
      if (issues.length > 0) {
        problems.push(`plugin ${label}: check ${id} is malformed: ${issues.join('; ')}`)
      } else if (ids.has(id)) {
        problems.push(`plugin ${label}: check id ${id} is already taken by another check; the plugin's copy was not loaded`)
      } else {
        ids.add(id)
        checks.push(Object.freeze(full as CheckDefinition))
      }
    }
  }
  return {checks, problems}
}
