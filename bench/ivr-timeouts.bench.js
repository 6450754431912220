// time.ivr-timeouts on 2 million cl_participants rows (each with its cl_party_info
// row, 1 million cl_calls) in a real PostgreSQL (embedded, 127.0.0.1 only, temp
// folder removed at the end). Prints the check's query time (median of 7 runs
// after a warm-up) against two baselines over the same 7-day window:
//   A. SELECT count(*) FROM cl_participants WHERE start_time >= $1
//   B. SELECT count(*) of the IVR legs (the same join, no durations, no examples)
// and the plan (EXPLAIN ANALYZE), once with the sample schema (no index on
// cl_participants.start_time) and once with such an index.
// Targets: under 250 ms, at most 2x the baseline. Run after `npm run build`.
import {spawnSync} from 'node:child_process'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'
import pg from 'pg'
import {timeQuery} from './stats.js'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const {startSampleDatabase} = await import(join(root, 'dist', 'src', 'demo', 'sample-database.js'))
const {formatDuration} = await import(join(root, 'dist', 'src', 'lib', 'format.js'))
const {IVR_QUERY, DEFAULT_IVR_TIMEOUT_SECONDS, DEFAULT_MARGIN_SECONDS, EXAMPLES} = await import(join(root, 'dist', 'checks', 'time', 'ivr-timeouts.js'))

const PARTICIPANTS = 2_000_000
const DAYS_OF_HISTORY = 365
const WINDOW_DAYS = 7
const REPEAT = 7



const db = await startSampleDatabase({seed: true})
let client
try {
  const t0 = Date.now()
  // IVR legs (dn_type 6) are one in ten; 1% of them last 40 minutes (IVRs that never timed out).
  await db.sql(`INSERT INTO cl_calls (id, start_time, end_time, is_answered)
    SELECT g, now() - (g::float8 / ${PARTICIPANTS / 2} * ${DAYS_OF_HISTORY}) * interval '1 day',
              now() - (g::float8 / ${PARTICIPANTS / 2} * ${DAYS_OF_HISTORY}) * interval '1 day' + interval '3 minutes', true
    FROM generate_series(1000, ${999 + PARTICIPANTS / 2}) g`)
  await db.sql(`INSERT INTO cl_party_info (id, dn_type, dn, caller_number, display_name)
    SELECT g, CASE WHEN g % 10 = 0 THEN 6 WHEN g % 10 < 5 THEN 0 WHEN g % 10 < 9 THEN 1 ELSE 5 END,
              (800 + g % 3)::text, '+1555' || (g % 10000)::text, 'Party ' || g
    FROM generate_series(1000, ${999 + PARTICIPANTS}) g`)
  await db.sql(`INSERT INTO cl_participants (id, call_id, info_id, role, is_inbound, start_time, answer_time, end_time)
    SELECT g, 1000 + (g - 1000) / 2, g, 1 + g % 2, g % 2 = 0,
           s, s, s + CASE WHEN g % 1000 = 0 THEN interval '40 minutes' ELSE (5 + g % 55) * interval '1 second' END
    FROM (SELECT g, now() - ((g - 1000)::float8 / ${PARTICIPANTS} * ${DAYS_OF_HISTORY}) * interval '1 day' AS s
          FROM generate_series(1000, ${999 + PARTICIPANTS}) g) x`)
  await db.sql('ANALYZE')
  console.log(`generated ${PARTICIPANTS.toLocaleString('en')} participants over ${DAYS_OF_HISTORY} days in ${formatDuration(Date.now() - t0)}`)

  client = new pg.Client({connectionString: db.url(), statement_timeout: 10_000})
  await client.connect()
  await client.query('SET default_transaction_read_only = on')
  const since = new Date(Date.now() - WINDOW_DAYS * 86_400_000)
  const limit = DEFAULT_IVR_TIMEOUT_SECONDS + DEFAULT_MARGIN_SECONDS
  const params = [since, limit, EXAMPLES]
  const baselineA = 'SELECT count(*) FROM cl_participants WHERE start_time >= $1'
  const baselineB = 'SELECT count(*) FROM cl_participants p JOIN cl_party_info i ON i.id = p.info_id WHERE p.start_time >= $1 AND i.dn_type = 6'

  for (const variant of ['sample schema (no index on cl_participants.start_time)', 'with an index on cl_participants (start_time)']) {
    if (variant.startsWith('with')) {
      await client.query('SET default_transaction_read_only = off')
      await client.query('CREATE INDEX bench_participants_start ON cl_participants (start_time)')
      await client.query('ANALYZE cl_participants')
      await client.query('SET default_transaction_read_only = on')
    }
    const result = (await client.query(IVR_QUERY, params)).rows
    const a = await timeQuery(client, baselineA, [since], REPEAT)
    const b = await timeQuery(client, baselineB, [since], REPEAT)
    const check = await timeQuery(client, IVR_QUERY, params, REPEAT)
    const windowRows = (await client.query(baselineA, [since])).rows[0].count
    console.log(`\n--- ${variant} ---`)
    console.log(`window ${WINDOW_DAYS} days: ${windowRows} participants, ${result[0].ivr_legs} IVR legs, ${result[0].long_legs} longer than ${limit} s`)
    console.log(`baseline A  count(*) participants in window   ${formatDuration(a)}`)
    console.log(`baseline B  count(*) IVR legs in window (join) ${formatDuration(b)}`)
    console.log(`check query (stats + ${EXAMPLES} longest examples)   ${formatDuration(check)}   = ${(check / a).toFixed(2)}x A, ${(check / b).toFixed(2)}x B   (target < 250 ms, <= 2x)`)
    const plan = await client.query(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${IVR_QUERY}`, params)
    console.log('plan:')
    for (const row of plan.rows) console.log(`  ${row['QUERY PLAN']}`)
  }

  // The whole check through the CLI (start-up, connection, probes, query), for scale.
  const run = spawnSync(process.execPath, [join(root, 'bin', 'run.js'), 'run', '--only', 'time.ivr-timeouts', '--format', 'json', '--ntp-server', 'none', '--install-dir', join(root, 'bench'), '--db-url', db.url('logsreader_single')], {encoding: 'utf8'})
  try {
    const report = JSON.parse(run.stdout)
    const r = report.results[0]
    console.log(`\nCLI: time.ivr-timeouts ${r.status} in ${r.durationMs} ms (whole run ${report.durationMs} ms): ${r.summary}`)
  } catch {
    console.log(`\nCLI run did not give JSON (exit ${run.status}): ${run.stderr.slice(0, 300)}`)
  }
} finally {
  await client?.end().catch(() => {})
  await db.stop()
}
