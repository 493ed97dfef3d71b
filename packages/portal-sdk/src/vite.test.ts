// @vitest-environment node
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defineRemote, FROM_SHELL, sharedFromShell } from './vite';

// A real remote's folder: its node_modules give the versions the remote is built against.
const transfers = new URL('../../../portals/transfers/vite.config.ts', import.meta.url).href;

describe('defineRemote', () => {
  it('serves the remote under /remotes/<name>/ on its own port', () => {
    const c = defineRemote({ name: 'transfers', configUrl: transfers, port: 5175 });
    expect(c.base).toBe('/remotes/transfers/');
    expect(c.server).toMatchObject({ port: 5175, strictPort: true, cors: true });
    expect(c.preview).toMatchObject({ port: 5175 });
    expect((c.resolve?.conditions as string[])[0]).toBe('source');
  });

  it('shares every shell library as a singleton it does not ship, at the installed version', () => {
    const shared = sharedFromShell(transfers);
    expect(Object.keys(shared)).toEqual([...FROM_SHELL]);
    const vue = JSON.parse(readFileSync(new URL('./node_modules/vue/package.json', transfers), 'utf8')).version;
    expect(shared.vue).toEqual({ singleton: true, import: false, requiredVersion: `^${vue}` });
  });

  it('refuses a name that cannot be a URL folder and a federation name', () => {
    expect(() => defineRemote({ name: 'Title Evaluation', configUrl: transfers, port: 1 })).toThrow(/lower-case/);
  });
});
