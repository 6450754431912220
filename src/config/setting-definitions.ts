/**
 * Every global setting, declared once: its flag, its config key, its type and
 * range, its default and its description. The oclif flags (src/cli/flags.ts),
 * the config file's JSON schema (config-schema.ts) and the resolution (flags
 * over config over defaults, ranges checked: resolve-settings.ts) all follow
 * from this table. Check-specific thresholds are not here: they are the
 * checks' declared options (config `checks."<id>"`).
 */
import {FAIL_ON} from '../engine/status.js'

/** The longest time limit any setting takes: one hour (Node's timers overflow far above it). */
export const MAX_TIMEOUT_SECONDS = 3600
/** The shortest: a tenth of a second. */
export const MIN_TIMEOUT_SECONDS = 0.1

/** The SNTP server asked when no --ntp-server is given (a public pool; tests and the demo never use it). */
export const DEFAULT_NTP_SERVER = 'pool.ntp.org'

/** The sample PBXs `--demo` can diagnose (the word after `--demo`, or `--demo-version`). */
export const DEMO_VERSIONS = ['v15', 'v20'] as const
export type DemoVersion = (typeof DEMO_VERSIONS)[number]

export type SettingCommand = 'run' | 'info'

interface Common {
  /** The Settings field it fills. */
  field: string
  /** Flag name (without --); none for config-only settings. */
  flag?: string
  char?: 'o' | 'q' | 'v'
  /** Config key, dotted for nested blocks (`db.timeoutSeconds`); none for flag-only settings. */
  config?: string
  description: string
  helpValue?: string
  env?: string
  /** The commands that take the flag. */
  commands: readonly SettingCommand[]
}

export type SettingDefinition = Common &
  (
    | {kind: 'string'; default?: string; pattern?: string; minLength?: number}
    | {kind: 'boolean'; default: boolean}
    /** A number of seconds in the table and the config; milliseconds in Settings. */
    | {kind: 'seconds'; default?: number; minimum: number; maximum: number}
    | {kind: 'integer'; default?: number; minimum: number; maximum: number}
    | {kind: 'enum'; default?: string; options: readonly string[]}
    /**
     * A list: the flag is repeatable (`repeat`) or one comma-separated value (`commas`);
     * `join` adds the flag's items to the config's, `replace` lets the flag win.
     */
    | {kind: 'list'; default: readonly string[]; flagForm: 'repeat' | 'commas'; merge: 'join' | 'replace'}
  )

const BOTH = ['run', 'info'] as const
const RUN = ['run'] as const

const seconds = (what: string, fallback?: number) => ({
  kind: 'seconds' as const,
  minimum: MIN_TIMEOUT_SECONDS,
  maximum: MAX_TIMEOUT_SECONDS,
  ...(fallback === undefined ? {} : {default: fallback}),
  description: what,
})

