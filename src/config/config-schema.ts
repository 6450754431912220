/**
 * The JSON Schema of tcx-doctor.config.json, built from the settings table
 * (setting-definitions.ts) plus the structured blocks (waivers, checks, email).
 * Unknown keys are errors, so a typo is named instead of silently ignored.
 */
import {emailConfigSchema} from '../delivery/email-settings.js'
import {SETTINGS, type SettingDefinition} from './setting-definitions.js'

type JsonSchema = Record<string, unknown>

/** The JSON schema of one setting's config value. */
export function schemaOf(s: SettingDefinition): JsonSchema {
  const described = {description: s.description}
  switch (s.kind) {
    case 'string':
      return {type: 'string', ...(s.minLength === undefined ? {} : {minLength: s.minLength}), ...(s.pattern ? {pattern: s.pattern} : {}), ...described}
    case 'boolean':
      return {type: 'boolean', ...described}
    case 'seconds':
      return {type: 'number', minimum: s.minimum, maximum: s.maximum, ...described}
    case 'integer':
      return {type: 'integer', minimum: s.minimum, maximum: s.maximum, ...described}
    case 'enum':
      return {enum: [...s.options], ...described}
    case 'list':
      return {type: 'array', items: {type: 'string', minLength: 1}, ...described}
  }
}

const BLOCK_DESCRIPTIONS: Record<string, string> = {
  db: "The 3CX database: an explicit URL, or host/port replacing the ini's DBHost/DBPort.",
  console: 'The 3CX management console API.',
  network: 'Overrides of the network interface classification (names or MACs).',
}

/** An ISO date or date-time; whether the date exists (no 2026-02-31) is checked by the waiver loader. */
export const WAIVER_UNTIL_PATTERN = '^\\d{4}-\\d{2}-\\d{2}([T ][0-9:.]+(Z|[+-]\\d{2}:?\\d{2})?)?$'

function settingProperties(): JsonSchema {
  const properties: Record<string, JsonSchema> = {}
  for (const s of SETTINGS) {
    if (!s.config) continue
    const [block, key] = s.config.includes('.') ? (s.config.split('.') as [string, string]) : [undefined, s.config]
    if (block === undefined) {
      properties[key] = schemaOf(s)
      continue
    }
    const blockSchema = (properties[block] ??= {type: 'object', description: BLOCK_DESCRIPTIONS[block] ?? block, additionalProperties: false, properties: {}})
    ;(blockSchema.properties as Record<string, JsonSchema>)[key] = schemaOf(s)
  }
  return properties
}

export const configSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  additionalProperties: false,
  properties: {
    $schema: {type: 'string'},
    ...settingProperties(),
    waivers: {
      type: 'array',
      description: 'Accepted results that do not count until a date: {id (a check id or --skip pattern), reason, until?}.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'reason'],
        properties: {
          id: {type: 'string', minLength: 1},
          reason: {type: 'string', minLength: 1},
          until: {type: 'string', pattern: WAIVER_UNTIL_PATTERN},
        },
      },
    },
    email: emailConfigSchema,
    checks: {
      type: 'object',
      description: 'Per-check options (thresholds), by check id.',
      additionalProperties: {type: 'object'},
    },
  },
} as const
