import { defineConfig } from 'vitest/config';

/**
 * Two projects (`vitest run --project node|workers`):
 * - node: every suite, the HTTP ones against the built Node collector and its SQLite file;
 * - workers: the HTTP API conformance suites again, against the Worker in workerd with a local
 *   D1 (`wrangler dev`, see test/support/worker-process.ts), and test/workers, which drives the
 *   D1 store directly. What only Node can show (its SQLite file, a SIGKILL of its process)
 *   lives in test/node and test/durability.
 */
export default defineConfig({
  test: {
    exclude: ['**/node_modules/**', 'test/bench/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: [
            'packages/*/src/**/*.test.ts',
            'collector/src/**/*.test.ts',
            'widget/test/**/*.test.ts',
            'test/**/*.test.ts',
          ],
          // The D1 suites need the bundle and database the workers project prepares.
          exclude: ['**/node_modules/**', 'test/bench/**', 'test/workers/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'workers',
          include: ['test/api/**/*.test.ts', 'test/workers/**/*.test.ts'],
          env: { TOUCHPOINT_TEST_RUNTIME: 'workers' },
          globalSetup: ['test/support/worker-setup.ts'],
        },
      },
    ],
  },
});
