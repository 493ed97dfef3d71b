import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, ConsoleMessage, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, test } from 'vitest';
import { launchBrowser, openPage, screenshot, type PageSession } from './browser.js';
import { apiLogin, gql, sel, signIn, tokenOf } from './portal-session.js';

// Issue 16.1 and 16.6: every menu entry of every role opens a working page (no placeholder, no
// console error); the system admin's 账号管理 and 审计日志 work on real data; an information admin
// reads a full ID number through the audited path — in real Chromium against the demo province.

const baseUrl = inject('baseUrl');
const dataDir = inject('dataDir');
const PLACEHOLDER = '该功能正在建设中';

let browser: Browser;
let session: PageSession;
let page: Page;
let consoleErrors: string[];

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

beforeEach(async () => {
  session = await openPage(browser, baseUrl);
  page = session.page;
  consoleErrors = [];
  page.on('console', (msg: ConsoleMessage) => {
    if (msg.type() === 'error') consoleErrors.push(`${msg.text()} @ ${msg.location().url}`);
  });
});

afterEach(async ({ task }) => {
  await screenshot(page, `menus-${task.name}`).catch((e: unknown) => console.warn(`screenshot of "${task.name}" failed: ${String(e)}`));
  const errors = session.pageErrors.map((e) => e.message);
  await session.context.close();
  expect(errors, 'uncaught exceptions in the page').toEqual([]);
  expect(consoleErrors, 'console errors').toEqual([]);
});

/** The routed side-menu entries (GraphiQL opens in a new tab and is left out), once the remotes' entries are there. */
async function menuEntries(): Promise<{ key: string; external: boolean }[]> {
  await page.locator(sel('menu-home')).waitFor();
  await page.waitForLoadState('networkidle');
  return page.locator(`${sel('side-menu')} [data-test^="menu-"]`).evaluateAll((els) =>
    els.map((el) => ({ key: el.getAttribute('data-test')!.slice('menu-'.length), external: el.tagName === 'A' })));
}

/** What a working page shows first: the home welcome, a built-in page, or the remote's own root. */
function pageMarker(key: string): string {
  if (key === 'home') return sel('home-welcome');
  if (key.startsWith('module:')) return `${sel(`remote-${key.slice('module:'.length)}`)} [data-test$="-app"]`;
  return sel(`page-${key}`);
}

/** The frame's trail: 首页 › the menu entry › (in a remote with tabs) its active tab, as the remote names it. */
async function expectBreadcrumbs(key: string, what: string): Promise<void> {
  const crumbs = () => page.locator(`${sel('breadcrumb')} ${sel('breadcrumb-item')}`).allInnerTexts().then((all) => all.map((c) => c.trim()));
  if (key === 'home') {
    expect(await crumbs(), what).toEqual(['首页']);
    return;
  }
  const label = (await page.locator(sel(`menu-${key}`)).innerText()).trim();
  const tab = page.locator(`${pageMarker(key)} .el-tabs__item.is-active`).first();
  const expected = key.startsWith('module:') && (await tab.count()) > 0 ? ['首页', label, (await tab.innerText()).trim()] : ['首页', label];
  await expect.poll(crumbs, { message: what, timeout: 5_000 }).toEqual(expected);
}

const ROLES = ['prov-sys', 'dhq-sys', 'dhq-s2-info', 'prov-query', 'prov-train', 'teacher.demo', 'prov-sec', 'dhq-audit'];

