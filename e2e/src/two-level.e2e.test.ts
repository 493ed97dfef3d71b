import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchBrowser, openPage, screenshot, type PageSession } from './browser.js';
import { gql, sel, signIn, tokenOf } from './portal-session.js';
import { launchGateway, type RunningGateway } from './system.js';
// The same wiring as `npm run start:two-level` (scripts/run.mjs).
import { newTwoLevelKeys, twoLevelEnvs, twoLevelSigningKeys } from '../../scripts/two-level.mjs';

// Issue 12: a national demo and two demo provinces (330000 示范省 and 440000 广东省), started
// with the documented configuration, and a cross-province transfer between them in the browser:
//   B = 440000: 广东东湖区第一小学 (dhq-s2-info) applies → 广东东湖区教育局 (dhq-info) approves
//   → the national system finds the teacher in A and relays the request
//   A = 330000: 东湖区第一小学 (dhq-s2-info) accepts → 东湖区教育局 (dhq-info) approves
//   → the archive moves to B with the same teacher number.

interface Teacher { id: string; name: string; idNumber: string; teacherNo: string; school: { name: string } }

let national: RunningGateway;
let provA: RunningGateway;
let provB: RunningGateway;
let browser: Browser;
const sessions: PageSession[] = [];
let teacher: Teacher;

const LIST = '{ interprovincialTransfers { id direction status teacherNo teacherName } }';

beforeAll(async () => {
  const keys = newTwoLevelKeys();
  // Signed sync (issue 15.1): fresh province key pairs of the run's profile (TMIS_CRYPTO=gm for SM2; the gateways get it from twoLevelEnvs).
  const signing = twoLevelSigningKeys(mkdtempSync(join(tmpdir(), 'tmis-e2e-signing-')), process.env.TMIS_CRYPTO === 'gm' ? 'gm' : 'intl');
  // A short schedule so the relay takes seconds, not the default minute.
  national = await launchGateway(twoLevelEnvs({ keys, nationalUrl: 'http://unused', syncIntervalMs: 300, signing }).national, 'two-level-national.log');
  const envs = twoLevelEnvs({ keys, nationalUrl: national.baseUrl, syncIntervalMs: 300, signing });
  [provA, provB] = await Promise.all([launchGateway(envs['330000'], 'two-level-330000.log'), launchGateway(envs['440000'], 'two-level-440000.log')]);
  browser = await launchBrowser();
}, 400_000);

afterAll(async () => {
  for (const [i, s] of sessions.splice(0).entries()) {
    await screenshot(s.page, `two-level-failed-${i}`).catch(() => undefined);
    if (s.pageErrors.length) console.warn('page errors:', s.pageErrors.map((e) => e.message));
    await s.context.close().catch(() => undefined);
  }
  await browser?.close();
  await Promise.all([provA?.stop(), provB?.stop()]);
  await national?.stop();
}, 120_000);

async function signedIn(g: RunningGateway, username: string): Promise<PageSession> {
  const session = await openPage(browser, g.baseUrl);
  sessions.push(session);
  await signIn(session.page, username, g.dataDir);
  return session;
}

async function close(session: PageSession): Promise<void> {
  const errors = session.pageErrors.map((e) => e.message);
  await session.context.close();
  sessions.splice(sessions.indexOf(session), 1);
  expect(errors, 'uncaught exceptions in the page').toEqual([]);
}

async function openTab(page: Page, tab: string): Promise<void> {
  await page.locator(sel('menu-module:transfers')).click();
  await page.locator(sel('transfers-app')).waitFor();
  await page.locator('.el-tabs__item', { hasText: tab }).click();
}

