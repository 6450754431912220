/**
 * Finds, reads and validates the config file. Without --config the first that
 * exists of ./tcx-doctor.config.json, then /etc/tcx-doctor/config.json
 * (Windows: %ProgramData%\tcx-doctor\config.json) is used. The file is read as
 * a hostile input (regular files only, at most MAX_BYTES.json). Any problem is
 * one UsageError line naming the file and the key, never a value from the file.
 */
import {stat} from 'node:fs/promises'
import {posix, resolve, win32} from 'node:path'
import {UsageError} from '../engine/errors.js'
import {FileReadError, MAX_BYTES, readBoundedFile} from '../lib/fs.js'
import {configSchema} from './config-schema.js'
import {MAX_TIMEOUT_SECONDS, MIN_TIMEOUT_SECONDS, SETTINGS, describeAllowed} from './setting-definitions.js'

export const DEFAULT_CONFIG_NAME = 'tcx-doctor.config.json'

export type ConfigFile = Record<string, unknown>

export interface LoadedConfig {
  path?: string
  config: ConfigFile
}

/** Where the config file is looked for without --config, in order. */
export function configCandidates(cwd: string, platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string[] {
  const system = platform === 'win32' ? win32.join(env.ProgramData ?? 'C:\\ProgramData', 'tcx-doctor', 'config.json') : posix.join('/etc', 'tcx-doctor', 'config.json')
  return [resolve(cwd, DEFAULT_CONFIG_NAME), system]
}

const exists = async (path: string): Promise<boolean> => {
  try {
    await stat(path)
    return true
  } catch (error) {
    // A path that exists but cannot be looked at is still the admin's config: reading it says why.
    return (error as NodeJS.ErrnoException).code !== 'ENOENT' && (error as NodeJS.ErrnoException).code !== 'ENOTDIR'
  }
}

export async function loadConfigFile(cwd: string, explicit?: string, candidates: string[] = configCandidates(cwd)): Promise<LoadedConfig> {
  let path: string | undefined
  if (explicit !== undefined) path = resolve(cwd, explicit)
  else for (const candidate of candidates) if (await exists(candidate)) {
    path = candidate
    break
  }
  if (path === undefined) return {config: {}}
  let text: string
  try {
    text = (await readBoundedFile(path, {what: 'config file', maxBytes: MAX_BYTES.json})).data.toString('utf8').replace(/^\uFEFF/, '')
  } catch (error) {
    if (error instanceof FileReadError) throw new UsageError(error.kind === 'missing' ? `config file ${path}: not found` : error.message)
    throw error
  }
  const config = parseConfigText(text, path)
  const problem = await validateConfig(config)
  if (problem) throw new UsageError(`config file ${path}: ${problem}`)
  return {path, config: config as ConfigFile}
}

/** Line and column (1-based) of a character offset. */
function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset)
  const line = before.split('\n').length
  return `line ${line}, column ${offset - before.lastIndexOf('\n')}`
}

/**
 * JSON.parse, with an error that says where (line, column) but never quotes the text:
 * V8 shows an excerpt of the input, which may be a password.
 */
export function parseConfigText(text: string, path: string): unknown {
  try {
    return JSON.parse(text)
  } catch (error) {
    const message = (error as Error).message
    const position = /at position (\d+)/.exec(message)
    const what = /^(Unexpected (?:token|end of JSON input|non-whitespace character)|Expected [^"]*?(?= in JSON| after|$)|Bad (?:control|escaped) character|Unterminated string)/.exec(message)?.[1] ?? 'syntax error'
    const token = /^Unexpected token '?(.)'?,/.exec(message)?.[1]
    const where = position ? ` at ${lineColumn(text, Number(position[1]))}` : ''
    throw new UsageError(`config file ${path} is not valid JSON: ${what.replace(/^Unexpected token$/, token ? `unexpected character '${token}'` : 'unexpected character')}${where}`)
  }
}

const CONFIG_SETTINGS = new Map(SETTINGS.filter((s) => s.config).map((s) => [s.config!, s]))

/** Returns the first problem as one phrase naming the key (never the value), or undefined when the config is valid. */
export async function validateConfig(config: unknown): Promise<string | undefined> {
  const {Ajv} = await import('ajv')
  const ajv = new Ajv({allErrors: false, strict: false})
  const validate = ajv.compile(configSchema)
  if (validate(config)) return undefined
  const error = validate.errors?.[0]
  if (!error) return 'invalid'
  const key = error.instancePath.slice(1).replace(/\//g, '.')
  const where = error.instancePath === '' ? 'at the top level' : `at ${key}`
  if (error.keyword === 'additionalProperties') {
    return `unknown key "${(error.params as {additionalProperty: string}).additionalProperty}" ${where}`
  }
  if (error.keyword === 'enum') {
    return `${key} must be one of ${(error.params as {allowedValues: unknown[]}).allowedValues.join(', ')}`
  }
  if (error.keyword === 'required') return `missing key "${(error.params as {missingProperty: string}).missingProperty}" ${where}`
  const setting = CONFIG_SETTINGS.get(key)
  if (setting && ['minimum', 'maximum', 'exclusiveMinimum', 'type'].includes(error.keyword) && (setting.kind === 'seconds' || setting.kind === 'integer')) {
    return `${key} must be ${describeAllowed(setting)}`
  }
  if (key === 'email.timeoutSeconds' && ['minimum', 'maximum', 'type'].includes(error.keyword)) {
    return `${key} must be a number of seconds from ${MIN_TIMEOUT_SECONDS} to ${MAX_TIMEOUT_SECONDS}`
  }
  return `${error.instancePath === '' ? 'the file' : key} ${error.message ?? 'is invalid'}`
}
