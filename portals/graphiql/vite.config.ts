import { defineConfig } from 'vite';

// GraphiQL for analysts: React 19 + graphiql 5 (Monaco editors and their web workers) bundled
// whole, so the page needs nothing from outside the gateway. Served by the gateway at /graphiql/.
export default defineConfig({
  base: '/graphiql/',
  build: {
    target: 'es2022',
    // Monaco is large and loaded only by analysts who open this page.
    chunkSizeWarningLimit: 4000,
    rolldownOptions: {
      onwarn(warning, warn) {
        // framer-motion's "use client" directives mean nothing in a browser bundle.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  worker: { format: 'es' },
});
