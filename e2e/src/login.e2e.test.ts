import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, inject, test } from 'vitest';
import { pagePerTest, type PageSession } from './browser.js';

// The foundation issue's "a portal shell that these accounts can log into", in real Chromium
// against the real gateway and the demo province (accounts: gateway/src/demo/seed.ts).

const baseUrl = inject('baseUrl');
const dataDir = inject('dataDir');
const DEMO_PASSWORD = 'Demo@2026';

const sel = (name: string) => `[data-test="${name}"]`;

const pt = pagePerTest(baseUrl, (name) => name);
let page: Page;
let session: PageSession;
beforeEach(() => {
  page = pt.page;
  session = pt.session;
});

/** Text of the element with this data-test attribute ('' while it is not there). */
async function textOf(name: string): Promise<string> {
  const el = page.locator(sel(name));
  return (await el.count()) > 0 ? ((await el.first().textContent()) ?? '') : '';
}

async function openLoginPage(): Promise<void> {
  await page.goto('/login');
  await page.locator(sel('login-step-password')).waitFor();
}

async function submitPassword(username: string, password: string): Promise<void> {
  await page.locator(sel('login-username')).fill(username);
  await page.locator(sel('login-password')).fill(password);
  await page.locator(sel('login-submit')).click();
}

/** Waits for the layout (header with the signed-in user, side menu, home page). */
async function expectInLayout(): Promise<void> {
  await page.locator(sel('current-user')).waitFor();
  await page.locator(sel('menu-home')).waitFor();
  expect(new URL(page.url()).pathname).not.toBe('/login');
}

interface RoleCase {
  username: string;
  unit: string;
  role: string;
  /** Whether the side menu offers 档案管理 (whose 教师查询 is the one teacher search); undefined: not asserted. */
  recordsMenu?: boolean;
}

const ROLE_CASES: RoleCase[] = [
  { username: 'prov-query', unit: '示范省教育厅', role: '信息查询员', recordsMenu: true },
  { username: 'dhq-sys', unit: '东湖区教育局', role: '系统管理员' },
  { username: 'dhq-s2-query', unit: '东湖区第一小学', role: '信息查询员', recordsMenu: true },
  { username: 'teacher.demo', unit: '东湖区第一小学', role: '教师' },
  { username: 'train-inst', unit: '示范省教育厅', role: '培训承办机构', recordsMenu: false },
  { username: 'prov-train', unit: '示范省教育厅', role: '培训管理员' },
  { username: 'univ-query', unit: '示范师范大学', role: '信息查询员', recordsMenu: true },
];

