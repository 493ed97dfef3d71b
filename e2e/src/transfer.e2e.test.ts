import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { launchBrowser, openPage, screenshot, type PageSession } from './browser.js';
import { apiLogin, gql, sel, signIn, tokenOf } from './portal-session.js';
import { repoRoot } from './system.js';

// Issue 6: a transfer (调动) carried through all four parties in the browser, each by its own
// account through the portal's login (information admins with their demo certificate), on the
// transfers remote (调动管理) loaded from the province manifest:
//   清河县第二小学 (qhx-s2-info) applies → 清河县教育局 (qhx-info) → 东湖区第一小学 (dhq-s2-info)
//   → 东湖区教育局 (dhq-info); then the teacher is in the receiving school's list and scope.

const baseUrl = inject('baseUrl');
const dataDir = inject('dataDir');
const RELEASING_SCHOOL = '东湖区第一小学';

let browser: Browser;
const sessions: PageSession[] = [];

interface Teacher { id: string; name: string; idType: string; idNumber: string; teacherNo: string; school: { id: string; name: string } }
let teacher: Teacher;
/** Another teacher of the releasing school, for the rotation. */
let rotating: Teacher;
let receivingSchool: string;

beforeAll(async () => {
  for (const remote of ['transfers', 'records']) {
    const entry = join(repoRoot, `portals/${remote}/dist/remoteEntry.js`);
    if (!existsSync(entry)) throw new Error(`portals/${remote} is not built (${entry} missing): run \`pnpm -r build\` first.`);
  }
  browser = await launchBrowser();

  // The releasing school's information admin sees its teachers' document numbers in full
  // (an audited read); the receiving school will name the teacher by them, as on the paper form.
  const releasing = await signedIn('dhq-s2-info');
  const token = await tokenOf(releasing.page);
  const { teachers } = await gql<{ teachers: { nodes: Teacher[] } }>(baseUrl, token,
    `{ teachers(first: 100, orderBy: NAME, filter: { employmentStatus: ["active"] }) { nodes { id name idType idNumber teacherNo school { id name } } } }`);
  // Not a teacher with a demo account (teacher.demo, teacher.first): other tests sign in as them.
  const { accounts } = await gql<{ accounts: { nodes: { teacherId: string | null }[] } }>(baseUrl, await apiLogin(baseUrl, 'dhq-s2-sys'),
    '{ accounts(role: "teacher", first: 100) { nodes { teacherId } } }');
  const withAccount = new Set(accounts.nodes.map((a) => a.teacherId));
  const candidates = teachers.nodes.filter((t) => !withAccount.has(t.id) && t.school.name === RELEASING_SCHOOL && /^\d{17}[\dX]$/.test(t.idNumber));
  expect(candidates.length).toBeGreaterThan(2);
  teacher = candidates.at(-1)!;
  rotating = candidates.at(-2)!;
  await close(releasing);
});

afterAll(async () => {
  // Sessions still open here are those of a failed step: keep what they showed.
  for (const [i, s] of sessions.splice(0).entries()) {
    await screenshot(s.page, `transfer-failed-${i}`).catch(() => undefined);
    if (s.pageErrors.length) console.warn('page errors:', s.pageErrors.map((e) => e.message));
    await s.context.close().catch(() => undefined);
  }
  await browser?.close();
});

async function signedIn(username: string): Promise<PageSession> {
  const session = await openPage(browser, baseUrl);
  sessions.push(session);
  await signIn(session.page, username, dataDir);
  return session;
}

/** Closes a user's browser context; the page must not have thrown. */
async function close(session: PageSession): Promise<void> {
  const errors = session.pageErrors.map((e) => e.message);
  await session.context.close();
  sessions.splice(sessions.indexOf(session), 1);
  expect(errors, 'uncaught exceptions in the page').toEqual([]);
}

async function openTransfers(page: Page, tab?: string): Promise<void> {
  await page.locator(sel('menu-module:transfers')).click();
  await page.locator(sel('transfers-app')).waitFor();
  if (tab) await page.locator('.el-tabs__item', { hasText: tab }).click();
}

