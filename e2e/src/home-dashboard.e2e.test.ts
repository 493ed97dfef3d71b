import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { artifactsDir, launchBrowser, openPage, screenshot, type PageSession } from './browser.js';
import { apiLogin, gql, sel, signIn, tokenOf } from './portal-session.js';

// Issue 6 (point 3): the home dashboard — headcount charts in the user's scope, the update
// campaign's progress and the work waiting for the user — each shown only when the user's rules
// allow it, loaded as its own chunk after sign-in.

const baseUrl = inject('baseUrl');
const dataDir = inject('dataDir');
const DIMENSIONS = ['STAGE', 'GENDER', 'AGE_BAND', 'TITLE_LEVEL', 'EDUCATION_GROUP'] as const;

let browser: Browser;
const sessions: PageSession[] = [];
/** A transfer opened for dhq-info's inbox, withdrawn again at the end. */
let openedCase: { caseId: string; token: string } | null = null;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  if (openedCase) {
    await gql(baseUrl, openedCase.token, 'mutation($id: ID!) { withdrawCase(id: $id) { status } }', { id: openedCase.caseId }).catch((e: unknown) =>
      console.warn(`withdrawing the dashboard test's transfer failed: ${String(e)}`));
  }
  for (const [i, s] of sessions.splice(0).entries()) {
    await screenshot(s.page, `home-dashboard-failed-${i}`).catch(() => undefined);
    await s.context.close().catch(() => undefined);
  }
  await browser?.close();
});

async function newSession(): Promise<PageSession> {
  const session = await openPage(browser, baseUrl);
  // Tall enough for the whole dashboard in one screenshot (the layout scrolls inside el-main).
  await session.page.setViewportSize({ width: 1360, height: 1900 });
  sessions.push(session);
  return session;
}

async function signedIn(username: string): Promise<PageSession> {
  const session = await newSession();
  await signIn(session.page, username, dataDir);
  return session;
}

async function close(session: PageSession): Promise<void> {
  const errors = session.pageErrors.map((e) => e.message);
  await session.context.close();
  sessions.splice(sessions.indexOf(session), 1);
  expect(errors, 'uncaught exceptions in the page').toEqual([]);
}

const digits = (s: string | null) => Number((s ?? '').replace(/\D/g, ''));

/** Waits for the dashboard chunk, then for the statistics panel's total. */
async function dashboardTotal(page: Page): Promise<number> {
  await page.locator(sel('home-dashboard')).waitFor();
  await page.locator(sel('stats-total')).waitFor();
  return digits(await page.locator(sel('stats-total')).textContent());
}

interface Stats { total: number | null; cells: { keys: { value: string | null; label: string }[]; count: number | null; suppressed: boolean }[] }

/** What the gateway says for this user: active teachers in the list, and the statistics. */
async function expected(token: string): Promise<{ activeTeachers: number; total: number | null; byDimension: Record<string, Stats> }> {
  const parts = DIMENSIONS.map((d) => `${d}: teacherStatistics(dimensions: [${d}]) { total cells { keys { value label } count suppressed } }`).join(' ');
  const data = await gql(baseUrl, token, `{ teachers(first: 1, filter: { employmentStatus: ["active"] }) { totalCount }
    all: teacherStatistics(dimensions: []) { total } ${parts} }`);
  return { activeTeachers: data.teachers.totalCount, total: data.all.total, byDimension: Object.fromEntries(DIMENSIONS.map((d) => [d, data[d]])) };
}

/** Every chart is drawn (ECharts' SVG, with shapes in it); suppressed cells say 少量, never 0. */
async function expectCharts(page: Page, byDimension: Record<string, Stats>): Promise<void> {
  for (const d of DIMENSIONS) {
    const chart = page.locator(sel(`stats-chart-${d}`));
    await expect.poll(() => chart.locator('svg path, canvas').count(), `chart ${d} drawn`).toBeGreaterThan(0);
    const text = await chart.locator('svg').first().textContent();
    for (const cell of byDimension[d]!.cells) {
      const label = cell.keys[0]!.label;
      if (cell.suppressed) expect(text, `${d} ${label}`).toContain(`${label}（少量*）`);
      else expect(text, `${d} ${label}`).toContain(label);
    }
  }
  const anySuppressed = Object.values(byDimension).some((s) => s.cells.some((c) => c.suppressed));
  expect(await page.locator(sel('stats-footnote')).count()).toBe(anySuppressed ? 1 : 0);
  if (anySuppressed) expect(await page.locator(sel('stats-footnote')).textContent()).toContain('少量：为保护个人信息');
}

