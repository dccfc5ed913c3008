import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    exclude: ['test/bench/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Results must not depend on the examiner's zone: run the suite far from UTC.
    env: { TZ: 'Pacific/Chatham' },
  },
});
