import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { federation } from '@module-federation/vite';
import vue from '@vitejs/plugin-vue';
import { defaultClientConditions, type UserConfig } from 'vite';

/**
 * Libraries the shell owns (portals/shell/vite.config.ts). A remote declares each one as a
 * singleton with `import: false`: it ships no copy of its own and always runs on the shell's —
 * one Vue, one router, one i18n, one Element Plus, one ability per page.
 */
export const FROM_SHELL = ['vue', 'vue-router', 'vue-i18n', 'element-plus', '@casl/vue', '@casl/ability'] as const;

export interface RemoteOptions {
  /** The manifest name (config/portal-modules.*.json): the federation name and the URL folder. */
  name: string;
  /** The remote's vite.config.ts `import.meta.url`: its own node_modules give the shared versions. */
  configUrl: string;
  /** The port of `vite` / `vite preview` when it runs alone (development). */
  port: number;
  /** Exposed modules; the shell loads './routes' (the manifest's exposedModule). */
  exposes?: Record<string, string>;
}

function installedVersion(configUrl: string, pkg: string): string {
  const file = fileURLToPath(new URL(`./node_modules/${pkg}/package.json`, configUrl));
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}

/** The federation `shared` entry of a remote: the shell's libraries, at the versions the remote was built against. */
export function sharedFromShell(configUrl: string) {
  return Object.fromEntries(
    FROM_SHELL.map((pkg) => [pkg, { singleton: true, import: false as const, requiredVersion: `^${installedVersion(configUrl, pkg)}` }]),
  );
}

/**
 * The vite config of a portal remote. It is served by the gateway at /remotes/<name>/ (any
 * static host with CORS works: the manifest entry names the URL of remoteEntry.js).
 */
export function defineRemote(o: RemoteOptions): UserConfig {
  if (!/^[a-z][a-z0-9-]*$/.test(o.name)) throw new Error(`defineRemote: the remote name "${o.name}" must be lower-case letters, digits and dashes`);
  return {
    base: `/remotes/${o.name}/`,
    resolve: {
      // @tmis/shared (info sets, validation, code lists, error texts) is bundled from source.
      conditions: ['source', ...defaultClientConditions],
    },
    plugins: [
      vue(),
      federation({
        name: o.name,
        filename: 'remoteEntry.js',
        exposes: o.exposes ?? { './routes': './src/expose.ts' },
        shared: sharedFromShell(o.configUrl),
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
    preview: { port: o.port, strictPort: true, cors: true },
    server: { port: o.port, strictPort: true, cors: true },
  };
}
