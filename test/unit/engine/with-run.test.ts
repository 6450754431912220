import {describe, expect, it} from 'vitest'
import {defaultSettings, type Settings} from '../../../src/config/settings.js'
import type {SourceDefinition} from '../../../src/engine/context.js'
import {withRun, type RunEnvironment} from '../../../src/engine/diagnose.js'
import {SecretRegistry} from '../../../src/engine/secrets.js'

/** A demo starter that records what happened, with settings of its own. */
function recordingDemo(log: string[]): (settings: Settings) => Promise<RunEnvironment> {
  return async (settings) => {
    log.push('demo started')
    return {settings: {...settings, installDir: '/demo/install'}, stop: async () => void log.push('demo stopped')}
  }
}

/** A source that records its opening and closing. */
function recordingSource(log: string[]): SourceDefinition<{name: string}> {
  return {name: 'recorded', open: async () => (log.push('source opened'), {name: 'value'}), close: async () => void log.push('source closed')}
}

describe('withRun: the lifecycle run and info share', () => {
  it('starts the demo, hands the body a context on its settings, closes the sources, then stops the demo', async () => {
    const log: string[] = []
    const source = recordingSource(log)
    const result = await withRun({...defaultSettings('/w'), demo: true}, {startDemo: recordingDemo(log)}, async (ctx) => {
      log.push(`body on ${ctx.settings.installDir}`)
      return (await ctx.use(source)).name
    })
    expect(result).toBe('value')
    expect(log).toEqual(['demo started', 'body on /demo/install', 'source opened', 'source closed', 'demo stopped'])
  })

  it('starts no demo without settings.demo', async () => {
    const log: string[] = []
    await withRun(defaultSettings('/w'), {startDemo: recordingDemo(log)}, async (ctx) => void log.push(`body on ${String(ctx.settings.installDir)}`))
    expect(log).toEqual(['body on undefined'])
  })

  it('closes and stops also when the body throws, and the error reaches the caller', async () => {
    const log: string[] = []
    const source = recordingSource(log)
    await expect(
      withRun({...defaultSettings('/w'), demo: true}, {startDemo: recordingDemo(log)}, async (ctx) => {
        await ctx.use(source)
        throw new Error('body failed')
      }),
    ).rejects.toThrow('body failed')
    expect(log).toEqual(['demo started', 'source opened', 'source closed', 'demo stopped'])
  })

  it('registers the settings secrets in the given registry and redacts the result with them', async () => {
    const secrets = new SecretRegistry()
    const settings = {...defaultSettings('/w'), consolePassword: 'Console-Secret-99', dbUrl: 'postgres://u:Db-Secret-42@127.0.0.1/x'} as Settings
    const result = await withRun(settings, {secrets}, async (ctx) => {
      ctx.secrets.add('Learnt-In-Run-7')
      return {line: 'console Console-Secret-99 db Db-Secret-42 learnt Learnt-In-Run-7', nested: [{password: 'anything'}]}
    })
    expect(result).toEqual({line: 'console ******** db ******** learnt ********', nested: [{password: '********'}]})
    expect(secrets.redact('Learnt-In-Run-7')).toBe('********')
  })
})
