import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { federation } from '@module-federation/vite';
import vue from '@vitejs/plugin-vue';
import { defaultClientConditions, defineConfig } from 'vite';

/**
 * Libraries the shell owns (portals/shell/vite.config.ts). The remote declares each one it uses
 * as a singleton with `import: false`: it ships no copy of its own and always runs on the
 * shell's — one Vue, one router, one i18n, one Element Plus, one ability per page.
 */
const FROM_SHELL = ['vue', 'vue-router', 'vue-i18n', 'element-plus', '@casl/vue', '@casl/ability'] as const;

function installedVersion(pkg: string): string {
  const file = fileURLToPath(new URL(`./node_modules/${pkg}/package.json`, import.meta.url));
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}

function sharedFromShell() {
  return Object.fromEntries(
    FROM_SHELL.map((pkg) => [pkg, { singleton: true, import: false as const, requiredVersion: `^${installedVersion(pkg)}` }]),
  );
}

// Served by the gateway at /remotes/training/ (any static host with CORS works: the manifest
// entry names the URL of remoteEntry.js).
export default defineConfig({
  base: '/remotes/training/',
  resolve: {
    // @tmis/shared (info sets, validation, code lists, error texts) is bundled from source.
    conditions: ['source', ...defaultClientConditions],
  },
  plugins: [
    vue(),
    federation({
      name: 'training',
      filename: 'remoteEntry.js',
      exposes: { './routes': './src/expose.ts' },
      shared: sharedFromShell(),
      // The remote's own (scoped) styles travel with its exposed module.
      bundleAllCSS: true,
      dts: false,
    }),
  ],
  define: {
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  build: { target: 'esnext' },
  preview: { port: 5177, strictPort: true, cors: true },
  server: { port: 5177, strictPort: true, cors: true },
});
