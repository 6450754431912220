// Shared by the benchmarks (not a benchmark itself: bench/run.js runs only *.bench.js).

/** The middle value (the upper middle of an even count). */
export const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]

/** The median time in ms of `repeat` runs of one query, after a warm-up run. */
export async function timeQuery(client, sql, params, repeat) {
  await client.query(sql, params)
  const samples = []
  for (let i = 0; i < repeat; i++) {
    const start = process.hrtime.bigint()
    await client.query(sql, params)
    samples.push(Number(process.hrtime.bigint() - start) / 1e6)
  }
  return median(samples)
}
