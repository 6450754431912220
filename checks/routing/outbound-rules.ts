import {dbSource, defineCheck, measure, outcome, pass, skip, table, throwIfAborted, worstStatus, type Database, type Status} from '../../src/index.js'

/** The most digits the management console lets a route strip; a larger value was written into the database. */
export const CONSOLE_MAX_STRIP = 9
/** At most this many routes are read (a PBX has tens). */
export const MAX_ROUTES = 1000

/**
 * Where the rule and route columns may be: only `outboundroute.fkidoutboundrule` and
 * `outboundroute.strip` are named by a report; the rest are candidates, probed in this order.
 */
export const ROUTE_COLUMNS = {rule: ['fkidoutboundrule'], strip: ['strip'], id: ['idoutboundroute', 'id'], gateway: ['fkidgateway']} as const
export const RULE_COLUMNS = {
  id: ['idoutboundrule', 'id'],
  name: ['rulename', 'name'],
  prefix: ['prefix', 'dialprefix', 'numberprefix'],
  lengths: ['numberlengthranges', 'numberlength', 'lengthranges', 'numlength'],
} as const

/** The columns of both tables, in one bounded information_schema read. */
export const COLUMNS_QUERY = `SELECT table_name, column_name FROM information_schema.columns
WHERE table_schema = ANY (current_schemas(false)) AND table_name IN ('outboundrule', 'outboundroute', 'gateway')
ORDER BY table_name, ordinal_position LIMIT 500`

/** The digit lengths of the extension numbers (dn.value of each extension), most common first. */
export const EXTENSION_LENGTHS_QUERY = `SELECT length(d.value)::int AS digits, count(*)::int AS extensions
FROM extension e JOIN dn d ON d.iddn = e.fkiddn
WHERE d.value ~ '^[0-9]+$'
GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 20`

const IDENT = /^[a-z_][a-z0-9_]*$/

const pick = (have: Set<string>, candidates: readonly string[]): string | undefined => candidates.find((c) => have.has(c) && IDENT.test(c))

/** Which probed columns exist, by role; `missing` names what was looked for and not found. */
export interface ProbedColumns {
  route: {rule?: string; strip?: string; id?: string; gateway?: string}
  rule: {id?: string; name?: string; prefix?: string; lengths?: string}
  gatewayName: boolean
  ruleTable: boolean
  routeTable: boolean
}

export function probeColumns(rows: Array<{table_name: string; column_name: string}>): ProbedColumns {
  const of = (t: string): Set<string> => new Set(rows.filter((r) => r.table_name === t).map((r) => r.column_name.toLowerCase()))
  const route = of('outboundroute')
  const rule = of('outboundrule')
  const gateway = of('gateway')
  return {
    route: {rule: pick(route, ROUTE_COLUMNS.rule), strip: pick(route, ROUTE_COLUMNS.strip), id: pick(route, ROUTE_COLUMNS.id), gateway: pick(route, ROUTE_COLUMNS.gateway)},
    rule: {id: pick(rule, RULE_COLUMNS.id), name: pick(rule, RULE_COLUMNS.name), prefix: pick(rule, RULE_COLUMNS.prefix), lengths: pick(rule, RULE_COLUMNS.lengths)},
    gatewayName: gateway.has('idgateway') && gateway.has('name'),
    ruleTable: rule.size > 0,
    routeTable: route.size > 0,
  }
}

/** The lengths of a rule's length condition ("10-11", "4,5", "8; 10-12"), sorted; [] when there is none; undefined when it cannot be read. */
export function parseLengths(text: string | null | undefined): number[] | undefined {
  const t = (text ?? '').trim()
  if (t === '') return []
  const lengths = new Set<number>()
  for (const part of t.split(/[,;\s]+/).filter(Boolean)) {
    const m = /^(\d{1,2})(?:-(\d{1,2}))?$/.exec(part)
    if (!m) return undefined
    const from = Number(m[1])
    const to = m[2] === undefined ? from : Number(m[2])
    if (to < from) return undefined
    for (let n = from; n <= to; n++) lengths.add(n)
  }
  return [...lengths].sort((a, b) => a - b)
}