describe('portal shell login (Chromium, real gateway, demo province)', () => {
  test.each(ROLE_CASES)('password login as $username shows $unit and $role', async ({ username, unit, role, recordsMenu }) => {
    await openLoginPage();
    expect(await page.title()).toBe('教师管理信息系统');
    expect(await textOf('login-step-password')).toContain('用户登录');
    await submitPassword(username, DEMO_PASSWORD);
    await expectInLayout();

    await expect.poll(() => textOf('current-user')).toContain(unit);
    const header = await textOf('current-user');
    expect(header).toContain(role);
    expect(await textOf('logout')).toContain('退出登录');

    // The home page states the data scope: the account's unit and role.
    await expect.poll(() => textOf('home-scope')).toContain(unit);
    expect(await textOf('home-scope')).toContain(role);
    expect(await textOf('home-scope')).toContain('密码');

    const menu = await textOf('side-menu');
    expect(menu).toContain('首页');
    // The shell has no teacher search of its own any more (issue 16): one search, in the records remote.
    expect(await page.locator(sel('menu-teachers')).count()).toBe(0);
    if (recordsMenu === true) {
      await expect.poll(() => textOf('side-menu')).toContain('档案管理');
    } else if (recordsMenu === false) {
      expect(menu).not.toContain('档案管理');
    }
  });

  test('information admin (dhq-info) signs in with password, then education CA certificate', async () => {
    await openLoginPage();
    await submitPassword('dhq-info', DEMO_PASSWORD);

    // The password alone is not enough: the certificate step follows.
    await page.locator(sel('login-step-certificate')).waitFor();
    expect(await textOf('login-step-certificate')).toContain('教育CA证书登录');
    expect(await page.locator(sel('current-user')).count()).toBe(0);
    expect(new URL(page.url()).pathname).toBe('/login');

    const certs = join(dataDir, 'demo-certs');
    await page.locator(sel('cert-file')).setInputFiles(join(certs, 'dhq-info.crt.pem'));
    await page.locator(sel('key-file')).setInputFiles(join(certs, 'dhq-info.key.pem'));
    await page.locator(sel('cert-submit')).click();

    await expectInLayout();
    await expect.poll(() => textOf('current-user')).toContain('东湖区教育局');
    expect(await textOf('current-user')).toContain('信息管理员');
    await expect.poll(() => textOf('home-scope')).toContain('密码 + 教育CA证书');
  });

  test('teacher.first must change the password: a weak one is refused, a strong one signs in', async () => {
    await openLoginPage();
    await submitPassword('teacher.first', DEMO_PASSWORD);

    await page.locator(sel('login-step-change-password')).waitFor();
    expect(await textOf('login-step-change-password')).toContain('修改密码');
    expect(await page.locator(sel('current-user')).count()).toBe(0);

    // Two character classes only: refused, with the rule shown under the field.
    await page.locator(sel('new-password')).fill('abcdefgh1');
    await page.locator(sel('new-password-confirm')).fill('abcdefgh1');
    await page.locator(sel('change-password-submit')).click();
    const weak = page.locator('.el-form-item__error', { hasText: '密码须包含大写字母、小写字母、数字、符号中的至少三类' });
    await weak.waitFor();
    expect(await weak.isVisible()).toBe(true);
    expect(await page.locator(sel('login-step-change-password')).count()).toBe(1);
    expect(await page.locator(sel('current-user')).count()).toBe(0);

    const strong = 'Xin#Mima2027';
    await page.locator(sel('new-password')).fill(strong);
    await page.locator(sel('new-password-confirm')).fill(strong);
    await page.locator(sel('change-password-submit')).click();

    await expectInLayout();
    await expect.poll(() => textOf('current-user')).toContain('东湖区第一小学');
    expect(await textOf('current-user')).toContain('教师');

    // The change is real: after signing out, the new password signs straight in, the old one no longer.
    await page.locator(sel('logout')).click();
    await page.locator(sel('login-step-password')).waitFor();
    await submitPassword('teacher.first', DEMO_PASSWORD);
    await page.locator('.el-message', { hasText: '用户名或密码错误' }).waitFor();
    await submitPassword('teacher.first', strong);
    await expectInLayout();
    expect(await page.locator(sel('login-step-change-password')).count()).toBe(0);
  });

  test('a wrong password shows 用户名或密码错误 and stays on the login page', async () => {
    await openLoginPage();
    await submitPassword('prov-train', 'Wrong@2026');

    const message = page.locator('.el-message', { hasText: '用户名或密码错误' });
    await message.waitFor();
    expect(await message.isVisible()).toBe(true);
    expect(await page.locator(sel('login-step-password')).count()).toBe(1);
    expect(await page.locator(sel('current-user')).count()).toBe(0);
    expect(new URL(page.url()).pathname).toBe('/login');
  });

  test('switching to English changes the header, and logout returns to the login page', async () => {
    await openLoginPage();
    await submitPassword('dhq-sys', DEMO_PASSWORD);
    await expectInLayout();
    await expect.poll(() => textOf('current-user')).toContain('系统管理员');
    expect(await textOf('logout')).toContain('退出登录');
    expect(await textOf('locale-switch')).toContain('English');

    await page.locator(sel('locale-switch')).click();
    await expect.poll(() => textOf('current-user')).toContain('System administrator');
    expect(await textOf('current-user')).not.toContain('系统管理员');
    expect(await textOf('logout')).toContain('Sign out');
    expect(await textOf('side-menu')).toContain('Home');
    expect(await textOf('locale-switch')).toContain('中文');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');

    await page.locator(sel('logout')).click();
    await page.locator(sel('login-step-password')).waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await page.locator(sel('current-user')).count()).toBe(0);
    // The chosen language is kept on the login page.
    expect(await textOf('login-step-password')).toContain('Sign in');

    // The session is gone: the home page sends us back to the login page.
    await page.goto('/');
    await page.locator(sel('login-step-password')).waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');
  });

  test('the portal loads nothing from outside its own origin', async () => {
    await openLoginPage();
    await page.waitForLoadState('networkidle');

    // Password login, every menu entry, language switch, logout…
    await submitPassword('prov-query', DEMO_PASSWORD);
    await expectInLayout();
    const entries = await page.locator(`${sel('side-menu')} [data-test^="menu-"]`).evaluateAll((els) =>
      els.map((el) => el.getAttribute('data-test')!),
    );
    expect(entries).toContain('menu-module:records');
    for (const entry of entries) {
      await page.locator(sel(entry)).click();
      await page.waitForLoadState('networkidle');
    }
    await page.locator(sel('menu-module:records')).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/records');
    await page.locator(sel('locale-switch')).click();
    await page.locator(sel('logout')).click();
    await page.locator(sel('login-step-password')).waitFor();

    // …and the certificate step, whose signing runs in the page (WebCrypto), not on a remote service.
    await submitPassword('dhq-info', DEMO_PASSWORD);
    await page.locator(sel('login-step-certificate')).waitFor();
    const certs = join(dataDir, 'demo-certs');
    await page.locator(sel('cert-file')).setInputFiles(join(certs, 'dhq-info.crt.pem'));
    await page.locator(sel('key-file')).setInputFiles(join(certs, 'dhq-info.key.pem'));
    await page.locator(sel('cert-submit')).click();
    await expectInLayout();
    await page.waitForLoadState('networkidle');

    const { requests } = session;
    expect(requests.length).toBeGreaterThan(5);
    expect(requests.some((url) => url.startsWith(`${baseUrl}/graphql`))).toBe(true);
    const foreign = requests.filter((url) => !url.startsWith(`${baseUrl}/`) && !url.startsWith('data:') && !url.startsWith('blob:'));
    expect(foreign).toEqual([]);
  });
});
