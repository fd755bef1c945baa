import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Suites that ingest the shared corpus are CPU-heavy; two workers match the 2-core CI machines.
    maxWorkers: 2,
    pool: 'forks',
  },
});
