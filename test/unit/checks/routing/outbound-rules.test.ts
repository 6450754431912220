/**
 * routing.outbound-rules through the check tester: a fake database whose information_schema
 * lists the sample schema's outboundrule/outboundroute columns (or fewer), whose routes are the
 * sample seed's four (or those plus the demo plants), and whose extensions are 3 digits.
 */
import {describe, expect, it} from 'vitest'
import check, {extensionLengthProblem, lengthsText, matchedLengths, parseLengths, parsePrefixes, probeColumns, routesQuery} from '../../../../checks/routing/outbound-rules.js'
import {testCheck, unavailable} from '../../../helpers/check-tester.js'
import {fakeDb} from '../time/fakes.js'

const RULE = ['idoutboundrule', 'rulename', 'prefix', 'numberlengthranges', 'priority', 'fkidtenant']
const ROUTE = ['idoutboundroute', 'fkidoutboundrule', 'routeorder', 'fkidgateway', 'strip', 'prepend']
const schemaRows = (rule: string[] = RULE, route: string[] = ROUTE) => [
  ...rule.map((column_name) => ({table_name: 'outboundrule', column_name})),
  ...route.map((column_name) => ({table_name: 'outboundroute', column_name})),
  ...['idgateway', 'name', 'host'].map((column_name) => ({table_name: 'gateway', column_name})),
]

interface Row {
  route: string
  rule: string
  strip: number | string
  gateway?: string | null
  name?: string | null
  prefix?: string | null
  lengths?: string | null
  found?: boolean | null
}
const row = (r: Row) => ({
  route_id: r.route,
  rule_id: r.rule,
  strip: String(r.strip),
  gateway: r.gateway ?? 'Carrier',
  rule_found: r.found === undefined ? true : r.found,
  rule_name: r.name ?? null,
  prefix: r.prefix ?? null,
  lengths: r.lengths ?? null,
})

/** The sample seed's routes (examples/sample-pbx/database/02-seed.sql). */
const SEED: Row[] = [
  {route: '1', rule: '1', strip: 1, name: 'National', prefix: '0', lengths: '10-11'},
  {route: '2', rule: '2', strip: 2, name: 'International', prefix: '00', lengths: ''},
  {route: '3', rule: '3', strip: 1, name: 'Mobile', prefix: '01', lengths: '11'},
  {route: '4', rule: '4', strip: 1, name: 'Branch office', prefix: '8', lengths: '5', gateway: 'Loopback'},
]
/** The demo plants (examples/sample-pbx/database/demo/routes-recordings.sql). */
const PLANTS: Row[] = [
  {route: '800001', rule: '2', strip: 11, name: 'International', prefix: '00', lengths: '', gateway: 'Loopback'},
  {route: '800002', rule: '4', strip: 6, name: 'Branch office', prefix: '8', lengths: '5', gateway: 'Loopback'},
]
const BRANCH_2XX: Row = {route: '3', rule: '3', strip: 0, name: 'Branch 2xx', prefix: '2', lengths: '3', gateway: 'Loopback'}

const db = (routes: Row[], options: {schema?: Array<{table_name: string; column_name: string}>; extensions?: Array<{digits: number; extensions: number}>; tables?: Record<string, string[]>} = {}) =>
  fakeDb({
    tables: options.tables ?? {extension: ['fkiddn', 'authid'], dn: ['iddn', 'value']},
    answers: [
      {when: 'information_schema.columns', rows: options.schema ?? schemaRows()},
      {when: 'FROM outboundroute', rows: routes.map(row)},
      {when: 'FROM extension e', rows: options.extensions ?? [{digits: 3, extensions: 3}]},
    ],
  })

