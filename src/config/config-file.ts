/**
 * Reads and validates the config file (--config FILE, or ./tcx-doctor.config.json).
 * Any problem is one UsageError line naming the file and the key.
 */
import {readFileSync, existsSync} from 'node:fs'
import {resolve} from 'node:path'
import {UsageError, errorMessage} from '../engine/errors.js'
import {configSchema} from './config-schema.js'

export const DEFAULT_CONFIG_NAME = 'tcx-doctor.config.json'

export type ConfigFile = Record<string, unknown>

export interface LoadedConfig {
  path?: string
  config: ConfigFile
}

export async function loadConfigFile(cwd: string, explicit?: string): Promise<LoadedConfig> {
  const path = explicit ? resolve(cwd, explicit) : resolve(cwd, DEFAULT_CONFIG_NAME)
  if (!explicit && !existsSync(path)) return {config: {}}
  let text: string
  try {
    text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new UsageError(`config file ${path}: ${code === 'ENOENT' ? 'not found' : errorMessage(error)}`)
  }
  let config: unknown
  try {
    config = JSON.parse(text)
  } catch (error) {
    throw new UsageError(`config file ${path} is not valid JSON: ${errorMessage(error)}`)
  }
  const problem = await validateConfig(config)
  if (problem) throw new UsageError(`config file ${path}: ${problem}`)
  return {path, config: config as ConfigFile}
}

/** Returns the first problem as one phrase naming the key, or undefined when the config is valid. */
export async function validateConfig(config: unknown): Promise<string | undefined> {
  const {Ajv} = await import('ajv')
  const ajv = new Ajv({allErrors: false, strict: false})
  const validate = ajv.compile(configSchema)
  if (validate(config)) return undefined
  const error = validate.errors?.[0]
  if (!error) return 'invalid'
  const where = error.instancePath === '' ? 'at the top level' : `at ${error.instancePath.slice(1).replace(/\//g, '.')}`
  if (error.keyword === 'additionalProperties') {
    return `unknown key "${(error.params as {additionalProperty: string}).additionalProperty}" ${where}`
  }
  if (error.keyword === 'enum') {
    return `${where.replace(/^at /, '')} must be one of ${(error.params as {allowedValues: unknown[]}).allowedValues.join(', ')}`
  }
  if (error.keyword === 'required') return `missing key "${(error.params as {missingProperty: string}).missingProperty}" ${where}`
  return `${error.instancePath === '' ? 'the file' : error.instancePath.slice(1).replace(/\//g, '.')} ${error.message ?? 'is invalid'}`
}
