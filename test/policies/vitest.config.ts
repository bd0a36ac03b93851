/**
 * Policy tests are pure (no database, no Temporal): this config runs them without the stack that
 * the root config's global setup starts.  `npx vitest run --config test/policies/vitest.config.ts`
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    globals: true,
    include: ['test/policies/**/*.test.ts'],
  },
});
