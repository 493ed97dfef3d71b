import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { launchBrowser, openPage, screenshot, type PageSession } from './browser.js';
import { gql, sel, signIn, tokenOf } from './portal-session.js';

// Issue 16.2 (must show): a transfer list of 250 rows, paged on the server (transferPage,
// ListPager), paged through in Chromium to its last page, where the oldest transfer is found.
// The 250 transfers are filed through the gateway's GraphQL API (initiateTransfer, as the
// receiving school's information admin would), not through the form.
//
// The authority is 西山区教育局 (xsq-info); its school 西山区第一小学 (xsq-s2-info) asks for
// teachers of 云溪县 (but not of 云溪县第一小学, which home-dashboard.e2e uses) and of the
// university. No other spec moves teachers into or out of 西山区, so its list holds these 250 only.

const baseUrl = inject('baseUrl');
const dataDir = inject('dataDir');
const COUNT = 250;
const PAGE_SIZE = 20; // the pager's default (PAGE_SIZES[0])
const RECEIVING_SCHOOL = '西山区第一小学';
const KEPT_OUT_SCHOOL = '云溪县第一小学';

interface Teacher { id: string; name: string; idType: string; idNumber: string; teacherNo: string; school: { name: string } }

let browser: Browser;
const open: PageSession[] = [];
/** The first transfer filed: the oldest, so the last row of the list (newest first). */
let oldest: Teacher;
let seconds = 0;

async function tokenOfUser(username: string): Promise<string> {
  const s = await openPage(browser, baseUrl);
  open.push(s);
  await signIn(s.page, username, dataDir);
  const token = await tokenOf(s.page);
  await s.context.close();
  open.splice(open.indexOf(s), 1);
  return token;
}

async function unitId(token: string, search: string, level: string): Promise<string> {
  const { units } = await gql<{ units: { nodes: { id: string; name: string }[] } }>(baseUrl, token,
    'query($s: String, $l: String) { units(search: $s, level: $l, first: 5) { nodes { id name } } }', { s: search, l: level });
  const unit = units.nodes.find((u) => u.name === search);
  if (!unit) throw new Error(`no ${level} named ${search}`);
  return unit.id;
}

