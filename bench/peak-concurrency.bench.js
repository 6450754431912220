// pbx.call-capacity's peak query on 10 million calls (cl_calls) over a 30-day window, each with
// one trunk leg in cl_participants (1 % of them on the loopback trunk's line), in a real
// PostgreSQL (embedded, 127.0.0.1 only, temp folder removed at the end). The rows are made in
// SQL (generate_series). Prints, in one run, the median of 3 runs after a warm-up of:
//   baseline  SELECT count(*) FROM cl_calls over the same window (the rows the sweep reads)
//   peak      the check's PEAK_QUERY without a loopback trunk (the cl_participants part is skipped)
//   peak+loop the check's PEAK_QUERY with the loopback trunk 10001 (calls with a leg on it count twice)
// and the plan of the first (EXPLAIN ANALYZE). Targets: under 500 ms, at most 2x the baseline.
// The sample schema has 3CX's index on cl_calls (start_time) and none on cl_participants (start_time).
// Run after `npm run build`; it takes minutes.
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'
import pg from 'pg'
import {timeQuery} from './stats.js'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const {startSampleDatabase} = await import(join(root, 'dist', 'src', 'demo', 'sample-database.js'))
const {formatDuration} = await import(join(root, 'dist', 'src', 'lib', 'format.js'))
const {PEAK_QUERY, SPAN_LOOKBACK_HOURS} = await import(join(root, 'dist', 'checks', 'pbx', 'call-capacity.js'))

const CALLS = Number(process.env.BENCH_CALLS ?? 10_000_000)
const WINDOW_DAYS = 30
const REPEAT = Number(process.env.BENCH_REPEAT ?? 3)



const db = await startSampleDatabase({seed: true})
let client
try {
  const t0 = Date.now()
  // Calls start evenly over the window and last 20 s to 20 min (a hash of the id), so some tens of
  // them overlap at any time; the last hour before now is left empty.
  await db.sql(`INSERT INTO cl_calls (id, start_time, end_time, is_answered)
    SELECT g, s, s + (20 + (g::bigint * 7919) % 1180) * interval '1 second', true
    FROM (SELECT g, now() - interval '1 hour' - ((g - 1000)::float8 / ${CALLS} * ${WINDOW_DAYS} * 86400 - 3600) * interval '1 second' AS s
          FROM generate_series(1000, ${999 + CALLS}) g) x`)
  // 100 trunk-line parties (dn_type 1): 10000 the carrier, 10001 the loopback trunk (party 1001).
  await db.sql(`INSERT INTO cl_party_info (id, dn_type, dn, caller_number, display_name)
    SELECT g, 1, CASE WHEN g = 1001 THEN '10001' ELSE '10000' END, '+1555' || g, 'Line ' || g FROM generate_series(1000, 1099) g`)
  await db.sql(`INSERT INTO cl_participants (id, call_id, info_id, role, is_inbound, start_time, answer_time, end_time)
    SELECT c.id, c.id, CASE WHEN c.id % 100 = 0 THEN 1001 ELSE 1000 + c.id % 100 END, 1, true, c.start_time, c.start_time, c.end_time
    FROM cl_calls c WHERE c.id >= 1000`)
  await db.sql('ANALYZE')
  console.log(`generated ${CALLS.toLocaleString('en')} calls and their legs over ${WINDOW_DAYS} days in ${formatDuration(Date.now() - t0)}`)

  client = new pg.Client({connectionString: db.url(), statement_timeout: 300_000})
  await client.connect()
  await client.query('SET default_transaction_read_only = on')
  const now = new Date()
  const since = new Date(now.getTime() - WINDOW_DAYS * 86_400_000)
  const lookback = new Date(since.getTime() - SPAN_LOOKBACK_HOURS * 3_600_000)
  const baseline = 'SELECT count(*) FROM cl_calls c WHERE c.start_time >= $3 AND c.start_time < $2 AND c.end_time > $1'
  const plain = [since, now, lookback, []]
  const loop = [since, now, lookback, ['10001']]

  const days = (await client.query(PEAK_QUERY, loop)).rows
  const top = days.reduce((best, d) => (best === undefined || d.peak > best.peak ? d : best), undefined)
  const rows = (await client.query(baseline, plain.slice(0, 3))).rows[0].count
  console.log(`window ${WINDOW_DAYS} days: ${rows} calls; peak ${top?.peak} simultaneous (loopback calls twice) on ${top?.day}, ${days.length} days`)

  const b = await timeQuery(client, baseline, plain.slice(0, 3), REPEAT)
  const p = await timeQuery(client, PEAK_QUERY, plain, REPEAT)
  const l = await timeQuery(client, PEAK_QUERY, loop, REPEAT)
  console.log(`baseline   count(*) of the window's calls            ${formatDuration(b)}`)
  console.log(`peak       PEAK_QUERY, no loopback trunk             ${formatDuration(p)}   = ${(p / b).toFixed(2)}x baseline   (target < 500 ms, <= 2x)`)
  console.log(`peak+loop  PEAK_QUERY, loopback trunk 10001          ${formatDuration(l)}   = ${(l / b).toFixed(2)}x baseline`)
  const plan = await client.query(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${PEAK_QUERY}`, loop)
  console.log('plan (with the loopback trunk):')
  for (const row of plan.rows) console.log(`  ${row['QUERY PLAN']}`)
} finally {
  await client?.end().catch(() => {})
  await db.stop()
}
