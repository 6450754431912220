/**
 * Fakes for the time checks, built from recorded fixtures: SNTP readings
 * (test/fixtures/time/sntp-readings.json), the v15.5 console's ActiveCalls,
 * activity-log files, host facts and a database answering the checks' queries.
 */
import {readFileSync} from 'node:fs'
import {resolve} from 'node:path'
import type {ClockFacts} from '../../../../src/sources/clock/index.js'
import type {LogTail} from '../../../../src/sources/activity-logs.js'
import type {MachineZone} from '../../../../src/sources/timezone.js'
import {SourceUnavailableError} from '../../../../src/engine/errors.js'

const FIXTURES = resolve(import.meta.dirname, '..', '..', '..', 'fixtures')

const readings = JSON.parse(readFileSync(resolve(FIXTURES, 'time', 'sntp-readings.json'), 'utf8')) as Record<string, ClockFacts>

/** Recorded clock facts: `in-time`, `ahead-5s`, `ahead-120s`, `behind-2s` (each with one silent server). */
export function clockFacts(name: 'in-time' | 'ahead-5s' | 'ahead-120s' | 'behind-2s'): ClockFacts {
  const facts = readings[name]
  if (!facts) throw new Error(`no recorded SNTP readings named ${name}`)
  return structuredClone(facts)
}

export function machineZone(zone: string, offsetMinutes: number): MachineZone {
  return {zone, from: 'TZ environment variable', offsetMinutes, disagreeing: []}
}

/** The v15.5 console with its recorded ActiveCalls (its `Now` replaced when given). */
export function consoleApi(now?: string): Record<string, unknown> {
  const calls = JSON.parse(readFileSync(resolve(FIXTURES, 'pbx-sources', 'console-api-v15.5', 'ActiveCalls.json'), 'utf8')) as {Now: string; list: unknown[]}
  return {
    baseUrl: 'http://127.0.0.1:5000/',
    user: 'admin',
    from: 'the test',
    activeCalls: async () => (now === undefined ? calls : {...calls, Now: now}),
  }
}

/** A console whose ActiveCalls GET fails after the login worked. */
export function consoleApiFailing(reason: string): Record<string, unknown> {
  return {...consoleApi(), activeCalls: async () => Promise.reject(new SourceUnavailableError('console', reason))}
}

/** A log tail from a fixture file in test/fixtures/time/logs (UTF-8 ones), written at `mtime`. */
export function logTail(name: string, mtime: Date): LogTail {
  const text = readFileSync(resolve(FIXTURES, 'time', 'logs', name), 'utf8')
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '')
  return {file: `/var/lib/3cxpbx/Instance1/Data/Logs/${name}`, size: Buffer.byteLength(text), mtime, lines: lines.slice(-20), encoding: 'utf8'}
}

/** Host facts of a machine with one interface holding `addresses`. */
export function hostFacts(hostname: string, addresses: string[]): Record<string, unknown> {
  return {
    platform: 'linux',
    hostname,
    interfaces: [{name: 'eth0', addresses: addresses.map((address) => ({address, family: address.includes(':') ? 'IPv6' : 'IPv4'})), state: 'up', up: true, kind: 'physical', reason: 'test'}],
    collectedFrom: ['the test'],
    notes: [],
    durationMs: 1,
  }
}

export interface FakeDbOptions {
  host?: string
  serverNow?: () => Date
  /** Tables that exist, with their columns. */
  tables?: Record<string, string[]>
  /** Rows of `parameter`. */
  parameters?: Array<{name: string; value: string}>
  /** Answers to queries, by a piece of their SQL. */
  answers?: Array<{when: string; rows: Array<Record<string, unknown>>}>
}

/** A database fake: the `Database` methods the time checks call, and every query it was asked. */
export function fakeDb(options: FakeDbOptions = {}): Record<string, unknown> & {queries: Array<{sql: string; params: unknown[]}>} {
  const tables = options.tables ?? {}
  const queries: Array<{sql: string; params: unknown[]}> = []
  const columnsOf = (t: string): string[] | undefined => tables[t]
  return {
    description: 'the fake database',
    host: options.host ?? '127.0.0.1',
    port: 5480,
    database: 'database_single',
    user: 'logsreader_single',
    from: 'the test',
    serverVersion: '15.4',
    queries,
    async query(sql: string, params: unknown[] = []) {
      queries.push({sql, params})
      return (options.answers ?? []).find((a) => sql.includes(a.when))?.rows ?? []
    },
    async hasTable(t: string) {
      return columnsOf(t) !== undefined
    },
    async missingColumns(t: string, wanted: string[]) {
      const have = columnsOf(t)
      return have ? wanted.filter((c) => !have.includes(c)) : wanted
    },
    async requireColumns(t: string, wanted: string[]) {
      const have = columnsOf(t)
      if (!have) throw new SourceUnavailableError('db', `table ${t} not found in the 3CX database (this 3CX version may not have it)`)
      const missing = wanted.filter((c) => !have.includes(c))
      if (missing.length > 0) throw new SourceUnavailableError('db', `column ${missing.map((c) => `${t}.${c}`).join(', ')} not found in the 3CX database (this 3CX version may not have it)`)
    },
    async parameter(name: string) {
      return options.parameters?.find((p) => p.name === name)?.value
    },
    async parametersLike(pattern: string) {
      const re = new RegExp(`^${pattern.replace(/%/g, '.*')}$`, 'i')
      return (options.parameters ?? []).filter((p) => re.test(p.name))
    },
    async serverNow() {
      if (!options.serverNow) throw new Error('serverNow was not expected to be asked')
      return options.serverNow()
    },
  }
}

/** The time service's facts from recorded outputs in test/fixtures/timeservice (chronyc CSV or w32tm status files). */
export async function timeService(...files: string[]): Promise<Record<string, unknown>> {
  const {parseChronyTracking, parseW32tmStatus} = await import('../../../../src/sources/timeservice/index.js')
  const read = (name: string): string => readFileSync(resolve(FIXTURES, 'timeservice', name), 'utf8')
  const readings = files.map((f) => (f.startsWith('w32tm') ? parseW32tmStatus(read(f), new Date('2026-12-01T12:00:00Z')) : parseChronyTracking(read(f))))
  return {readings, problems: [], tried: files}
}