/** Every active teacher under a unit, with the full document number (the province's information admin may read it). */
async function teachersUnder(token: string, id: string): Promise<Teacher[]> {
  const all: Teacher[] = [];
  let after: string | null = null;
  for (;;) {
    const { teachers }: { teachers: { nodes: Teacher[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } = await gql(baseUrl, token,
      `query($u: ID!, $a: String) { teachers(first: 200, after: $a, filter: { unitId: $u, employmentStatus: ["active"] }) {
        nodes { id name idType idNumber teacherNo school { name } } pageInfo { hasNextPage endCursor } } }`, { u: id, a: after });
    all.push(...teachers.nodes);
    if (!teachers.pageInfo.hasNextPage) return all;
    after = teachers.pageInfo.endCursor;
  }
}

beforeAll(async () => {
  browser = await launchBrowser();
  const started = Date.now();
  const province = await tokenOfUser('prov-info');
  const pool = [
    ...(await teachersUnder(province, await unitId(province, '云溪县教育局', 'county'))).filter((t) => t.school.name !== KEPT_OUT_SCHOOL),
    ...(await teachersUnder(province, await unitId(province, '示范师范大学', 'school'))),
  ].filter((t) => /^\d{17}[\dX]$/.test(t.idNumber));
  expect(pool.length).toBeGreaterThanOrEqual(COUNT);

  const receiving = await tokenOfUser('xsq-s2-info');
  const { me } = await gql<{ me: { unitId: string } }>(baseUrl, receiving, '{ me { unitId } }');
  const effective = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  const initiate = (t: Teacher, n: number) => gql(baseUrl, receiving,
    'mutation($input: InitiateTransferInput!) { initiateTransfer(input: $input) { id } }',
    { input: { idType: t.idType, idNumber: t.idNumber, name: t.name, toUnitId: me.unitId, effectiveDate: effective, reason: `分页测试 ${n}` } });
  // The first one alone, so it is the oldest for certain; then the rest four at a time.
  oldest = pool[0]!;
  await initiate(oldest, 1);
  const rest = pool.slice(1, COUNT);
  for (let i = 0; i < rest.length; i += 4) {
    await Promise.all(rest.slice(i, i + 4).map((t, k) => initiate(t, i + k + 2)));
  }
  seconds = (Date.now() - started) / 1000;
  console.info(`[transfer-paging] ${COUNT} transfers filed through GraphQL in ${seconds.toFixed(1)} s`);
}, 300_000);

afterAll(async () => {
  for (const s of open.splice(0)) await s.context.close().catch(() => undefined);
  await browser?.close();
});

describe('a 250-row transfer list (调动管理), paged on the server', () => {
  test('the authority sees a total of 250, pages to the last page and finds the oldest transfer there', async () => {
    const s = await openPage(browser, baseUrl);
    open.push(s);
    const { page } = s;
    await page.setViewportSize({ width: 1440, height: 900 });
    await signIn(page, 'xsq-info', dataDir);

    // The gateway agrees before the browser is asked: 250 in the authority's scope.
    const api = await gql<{ transferPage: { totalCount: number; nodes: { teacherNo: string }[] } }>(baseUrl, await tokenOf(page),
      `{ transferPage(first: 1, offset: ${COUNT - 1}) { totalCount nodes { teacherNo } } }`);
    expect(api.transferPage.totalCount).toBe(COUNT);
    expect(api.transferPage.nodes.map((n) => n.teacherNo)).toEqual([oldest.teacherNo]);

    // The windows the portal asks for (transferPage's first/offset variables).
    const asked: { first: number; offset: number }[] = [];
    page.on('request', (r) => {
      const body = r.url().endsWith('/graphql') ? (JSON.parse(r.postData() ?? '{}') as { query?: string; variables?: { f?: number; o?: number } }) : {};
      if (body.query?.includes('transferPage(')) asked.push({ first: body.variables?.f ?? -1, offset: body.variables?.o ?? -1 });
    });
    await page.locator(sel('menu-module:transfers')).click();
    await page.locator(sel('transfers-app')).waitFor();
    const pager = page.locator(sel('transfers-pager'));
    await expect.poll(() => pager.locator('.el-pagination__total').textContent()).toBe(`共 ${COUNT} 条`);
    const rows = page.locator(`${sel('transfers-table')} tbody tr.el-table__row`);
    await expect.poll(() => rows.count()).toBe(PAGE_SIZE);
    expect(await rows.filter({ hasText: oldest.teacherNo }).count(), 'the oldest is not on the first page').toBe(0);

    // The pager lists the last page's number; clicking it asks the server for that window only.
    const lastPage = Math.ceil(COUNT / PAGE_SIZE);
    const last = pager.locator('.el-pager li.number', { hasText: new RegExp(`^${lastPage}$`) });
    await last.click();
    await expect.poll(() => pager.locator('.el-pager li.is-active').textContent()).toBe(String(lastPage));
    await expect.poll(() => rows.count()).toBe(COUNT - (lastPage - 1) * PAGE_SIZE);
    expect(asked, 'the first page, then the last one, each a window asked of the server').toEqual([
      { first: PAGE_SIZE, offset: 0 }, { first: PAGE_SIZE, offset: (lastPage - 1) * PAGE_SIZE }]);

    // The last row of the last page is the 250th: the first transfer filed, by its content.
    const lastRow = rows.last();
    await expect.poll(() => lastRow.textContent()).toContain(oldest.teacherNo);
    const text = (await lastRow.textContent()) ?? '';
    expect(text).toContain(oldest.name);
    expect(text).toContain(oldest.school.name);
    expect(text).toContain(RECEIVING_SCHOOL);
    expect((await lastRow.locator(sel('transfer-status')).textContent())?.trim()).toBe('审批中');
    await screenshot(page, 'transfer-paging-last-page');

    // It opens: the detail is the same transfer.
    await lastRow.locator(sel('transfer-open')).click();
    await page.locator(sel('transfer-detail')).waitFor();
    await expect.poll(() => page.locator(sel('transfer-detail')).textContent()).toContain(oldest.name);
    expect(s.pageErrors.map((e) => e.message)).toEqual([]);
    await s.context.close();
    open.splice(open.indexOf(s), 1);
  });
});
