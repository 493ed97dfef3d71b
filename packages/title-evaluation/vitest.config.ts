import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);
const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

// Modelled on gateway/vitest.config.ts: the module runs against the gateway's and the shared
// package's sources (no stale build), on the gateway's embedded PostgreSQL test setup.
export default defineConfig({
  resolve: {
    alias: [
      { find: '@tmis/gateway/sdk', replacement: here('../../gateway/src/sdk/index.ts') },
      { find: '@tmis/shared', replacement: here('../shared/src/index.ts') },
      // One graphql for everyone (the CJS build Apollo uses), or schemas come from two realms.
      { find: /^graphql$/, replacement: require.resolve('graphql') },
    ],
  },
  test: {
    include: ['src/**/*.test.ts'],
    globalSetup: ['../../gateway/src/testing/global-setup.ts'],
    server: { deps: { inline: ['type-graphql', 'graphql-scalars'] } },
    env: { TMIS_ARGON2_FAST: '1', LOG_LEVEL: 'silent' },
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
