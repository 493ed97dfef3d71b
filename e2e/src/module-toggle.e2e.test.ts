import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { artifactsDir, launchBrowser, openPage } from './browser.js';
import { apiLogin, gql, sel } from './portal-session.js';
import { launchGateway, repoRoot, type RunningGateway } from './system.js';

/**
 * Issue 6: a province module is switched on and off by configuration alone. The portal part
 * follows the manifest (read on every call: no restart, no rebuild); the gateway part follows
 * config/gateway-modules.<province>.json (read at start: a gateway started without it has no
 * title-evaluation API, and the shell offers no remote that needs it).
 */
const USER = 'prov-query';
const MENU = `{ portalModules { name } }`;
let browser: Browser;
const baseUrl = inject('baseUrl');
const manifestPath = inject('manifestPath');

async function menuNames(base: string): Promise<string[]> {
  const token = await apiLogin(base, USER);
  return (await gql<{ portalModules: { name: string }[] }>(base, token, MENU)).portalModules.map((m) => m.name);
}

/** Opens the portal as USER and returns the menu entries the shell shows. */
async function shownMenu(base: string, shot: string): Promise<string[]> {
  const session = await openPage(browser, base);
  try {
    const token = await apiLogin(base, USER);
    await session.page.addInitScript((t) => sessionStorage.setItem('tmis.token', t), token);
    await session.page.goto('/');
    await session.page.locator(sel('current-user')).waitFor();
    await session.page.screenshot({ path: join(artifactsDir, shot), fullPage: true });
    return await session.page.locator('.el-menu-item, .el-sub-menu__title').allInnerTexts();
  } finally {
    await session.context.close();
  }
}

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser?.close());

describe('the title-evaluation module, switched by configuration', () => {
  const original = readFileSync(manifestPath, 'utf8');
  afterAll(() => writeFileSync(manifestPath, original));

  it('is on for the demo province: the remote is offered and opens', async () => {
    expect(await menuNames(baseUrl)).toContain('title-evaluation');
    expect((await shownMenu(baseUrl, 'module-on.png')).join(' ')).toContain('职称评聘');
    const session = await openPage(browser, baseUrl);
    await session.page.addInitScript((t) => sessionStorage.setItem('tmis.token', t), await apiLogin(baseUrl, USER));
    await session.page.goto('/title-evaluation');
    await session.page.locator(sel('title-evaluation-app')).waitFor();
    expect(session.pageErrors).toEqual([]);
    await session.context.close();
  });

  it('disabled in the portal manifest it disappears at once, and comes back when enabled', async () => {
    const manifest = JSON.parse(original) as { modules: { name: string; enabled?: boolean }[] };
    for (const m of manifest.modules) if (m.name === 'title-evaluation') m.enabled = false;
    writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
    expect(await menuNames(baseUrl)).not.toContain('title-evaluation');
    expect((await shownMenu(baseUrl, 'module-off-portal.png')).join(' ')).not.toContain('职称评聘');
    writeFileSync(manifestPath, original);
    expect(await menuNames(baseUrl)).toContain('title-evaluation');
  });

  describe('a gateway started without the module', () => {
    let off: RunningGateway;
    let dir: string;
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'tmis-e2e-modules-'));
      const modules = JSON.parse(readFileSync(join(repoRoot, 'config/gateway-modules.330000.json'), 'utf8')) as { modules: { name: string; enabled?: boolean }[] };
      for (const m of modules.modules) if (m.name === 'title-evaluation') m.enabled = false;
      writeFileSync(join(dir, 'gateway-modules.json'), JSON.stringify(modules));
      off = await launchGateway({ TMIS_GATEWAY_MODULES: join(dir, 'gateway-modules.json') }, 'gateway-module-off.log');
    }, 240_000);
    afterAll(async () => {
      await off?.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('has no title-evaluation API and the shell offers no title-evaluation remote', async () => {
      expect(await menuNames(off.baseUrl)).not.toContain('title-evaluation');
      expect((await shownMenu(off.baseUrl, 'module-off-gateway.png')).join(' ')).not.toContain('职称评聘');
      const token = await apiLogin(off.baseUrl, USER);
      await expect(gql(off.baseUrl, token, `{ titleRounds { id } }`)).rejects.toThrow(/titleRounds/);
      // The core is untouched: the same account still works with the other remotes.
      expect(await menuNames(off.baseUrl)).toContain('records');
    });
  });
});
