/**
 * Which URLs the console reachability source tries: --console-url, else the
 * WEB_ROOT_LOCAL parameter, else the layout's default ports on this machine;
 * unavailable without a URL and without an install. Sources provided in memory.
 */
import {describe, expect, it} from 'vitest'
import {defaultSettings, type Settings} from '../../../../src/config/settings.js'
import {RunContext} from '../../../../src/engine/context.js'
import {SourceUnavailableError} from '../../../../src/engine/errors.js'
import {consoleCandidates, DEFAULT_CONSOLE_URLS} from '../../../../src/sources/console/index.js'

const db = (parameters: Record<string, string>) => ({parameter: (name: string) => Promise.resolve(parameters[name])})
const context = (provided: Record<string, unknown>, settings: Partial<Settings> = {}) =>
  new RunContext({...defaultSettings('/nonexistent-cwd'), ...settings}, {provided, providedOnly: true})

describe('console candidates', () => {
  it('--console-url wins and nothing else is asked', async () => {
    expect(await consoleCandidates(context({}, {consoleUrl: 'https://pbx.example.com:5001/'}))).toEqual({urls: ['https://pbx.example.com:5001/'], from: '--console-url', notes: []})
  })

  it('then WEB_ROOT_LOCAL from the database', async () => {
    expect(await consoleCandidates(context({db: db({WEB_ROOT_LOCAL: ' http://127.0.0.1:5015/ '})}))).toEqual({urls: ['http://127.0.0.1:5015/'], from: 'parameter WEB_ROOT_LOCAL', notes: []})
  })

  it('then the default ports of the layout, saying why WEB_ROOT_LOCAL did not give one (cut short)', async () => {
    const hostile = `\u001b]0;x\u0007${'z'.repeat(1000)}`
    const c = await consoleCandidates(context({db: db({WEB_ROOT_LOCAL: hostile}), install: {layout: 'windows'}}))
    expect(c.urls).toEqual([...DEFAULT_CONSOLE_URLS.windows])
    expect(c.from).toBe('the default Windows port(s) on this machine')
    expect(c.notes).toEqual([`WEB_ROOT_LOCAL "${hostile.slice(0, 200)}" is not a URL`])
    const debian = await consoleCandidates(context({install: {layout: 'debian'}}))
    expect(debian.urls).toEqual(['http://127.0.0.1:5015/'])
    expect(debian.notes).toEqual(['WEB_ROOT_LOCAL unknown: the db source is not provided here'])
  })

  it('no URL and no install: the source is unavailable with how to give one', async () => {
    const error = await consoleCandidates(context({})).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SourceUnavailableError)
    expect((error as Error).message).toBe(
      'no console URL and no 3CX install on this machine (the install source is not provided here); give --console-url to check a console elsewhere',
    )
  })
})