describe('every menu entry opens a working page', () => {
  test.each(ROLES)('%s', async (username) => {
    await signIn(page, username, dataDir);
    const entries = await menuEntries();
    expect(entries.length).toBeGreaterThan(1);
    expect(entries.map((e) => e.key)).not.toContain('teachers');
    for (const entry of entries) {
      if (entry.external) {
        // The gateway's own page (GraphiQL): it answers, with the user's session opened in it.
        const href = await page.locator(sel(`menu-${entry.key}`)).getAttribute('href');
        expect((await fetch(`${baseUrl}${href}`)).status, `${username}: ${entry.key}`).toBe(200);
        continue;
      }
      await page.locator(sel(`menu-${entry.key}`)).click();
      await page.locator(pageMarker(entry.key)).first().waitFor({ timeout: 20_000 });
      await page.waitForLoadState('networkidle');
      const main = (await page.locator('main, .el-main').first().textContent()) ?? '';
      expect(main, `${username}: ${entry.key}`).not.toContain(PLACEHOLDER);
      expect(main, `${username}: ${entry.key}`).not.toContain('模块加载失败');
      expect(await page.locator(sel('not-found')).count(), `${username}: ${entry.key}`).toBe(0);
      await expectBreadcrumbs(entry.key, `${username}: ${entry.key}`);
    }
  });
});

describe('账号管理 of a county system admin, 审计日志 of its audit admin', () => {
  test('lists the accounts it manages, disables and restores the school admin below, and the audit admin finds both in the audit log', async () => {
    await signIn(page, 'dhq-sys', dataDir);
    await page.locator(sel('menu-accounts')).click();
    await page.locator(sel('account-table')).waitFor();
    await expect.poll(async () => (await page.locator(sel('account-table')).textContent()) ?? '').toContain('dhq-s2-sys');
    expect(await page.locator(sel('account-pager')).textContent()).toMatch(/共 \d+ 条/);

    await page.locator('input[data-test="account-search"]').fill('dhq-s2-sys');
    await page.locator(sel('account-search-submit')).click();
    await expect.poll(() => page.locator(`${sel('account-table')} .el-table__body tr`).count()).toBe(1);

    await page.locator(sel('account-disable-dhq-s2-sys')).first().click();
    const dialog = page.locator(`${sel('account-confirm')}`);
    await dialog.locator('textarea').fill('e2e：停用测试');
    await page.locator(sel('account-confirm-ok')).click();
    await expect.poll(() => page.locator(sel('account-applied')).textContent()).toContain('已生效：停用');
    await expect.poll(() => page.locator(sel('account-status-dhq-s2-sys')).first().textContent()).toBe('已停用');

    await page.locator(sel('account-restore-dhq-s2-sys')).first().click();
    await dialog.locator('textarea').fill('e2e：恢复');
    await page.locator(sel('account-confirm-ok')).click();
    await expect.poll(() => page.locator(sel('account-status-dhq-s2-sys')).first().textContent()).toBe('正常');

    // 三员分立 (issue 15.4): the system admin has no audit log; the county's audit admin reads it.
    expect(await page.locator(sel('menu-audit-log')).count()).toBe(0);
    await page.context().clearCookies();
    await page.evaluate(() => { localStorage.clear(); sessionStorage.clear(); });
    await signIn(page, 'dhq-audit', dataDir);
    await page.locator(sel('menu-audit-log')).click();
    await page.locator(sel('audit-table')).waitFor();
    await page.locator('input[data-test="audit-actor"]').fill('dhq-sys');
    await page.locator(sel('audit-action')).click();
    await page.keyboard.type('account.change_applied');
    await page.keyboard.press('Enter');
    await page.locator(sel('audit-search')).click();
    await expect.poll(async () => (await page.locator(`${sel('audit-table')} .el-table__body tr.el-table__row`).count())).toBeGreaterThanOrEqual(2);
    expect(await page.locator(sel('audit-table')).textContent()).toContain('账号 · account.change_applied');

    await page.locator(sel('audit-chain-check')).click();
    await expect.poll(() => page.locator(sel('audit-chain-status')).getAttribute('data-ok'), { timeout: 60_000 }).toBe('true');
    expect(await page.locator(sel('audit-chain-status')).textContent()).toMatch(/哈希链完整：已校验 [\d,]+ 条/);
    expect(await page.locator(sel('audit-chain-status')).isVisible()).toBe(true);

    // 导出 CSV with the same filter: the file holds exactly the entries the table found.
    const shown = await page.locator(`${sel('audit-table')} .el-table__body tr.el-table__row`).count();
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator(sel('audit-export')).click()]);
    expect(download.suggestedFilename()).toMatch(/^audit-log-\d{14}\.csv$/);
    const csv = readFileSync(await download.path());
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 BOM, for Excel
    const lines = csv.toString('utf8').slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe('序号 seq,时间 at,操作人 actor,单位 unit,操作 action,对象类型 targetType,对象ID targetId,结果 outcome,IP,详情 detail,哈希 hash');
    expect(lines.length - 1).toBe(shown);
    for (const line of lines.slice(1)) expect(line).toMatch(/^\d+,[^,]+,dhq-sys,[^,]*,account\.change_applied,/);
    await page.locator('.el-message', { hasText: `已导出 ${shown} 条审计记录` }).waitFor();
    // The export is itself in the log, with its filter.
    const { auditEntries } = await gql(baseUrl, await tokenOf(page), '{ auditEntries(filter: { action: "audit.exported" }, first: 1) { nodes { actorUsername detail } } }');
    expect(auditEntries.nodes[0]).toMatchObject({ actorUsername: 'dhq-audit', detail: { rows: shown, filter: { actor: 'dhq-sys', action: 'account.change_applied' } } });
  });

  afterAll(async () => {
    // Whatever happened above, the school admin is active again for the other specs.
    const token = await apiLogin(baseUrl, 'dhq-sys');
    const { accounts } = await gql(baseUrl, token, '{ accounts(search: "dhq-s2-sys") { nodes { id status } } }');
    for (const a of accounts.nodes.filter((n: { status: string }) => n.status === 'disabled')) {
      await gql(baseUrl, token, 'mutation($i: AccountChangeInput!) { requestAccountChange(input: $i) { status } }', { i: { accountId: a.id, kind: 'restore', reason: 'e2e cleanup' } });
    }
  });
});