/** The date `days` from now, as the date picker takes it. */
function dateIn(days: number): string {
  // The day in China (UTC+8), as the gateway counts "today", whatever the machine's time zone.
  return new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

/** The approver's turn: the case is in 待我审批 with its step and days pending; approve it with a comment. */
async function approveAs(username: string, step: string, comment: string, isSchool = false): Promise<void> {
  const s = await signedIn(username);
  const { page } = s;
  await openTransfers(page);
  const tabs = (await page.locator('.el-tabs__item').allTextContents()).map((x) => x.trim());
  expect(tabs).toContain('待我审批');
  // Authorities approve but never apply (only school-level information admins do).
  if (!isSchool) expect(tabs).not.toContain('发起调动');
  await page.locator('.el-tabs__item', { hasText: '待我审批' }).click();
  const row = page.locator(`${sel('inbox-table')} tbody tr`, { hasText: teacher.name });
  await row.waitFor();
  expect((await row.locator(sel('inbox-step')).textContent())?.trim()).toBe(step);
  expect((await row.locator(sel('inbox-days')).textContent())?.trim()).toBe('0 天');
  expect(await page.locator(sel('inbox-count')).first().textContent()).toMatch(/教师调动：\d+ 件/);
  await row.locator(sel('inbox-approve')).click();
  const box = page.locator('.el-message-box');
  await box.locator('textarea').fill(comment);
  await box.locator('.el-message-box__btns .el-button--primary').click();
  await page.locator('.el-message', { hasText: '已同意' }).waitFor();
  await expect.poll(() => page.locator(`${sel('inbox-table')} tbody tr`, { hasText: teacher.name }).count()).toBe(0);
  await screenshot(page, `transfer-${username}-approved`);
  await close(s);
}

describe('a transfer through all four parties (调动管理)', () => {
  test('the receiving school applies; both authorities and the releasing school approve in turn; the archive moves', async () => {
    // 1. The receiving school's information admin applies, naming the teacher by document and name.
    const receiving = await signedIn('qhx-s2-info');
    let page = receiving.page;
    const me = await gql<{ me: { unitId: string } }>(baseUrl, await tokenOf(page), '{ me { unitId } }');
    receivingSchool = (await gql<{ unit: { name: string } }>(baseUrl, await tokenOf(page), 'query($id: ID!) { unit(id: $id) { name } }', { id: me.me.unitId })).unit.name;
    expect(receivingSchool).toMatch(/^清河县/);

    await openTransfers(page, '发起调动');
    await page.locator(sel('transfer-form')).waitFor();
    // The receiving unit is the admin's own school (the only unit its rules allow).
    await expect.poll(async () => (await page.locator(`${sel('form-to-unit')} .el-select__placeholder`).first().textContent())?.trim()).toBe(receivingSchool);
    // "This is an exchange rotation" explains the other flow and blocks the application.
    await page.locator(sel('form-exchange-rotation')).click();
    await page.locator(sel('form-rotation-note')).waitFor();
    expect(await page.locator(sel('form-rotation-note')).textContent()).toContain('派出学校');
    expect(await page.locator(sel('form-submit')).isDisabled()).toBe(true);
    await page.locator(sel('form-exchange-rotation')).click();
    // A wrong check character is caught in the form, with the catalogue's message.
    await page.locator(`${sel('form-id-number')} input`).fill(`${teacher.idNumber.slice(0, 17)}${teacher.idNumber.endsWith('0') ? '1' : '0'}`);
    await page.locator(`${sel('form-name')} input`).fill(teacher.name);
    // Effective today: the final approval moves the archive at once (a later date would be
    // scheduled for that day; gateway effective-dates.flows.test.ts covers that).
    await page.locator(`${sel('form-effective-date')} input`).fill(dateIn(0));
    await page.locator(`${sel('form-effective-date')} input`).press('Enter');
    await page.locator(`${sel('form-reason')} textarea`).fill('夫妻团聚');
    await page.locator(sel('form-submit')).click();
    await expect.poll(() => page.locator(`${sel('form-id-number')} .el-form-item__error`).textContent()).toContain('校验位错误');
    // A name that does not match the document: the gateway's Chinese message, nothing revealed.
    await page.locator(`${sel('form-id-number')} input`).fill(teacher.idNumber);
    await page.locator(`${sel('form-name')} input`).fill(`${teacher.name}某`);
    await page.locator(sel('form-submit')).click();
    await expect.poll(() => page.locator(sel('form-error')).textContent()).toContain('未找到与该证件号码和姓名相符的教师');
    await page.locator(`${sel('form-name')} input`).fill(teacher.name);
    await page.locator(sel('form-submit')).click();
    await page.locator(sel('transfer-detail')).waitFor();
    await expect.poll(() => page.locator(sel('detail-status')).textContent()).toBe('审批中');
    expect(await page.locator(sel('transfer-detail')).textContent()).toContain(RELEASING_SCHOOL);
    expect((await page.locator(`${sel('timeline-waiting')} ${sel('timeline-title')}`).textContent())?.trim()).toBe('调入学校主管部门审批');
    expect(await page.locator(sel('detail-withdraw')).count()).toBe(1); // the initiator may withdraw
    const transferId = new URL(page.url()).pathname.split('/').pop()!;
    await screenshot(page, 'transfer-qhx-s2-info-applied');
    await close(receiving);

    // 2–4. Each party approves from its own inbox, in the order of seed 000 art. 23.
    await approveAs('qhx-info', '调入学校主管部门审批', '同意调入');
    await approveAs('dhq-s2-info', '调出学校审批', '同意调出', true);
    await approveAs('dhq-info', '调出学校主管部门审批', '同意');

    // 5. The receiving school sees the transfer completed, every step with who, when and comment…
    const after = await signedIn('qhx-s2-info');
    page = after.page;
    await openTransfers(page);
    await page.locator(sel('status-completed')).click();
    const row = page.locator(`${sel('transfers-table')} tbody tr`, { hasText: teacher.name }).first();
    await row.waitFor();
    expect((await row.locator(sel('transfer-status')).textContent())?.trim()).toBe('已完成');
    await row.locator(sel('transfer-open')).click();
    await page.locator(sel('transfer-detail')).waitFor();
    await expect.poll(() => page.locator(sel('detail-status')).textContent()).toBe('已完成');
    // Visible, not stuck in an enter transition (opacity 0) inside the remote.
    expect(await page.locator(sel('detail-status')).evaluate((el) => getComputedStyle(el).opacity)).toBe('1');
    expect(await page.locator(`${sel('timeline-step')} ${sel('timeline-action')}`).allTextContents()).toEqual(['同意', '同意', '同意']);
    expect(await page.locator(sel('timeline-comment')).allTextContents()).toEqual(['意见：同意调入', '意见：同意调出', '意见：同意']);
    const titles = await page.locator(`${sel('timeline-step')} ${sel('timeline-title')}`).allTextContents();
    expect(titles.map((x) => x.split(' · ')[0])).toEqual(['调入学校主管部门审批', '调出学校审批', '调出学校主管部门审批']);
    expect(titles[1]).toContain(RELEASING_SCHOOL);
    expect(await page.locator(sel('timeline-waiting')).count()).toBe(0);
    expect(await page.locator(sel('detail-withdraw')).count()).toBe(0);
    await screenshot(page, 'transfer-completed-detail');
    // The notification of the outcome reached the initiator.
    await page.locator('.el-tabs__item', { hasText: '通知' }).click();
    await expect.poll(() => page.locator(sel('note-message')).allTextContents()).toContain('教师调动已审批通过');
    // The notice opens the transfer it is about.
    await page.locator('.el-table__row', { hasText: '教师调动已审批通过' }).first().locator(sel('note-open')).click();
    await page.locator(sel('transfer-detail')).waitFor();
    await expect.poll(() => page.locator(sel('detail-status')).textContent()).toBe('已完成');
    await page.locator(sel('menu-module:transfers')).click();

    // …and the teacher in its own list (档案管理 → 教师查询).
    await page.locator(sel('menu-module:records')).click();
    await page.locator(sel('records-app')).waitFor();
    await page.locator(sel('records-search-name')).fill(teacher.name);
    await page.locator(sel('records-search-submit')).click();
    await expect.poll(() => page.locator(sel('records-teacher-name')).allTextContents()).toContain(teacher.name);
    const schools = await page.locator(`${sel('records-teacher-table')} tbody tr`, { hasText: teacher.name }).locator('td:nth-child(5)').allTextContents();
    expect(schools.map((x) => x.trim())).toContain(receivingSchool);
    await screenshot(page, 'transfer-teacher-in-receiving-school');

    // Through GraphQL: the employment moved; the releasing school no longer sees the teacher.
    const token = await tokenOf(page);
    type Employment = { schoolId: string; startDate: string; endDate: string | null; startReason: string | null; endReason: string | null };
    const moved = await gql<{ teacher: { school: { id: string; name: string }; employmentStatus: string; employments: Employment[] }; transfer: { status: string; completedAt: string | null } }>(
      baseUrl, token, `query($id: ID!, $tr: ID!) {
        teacher(id: $id) { school { id name } employmentStatus employments { schoolId startDate endDate startReason endReason } }
        transfer(id: $tr) { status completedAt } }`,
      { id: teacher.id, tr: transferId });
    expect(moved.teacher.school.name).toBe(receivingSchool);
    expect(moved.teacher.employmentStatus).toBe('active');
    const effective = dateIn(0);
    const dayBefore = new Date(Date.parse(`${effective}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    expect(moved.teacher.employments).toContainEqual(expect.objectContaining({ schoolId: teacher.school.id, endDate: dayBefore, endReason: 'transferred_out' }));
    expect(moved.teacher.employments).toContainEqual({ schoolId: moved.teacher.school.id, startDate: effective, endDate: null, startReason: 'transfer', endReason: null });
    expect(moved.transfer.status).toBe('completed');
    expect(moved.transfer.completedAt).toBeTruthy();
    await close(after);

    const releasing = await signedIn('dhq-s2-info');
    // The releasing school keeps reading the teacher, as they left, marked 已调出 (issue 13.4).
    const former = await gql(baseUrl, await tokenOf(releasing.page), 'query($id: ID!) { teacher(id: $id) { id presence leftOn } }', { id: teacher.id });
    expect(former.teacher).toEqual({ id: teacher.id, presence: 'TRANSFERRED_OUT', leftOn: effective });
    await close(releasing);
  });
});

describe('an exchange rotation (交流轮岗)', () => {
  test('the sending school sends a teacher without a personnel change; its authority approves; the counts show it', async () => {
    // The receiving school: another compulsory-education school of the county (ids come from the county's view).
    const { units } = await gql<{ units: { nodes: { id: string; name: string; stage: string | null }[] } }>(baseUrl, await apiLogin(baseUrl, 'dhq-sys'),
      '{ units(level: "school", first: 50) { nodes { id name stage } } }');
    const target = units.nodes.find((u) => u.stage === 'primary_secondary' && u.name !== RELEASING_SCHOOL)!;
    expect(target).toBeTruthy();

    const sending = await signedIn('dhq-s2-info');
    let page = sending.page;
    await page.locator(sel('menu-module:rotations')).click();
    await page.locator(sel('rotations-app')).waitFor();
    await page.locator('.el-tabs__item', { hasText: '发起交流' }).click();
    await page.locator(sel('rotation-form')).waitFor();
    // Nothing filled in: each required field says so, nothing is sent.
    await page.locator(sel('form-submit')).click();
    await expect.poll(() => page.locator('.el-form-item__error').count()).toBe(5);
    await page.locator(`${sel('form-teacher')} input`).fill(rotating.name);
    await page.locator('.el-select-dropdown__item:visible', { hasText: rotating.teacherNo }).click();
    await page.locator(sel('form-receiving-id')).fill(target.id);
    await page.locator(`${sel('form-start')} input`).fill(dateIn(10));
    await page.locator(`${sel('form-start')} input`).press('Enter');
    await page.locator(`${sel('form-end')} input`).fill(dateIn(375));
    await page.locator(`${sel('form-end')} input`).press('Enter');
    await page.locator(sel('form-change-no')).click();
    await page.locator(sel('form-submit')).click();
    await page.locator(sel('rotation-detail')).waitFor();
    await expect.poll(() => page.locator(sel('detail-status')).textContent()).toBe('审批中');
    expect(await page.locator(sel('rotation-detail')).textContent()).toContain(target.name);
    expect(await page.locator(`${sel('timeline-waiting')} ${sel('timeline-title')}`).allTextContents()).toEqual(['派出学校主管部门审批']);
    await screenshot(page, 'rotation-dhq-s2-info-applied');
    await close(sending);

    const authority = await signedIn('dhq-info');
    page = authority.page;
    await page.locator(sel('menu-module:rotations')).click();
    await page.locator(sel('rotations-app')).waitFor();
    expect((await page.locator('.el-tabs__item').allTextContents()).map((x) => x.trim())).toEqual(['交流记录', '待我审批', '交流统计']);
    await page.locator('.el-tabs__item', { hasText: '待我审批' }).click();
    const row = page.locator(`${sel('inbox-table')} tbody tr`, { hasText: rotating.name });
    await row.locator(sel('inbox-approve')).click();
    await page.locator('.el-message-box .el-message-box__btns .el-button--primary').click();
    await page.locator('.el-message', { hasText: '已同意' }).waitFor();
    await page.locator('.el-tabs__item', { hasText: '交流记录' }).click();
    const listed = page.locator(`${sel('rotations-table')} tbody tr`, { hasText: rotating.name }).first();
    await expect.poll(async () => (await listed.locator(sel('rotation-status')).textContent())?.trim()).toBe('已批准');
    await page.locator('.el-tabs__item', { hasText: '交流统计' }).click();
    const countRow = page.locator(`${sel('counts-table')} tbody tr`, { hasText: RELEASING_SCHOOL });
    await expect.poll(async () => (await countRow.locator('td').allTextContents()).map((x) => x.trim())).toEqual([RELEASING_SCHOOL, '1', '0', '0']);
    await screenshot(page, 'rotation-counts');
    await close(authority);
  });
});
