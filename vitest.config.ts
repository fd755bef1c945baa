import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // Suites that ingest the shared corpus are CPU-heavy; two workers match the 2-core CI machines.
    maxWorkers: 2,
    pool: 'forks',
    // The JSON report feeds the `tests: N passed, N failed` line that .ci/run prints.
    reporters: ['default', 'json'],
    outputFile: { json: '.vitest-results.json' },
  },
});