/**
 * A CRL made with OpenSSL (`openssl ca -gencrl`) by the CA whose certificate and key are given:
 * revoking nothing, so loading it changes no sign-in of the other specs.
 */
function opensslCrl(dir: string, name: string, caCert: string, caKey: string, lastUpdate?: string): string {
  const db = mkdtempSync(join(dir, `${name}-`));
  writeFileSync(join(db, 'index.txt'), '');
  writeFileSync(join(db, 'crlnumber'), '01\n');
  writeFileSync(join(db, 'ca.cnf'), `[ca]\ndefault_ca = demo\n[demo]\ndatabase = ${db}/index.txt\ncrlnumber = ${db}/crlnumber\ndefault_md = sha256\ndefault_crl_days = 7\n`);
  const out = join(dir, `${name}.crl.pem`);
  const dates = lastUpdate ? ['-crl_lastupdate', lastUpdate, '-crl_nextupdate', lastUpdate.replace(/^(\d{4})/, (y) => String(Number(y) + 1))] : [];
  execFileSync('openssl', ['ca', '-gencrl', '-batch', '-config', join(db, 'ca.cnf'), '-cert', caCert, '-keyfile', caKey, ...dates, '-out', out], { stdio: 'pipe' });
  return out;
}

describe('证书吊销列表 of the province security admin (issue 15.2)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tmis-e2e-crl-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('prov-sec loads the demo CA’s CRL; a broken, an untrusted, a future and an older list are refused with their Chinese messages', async () => {
    const certs = join(dataDir, 'demo-certs');
    const good = opensslCrl(dir, 'demo', join(certs, 'ca.crt.pem'), join(certs, 'ca.key.pem'));
    const future = opensslCrl(dir, 'future', join(certs, 'ca.crt.pem'), join(certs, 'ca.key.pem'), '20991201000000Z');
    // A CA the gateway does not trust, with the demo CA's very name.
    const subject = new X509Certificate(readFileSync(join(certs, 'ca.crt.pem'))).subject.split('\n').join('/');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-subj', `/${subject}`, '-days', '2',
      '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-keyout', join(dir, 'other.key.pem'), '-out', join(dir, 'other.crt.pem')], { stdio: 'pipe' });
    const untrusted = opensslCrl(dir, 'untrusted', join(dir, 'other.crt.pem'), join(dir, 'other.key.pem'));
    const broken = join(dir, 'broken.crl.pem');
    writeFileSync(broken, '-----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL-----\n');

    await signIn(page, 'prov-sec', dataDir);
    await page.locator(sel('menu-crl')).click();
    await page.locator(sel('page-crl')).waitFor();
    await page.locator(sel('crl-table')).waitFor();

    const refused = async (file: string, code: string, text: string): Promise<void> => {
      await page.locator(sel('crl-file')).setInputFiles(file);
      await page.locator(sel('crl-load')).click();
      const alert = page.locator(`${sel('crl-error')}[data-code="${code}"]`);
      await alert.waitFor();
      expect(await alert.textContent()).toContain(`未能加载：${text}`);
    };
    await refused(broken, 'CRL_INVALID', '证书吊销列表（CRL）格式无效');
    await refused(untrusted, 'CRL_UNTRUSTED', '证书吊销列表不是由受信任的CA签发');
    await refused(future, 'CRL_NOT_YET_VALID', '证书吊销列表的生效时间晚于当前时间');

    await page.locator(sel('crl-file')).setInputFiles(good);
    await page.locator(sel('crl-load')).click();
    await page.locator(sel('crl-done')).waitFor();
    expect(await page.locator(sel('crl-done')).textContent()).toContain('的吊销列表：0 个吊销证书');
    const table = page.locator(sel('crl-table'));
    await expect.poll(async () => (await table.textContent()) ?? '').toContain('TMIS Demo Education CA');
    expect(await table.textContent()).toContain('ECDSA-with-SHA256');
    expect(await table.textContent()).toContain('prov-sec');

    // The same list again is not newer than the loaded one.
    await refused(good, 'CRL_OUTDATED', '该CA已加载更新的证书吊销列表');
    await screenshot(page, 'menus-crl-prov-sec');
  });
});

