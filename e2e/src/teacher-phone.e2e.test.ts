import type { Locator, Page } from 'playwright-core';
import { beforeEach, describe, expect, inject, test } from 'vitest';
import { launchBrowser, openPage, pagePerTest, screenshot } from './browser.js';
import { apiLogin, gql, sel, signIn, tokenOf } from './portal-session.js';

// Issue 16.3: every action a teacher has works on a phone (390×844) in real Chromium — archive
// entry, a self-study claim, the registration application and reading notices — each really
// submitted, its result shown; on every screen the document is no wider than the viewport and
// the lists are card lists (CardTable in @tmis/portal-cases), not tables.

const baseUrl = inject('baseUrl');
const dataDir = inject('dataDir');
const PHONE = { width: 390, height: 844 };
const TEACHER = 'teacher.demo';
/** Tells this run's entries from those of earlier runs on a kept data folder. */
const STAMP = Date.now().toString(36).slice(-5);

const pt = pagePerTest(baseUrl, (name, failed) => (failed ? `teacher-phone-failed-${name}` : null));
let page: Page;
beforeEach(async () => {
  page = pt.page;
  await page.setViewportSize(PHONE);
  await signIn(page, TEACHER, dataDir);
});

/** China's date `days` from today, as the date pickers take it. */
function chinaDate(days = 0): string {
  return new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

/** The document is no wider than the phone, and no element of the main area sticks out of it. */
async function expectFits(screen: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  await expect.poll(() => page.locator('.el-loading-mask:visible').count(), `${screen} still loading`).toBe(0);
  const widths = await page.evaluate(() => ({ scroll: document.scrollingElement!.scrollWidth, inner: window.innerWidth }));
  expect(widths.inner).toBe(PHONE.width);
  expect(widths.scroll, `document scrollWidth on ${screen}`).toBeLessThanOrEqual(PHONE.width);
  const outside = await page.evaluate(() => [...document.querySelectorAll('main *')]
    .filter((el) => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && (r.right > window.innerWidth + 0.5 || r.left < -0.5) && !el.closest('.el-table__body-wrapper, .el-scrollbar__wrap');
    })
    .map((el) => `${el.tagName.toLowerCase()}.${String(el.className)}`).slice(0, 5));
  expect(outside, `elements past the edge on ${screen}`).toEqual([]);
  await screenshot(page, `teacher-phone-${screen}`);
}

/** A list rendered as cards (data-layout="cards"), with no table left inside or beside it. */
async function expectCards(testId: string): Promise<Locator> {
  const list = page.locator(`${sel(testId)}[data-layout="cards"]`);
  await list.waitFor();
  expect(await page.locator(`${sel(testId)}.el-table, ${sel(testId)} .el-table`).count(), `${testId} is not a table`).toBe(0);
  return list;
}

/** A dialog that takes the phone's screen: inside the viewport, labels above the inputs. */
async function expectFullScreenDialog(dialog: Locator): Promise<void> {
  await dialog.waitFor();
  await expect.poll(async () => (await dialog.boundingBox())?.x).toBe(0);
  const box = (await dialog.boundingBox())!;
  expect(box.width).toBeLessThanOrEqual(PHONE.width);
  expect(await dialog.evaluate((el) => el.classList.contains('is-fullscreen'))).toBe(true);
  expect(await dialog.locator('.el-form--label-top').count()).toBe(1);
}

/** Opens a module through the phone's menu drawer, as a teacher would. */
async function openFromMenu(module: string): Promise<void> {
  await page.locator(sel('menu-open')).click();
  const drawer = page.locator(sel('menu-drawer'));
  await drawer.locator(sel(`menu-module:${module}`)).click();
  await page.locator(sel(`${module}-app`)).waitFor();
  await expect.poll(() => drawer.isVisible()).toBe(false);
}

/** Types a date into a picker (its data-test is on the form item or on the input itself). */
async function fillDate(field: Locator, value: string): Promise<void> {
  const input = (await field.evaluate((el) => el.tagName)) === 'INPUT' ? field : field.locator('input').first();
  await input.fill(value);
  await input.press('Enter');
}

/** An information admin's token: they sign in with their certificate, so through the portal. */
async function infoAdminToken(username: string): Promise<string> {
  const browser = await launchBrowser();
  try {
    const s = await openPage(browser, baseUrl);
    await signIn(s.page, username, dataDir);
    return await tokenOf(s.page);
  } finally {
    await browser.close();
  }
}

async function myTeacherId(): Promise<string> {
  const { me } = await gql<{ me: { teacherId: string } }>(baseUrl, await tokenOf(page), '{ me { teacherId } }');
  return me.teacherId;
}