describe('home dashboard (首页)', () => {
  test('prov-query: the login page loads no dashboard code; the charts show the province with its total of active teachers', async () => {
    const s = await newSession();
    const { page, requests } = s;
    await page.goto('/login');
    await page.locator(sel('login-step-password')).waitFor();
    await page.waitForLoadState('networkidle');
    expect(requests.filter((url) => /HomeDashboard|echarts/i.test(url)), 'dashboard chunks fetched by the login page').toEqual([]);

    await signIn(page, 'prov-query', dataDir);
    const shown = await dashboardTotal(page);
    expect(requests.some((url) => /\/assets\/HomeDashboard-[\w-]+\.js$/.test(url))).toBe(true);
    const want = await expected(await tokenOf(page));
    expect(want.activeTeachers).toBeGreaterThan(1000);
    expect(shown).toBe(want.activeTeachers);
    expect(shown).toBe(want.total);
    expect(await page.locator(sel('stats-unit')).textContent()).toContain('示范省教育厅');
    await expectCharts(page, want.byDimension);
    // The stage chart's bars add up to the total (no cell of it hidden at province level).
    const stages = want.byDimension.STAGE!.cells;
    if (stages.every((c) => c.count !== null)) expect(stages.reduce((n, c) => n + c.count!, 0)).toBe(shown);

    // The update campaign in scope, and the work panel (nothing of the home page is hidden from an analyst).
    await page.locator(sel('campaign-title')).waitFor();
    expect(await page.locator(sel('campaign-title')).textContent()).toMatch(/教师信息/);
    expect(digits(await page.locator(sel('campaign-teachers')).textContent())).toBeGreaterThanOrEqual(shown);
    await page.locator(sel('work-panel')).waitFor();
    await screenshot(page, 'home-dashboard-prov-query');

    // English: the labels come from the code lists.
    await page.locator(sel('locale-switch')).click();
    await expect.poll(() => page.locator(sel('stats-chart-STAGE')).textContent()).toContain('Primary and secondary school');
    expect(await page.locator(sel('stats-panel')).textContent()).toContain('Staff in post');
    await page.waitForTimeout(1500); // new category names: ECharts animates the bars in again
    await screenshot(page, 'home-dashboard-prov-query-en');
    await page.locator(sel('locale-switch')).click();
    await close(s);
  });

  test("dhq-s2-query: the totals are the school's only", async () => {
    const s = await signedIn('dhq-s2-query');
    const { page } = s;
    const shown = await dashboardTotal(page);
    const want = await expected(await tokenOf(page));
    const province = await expected(await apiLogin(baseUrl, 'prov-query'));
    expect(shown).toBe(want.activeTeachers);
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThan(province.activeTeachers);
    expect(await page.locator(sel('stats-unit')).textContent()).toContain('东湖区第一小学');
    await expectCharts(page, want.byDimension);
    await screenshot(page, 'home-dashboard-dhq-s2-query');
    await close(s);
  });

  test('dhq-info: the work panel counts the pending transfer and links to the transfers remote', async () => {
    // A teacher of 云溪县's second school, by the document number its own admin sees in full…
    const releasing = await signedIn('yxx-s2-info');
    const { teachers } = await gql<{ teachers: { nodes: { name: string; idType: string; idNumber: string }[] } }>(baseUrl, await tokenOf(releasing.page),
      '{ teachers(first: 50, orderBy: NAME, filter: { employmentStatus: ["active"] }) { nodes { name idType idNumber } } }');
    const teacher = teachers.nodes.find((t) => /^\d{17}[\dX]$/.test(t.idNumber))!;
    expect(teacher).toBeTruthy();
    await close(releasing);
    // …is asked for by 东湖区第一小学: the first step is its authority's, 东湖区教育局 (dhq-info).
    const receiving = await signedIn('dhq-s2-info');
    const receivingToken = await tokenOf(receiving.page);
    const { me } = await gql<{ me: { unitId: string } }>(baseUrl, receivingToken, '{ me { unitId } }');
    const effective = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
    const { initiateTransfer } = await gql<{ initiateTransfer: { caseId: string; status: string } }>(baseUrl, receivingToken,
      `mutation($input: InitiateTransferInput!) { initiateTransfer(input: $input) { caseId status } }`,
      { input: { idType: teacher.idType, idNumber: teacher.idNumber, name: teacher.name, toUnitId: me.unitId, effectiveDate: effective, reason: '首页待办测试' } });
    openedCase = { caseId: initiateTransfer.caseId, token: receivingToken };
    await close(receiving);

    const s = await signedIn('dhq-info');
    const { page } = s;
    await page.locator(sel('work-panel')).waitFor();
    const token = await tokenOf(page);
    const api = await gql<{ approvalInbox: { counts: { type: string; count: number }[] }; unreadNotificationCount: number; archiveRecords: { totalCount: number } }>(baseUrl, token,
      '{ approvalInbox { counts { type count } } unreadNotificationCount archiveRecords(filter: { awaitingMe: true }, first: 1) { totalCount } }');
    const transfers = api.approvalInbox.counts.find((c) => c.type === 'transfer')!;
    expect(transfers.count).toBeGreaterThanOrEqual(1);

    const row = page.locator(sel('work-inbox-transfer'));
    await row.waitFor();
    expect(await row.textContent()).toContain('教师调动');
    expect(digits(await row.locator(sel('work-count')).textContent())).toBe(transfers.count);
    // Every type in the inbox has its row.
    for (const c of api.approvalInbox.counts.filter((x) => x.count > 0)) {
      expect(digits(await page.locator(`${sel(`work-inbox-${c.type}`)} ${sel('work-count')}`).textContent())).toBe(c.count);
    }
    // The records review queue (authority approval) and unread notices, when there are any.
    expect(await page.locator(sel('work-review-queue')).count()).toBe(api.archiveRecords.totalCount > 0 ? 1 : 0);
    // Unread notices as the gateway counts them (no longer the length of a list that stopped at 200).
    expect(await page.locator(sel('work-notifications')).count()).toBe(api.unreadNotificationCount > 0 ? 1 : 0);
    if (api.unreadNotificationCount > 0) {
      expect(digits(await page.locator(`${sel('work-notifications')} ${sel('work-count')}`).textContent())).toBe(api.unreadNotificationCount);
    }
    // An information admin of a county: statistics with exact small cells, and the campaign.
    await page.locator(sel('stats-total')).waitFor();
    expect(await page.locator(sel('campaign-panel')).count()).toBe(1);
    await screenshot(page, 'home-dashboard-dhq-info');
    await page.locator(sel('work-panel')).screenshot({ path: join(artifactsDir, 'home-dashboard-dhq-info-work-panel.png') });

    await row.locator(sel('work-link')).click();
    await page.locator(sel('transfers-app')).waitFor();
    expect(new URL(page.url()).pathname).toBe('/transfers');
    await close(s);
  });

  test('teacher.demo: no statistics and no campaign panel; the work panel only', async () => {
    const s = await newSession();
    const { page } = s;
    const asked: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/graphql')) asked.push(r.postData() ?? '');
    });
    await signIn(page, 'teacher.demo', dataDir);
    await page.locator(sel('home-dashboard')).waitFor();
    await page.locator(sel('work-panel')).waitFor();
    await expect.poll(() => page.locator(`${sel('work-panel')} .el-skeleton`).count()).toBe(0);
    expect(await page.locator(sel('stats-panel')).count()).toBe(0);
    expect(await page.locator(sel('campaign-panel')).count()).toBe(0);
    expect(await page.locator(sel('home-scope')).textContent()).toContain('教师');
    // No statistics request was even made: the rules say no before the gateway would.
    expect(asked.some((body) => body.includes('HomeWorkWaiting'))).toBe(true);
    expect(asked.filter((body) => /teacherStatistics|campaignProgress/.test(body))).toEqual([]);
    await screenshot(page, 'home-dashboard-teacher-demo');
    await close(s);
  });
});
