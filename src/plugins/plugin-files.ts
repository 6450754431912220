/**
 * Where the plugin modules are: every .js/.mjs/.cjs file in a --checks-dir folder, and every
 * config `plugins` entry (an npm package name resolved from the working folder, or a path).
 * A file that is not a regular file (FIFO, device, folder) or is larger than MAX_BYTES.plugin is
 * refused here, before anything imports it.
 */
import {readdirSync} from 'node:fs'
import {createRequire} from 'node:module'
import {extname, isAbsolute, join, resolve} from 'node:path'
import {pathToFileURL} from 'node:url'
import {errorMessage} from '../engine/errors.js'
import {MAX_BYTES, openRegularFile} from '../lib/fs.js'

export interface PluginModule {
  /** How problem lines name it: the file's path, or the config entry as written. */
  label: string
  url: string
}

const PLUGIN_EXTENSIONS = new Set(['.js', '.mjs', '.cjs'])

/** The plugin modules to load, in order, and a problem line for each that cannot be. */
export async function pluginModules(checksDirs: string[], plugins: string[], cwd: string): Promise<{modules: PluginModule[]; problems: string[]}> {
  const found: Array<PluginModule & {path: string}> = []
  const problems: string[] = []
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
      const path = join(abs, name)
      if (PLUGIN_EXTENSIONS.has(extname(name))) found.push({label: path, path, url: pathToFileURL(path).href})
    }
  }
  const requireFromCwd = createRequire(join(cwd, 'noop.js'))
  for (const spec of plugins) {
    const looksLikePath = spec.startsWith('.') || isAbsolute(spec)
    try {
      const path = looksLikePath ? resolve(cwd, spec) : requireFromCwd.resolve(spec)
      found.push({label: spec, path, url: pathToFileURL(path).href})
    } catch (error) {
      problems.push(`plugin "${spec}": ${looksLikePath ? errorMessage(error) : `package not found from ${cwd} (install it with npm install ${spec})`}`)
    }
  }
  const modules: PluginModule[] = []
  for (const {label, path, url} of found) {
    const refused = await refusal(path)
    if (refused) problems.push(`plugin ${label} was not loaded: ${refused}`)
    else modules.push({label, url})
  }
  return {modules, problems}
}

/** Why a plugin file may not be imported, or undefined when it may. */
async function refusal(path: string): Promise<string | undefined> {
  try {
    const {handle} = await openRegularFile(path, {what: 'plugin file', maxBytes: MAX_BYTES.plugin})
    await handle.close()
    return undefined
  } catch (error) {
    return errorMessage(error)
  }
}
