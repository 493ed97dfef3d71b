import { defineConfig } from 'vitest/config';

// Browser end-to-end tests: one real gateway (with its embedded PostgreSQL and the demo
// province) for the whole run, started by src/system.ts, driven through Debian's Chromium.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['src/**/*.e2e.test.ts'],
    globalSetup: ['src/system.ts'],
    // One system, one browser at a time: files must not race each other on shared accounts.
    fileParallelism: false,
    pool: 'forks',
    testTimeout: 90_000,
    hookTimeout: 180_000,
    teardownTimeout: 60_000,
    expect: { poll: { timeout: 15_000, interval: 100 } },
  },
});
