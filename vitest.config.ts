import {defineConfig} from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Tests start real servers (PostgreSQL, SMTP, SIP, namespaces): keep files apart, two at a time on two cores.
    pool: 'forks',
    poolOptions: {forks: {maxForks: 2, minForks: 1}},
    reporters: ['default', './test/helpers/closing-line-reporter.ts'],
  },
})
