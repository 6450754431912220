import {writeFileSync, mkdirSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {settingFlags} from '../../../src/cli/flags.js'
import {configCandidates, loadConfigFile, parseConfigText, validateConfig} from '../../../src/config/config-file.js'
import {configSchema} from '../../../src/config/config-schema.js'
import {mergeSettings} from '../../../src/config/resolve-settings.js'
import {MAX_TIMEOUT_SECONDS, SETTINGS} from '../../../src/config/setting-definitions.js'
import {defaultSettings} from '../../../src/config/settings.js'
import {tempDir} from '../../helpers/temp.js'

const schemaAt = (key: string): Record<string, unknown> | undefined => {
  const [a, b] = key.split('.') as [string, string | undefined]
  const top = (configSchema.properties as Record<string, {properties?: Record<string, unknown>}>)[a]
  return (b === undefined ? top : top?.properties?.[b]) as Record<string, unknown> | undefined
}

describe('the settings table', () => {
  it('gives each command exactly the flags it declares for it', () => {
    for (const command of ['run', 'info'] as const) {
      const expected = SETTINGS.filter((s) => s.flag && s.commands.includes(command)).map((s) => s.flag)
      expect(Object.keys(settingFlags(command)).sort()).toEqual([...expected].sort())
    }
    expect(Object.keys(settingFlags('info'))).not.toContain('timeout')
    expect(settingFlags('run')['console-password']).toMatchObject({env: 'TCX_CONSOLE_PASSWORD'})
  })

  it('gives each config key its schema with the range of the table', () => {
    for (const s of SETTINGS.filter((d) => d.config)) {
      const schema = schemaAt(s.config!)
      expect(schema, s.config).toBeDefined()
      if (s.kind === 'seconds' || s.kind === 'integer') expect(schema, s.config).toMatchObject({minimum: s.minimum, maximum: s.maximum})
    }
    expect(schemaAt('timeoutSeconds')).toMatchObject({type: 'number', maximum: MAX_TIMEOUT_SECONDS})
  })

  it('takes the defaults from the table', () => {
    const d = defaultSettings('/x')
    expect(d).toMatchObject({cwd: '/x', failOn: 'warn', dbTimeoutMs: 5000, consoleTimeoutMs: 5000, ntpServers: ['pool.ntp.org'], require: [], requireChecks: [], insecure: false})
    expect(d.timeoutMs).toBeUndefined()
    expect(mergeSettings({}, {}, '/x')).toEqual({...d})
  })

  it('puts flags over the config over the defaults, joining or replacing lists as declared', () => {
    const s = mergeSettings({'fail-on': 'fail', only: 'api,time', 'ntp-server': ['127.0.0.1:9'], require: 'db'}, {failOn: 'error', only: ['install'], ntpServers: ['cfg'], require: ['console'], timeoutSeconds: 2.5}, '/')
    expect(s).toMatchObject({failOn: 'fail', only: ['install', 'api', 'time'], ntpServers: ['127.0.0.1:9'], require: ['console', 'db'], timeoutMs: 2500})
    expect(mergeSettings({}, {failOn: 'error', db: {timeoutSeconds: 12}}, '/')).toMatchObject({failOn: 'error', dbTimeoutMs: 12_000})
    expect(mergeSettings({timeout: '0.5'}, {timeoutSeconds: 9}, '/').timeoutMs).toBe(500)
    expect(mergeSettings({insecure: false}, {console: {insecure: true}}, '/').insecure).toBe(true)
  })
})

describe('bad settings are refused in one line naming the flag and the range', () => {
  it.each(['0', '-1', 'abc', '', '1e3', '0x10', '0.05', '3601', '1000000000000', 'Infinity', 'NaN'])('--timeout %j', (value) => {
    expect(() => mergeSettings({timeout: value}, {}, '/')).toThrow(`--timeout must be a number of seconds from 0.1 to 3600, not "${value}"`)
  })

  it('accepts the ends of the range', () => {
    expect(mergeSettings({timeout: '0.1'}, {}, '/').timeoutMs).toBe(100)
    expect(mergeSettings({timeout: '3600'}, {}, '/').timeoutMs).toBe(3_600_000)
  })

  it.each([
    [{timeoutSeconds: 1e12}, 'timeoutSeconds must be a number of seconds from 0.1 to 3600'],
    [{timeoutSeconds: 0}, 'timeoutSeconds must be a number of seconds from 0.1 to 3600'],
    [{db: {timeoutSeconds: 1e12}}, 'db.timeoutSeconds must be a number of seconds from 0.1 to 3600'],
    [{console: {timeoutSeconds: -5}}, 'console.timeoutSeconds must be a number of seconds from 0.1 to 3600'],
    [{db: {port: 70000}}, 'db.port must be a whole number from 1 to 65535'],
    [{db: {port: 54.5}}, 'db.port must be a whole number from 1 to 65535'],
    [{timeoutSeconds: '10'}, 'timeoutSeconds must be a number of seconds from 0.1 to 3600'],
    [{failOn: 'sometimes'}, 'failOn must be one of warn, error, fail, never'],
    [{requireChecks: 'api'}, 'requireChecks must be array'],
  ])('config %j', async (config, message) => {
    expect(await validateConfig(config)).toBe(message)
  })

  it('refuses a config number out of range even when the schema was not run', () => {
    expect(() => mergeSettings({}, {db: {timeoutSeconds: 1e12}}, '/')).toThrow('config db.timeoutSeconds must be a number of seconds from 0.1 to 3600, not "1000000000000"')
    expect(() => mergeSettings({'fail-on': 'sometimes'}, {}, '/')).toThrow('--fail-on must be one of warn, error, fail, never, not "sometimes"')
  })
})

describe('config file errors show no secret', () => {
  const secret = 'hunter2-Secret!'

  it('says where the JSON is broken, never quoting it', () => {
    for (const text of [`{"console": {"password": ${secret}}}`, `{"console": {"password": "${secret}}}`, `{"console": {"password": "${secret}",}}`, `{"db": {"url": "postgres://u:${secret}@h/x"} "x": 1}`]) {
      let message = ''
      try {
        parseConfigText(text, '/c.json')
      } catch (error) {
        message = (error as Error).message
      }
      expect(message, text).toMatch(/^config file \/c\.json is not valid JSON: /)
      expect(message, text).not.toMatch(/hunt|Secret/)
    }
  })

  it('names keys, not values, in schema errors', async () => {
    for (const config of [{console: {passwrd: secret}}, {console: {password: 123456789}}, {db: {url: `mysql://u:${secret}@h`}}, {email: {password: [secret]}}]) {
      const problem = await validateConfig(config)
      expect(problem, JSON.stringify(config)).toBeDefined()
      expect(problem).not.toMatch(/hunt|Secret|123456/)
    }
    expect(await validateConfig({console: {passwrd: secret}})).toBe('unknown key "passwrd" at console')
  })

  it('hides the password of a bad --console-url', () => {
    expect(() => mergeSettings({'console-url': 'ftp://admin:Pa55word-x@pbx'}, {}, '/')).toThrow('--console-url must be an http(s) URL such as https://pbx.example.com:5001/, not "ftp://admin:********@pbx"')
  })
})

describe('where the config file is looked for', () => {
  it('is ./tcx-doctor.config.json, then the system-wide file of the platform', () => {
    expect(configCandidates('/work/site', 'linux', {})).toEqual(['/work/site/tcx-doctor.config.json', '/etc/tcx-doctor/config.json'])
    expect(configCandidates('/work/site', 'win32', {ProgramData: 'D:\\PD'})[1]).toBe('D:\\PD\\tcx-doctor\\config.json')
    expect(configCandidates('/work/site', 'win32', {})[1]).toBe('C:\\ProgramData\\tcx-doctor\\config.json')
  })

  it('uses the first that exists, and --config over both', async () => {
    const cwd = tempDir('tcx-cfg-cwd-')
    const system = join(tempDir('tcx-cfg-etc-'), 'config.json')
    const local = join(cwd, 'tcx-doctor.config.json')
    const candidates = [local, system]
    expect(await loadConfigFile(cwd, undefined, candidates)).toEqual({config: {}})
    writeFileSync(system, JSON.stringify({failOn: 'fail'}))
    expect(await loadConfigFile(cwd, undefined, candidates)).toEqual({path: system, config: {failOn: 'fail'}})
    writeFileSync(local, JSON.stringify({failOn: 'error'}))
    expect(await loadConfigFile(cwd, undefined, candidates)).toEqual({path: local, config: {failOn: 'error'}})
    mkdirSync(join(cwd, 'sub'))
    writeFileSync(join(cwd, 'sub', 'mine.json'), JSON.stringify({failOn: 'never'}))
    expect(await loadConfigFile(cwd, 'sub/mine.json', candidates)).toEqual({path: join(cwd, 'sub', 'mine.json'), config: {failOn: 'never'}})
    await expect(loadConfigFile(cwd, 'missing.json', candidates)).rejects.toThrow(`config file ${join(cwd, 'missing.json')}: not found`)
  })

  it('refuses a config that is a directory or too large, in one line', async () => {
    const cwd = tempDir('tcx-cfg-bad-')
    await expect(loadConfigFile(cwd, '.')).rejects.toThrow(/^config file .+ is a directory, not a regular file/)
    writeFileSync(join(cwd, 'big.json'), `{"x": "${'a'.repeat(2 * 1024 * 1024)}"}`)
    await expect(loadConfigFile(cwd, 'big.json')).rejects.toThrow(/^config file .+big\.json is 2\.0 MiB, more than the 1\.0 MiB/)
  })
})

describe('e-mail timeout', () => {
  it('is refused out of range, in the schema and in the resolution', async () => {
    expect(await validateConfig({email: {timeoutSeconds: 1e12}})).toBe('email.timeoutSeconds must be a number of seconds from 0.1 to 3600')
    const email = {to: 'a@example.com', from: 'b@example.com', smtpUrl: 'smtp://mail.example.com:25'}
    expect(() => mergeSettings({}, {email: {...email, timeoutSeconds: 1e12}}, '/')).toThrow('config email.timeoutSeconds must be a number of seconds from 0.1 to 3600, not "1000000000000"')
    expect(mergeSettings({}, {email: {...email, timeoutSeconds: 1.5}}, '/').email?.timeoutMs).toBe(1500)
  })
})