export const SETTINGS: readonly SettingDefinition[] = [
  {field: 'configFile', flag: 'config', kind: 'string', commands: BOTH, helpValue: 'FILE',
    description: 'config file (default: ./tcx-doctor.config.json, then /etc/tcx-doctor/config.json or %ProgramData%\\tcx-doctor\\config.json, when present)'},
  {field: 'installDir', flag: 'install-dir', config: 'installDir', kind: 'string', minLength: 1, commands: BOTH, helpValue: 'DIR',
    description: 'the 3CX folder that holds Bin/ and Instance1/ (default: C:\\Program Files\\3CX Phone System on Windows, /var/lib/3cxpbx elsewhere)'},
  {field: 'dataDir', flag: 'data-dir', config: 'dataDir', kind: 'string', minLength: 1, commands: BOTH, helpValue: 'DIR',
    description: 'the 3CX data folder with Logs/ and Recordings/ (default from [General] AppDataPath or the layout)'},
  {field: 'iniFile', flag: 'ini', config: 'ini', kind: 'string', minLength: 1, commands: BOTH, helpValue: 'FILE', description: 'an explicit 3CXPhoneSystem.ini'},
  {field: 'appDirs', flag: 'app-dir', config: 'appDirs', kind: 'list', default: [], flagForm: 'repeat', merge: 'join', commands: BOTH, helpValue: 'DIR',
    description: 'folder of a Call Control API application (repeatable)'},
  {field: 'appSearchDirs', flag: 'app-search', config: 'appSearch', kind: 'list', default: [], flagForm: 'repeat', merge: 'join', commands: BOTH, helpValue: 'DIR',
    description: 'find Call Control API application folders (holding 3cxpscomcpp2.dll) under DIR, 4 levels deep (repeatable)'},
  {field: 'ntpServers', flag: 'ntp-server', config: 'ntpServers', kind: 'list', default: [DEFAULT_NTP_SERVER], flagForm: 'repeat', merge: 'replace', commands: BOTH,
    helpValue: 'HOST[:PORT]', description: 'SNTP server for the clock check, host or host:port (repeatable; default pool.ntp.org; "none" disables)'},
  {field: 'tcxTimezone', flag: 'tcx-timezone', config: 'tcxTimezone', kind: 'string', minLength: 1, commands: BOTH, helpValue: 'ZONE',
    description: "3CX's time zone, an IANA name or a Windows zone id, when its database does not tell it"},
  {field: 'dbUrl', flag: 'db-url', config: 'db.url', kind: 'string', pattern: '^postgres(ql)?://', commands: BOTH, helpValue: 'postgres://USER:PASS@HOST:5480/database_single',
    description: 'connect to the 3CX database with this URL instead of the ini accounts (read-only sessions all the same)'},
  {field: 'dbHost', config: 'db.host', kind: 'string', minLength: 1, commands: BOTH, description: "database host replacing the ini's DBHost (an SSH tunnel)"},
  {field: 'dbPort', config: 'db.port', kind: 'integer', minimum: 1, maximum: 65535, commands: BOTH, description: "database port replacing the ini's DBPort"},
  {field: 'dbTimeoutMs', config: 'db.timeoutSeconds', ...seconds('database connect and statement timeout in seconds', 5), commands: BOTH},
  {field: 'consoleUrl', flag: 'console-url', config: 'console.url', kind: 'string', pattern: '^https?://', commands: BOTH, helpValue: 'URL',
    description: 'the management console base URL (default: the WEB_ROOT_LOCAL parameter)'},
  {field: 'consoleUser', flag: 'console-user', config: 'console.user', kind: 'string', minLength: 1, commands: BOTH, helpValue: 'USER',
    description: 'console user (default: the WEBSERVERUSER parameter)'},
  {field: 'consolePassword', flag: 'console-password', config: 'console.password', kind: 'string', env: 'TCX_CONSOLE_PASSWORD', commands: BOTH, helpValue: 'PASSWORD',
    description: 'console password (default: the WEBSERVERPASS parameter)'},
  {field: 'consoleApi', flag: 'console-api', config: 'console.api', kind: 'enum', options: ['auto', 'v15', 'v20'], default: 'auto', commands: BOTH, helpValue: 'auto|v15|v20',
    description: 'the console API dialect: v15 (v15 to v18, /api/login), v20 (/xapi/v1 with a bearer token), or auto (a 404 on one login tries the other)'},
  {field: 'consoleClientId', flag: 'console-client-id', config: 'console.clientId', kind: 'string', minLength: 1, env: 'TCX_CONSOLE_CLIENT_ID', commands: BOTH, helpValue: 'ID',
    description: 'v20: log in as this service principal (client credentials, /connect/token) instead of a user'},
  {field: 'consoleClientSecret', flag: 'console-client-secret', config: 'console.clientSecret', kind: 'string', env: 'TCX_CONSOLE_CLIENT_SECRET', commands: BOTH, helpValue: 'SECRET',
    description: 'v20: the secret of the service principal (--console-client-id)'},
  {field: 'consoleTimeoutMs', config: 'console.timeoutSeconds', ...seconds('console request timeout in seconds', 5), commands: BOTH},
  {field: 'insecure', flag: 'insecure', config: 'console.insecure', kind: 'boolean', default: false, commands: BOTH,
    description: 'accept a self-signed TLS certificate from a console that is not on this machine'},
  {field: 'expectedIps', flag: 'expected-ip', config: 'expectedIps', kind: 'list', default: [], flagForm: 'repeat', merge: 'join', commands: BOTH, helpValue: 'IP',
    description: 'an address 3CX should be reachable at, e.g. the one it was installed with (repeatable; network.ip-changed)'},
  {field: 'physicalInterfaces', flag: 'physical-interface', config: 'network.physicalInterfaces', kind: 'list', default: [], flagForm: 'repeat', merge: 'join', commands: BOTH,
    helpValue: 'NAME', description: 'count this interface (name or MAC) as a physical network card whatever it looks like (repeatable; network.multiple-nics)'},
  {field: 'virtualInterfaces', config: 'network.virtualInterfaces', kind: 'list', default: [], flagForm: 'repeat', merge: 'join', commands: BOTH,
    description: 'interfaces (names or MACs) counted as virtual adapters whatever they look like'},
  {field: 'demo', flag: 'demo', kind: 'boolean', default: false, commands: BOTH,
    description: 'diagnose the bundled sample PBX (starts its database and console simulator); `--demo v20` is the v20 sample (the same as --demo --demo-version v20)'},
  {field: 'demoVersion', flag: 'demo-version', kind: 'enum', options: DEMO_VERSIONS, default: 'v15', commands: BOTH, helpValue: DEMO_VERSIONS.join('|'),
    description: 'with --demo: the sample PBX to diagnose, v15 (v15.5 on Windows, the default) or v20 (v20 on Debian)'},
  {field: 'debug', flag: 'debug', kind: 'boolean', default: false, commands: BOTH, description: 'show stack traces of unexpected errors'},
  {field: 'only', flag: 'only', config: 'only', kind: 'list', default: [], flagForm: 'commas', merge: 'join', commands: RUN, helpValue: 'ID,...',
    description: 'run only these checks (ids, categories, or category.*), comma-separated'},
  {field: 'skip', flag: 'skip', config: 'skip', kind: 'list', default: [], flagForm: 'commas', merge: 'join', commands: RUN, helpValue: 'ID,...',
    description: 'skip these checks (ids, categories, or category.*), comma-separated'},
  {field: 'timeoutMs', flag: 'timeout', config: 'timeoutSeconds', ...seconds(`time limit of every check in seconds, ${MIN_TIMEOUT_SECONDS} to ${MAX_TIMEOUT_SECONDS} (default: each check's own, else 10)`),
    commands: RUN, helpValue: 'SECONDS'},
  {field: 'failOn', flag: 'fail-on', config: 'failOn', kind: 'enum', options: FAIL_ON, default: 'warn', commands: RUN,
    description: 'lowest status that makes the exit code non-zero (default warn; never: always 0)'},
  {field: 'require', flag: 'require', config: 'require', kind: 'list', default: [], flagForm: 'commas', merge: 'join', commands: RUN, helpValue: 'SOURCE,...',
    description: 'sources the run must use, e.g. db,console: one that is unavailable or unused makes the run UNKNOWN (exit 3)'},
  {field: 'requireChecks', flag: 'require-checks', config: 'requireChecks', kind: 'list', default: [], flagForm: 'commas', merge: 'join', commands: RUN, helpValue: 'ID,...',
    description: 'checks (ids, categories, or category.*) that must give a verdict: one that skips, errors or is not selected makes the run UNKNOWN (exit 3)'},
  {field: 'checksDirs', flag: 'checks-dir', config: 'checksDirs', kind: 'list', default: [], flagForm: 'repeat', merge: 'join', commands: RUN, helpValue: 'DIR',
    description: 'load third-party checks from the .js files in DIR (repeatable)'},
  {field: 'plugins', config: 'plugins', kind: 'list', default: [], flagForm: 'repeat', merge: 'join', commands: RUN, description: 'plugin packages or files to load'},
  {field: 'docsBaseUrl', config: 'docsBaseUrl', kind: 'string', pattern: '^https?://', commands: RUN, helpValue: 'URL',
    description: "where the HTML report's links to a check's documentation (docs/checks/...) point: an http(s) URL of the folder that holds docs/ (default https://github.com/tcx-doctor/tcx-doctor/blob/main/)"},
  {field: 'sipProbe', flag: 'sip-probe', kind: 'boolean', default: false, commands: RUN,
    description: 'send a SIP REGISTER (Expires 0) with the trunk credentials of the config to each loopback trunk and report 200 versus 401/403'},
]

/** The setting a flag or config key belongs to. */
export const settingByFlag = (flag: string): SettingDefinition | undefined => SETTINGS.find((s) => s.flag === flag)

/** What values a setting takes, for messages: "a number of seconds from 0.1 to 3600". */
export function describeAllowed(s: SettingDefinition): string {
  switch (s.kind) {
    case 'seconds':
      return `a number of seconds from ${s.minimum} to ${s.maximum}`
    case 'integer':
      return `a whole number from ${s.minimum} to ${s.maximum}`
    case 'enum':
      return `one of ${s.options.join(', ')}`
    case 'boolean':
      return 'true or false'
    case 'list':
      return 'a list of strings'
    case 'string':
      return s.pattern ? `a string matching ${s.pattern}` : 'a non-empty string'
  }
}