function dateIn(days: number): string {
  // The day in China (UTC+8), as the gateway counts "today", whatever the machine's time zone.
  return new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

/** The authority's turn, from its own 待我审批 in its own province. */
async function approveAs(g: RunningGateway, username: string, step: string): Promise<void> {
  const s = await signedIn(g, username);
  await openTab(s.page, '待我审批');
  const row = s.page.locator(`${sel('inbox-table')} tbody tr`, { hasText: teacher.name });
  await row.waitFor();
  expect((await row.locator(sel('inbox-step')).textContent())?.trim()).toBe(step);
  await row.locator(sel('inbox-approve')).click();
  const box = s.page.locator('.el-message-box');
  await box.locator('textarea').fill('同意');
  await box.locator('.el-message-box__btns .el-button--primary').click();
  await s.page.locator('.el-message', { hasText: '已同意' }).waitFor();
  await screenshot(s.page, `two-level-${g === provA ? 'a' : 'b'}-${username}-approved`);
  await close(s);
}

describe('two demo provinces and the national demo (两级建设)', () => {
  test('a cross-province transfer from 330000 to 440000: same teacher number on arrival', async () => {
    // Each province's demo is its own: B's schools carry its name and codes.
    const bStart = await signedIn(provB, 'dhq-s2-info');
    const bToken = await tokenOf(bStart.page);
    const bSchool = (await gql<{ me: { unitId: string } }>(provB.baseUrl, bToken, '{ me { unitId } }')).me.unitId;
    const bSchoolName = (await gql<{ unit: { name: string; code: string } }>(provB.baseUrl, bToken, 'query($id: ID!) { unit(id: $id) { name code } }', { id: bSchool })).unit;
    expect(bSchoolName.name).toBe('广东东湖区第一小学');
    expect(bSchoolName.code.slice(1, 3)).toBe('44');
    await close(bStart);

    // A's releasing school reads the document number in full, as on the paper form.
    const aStart = await signedIn(provA, 'dhq-s2-info');
    const { teachers } = await gql<{ teachers: { nodes: Teacher[] } }>(provA.baseUrl, await tokenOf(aStart.page),
      `{ teachers(first: 100, orderBy: NAME, filter: { employmentStatus: ["active"] }) { nodes { id name idNumber teacherNo school { name } } } }`);
    await close(aStart);
    // Not one of the two teachers with a demo account (the first rows of the school).
    teacher = teachers.nodes.filter((t) => t.school.name === '东湖区第一小学' && /^\d{17}[\dX]$/.test(t.idNumber)).at(-1)!;
    expect(teacher.teacherNo).toMatch(/^T33/);

    // 1. B's school applies on 跨省调动, naming A's teacher by province, document and name.
    const applying = await signedIn(provB, 'dhq-s2-info');
    let page = applying.page;
    await openTab(page, '跨省调动');
    await page.locator(sel('interprovincial-apply')).click();
    const form = page.locator(sel('interprovincial-form'));
    await form.waitFor();
    await page.locator(`${sel('ip-form-province')} .el-select`).click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: '（330000）' }).click();
    await page.locator(`${sel('ip-form-id-number')} input`).fill(teacher.idNumber);
    await page.locator(`${sel('ip-form-name')} input`).fill(teacher.name);
    await expect.poll(async () => (await page.locator(`${sel('ip-form-to-unit')} .el-select__placeholder`).first().textContent())?.trim()).toBe('广东东湖区第一小学');
    await page.locator(`${sel('ip-form-effective-date')} input`).fill(dateIn(14));
    await page.locator(`${sel('ip-form-effective-date')} input`).press('Enter');
    await page.locator(`${sel('ip-form-reason')} textarea`).fill('夫妻团聚');
    await page.locator(sel('ip-form-submit')).click();
    await page.locator('.el-message', { hasText: '跨省调入申请已提交' }).waitFor();
    const row = page.locator(`${sel('interprovincial-table')} tbody tr`, { hasText: teacher.name });
    await expect.poll(() => row.locator(sel('interprovincial-status')).textContent()).toBe('审批中');
    await screenshot(page, 'two-level-b-applied');
    await close(applying);

    // 2. B's county approves; the request leaves for the national system, which relays it to A.
    await approveAs(provB, 'dhq-info', '调入学校主管部门审批');

    // 3. A's releasing school finds it on 跨省调动 and accepts.
    const releasing = await signedIn(provA, 'dhq-s2-info');
    page = releasing.page;
    const aToken = await tokenOf(page);
    await expect.poll(async () => (await gql<{ interprovincialTransfers: { teacherName: string; status: string }[] }>(provA.baseUrl, aToken, LIST))
      .interprovincialTransfers.find((r) => r.teacherName === teacher.name)?.status, { timeout: 60_000 }).toBe('received');
    await openTab(page, '跨省调动');
    const received = page.locator(`${sel('interprovincial-table')} tbody tr`, { hasText: teacher.name });
    await expect.poll(() => received.locator(sel('interprovincial-status')).textContent()).toBe('待调出学校办理');
    expect(await received.textContent()).toContain('广东东湖区第一小学');
    await received.locator(sel('interprovincial-accept')).click();
    await page.locator('.el-message-box__btns .el-button--primary').click();
    await page.locator('.el-message', { hasText: '已同意调出' }).waitFor();
    await screenshot(page, 'two-level-a-accepted');
    await close(releasing);

    // 4. A's county approves: the teacher is released and the archive leaves through the national system.
    await approveAs(provA, 'dhq-info', '调出学校主管部门审批');

    // 5. B's school sees the teacher arrived (已调入), with the same teacher number, in its own list.
    const after = await signedIn(provB, 'dhq-s2-info');
    page = after.page;
    const token = await tokenOf(page);
    await expect.poll(async () => (await gql<{ interprovincialTransfers: { teacherName: string; status: string; teacherNo: string }[] }>(provB.baseUrl, token, LIST))
      .interprovincialTransfers.find((r) => r.teacherName === teacher.name)?.status, { timeout: 60_000 }).toBe('completed');
    await openTab(page, '跨省调动');
    const done = page.locator(`${sel('interprovincial-table')} tbody tr`, { hasText: teacher.name });
    await expect.poll(() => done.locator(sel('interprovincial-status')).textContent()).toBe('已调入');
    expect(await done.textContent()).toContain(teacher.teacherNo);
    await screenshot(page, 'two-level-b-arrived');
    const atB = (await gql<{ teachers: { nodes: Teacher[] } }>(provB.baseUrl, token,
      `{ teachers(first: 100, filter: { employmentStatus: ["active"] }) { nodes { id name idNumber teacherNo school { name } } } }`)).teachers.nodes.find((t) => t.id === teacher.id);
    expect(atB).toMatchObject({ teacherNo: teacher.teacherNo, name: teacher.name, idNumber: teacher.idNumber, school: { name: '广东东湖区第一小学' } });
    await close(after);
  });
});