describe('routing.outbound-rules helpers', () => {
  it('reads length conditions: single lengths, ranges, lists; [] for none; undefined for text it cannot read', () => {
    expect(parseLengths('10-11')).toEqual([10, 11])
    expect(parseLengths('4, 6-8;12')).toEqual([4, 6, 7, 8, 12])
    expect(parseLengths('')).toEqual([])
    expect(parseLengths(null)).toEqual([])
    expect(parseLengths('ten')).toBeUndefined()
    expect(parseLengths('11-10')).toBeUndefined()
    expect(lengthsText([4, 6, 7, 8, 12])).toBe('4, 6-8, 12')
    expect(parsePrefixes('0, 00')).toEqual(['0', '00'])
    expect(parsePrefixes(null)).toEqual([])
  })

  it('drops lengths shorter than every prefix from what a rule can match', () => {
    expect(matchedLengths({id: '1', name: null, prefixes: ['0044'], lengths: [3, 4, 12]})).toEqual([4, 12])
    expect(matchedLengths({id: '1', name: null, prefixes: ['0'], lengths: []})).toBeUndefined()
  })

  it('finds rules whose numbers are as long as the extension numbers, by prefix or by length condition', () => {
    expect(extensionLengthProblem({id: '1', name: 'x', prefixes: ['900'], lengths: []}, [3])?.line).toMatch(/its prefix 900 is 3 digits long/)
    expect(extensionLengthProblem({id: '1', name: 'x', prefixes: ['2'], lengths: [3]}, [3])?.line).toMatch(/its length condition includes 3 digits/)
    expect(extensionLengthProblem({id: '1', name: 'x', prefixes: ['900'], lengths: [11]}, [3])).toBeUndefined()
    expect(extensionLengthProblem({id: '1', name: 'x', prefixes: ['0'], lengths: []}, [3])).toBeUndefined()
    expect(extensionLengthProblem({id: '1', name: 'x', lengths: [3]}, [3])).toBeUndefined()
  })

  it('builds its query only from probed columns, NULL for what is missing', () => {
    const sql = routesQuery(probeColumns(schemaRows(['idoutboundrule', 'rulename'], ['fkidoutboundrule', 'strip'])))
    expect(sql).toContain('LEFT JOIN outboundrule o ON o."idoutboundrule" = r."fkidoutboundrule"')
    expect(sql).toContain('NULL AS prefix')
    expect(sql).toContain('NULL AS lengths')
    expect(sql).not.toContain('gateway g')
    expect(sql).toMatch(/LIMIT 1001$/)
  })
})