/** A rule's prefixes ("0", "0,00"), empty when the rule takes any number. */
export function parsePrefixes(text: string | null | undefined): string[] {
  return (text ?? '')
    .split(/[,;\s]+/)
    .map((p) => p.trim())
    .filter(Boolean)
}

/** "5", "10-11", "4, 6-8" */
export function lengthsText(lengths: readonly number[]): string {
  const runs: string[] = []
  for (let i = 0; i < lengths.length; ) {
    let j = i
    while (j + 1 < lengths.length && lengths[j + 1] === lengths[j]! + 1) j++
    runs.push(i === j ? String(lengths[i]) : `${lengths[i]}-${lengths[j]}`)
    i = j + 1
  }
  return runs.join(', ')
}

export interface Rule {
  id: string
  name: string | null
  /** undefined: the database has no prefix column. */
  prefixes?: string[]
  /** undefined: no length column, or a value that cannot be read (see lengthsProblem); []: any length. */
  lengths?: number[]
  lengthsText?: string | null
  lengthsProblem?: string
}

/** The lengths of the numbers a rule can match: its length condition, without lengths shorter than every prefix. */
export function matchedLengths(rule: Rule): number[] | undefined {
  if (rule.lengths === undefined || rule.lengths.length === 0) return undefined
  const shortest = rule.prefixes && rule.prefixes.length > 0 ? Math.min(...rule.prefixes.map((p) => p.length)) : 0
  return rule.lengths.filter((n) => n >= shortest)
}

/** What a rule matches, for people: "numbers starting with 8, 5 digits", "any number starting with 00". */
export function matchesText(rule: Rule): string {
  const prefix = rule.prefixes === undefined ? 'numbers (prefix not known)' : rule.prefixes.length === 0 ? 'any number' : `numbers starting with ${rule.prefixes.join(' or ')}`
  if (rule.lengthsProblem) return `${prefix}, length condition "${rule.lengthsText}" not readable`
  if (rule.lengths === undefined) return `${prefix}, length condition not known`
  if (rule.lengths.length === 0) return `${prefix}, any length`
  return `${prefix}, ${lengthsText(rule.lengths)} digits`
}

export type ProblemKind = 'strip-above-console-limit' | 'strip-exceeds-every-number' | 'strip-exceeds-some-numbers' | 'matches-extension-numbers'

export interface Problem {
  kind: ProblemKind
  status: Status
  ruleId: string
  routeId?: string
  line: string
}

const ruleLabel = (rule: Rule): string => (rule.name ? `rule "${rule.name}" (id ${rule.id})` : `rule id ${rule.id}`)

