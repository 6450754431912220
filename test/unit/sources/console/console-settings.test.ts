/**
 * The console's settings in the settings table: --console-api (auto|v15|v20, config
 * console.api), the v20 service principal with its env vars, the secret masked.
 */
import {describe, expect, it} from 'vitest'
import {settingFlags} from '../../../../src/cli/flags.js'
import {validateConfig} from '../../../../src/config/config-file.js'
import {mergeSettings} from '../../../../src/config/resolve-settings.js'
import {defaultSettings} from '../../../../src/config/settings.js'
import {SecretRegistry} from '../../../../src/engine/secrets.js'
import {registerSettingSecrets} from '../../../../src/engine/diagnose.js'

describe('console settings', () => {
  it('flags for run and info, with their env vars', () => {
    for (const command of ['run', 'info'] as const) {
      const flags = settingFlags(command)
      expect(flags).toHaveProperty('console-api')
      expect(flags['console-client-id']).toMatchObject({env: 'TCX_CONSOLE_CLIENT_ID'})
      expect(flags['console-client-secret']).toMatchObject({env: 'TCX_CONSOLE_CLIENT_SECRET'})
    }
  })

  it('auto by default; flags over the config block console.{api,clientId,clientSecret}', () => {
    expect(defaultSettings('/').consoleApi).toBe('auto')
    expect(mergeSettings({}, {console: {api: 'v20', clientId: 'svc', clientSecret: 'cfg-secret-1'}}, '/')).toMatchObject({consoleApi: 'v20', consoleClientId: 'svc', consoleClientSecret: 'cfg-secret-1'})
    expect(mergeSettings({'console-api': 'v15'}, {console: {api: 'v20'}}, '/')).toMatchObject({consoleApi: 'v15'})
  })

  it('a dialect the table does not know is refused, in the config and as a flag', async () => {
    expect(await validateConfig({console: {api: 'v19'}})).toBe('console.api must be one of auto, v15, v20')
    expect(() => mergeSettings({'console-api': 'v19'}, {}, '/')).toThrow('--console-api must be one of auto, v15, v20, not "v19"')
    expect(await validateConfig({console: {api: 'v20', clientId: 'svc'}})).toBeUndefined()
  })

  it('the client secret of the settings is registered as a secret', () => {
    const secrets = new SecretRegistry()
    registerSettingSecrets(secrets, {...defaultSettings('/'), consoleClientSecret: 'VerySecret-4711'})
    expect(secrets.redact('a VerySecret-4711 b')).toBe('a ******** b')
  })
})
