import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    server: { deps: { inline: ['type-graphql'] } },
    testTimeout: 30000,
    hookTimeout: 120000,
  },
});
