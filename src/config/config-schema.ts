/**
 * The JSON Schema of tcx-doctor.config.json. Unknown keys are errors, so a typo
 * is named instead of silently ignored. Later features add their keys here.
 */
import {emailConfigSchema} from '../delivery/email-settings.js'

export const configSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  additionalProperties: false,
  properties: {
    $schema: {type: 'string'},
    installDir: {type: 'string', minLength: 1},
    dataDir: {type: 'string', minLength: 1},
    ini: {type: 'string', minLength: 1},
    appDirs: {type: 'array', items: {type: 'string', minLength: 1}},
    appSearch: {type: 'array', items: {type: 'string', minLength: 1}, description: 'Folders searched for Call Control API application folders (those holding 3cxpscomcpp2.dll).'},
    only: {type: 'array', items: {type: 'string'}},
    skip: {type: 'array', items: {type: 'string'}},
    timeoutSeconds: {type: 'number', exclusiveMinimum: 0},
    failOn: {enum: ['warn', 'error', 'fail', 'never']},
    checksDirs: {type: 'array', items: {type: 'string', minLength: 1}},
    plugins: {type: 'array', items: {type: 'string', minLength: 1}},
    waivers: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'reason'],
        properties: {
          id: {type: 'string', minLength: 1},
          reason: {type: 'string', minLength: 1},
          until: {type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}([T ][0-9:.]+(Z|[+-]\\d{2}:?\\d{2})?)?$'},
        },
      },
    },
    ntpServers: {type: 'array', items: {type: 'string', minLength: 1}},
    tcxTimezone: {type: 'string', minLength: 1},
    db: {
      type: 'object',
      description: 'The 3CX database: an explicit URL, or host/port replacing the ini\'s DBHost/DBPort.',
      additionalProperties: false,
      properties: {
        url: {type: 'string', pattern: '^postgres(ql)?://'},
        host: {type: 'string', minLength: 1},
        port: {type: 'integer', minimum: 1, maximum: 65535},
        timeoutSeconds: {type: 'number', exclusiveMinimum: 0},
      },
    },
    console: {
      type: 'object',
      description: 'The 3CX management console API.',
      additionalProperties: false,
      properties: {
        url: {type: 'string', pattern: '^https?://'},
        user: {type: 'string', minLength: 1},
        password: {type: 'string'},
        timeoutSeconds: {type: 'number', exclusiveMinimum: 0},
        insecure: {type: 'boolean'},
      },
    },
    expectedIps: {
      type: 'array',
      description: 'Addresses 3CX is expected at (network.ip-changed compares them with the host).',
      items: {type: 'string', minLength: 2},
    },
    network: {
      type: 'object',
      description: 'Overrides of the network interface classification (names or MACs).',
      additionalProperties: false,
      properties: {
        physicalInterfaces: {type: 'array', items: {type: 'string', minLength: 1}},
        virtualInterfaces: {type: 'array', items: {type: 'string', minLength: 1}},
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