describe('full ID numbers (issue 16.6)', () => {
  test('a school information admin reveals a teacher’s full number, and the read is in the audit log', async () => {
    await signIn(page, 'dhq-s2-info', dataDir);
    await page.locator(sel('menu-module:records')).click();
    await page.locator(sel('records-teacher-name')).first().waitFor();
    const first = page.locator(sel('id-number')).first();
    const masked = (await first.locator(sel('id-number-value')).textContent())!.trim();
    expect(masked).toContain('*');
    await first.locator(sel('id-number-reveal')).click();
    await expect.poll(async () => (await first.locator(sel('id-number-value')).textContent())!.trim()).toMatch(/^\d{17}[\dX]$/);
    const full = (await first.locator(sel('id-number-value')).textContent())!.trim();
    // The digits the mask leaves visible are the full number's.
    const [head, tail] = [masked.slice(0, masked.indexOf('*')), masked.slice(masked.lastIndexOf('*') + 1)];
    expect(full.startsWith(head) && full.endsWith(tail)).toBe(true);

    const { auditEntries } = await gql(baseUrl, await tokenOf(page),
      '{ auditEntries(filter: { actor: "dhq-s2-info", action: "teacher.read_sensitive" }, first: 5) { nodes { detail } } }');
    expect(JSON.stringify(auditEntries.nodes)).toContain(':idNumber');
  });

  test('a query user sees masked numbers and no 显示', async () => {
    await signIn(page, 'prov-query', dataDir);
    await page.locator(sel('menu-module:records')).click();
    await page.locator(sel('records-teacher-name')).first().waitFor();
    expect(await page.locator(sel('id-number-value')).first().textContent()).toContain('*');
    expect(await page.locator(sel('id-number-reveal')).count()).toBe(0);
  });
});
