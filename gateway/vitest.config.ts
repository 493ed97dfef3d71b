import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Tests run against the shared package's source, so no stale build can hide a change.
    alias: [
      { find: '@tmis/shared', replacement: fileURLToPath(new URL('../packages/shared/src/index.ts', import.meta.url)) },
      // Inlined packages would otherwise get graphql's ESM build while Apollo gets the CJS one:
      // two realms, "Cannot use GraphQLSchema from another module". Everyone gets the CJS build.
      { find: /^graphql$/, replacement: require.resolve('graphql') },
    ],
  },
  test: {
    include: ['src/**/*.test.ts'],
    globalSetup: ['src/testing/global-setup.ts'],
    server: { deps: { inline: ['type-graphql', 'graphql-scalars'] } },
    env: { TMIS_ARGON2_FAST: '1', LOG_LEVEL: 'silent' },
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
