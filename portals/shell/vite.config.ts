import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { federation } from '@module-federation/vite';
import vue from '@vitejs/plugin-vue';
import { defaultClientConditions, defineConfig } from 'vite';

// Libraries the shell owns and hands to every remote: exactly one copy per page. element-plus
// is provided but not imported by name: the shell takes it from the share scope when the layout
// is entered (src/ui/element-plus.ts), so the login page loads none of it.
const SHARED_SINGLETONS = [
  'vue',
  'vue-router',
  'pinia',
  'vue-i18n',
  'element-plus',
  '@casl/vue',
  '@casl/ability',
] as const;

const GATEWAY = 'http://127.0.0.1:4000';

function installedVersion(pkg: string): string {
  const file = fileURLToPath(new URL(`./node_modules/${pkg}/package.json`, import.meta.url));
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}

function sharedSingletons() {
  return Object.fromEntries(
    SHARED_SINGLETONS.map((pkg) => {
      const version = installedVersion(pkg);
      return [pkg, { singleton: true, version, requiredVersion: `^${version}` }];
    }),
  );
}

export default defineConfig({
  base: '/',
  resolve: {
    // Workspace packages (@tmis/shared) are bundled from their TypeScript source, so the
    // shell builds without building them first.
    conditions: ['source', ...defaultClientConditions],
  },
  plugins: [
    vue(),
    federation({
      name: 'tmis_shell',
      // Remotes are registered at runtime from the gateway's `portalModules` manifest.
      remotes: {},
      shared: sharedSingletons(),
      // Remotes are unknown at build time, so there are no remote types to download.
      dts: false,
    }),
  ],
  define: {
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  build: {
    target: 'esnext',
    rolldownOptions: {
      treeshake: {
        // @tmis/shared's modules only declare (no import is there for its side effects): without
        // this, the barrel import brings every code list and the CASL rule builder into the login
        // page's entry chunk (≈ 6.5 KB gzip).
        moduleSideEffects: (id: string) => !/[\\/]packages[\\/]shared[\\/]src[\\/]/.test(id),
      },
    },
    // Element Plus is installed whole when the layout is entered (remotes use its components
    // through the shared copy) and lands in one ~920 kB chunk that the login page never loads.
    chunkSizeWarningLimit: 1100,
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: {
      '/graphql': { target: GATEWAY, changeOrigin: true },
      '/api': { target: GATEWAY, changeOrigin: true },
    },
  },
});