/** The strip problems of one route: more than the console allows, more than the numbers the rule matches. */
export function routeProblems(rule: Rule, route: {id: string; strip: number; gateway: string | null}, maxStrip = CONSOLE_MAX_STRIP): Problem[] {
  const problems: Problem[] = []
  const where = `${ruleLabel(rule)}, route ${route.id}${route.gateway ? ` via ${route.gateway}` : ''}`
  if (route.strip > maxStrip) {
    const limit = maxStrip === CONSOLE_MAX_STRIP ? `the ${CONSOLE_MAX_STRIP} the console allows` : `maxStrip ${maxStrip} (the console allows ${CONSOLE_MAX_STRIP})`
    const why =
      route.strip > CONSOLE_MAX_STRIP
        ? 'it was set in the database, and saving the rule in the console resets it; put the digits to remove in the prefix or change the numbers instead.'
        : 'lower it or raise maxStrip.'
    problems.push({kind: 'strip-above-console-limit', status: 'warn', ruleId: rule.id, routeId: route.id, line: `${where}: strips ${route.strip} digits, more than ${limit}: ${why}`})
  }
  const lengths = matchedLengths(rule)
  if (lengths && lengths.length > 0) {
    const longest = Math.max(...lengths)
    const shorter = lengths.filter((n) => n < route.strip)
    if (route.strip > longest) {
      problems.push({
        kind: 'strip-exceeds-every-number',
        status: 'fail',
        ruleId: rule.id,
        routeId: route.id,
        line:
          `${where}: strips ${route.strip} digits, but the rule matches only ${matchesText(rule)}: 3CX ignores this route and every call through it ` +
          `fails with 404 "Target endpoint for XXXX can not be built"; set the strip to at most ${Math.min(...lengths)}.`,
      })
    } else if (shorter.length > 0) {
      problems.push({
        kind: 'strip-exceeds-some-numbers',
        status: 'warn',
        ruleId: rule.id,
        routeId: route.id,
        line:
          `${where}: strips ${route.strip} digits, more than the ${lengthsText(shorter)}-digit numbers the rule also matches (${matchesText(rule)}): ` +
          'calls to those fail with 404 "Target endpoint for XXXX can not be built"; lower the strip or narrow the length condition.',
      })
    }
  }
  return problems
}

/** A rule that can match numbers as long as the extension numbers: 3CX dials those as internal calls and never uses the rule. */
export function extensionLengthProblem(rule: Rule, extensionLengths: readonly number[]): Problem | undefined {
  if (rule.prefixes === undefined || extensionLengths.length === 0) return undefined
  const lengths = rule.lengths && rule.lengths.length > 0 ? rule.lengths : undefined
  const prefixHit = rule.prefixes.find((p) => extensionLengths.includes(p.length) && (!lengths || lengths.includes(p.length)))
  const lengthHit = lengths?.find((n) => extensionLengths.includes(n) && rule.prefixes!.every((p) => p.length <= n))
  if (prefixHit === undefined && lengthHit === undefined) return undefined
  const digits = prefixHit !== undefined ? prefixHit.length : lengthHit!
  const why = prefixHit !== undefined ? `its prefix ${prefixHit} is ${digits} digits long` : `its length condition includes ${digits} digits`
  return {
    kind: 'matches-extension-numbers',
    status: 'warn',
    ruleId: rule.id,
    line:
      `${ruleLabel(rule)} (${matchesText(rule)}): ${why}, as long as the extension numbers: 3CX dials a ${digits}-digit number as an internal call ` +
      'and ignores the outbound rules; use a longer prefix (or other numbers) for these calls.',
  }
}

interface RouteRow extends Record<string, unknown> {
  route_id: unknown
  rule_id: unknown
  strip: unknown
  gateway: unknown
  rule_found: unknown
  rule_name: unknown
  prefix: unknown
  lengths: unknown
}

const q = (c: string): string => `"${c}"`

/** The routes with their rules, from the columns the probe found (identifiers only from information_schema, matched against a pattern). */
export function routesQuery(c: ProbedColumns): string {
  const r = c.route
  const o = c.rule
  const joinRule = c.ruleTable && o.id !== undefined
  const gateway = r.gateway !== undefined && c.gatewayName
  return `SELECT ${r.id ? `r.${q(r.id)}` : 'NULL'}::text AS route_id, r.${q(r.rule!)}::text AS rule_id, r.${q(r.strip!)}::text AS strip,
  ${gateway ? 'g.name' : r.gateway ? `r.${q(r.gateway)}::text` : 'NULL'}::text AS gateway,
  ${joinRule ? `(o.${q(o.id!)} IS NOT NULL)` : 'NULL'} AS rule_found,
  ${joinRule && o.name ? `o.${q(o.name)}::text` : 'NULL'} AS rule_name,
  ${joinRule && o.prefix ? `o.${q(o.prefix)}::text` : 'NULL'} AS prefix,
  ${joinRule && o.lengths ? `o.${q(o.lengths)}::text` : 'NULL'} AS lengths
FROM outboundroute r
${joinRule ? `LEFT JOIN outboundrule o ON o.${q(o.id!)} = r.${q(r.rule!)}` : ''}
${gateway ? `LEFT JOIN gateway g ON g.idgateway = r.${q(r.gateway!)}` : ''}
ORDER BY r.${q(r.rule!)}, ${r.id ? `r.${q(r.id)}` : '1'}
LIMIT ${MAX_ROUTES + 1}`
}

