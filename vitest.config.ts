import {defineConfig} from 'vitest/config'

// Three tiers, each its own vitest project (`npm run test:unit|test:integration|test:e2e`; `npm test` runs all):
// unit: no build, no system packages, in memory; integration: real servers (PostgreSQL, simulators,
// chronyd, sipp, FIFOs and devices); e2e: the built CLI as a user runs it (refuses a dist/ older than src/).
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default', './test/helpers/closing-line-reporter.ts'],
    projects: [
      {extends: true, test: {name: 'unit', include: ['test/unit/**/*.test.ts'], pool: 'threads', testTimeout: 10_000}},
      {
        extends: true,
        // Real servers: keep files apart, two at a time on two cores.
        test: {name: 'integration', include: ['test/integration/**/*.test.ts'], pool: 'forks', poolOptions: {forks: {maxForks: 2, minForks: 1}}},
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['./test/helpers/fresh-dist.ts'],
          pool: 'forks',
          poolOptions: {forks: {maxForks: 2, minForks: 1}},
        },
      },
    ],
  },
})
