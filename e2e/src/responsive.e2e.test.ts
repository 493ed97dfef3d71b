import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, inject, test } from 'vitest';
import { pagePerTest, screenshot } from './browser.js';
import { sel, signIn } from './portal-session.js';

// Issue 16.3: the signed-in frame on a phone (390×844: the menu is a drawer, the header fits,
// the user menu stays reachable) and on a desktop (1440×900: the sidebar, whose collapse state
// survives a reload) — in real Chromium, for a teacher and an information admin.

const baseUrl = inject('baseUrl');
const dataDir = inject('dataDir');
const COLLAPSE_STORAGE_KEY = 'tmis.sidebar.collapsed';
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1440, height: 900 };
const ROLES = ['teacher.demo', 'dhq-s2-info'];

const pt = pagePerTest(baseUrl, (name, failed) => (failed ? `responsive-failed-${name}` : null));
let page: Page;
beforeEach(() => {
  page = pt.page;
});

/** What a working page shows first (as in menus.e2e.test.ts). */
function pageMarker(key: string): string {
  if (key === 'home') return sel('home-welcome');
  if (key.startsWith('module:')) return `${sel(`remote-${key.slice('module:'.length)}`)} [data-test$="-app"]`;
  return sel(`page-${key}`);
}

/** Elements of the header that stick out of the viewport (right edge past innerWidth, or left of 0). */
function headerOverflow(): Promise<string[]> {
  return page.locator(sel('app-header')).evaluate((header) => {
    const width = window.innerWidth;
    return [header, ...header.querySelectorAll('*')]
      .filter((el) => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && (r.right > width + 0.5 || r.left < -0.5);
      })
      .map((el) => `${el.tagName.toLowerCase()}.${el.className} right=${el.getBoundingClientRect().right}`);
  });
}

describe('phone, 390×844', () => {
  test.each(ROLES)('%s: the header fits, the menu is a drawer that leads to a page', async (username) => {
    await page.setViewportSize(PHONE);
    await signIn(page, username, dataDir);
    await page.locator(sel('menu-home')).waitFor({ state: 'attached' }).catch(() => undefined);
    await page.waitForLoadState('networkidle');

    // No sidebar on a phone; the document is no wider than the viewport; nothing in the header sticks out.
    expect(await page.locator(sel('side-aside')).count()).toBe(0);
    const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
    expect(widths.inner).toBe(PHONE.width);
    expect(widths.scroll, 'document scrollWidth').toBeLessThanOrEqual(widths.inner);
    expect(await headerOverflow()).toEqual([]);
    await screenshot(page, `responsive-390-${username}-home`);

    // The user menu is reachable: role, unit and sign-out are in it.
    await page.locator(sel('current-user')).click();
    const card = page.locator(sel('user-card'));
    await card.waitFor();
    expect((await card.textContent()) ?? '').not.toBe('');
    await expect.poll(() => page.locator(sel('logout')).isVisible()).toBe(true);
    await page.locator(sel('current-user')).click(); // the trigger toggles the menu
    await expect.poll(() => card.isVisible()).toBe(false);

    // The menu button opens the drawer with the side menu in it.
    const drawer = page.locator(sel('menu-drawer'));
    await page.locator(sel('menu-open')).click();
    await drawer.waitFor();
    const menu = drawer.locator(sel('side-menu'));
    await menu.waitFor();
    // Settled once the slide-in is over: the drawer's left edge at 0, its menu inside the viewport.
    await expect.poll(async () => (await drawer.boundingBox())?.x).toBe(0);
    await menu.locator(sel('menu-home')).waitFor();
    const box = await menu.boundingBox();
    expect(box && box.x + box.width).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, `responsive-390-${username}-drawer`);
    const entries = await menu.locator('[data-test^="menu-"]').evaluateAll((els) =>
      els.map((el) => ({ key: el.getAttribute('data-test')!.slice('menu-'.length), external: el.tagName === 'A' })));
    const target = entries.find((e) => e.key !== 'home' && !e.external);
    expect(target, `${username} has a menu entry besides home`).toBeDefined();

    // Choosing an entry navigates there and closes the drawer.
    await menu.locator(sel(`menu-${target!.key}`)).click();
    await page.locator(pageMarker(target!.key)).first().waitFor({ timeout: 20_000 });
    await expect.poll(() => drawer.isVisible()).toBe(false);
    await page.waitForLoadState('networkidle');
    expect(await headerOverflow()).toEqual([]);
    const after = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
    expect(after.scroll, `document scrollWidth on ${target!.key}`).toBeLessThanOrEqual(after.inner);
    await screenshot(page, `responsive-390-${username}-${target!.key}`);
  });
});

describe('desktop, 1440×900', () => {
  test.each(ROLES)('%s: the sidebar is shown and its collapsed state survives a reload', async (username) => {
    await page.setViewportSize(DESKTOP);
    await signIn(page, username, dataDir);
    const aside = page.locator(sel('side-aside'));
    await aside.waitFor();
    await page.waitForLoadState('networkidle');
    expect(await page.locator(sel('menu-open')).count(), 'no drawer button on a desktop').toBe(0);
    expect(await headerOverflow()).toEqual([]);
    const menu = aside.locator(sel('side-menu'));
    expect(await menu.evaluate((el) => el.classList.contains('el-menu--collapse'))).toBe(false);
    const expandedWidth = (await aside.boundingBox())!.width;
    await screenshot(page, `responsive-1440-${username}-expanded`);

    await page.locator(sel('menu-collapse')).click();
    await expect.poll(() => menu.evaluate((el) => el.classList.contains('el-menu--collapse'))).toBe(true);
    expect(await page.evaluate((key) => localStorage.getItem(key), COLLAPSE_STORAGE_KEY)).toBe('1');

    await page.reload();
    await page.locator(sel('current-user')).waitFor();
    await aside.waitFor();
    expect(await menu.evaluate((el) => el.classList.contains('el-menu--collapse')), 'collapsed after reload').toBe(true);
    await expect.poll(async () => (await aside.boundingBox())!.width).toBeLessThan(expandedWidth);
    await page.waitForLoadState('networkidle');
    await screenshot(page, `responsive-1440-${username}-collapsed`);

    // Expanding is remembered too.
    await page.locator(sel('menu-collapse')).click();
    await expect.poll(() => menu.evaluate((el) => el.classList.contains('el-menu--collapse'))).toBe(false);
    expect(await page.evaluate((key) => localStorage.getItem(key), COLLAPSE_STORAGE_KEY)).toBe('0');
  });
});