const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v))

async function extensionLengths(db: Database): Promise<{lengths: number[]; counts: Array<{digits: number; extensions: number}>} | {missing: string}> {
  const missing = [
    ...(await db.missingColumns('extension', ['fkiddn'])).map((c) => `extension.${c}`),
    ...(await db.missingColumns('dn', ['iddn', 'value'])).map((c) => `dn.${c}`),
  ]
  if (missing.length > 0) return {missing: missing.join(', ')}
  const counts = (await db.query<{digits: number; extensions: number}>(EXTENSION_LENGTHS_QUERY)).map((r) => ({digits: Number(r.digits), extensions: Number(r.extensions)}))
  return {lengths: counts.map((c) => c.digits), counts}
}

/**
 * routing.outbound-rules: outbound routes that strip more digits than the console allows or than the
 * numbers they match, and rules whose numbers are as long as the extension numbers.
 */
export default defineCheck({
  id: 'routing.outbound-rules',
  title: 'Outbound rules strip what they can and do not collide with extension numbers',
  severity: 'major',
  description:
    'Reads the outbound rules and their routes from the database (outboundrule, outboundroute; the columns are probed, as only ' +
    'outboundroute.fkidoutboundrule and outboundroute.strip are known). It finds routes that strip more than 9 digits (more than the ' +
    'console allows: set in the database, reset when the rule is saved in the console), routes that strip more digits than the numbers ' +
    'their rule matches (3CX ignores the route and the call fails with 404 "Target endpoint for XXXX can not be built"), and rules whose ' +
    'prefix is as long as the extension numbers (or whose length condition includes that length): 3CX dials such numbers as internal ' +
    'calls and never uses the rule.',
  remediation:
    'In the management console, edit the named outbound rule: keep the strip count at most 9 and at most the length of the shortest ' +
    'number the rule matches (its "numbers with a length of" condition), and use prefixes longer than the extension numbers. Save the ' +
    'rule in the console afterwards so the database and the console agree.',
  docs: 'docs/checks/routing.md#routingoutbound-rules',
  sources: ['db'],
  versions: {
    15: {applies: 'yes', decides: 'outboundroute.strip per route; the rule\'s prefix and length columns, probed; extension lengths from dn/extension', sure: 'reported'},
    16: {applies: 'yes', decides: 'as v15.5 (same tables expected; the columns are probed)', sure: 'unknown'},
    18: {applies: 'yes', decides: 'as v15.5 (same tables expected; the columns are probed)', sure: 'unknown'},
    20: {applies: 'partly', decides: 'as v15.5 where the tables exist; the columns are probed', cannotTell: 'rules kept only behind the v20 API (OutboundRules is not read)', sure: 'unknown'},
  },
  options: {
    schema: {
      maxStrip: {type: 'integer', minimum: 0, maximum: 64, description: 'A route that strips more digits than this warns (the console allows at most 9).'},
    },
    defaults: {maxStrip: CONSOLE_MAX_STRIP},
  },
  async run(ctx) {
    const db = await ctx.use(dbSource)
    const columns = probeColumns(await db.query<{table_name: string; column_name: string}>(COLUMNS_QUERY))
    const missingRoute = [
      ...(columns.routeTable ? [] : ['table outboundroute']),
      ...(columns.routeTable && !columns.route.rule ? ['column outboundroute.fkidoutboundrule'] : []),
      ...(columns.routeTable && !columns.route.strip ? ['column outboundroute.strip'] : []),
    ]
    if (missingRoute.length > 0) {
      return skip(`The outbound routes cannot be read: ${missingRoute.join(', ')} not found in the 3CX database.`, {
        details: ['This check reads the strip count of each outbound route (outboundroute.strip, outboundroute.fkidoutboundrule); this database does not have them, and other names are not guessed at.'],
        evidence: {missing: missingRoute},
      })
    }
    throwIfAborted(ctx.signal)
    const notJudged: string[] = []
    if (!columns.ruleTable) notJudged.push('table outboundrule not found: the numbers each rule matches are unknown')
    else {
      if (!columns.rule.id) notJudged.push(`outboundrule has no id column (probed ${RULE_COLUMNS.id.join(', ')}): routes cannot be joined to their rules`)
      if (!columns.rule.prefix) notJudged.push(`outboundrule has no prefix column (probed ${RULE_COLUMNS.prefix.join(', ')}): prefixes against the extension length not judged`)
      if (!columns.rule.lengths) notJudged.push(`outboundrule has no length column (probed ${RULE_COLUMNS.lengths.join(', ')}): strips against the numbers' length not judged`)
    }
    const rows = await db.query<RouteRow>(routesQuery(columns))
    throwIfAborted(ctx.signal)
    const more = rows.length > MAX_ROUTES
    const routeRows = rows.slice(0, MAX_ROUTES)
    if (routeRows.length === 0) {
      return skip('No outbound routes in the database (outboundroute is empty): nothing to judge.', {evidence: {columns, routes: 0}})
    }
    const usable = columns.ruleTable && columns.rule.id !== undefined
    const rules = new Map<string, Rule>()
    const routes = routeRows.map((row) => {
      const ruleId = text(row.rule_id) ?? '?'
      if (!rules.has(ruleId)) {
        const lengthsRaw = usable && columns.rule.lengths && row.rule_found === true ? text(row.lengths) : undefined
        const lengths = lengthsRaw === undefined ? undefined : parseLengths(lengthsRaw)
        rules.set(ruleId, {
          id: ruleId,
          name: text(row.rule_name),
          ...(usable && columns.rule.prefix && row.rule_found === true ? {prefixes: parsePrefixes(text(row.prefix))} : {}),
          ...(lengths !== undefined ? {lengths} : {}),
          ...(lengthsRaw !== undefined ? {lengthsText: lengthsRaw} : {}),
          ...(lengthsRaw !== undefined && lengths === undefined ? {lengthsProblem: `length condition "${lengthsRaw}" is not a list of lengths or ranges`} : {}),
        })
      }
      const strip = Number(text(row.strip))
      return {id: text(row.route_id) ?? '?', ruleId, strip: Number.isFinite(strip) ? strip : 0, stripText: text(row.strip), gateway: text(row.gateway), ruleFound: row.rule_found}
    })
    const orphans = usable ? [...new Set(routes.filter((r) => r.ruleFound !== true).map((r) => r.ruleId))] : []

    const maxStrip = ctx.options.maxStrip
    const problems: Problem[] = []
    for (const route of routes) {
      problems.push(...routeProblems(rules.get(route.ruleId)!, route, maxStrip))
    }
    const ext = columns.ruleTable && columns.rule.prefix ? await extensionLengths(db) : undefined
    if (ext && 'missing' in ext) notJudged.push(`the extension numbers cannot be read (${ext.missing} not found): prefixes against the extension length not judged`)
    if (ext && 'lengths' in ext) {
      if (ext.lengths.length === 0) notJudged.push('no extension with a numeric number found: prefixes against the extension length not judged')
      for (const rule of rules.values()) {
        const p = extensionLengthProblem(rule, ext.lengths)
        if (p) problems.push(p)
      }
    }
    for (const rule of rules.values()) if (rule.lengthsProblem) notJudged.push(`${ruleLabel(rule)}: ${rule.lengthsProblem}; its strips are not judged against its numbers`)

    const problemRules = new Set(problems.map((p) => p.ruleId))
    const evidence = {
      columnsUsed: {outboundroute: columns.route, outboundrule: columns.ruleTable ? columns.rule : null},
      extensionLengths: ext && 'counts' in ext ? ext.counts : null,
      rules: [...rules.values()].map((r) => ({id: r.id, name: r.name, prefixes: r.prefixes ?? null, lengths: r.lengths ?? null, lengthsText: r.lengthsText ?? null, matches: matchesText(r)})),
      routes: routes.map((r) => ({id: r.id, ruleId: r.ruleId, strip: r.strip, gateway: r.gateway})),
      problems: problems.map(({kind, status, ruleId, routeId}) => ({kind, status, ruleId, routeId: routeId ?? null})),
      notJudged,
      orphanRouteRules: orphans,
      moreRoutesNotRead: more,
    }
    const problemOf = (ruleId: string, routeId: string): string =>
      problems
        .filter((p) => p.ruleId === ruleId && (p.routeId === routeId || p.routeId === undefined))
        .map((p) => p.kind)
        .join(', ') || '-'
    const tables = [
      table(
        'Outbound routes',
        ['rule', 'route', 'trunk', 'strip', 'matches', 'problem'],
        routes.map((r) => {
          const rule = rules.get(r.ruleId)!
          return [rule.name ? `${rule.name} (${rule.id})` : rule.id, r.id, r.gateway ?? '-', r.strip, matchesText(rule), problemOf(r.ruleId, r.id)]
        }),
        more ? {note: `only the first ${MAX_ROUTES} routes were read`} : {},
      ),
    ]
    const measurements = [
      measure('outbound_rules_with_problems', problemRules.size, 'count', {help: 'Outbound rules with a route that strips too much or numbers as long as the extensions.', warn: 0, bad: 'above', min: 0, max: rules.size}),
    ]
    const details = [
      ...problems.map((p) => p.line),
      ...notJudged.map((n) => `Not judged: ${n}.`),
      ...(orphans.length > 0 ? [`Routes point at rule id(s) ${orphans.join(', ')} that outboundrule does not have.`] : []),
      ...(more ? [`Only the first ${MAX_ROUTES} routes were read.`] : []),
    ]
    const extra = {details, evidence, tables, measurements}
    if (problems.length === 0) {
      return pass(`${routes.length} outbound route(s) of ${rules.size} rule(s): every strip fits${notJudged.length > 0 ? ' (some parts not judged, see details)' : ''}.`, extra)
    }
    const status = worstStatus(problems.map((p) => p.status))
    const counts = (kind: ProblemKind): number => problems.filter((p) => p.kind === kind).length
    const parts = [
      counts('strip-exceeds-every-number') > 0 ? `${counts('strip-exceeds-every-number')} route(s) strip more digits than any number they match (calls fail with 404)` : '',
      counts('strip-exceeds-some-numbers') > 0 ? `${counts('strip-exceeds-some-numbers')} route(s) strip more than some numbers they match` : '',
      counts('strip-above-console-limit') > 0 ? `${counts('strip-above-console-limit')} route(s) strip more than ${maxStrip} digits${maxStrip === CONSOLE_MAX_STRIP ? ' (lost when the rule is saved in the console)' : ''}` : '',
      counts('matches-extension-numbers') > 0 ? `${counts('matches-extension-numbers')} rule(s) match numbers as long as the extensions (dialed as internal calls)` : '',
    ].filter(Boolean)
    return outcome(status, `${problemRules.size} of ${rules.size} outbound rule(s) have problems: ${parts.join('; ')}.`, extra)
  },
})