describe(`the demo teacher on a phone (${PHONE.width}×${PHONE.height})`, () => {
  test('adds an award to the archive and submits it for review', async () => {
    const title = `市级优质课一等奖（手机填报 ${STAMP}）`;
    await expectFits('home');
    await openFromMenu('records');
    // The teacher's own row is a card with the archive as a full-width button.
    const list = await expectCards('records-teacher-table');
    const open = list.locator(sel('records-open-archive'));
    await open.waitFor();
    expect((await open.boundingBox())!.width).toBeGreaterThan(PHONE.width / 2);
    await expectFits('records');
    await open.click();
    await page.locator(sel('archive-summary')).waitFor();

    // The information sets are a select on a phone (no side menu beside the records).
    expect(await page.locator(sel('archive-sets')).count()).toBe(0);
    await page.locator(sel('archive-set-select')).click();
    await page.locator(sel('set-option-achievement')).click();
    await page.locator(sel('archive-set-achievement')).waitFor();
    await expectCards('archive-current');
    await expectCards('archive-pending');
    await expectFits('archive');

    await page.locator(sel('archive-add')).click();
    const form = page.locator(`.el-dialog${sel('record-form')}`);
    await expectFullScreenDialog(form);
    await form.locator(`${sel('field-title')} input`).fill(title);
    await form.locator(`${sel('field-level')} input`).fill('市级');
    await fillDate(form.locator(sel('field-date')), chinaDate(-30));
    await form.locator(`${sel('field-grantor')} input`).fill('东湖市教育局');
    await expectFits('archive-form');
    await form.locator(sel('record-form-save-submit')).click();
    await page.locator('.el-message', { hasText: '已提交审核' }).waitFor();
    await form.waitFor({ state: 'hidden' });

    // The submitted record is a card among the pending ones, waiting for the school.
    const card = (await expectCards('archive-pending')).locator(sel('card-list-card'), { hasText: title });
    await card.waitFor();
    expect((await card.locator(sel('record-status')).textContent())?.trim()).toBe('待学校审核');
    expect(await card.textContent()).toContain('东湖市教育局');
    await expectFits('archive-submitted');

    const { archiveHistory } = await gql<{ archiveHistory: { status: string; data: Record<string, unknown> }[] }>(baseUrl, await tokenOf(page),
      'query($t: ID!) { archiveHistory(teacherId: $t, infoSet: "achievement") { status data } }', { t: await myTeacherId() });
    expect(archiveHistory).toContainEqual({ status: 'submitted', data: { title, level: '市级', date: chinaDate(-30), grantor: '东湖市教育局' } });
  });

  test('claims self-study credits (申请自主研修学分)', async () => {
    const title = `校本研修：作业设计（手机申请 ${STAMP}）`;
    await openFromMenu('training');
    await page.locator(sel('training-credits-title'), { hasText: '我的学时学分' }).waitFor();
    await expectCards('training-cycles');
    const claimButton = page.locator(sel('training-claim-open'));
    // The button is on screen, not past its right edge (issue 16: it was off-screen on phones).
    const box = (await claimButton.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
    await expectFits('training');

    await claimButton.click();
    const dialog = page.locator(`.el-dialog${sel('training-claim-dialog')}`);
    await expectFullScreenDialog(dialog);
    await dialog.locator(`${sel('claim-title')} input`).fill(title);
    await dialog.locator(`${sel('claim-organizer')} input`).fill('东湖区第一小学');
    await fillDate(dialog.locator(sel('claim-start')), chinaDate(-10));
    await fillDate(dialog.locator(sel('claim-end')), chinaDate(-9));
    await dialog.locator(`${sel('claim-hours')} input`).fill('6');
    await expectFits('training-claim');
    await dialog.locator(sel('training-claim-submit')).click();
    await page.locator('.el-message', { hasText: '已提交，等待学校及主管部门审核' }).waitFor();
    await dialog.waitFor({ state: 'hidden' });

    const card = (await expectCards('training-self-studies')).locator(sel('card-list-card'), { hasText: title });
    await card.waitFor();
    expect((await card.locator(sel('training-self-study-status')).textContent())?.trim()).toBe('审核中');
    expect(await card.textContent()).toContain(`${chinaDate(-10)} ~ ${chinaDate(-9)}`);
    await expectFits('training-claimed');

    // The conversion rules a teacher reads are cards too.
    await page.locator('.el-tabs__item', { hasText: '学分转化规则' }).click();
    const rules = await expectCards('training-rule-table');
    await expect.poll(() => rules.locator(sel('card-list-card')).count()).toBeGreaterThan(0);
    await expectFits('training-rules');

    const { selfStudies } = await gql<{ selfStudies: { title: string; hours: number; status: string }[] }>(baseUrl, await tokenOf(page),
      'query($t: ID!) { selfStudies(teacherId: $t) { title hours status } }', { t: await myTeacherId() });
    expect(selfStudies).toContainEqual({ title, hours: 6, status: 'pending' });
  });

  test('applies for the periodic registration (定期注册) and reads the notice of its return', async () => {
    const teacherId = await myTeacherId();
    const REASON = `请补充继续教育证明（手机端 ${STAMP}）`;
    await openFromMenu('registration');
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/registration/teachers/${teacherId}`);
    await page.locator(sel('registration-qualification')).first().waitFor();
    await expectCards('registration-history');
    await expectFits('registration');

    // The demo teacher's qualification is due (首次注册); the application is filed for this year.
    const apply = page.locator(sel('registration-apply-one'));
    await apply.waitFor();
    await apply.click();
    const box = page.locator('.el-message-box');
    await box.waitFor();
    const confirmBox = (await box.boundingBox())!;
    expect(confirmBox.x).toBeGreaterThanOrEqual(0);
    expect(confirmBox.x + confirmBox.width).toBeLessThanOrEqual(PHONE.width);
    await box.locator('.el-message-box__btns .el-button--primary').click();
    await page.locator('.el-message', { hasText: '注册申请已提交' }).waitFor();
    await expect.poll(() => page.locator(sel('registration-state')).first().textContent()).toBe('注册申请办理中');
    const history = await expectCards('registration-history');
    await expect.poll(() => history.locator(sel('card-list-card')).count()).toBeGreaterThan(0);
    await expectFits('registration-applied');

    // The school returns it for a missing document (through the API: its screens are desktop
    // screens, tested in training.e2e.test.ts). A return leaves the qualification due as before
    // (首次注册) and tells the teacher why.
    const { registrationHistory } = await gql<{ registrationHistory: { id: string; batchId: string; status: string }[] }>(baseUrl, await tokenOf(page),
      'query($t: ID!) { registrationHistory(teacherId: $t) { id batchId status } }', { t: teacherId });
    const mine = registrationHistory.at(-1)!;
    expect(mine.status).toBe('in_review');
    const school = await infoAdminToken('dhq-s2-info');
    const { registrationBatch } = await gql<{ registrationBatch: { caseId: string } }>(baseUrl, school,
      'query($id: ID!) { registrationBatch(id: $id) { caseId } }', { id: mine.batchId });
    await gql(baseUrl, school, 'mutation($id: ID!, $r: String!) { returnCase(id: $id, reason: $r) { id } }', { id: registrationBatch.caseId, r: REASON });

    // The notice, read on the phone: a card with its message and a full-width 标为已读. The
    // module opens on the teacher's own transfers, a card list as well (empty for this teacher).
    await openFromMenu('transfers');
    await expectCards('transfers-table');
    await expectFits('transfers');
    await page.locator('.el-tabs__item', { hasText: '通知' }).click();
    const notes = await expectCards('notes-table');
    const notice = notes.locator(sel('card-list-card'), { hasText: REASON });
    await notice.waitFor();
    expect(await notice.locator(sel('note-message')).textContent()).toContain('教师资格定期注册已被退回');
    expect((await notice.locator(sel('note-state')).textContent())?.trim()).toBe('未读');
    await expectFits('notifications');
    const markRead = notice.locator(sel('note-mark-read'));
    expect((await markRead.boundingBox())!.width).toBeGreaterThan(PHONE.width / 2);
    await markRead.click();
    // Only unread notices are listed by default: the read one leaves the list…
    await expect.poll(() => notice.count()).toBe(0);
    // …and is there, read, with all notices.
    await page.locator(`${sel('transfers-notifications')} .el-switch`).click();
    const read = notes.locator(sel('card-list-card'), { hasText: REASON });
    await expect.poll(async () => (await read.locator(sel('note-state')).textContent())?.trim()).toBe('已读');
    await expectFits('notifications-read');

    const { notificationPage } = await gql<{ notificationPage: { nodes: { message: string; readAt: string | null }[] } }>(baseUrl, await apiLogin(baseUrl, TEACHER),
      '{ notificationPage(unreadOnly: false, first: 50) { nodes { message readAt } } }');
    const seen = notificationPage.nodes.find((n) => n.message.includes(REASON));
    expect(seen?.readAt).toBeTruthy();
  });
});
