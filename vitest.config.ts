import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globals: true,
    // Files run one after another: integration files share one worker and the review queues' SLA
    // settings, and the machine's two cores are already kept busy by renders.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 240_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        // Pure code: no database, no Temporal. `npm run test:unit` runs only these, in seconds.
        test: { name: 'unit', include: ['test/policies/**/*.test.ts', 'test/config.test.ts', 'test/activities/**/*.test.ts', 'test/scripts/**/*.test.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/{app,db,workflows,e2e}/**/*.test.ts'],
          // One real PostgreSQL, Temporal dev server and Loupe worker for the whole run.
          globalSetup: ['test/support/global-setup.ts'],
        },
      },
      {
        extends: true,
        // Issue 16: a fault (PostgreSQL or Temporal stopped, a worker killed) injected into a stack of
        // each file's own (test/support/private-stack.ts), never the shared one. `npm run test:faults`.
        test: { name: 'faults', include: ['test/faults/**/*.test.ts'] },
      },
    ],
  },
});
