import { defineConfig } from 'vite';
import { defineRemote } from '@tmis/portal-sdk/vite';

// The shared remote config (packages/portal-sdk/src/vite.ts): served at /remotes/records/, the
// shell's libraries as singletons it does not ship.
export default defineConfig(defineRemote({ name: 'records', configUrl: import.meta.url, port: 5174 }));