testCheck(check, {
  pass: [
    {
      name: 'the sample seed: four rules, each strip fits, no prefix as long as the 3-digit extensions',
      sources: {db: db(SEED)},
      summary: '4 outbound route(s) of 4 rule(s): every strip fits.',
      expect(r) {
        expect(r.tables?.[0]?.columns).toEqual(['rule', 'route', 'trunk', 'strip', 'matches', 'problem'])
        expect(r.tables?.[0]?.rows[3]).toEqual(['Branch office (4)', '4', 'Loopback', 1, 'numbers starting with 8, 5 digits', '-'])
        expect(r.tables?.[0]?.rows[1]?.[4]).toBe('numbers starting with 00, any length')
        expect(r.measurements).toEqual([expect.objectContaining({name: 'outbound_rules_with_problems', value: 0, unit: 'count', warn: 0, bad: 'above'})])
        expect(r.evidence).toMatchObject({extensionLengths: [{digits: 3, extensions: 3}], notJudged: []})
      },
    },
    {
      name: 'no length column: strips are judged against the console limit only, and the report says what was not judged',
      sources: {db: db(SEED.map((s) => ({...s, lengths: null})), {schema: schemaRows(['idoutboundrule', 'rulename', 'prefix'])})},
      summary: /every strip fits \(some parts not judged, see details\)/,
      expect: (r) => expect(r.details).toContain("Not judged: outboundrule has no length column (probed numberlengthranges, numberlength, lengthranges, numlength): strips against the numbers' length not judged."),
    },
  ],
  warn: [
    {
      name: 'a strip of 11 (more than the console allows) on a rule without a length condition',
      sources: {db: db([...SEED, PLANTS[0]!])},
      summary: '1 of 4 outbound rule(s) have problems: 1 route(s) strip more than 9 digits (lost when the rule is saved in the console).',
      expect(r) {
        expect(r.details[0]).toBe(
          'rule "International" (id 2), route 800001 via Loopback: strips 11 digits, more than the 9 the console allows: it was set in the database, and saving the rule in the console resets it; put the digits to remove in the prefix or change the numbers instead.',
        )
        expect(r.measurements?.[0]).toMatchObject({value: 1, max: 4})
      },
    },
    {
      name: 'a rule for 3-digit branch numbers, as long as the extension numbers',
      sources: {db: db([SEED[0]!, SEED[1]!, BRANCH_2XX, SEED[3]!])},
      summary: /1 rule\(s\) match numbers as long as the extensions \(dialed as internal calls\)/,
      expect: (r) => expect(r.details[0]).toMatch(/^rule "Branch 2xx" \(id 3\) \(numbers starting with 2, 3 digits\): its length condition includes 3 digits, as long as the extension numbers/),
    },
    {
      name: 'a strip longer than some of the lengths the rule matches',
      sources: {db: db([{route: '9', rule: '9', strip: 8, name: 'Short and long', prefix: '5', lengths: '7-10'}])},
      summary: /1 route\(s\) strip more than some numbers they match/,
      expect: (r) => expect(r.details[0]).toMatch(/strips 8 digits, more than the 7-digit numbers the rule also matches/),
    },
    {
      name: 'maxStrip 1: a strip of 2 warns with the configured limit',
      sources: {db: db(SEED)},
      options: {maxStrip: 1},
      summary: /1 route\(s\) strip more than 1 digits\./,
      expect: (r) => expect(r.details[0]).toMatch(/strips 2 digits, more than maxStrip 1 \(the console allows 9\): lower it or raise maxStrip\./),
    },
  ],
  fail: [
    {
      name: 'the demo plants: strip 11, a strip longer than the 5-digit numbers of its rule, and a 3-digit rule',
      sources: {db: db([SEED[0]!, SEED[1]!, BRANCH_2XX, SEED[3]!, ...PLANTS])},
      summary:
        '3 of 4 outbound rule(s) have problems: 1 route(s) strip more digits than any number they match (calls fail with 404); 1 route(s) strip more than 9 digits (lost when the rule is saved in the console); 1 rule(s) match numbers as long as the extensions (dialed as internal calls).',
      expect(r) {
        expect(r.details).toContain(
          'rule "Branch office" (id 4), route 800002 via Loopback: strips 6 digits, but the rule matches only numbers starting with 8, 5 digits: 3CX ignores this route and every call through it fails with 404 "Target endpoint for XXXX can not be built"; set the strip to at most 5.',
        )
        expect(r.tables?.[0]?.rows.map((row) => row[5])).toEqual(['-', '-', 'matches-extension-numbers', '-', 'strip-above-console-limit', 'strip-exceeds-every-number'])
        expect(r.measurements?.[0]).toMatchObject({name: 'outbound_rules_with_problems', value: 3})
      },
    },
  ],
  skip: [
    {
      name: 'no outboundroute table: skipped, naming it',
      sources: {db: db([], {schema: schemaRows(RULE, [])})},
      summary: 'The outbound routes cannot be read: table outboundroute not found in the 3CX database.',
    },
    {
      name: 'outboundroute without strip: skipped, naming the column',
      sources: {db: db([], {schema: schemaRows(RULE, ['idoutboundroute', 'fkidoutboundrule'])})},
      summary: 'The outbound routes cannot be read: column outboundroute.strip not found in the 3CX database.',
      expect: (r) => expect(r.evidence).toEqual({missing: ['column outboundroute.strip']}),
    },
    {name: 'no routes at all', sources: {db: db([])}, summary: 'No outbound routes in the database'},
    {name: 'no database', sources: {db: unavailable('db', 'connection refused at 127.0.0.1:5480')}, summary: /connection refused at 127\.0\.0\.1:5480/},
  ],
})
