import { defineConfig } from 'vitest/config';

// Tests run as GOVFLOW_ENV=test (the local issuer, testing packs); the forks and the global setup inherit it.
process.env.GOVFLOW_ENV = 'test';

// forks, not threads: two files loading Temporal's native bridge under worker threads crash the process.
export default defineConfig({
  test: {
    pool: 'forks',
    projects: [
      {
        extends: true,
        // Not 5 s: some unit tests start the CLI as a process (tsx compiling it), which takes longer than that on a busy
        // two-core machine. Unit tests are not timed; speed is for the benchmarks.
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 30_000 },
      },
      {
        extends: true,
        test: {
          name: 'replay',
          include: ['test/replay/**/*.test.ts'],
          testTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/integration/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
