/**
 * The example plugin (examples/plugins/recordings-disk-usage.js) with the check tester: it
 * imports `tcx-doctor` like any plugin (the package's built entry), so it lives in the e2e tier.
 */
import {mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {expect, it} from 'vitest'
import {testCheck, unavailable} from '../../helpers/check-tester.js'
import {runCli, tempDir} from '../../helpers/cli.js'
import type {Check} from '../../../src/index.js'

const EXAMPLE: string = '../../../examples/plugins/recordings-disk-usage.js'
const check = ((await import(EXAMPLE)) as {default: Check}).default

/** A data folder whose Recordings hold `bytes` bytes in one file. */
function dataDir(bytes: number | undefined): string {
  const dir = tempDir('tcx-recordings-')
  if (bytes !== undefined) {
    mkdirSync(join(dir, 'Recordings', '2026'), {recursive: true})
    writeFileSync(join(dir, 'Recordings', '2026', 'call.wav'), Buffer.alloc(bytes))
  }
  return dir
}
const install = (data: string | undefined) => ({root: '/opt/3cx', layout: 'debian', ...(data ? {dataDir: data} : {}), tried: []})
const KiB = 1024 / 2 ** 30

testCheck(check, {
  pass: [{name: 'under the warn limit', sources: {install: install(dataDir(1024))}, options: {warnGiB: 2 * KiB}, summary: /^1 recording file\(s\) use 0\.00 GiB/}],
  warn: [
    {
      name: 'at the warn limit, with a table',
      sources: {install: install(dataDir(1024))},
      options: {warnGiB: KiB, failGiB: 4 * KiB},
      expect: (r) => expect(r.tables[0]).toMatchObject({title: 'Recordings', columns: ['Folder', 'Files', 'GiB', 'Warn at GiB', 'Fail at GiB']}),
    },
  ],
  fail: [{name: 'at the fail limit', sources: {install: install(dataDir(4096))}, options: {warnGiB: KiB, failGiB: 2 * KiB}}],
  skip: [
    {name: 'no install', sources: {install: unavailable('install', 'no 3CX install found')}, summary: 'No 3CX install to look in: no 3CX install found'},
    {name: 'no data folder', sources: {install: install(undefined)}, summary: 'No 3CX data folder found'},
    {name: 'no Recordings folder', sources: {install: install(dataDir(undefined))}, summary: /^No Recordings folder in /},
  ],
})

it('refuses a bad threshold in the config before anything runs', async () => {
  const dir = tempDir()
  writeFileSync(join(dir, 'c.json'), JSON.stringify({checks: {'example.recordings-disk-usage': {warnGiB: -1}}}))
  const r = await runCli(['run', '--checks-dir', 'examples/plugins', '--config', join(dir, 'c.json'), '--only', 'example', '--format', 'json'])
  expect(r.code).toBe(3)
  expect(r.stdout).toBe('')
  expect(r.stderr).toMatch(/example\.recordings-disk-usage.*warnGiB/)
})
