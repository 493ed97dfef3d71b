import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, inject, test } from 'vitest';
import { pagePerTest, screenshot, type PageSession } from './browser.js';
import { apiLogin, gql, sel, signIn, tokenOf } from './portal-session.js';

// Issue 6 (portal remotes): the training (培训学分) and registration (教师资格定期注册) remotes,
// loaded at run time from the province manifest, in real Chromium against the real gateway
// and its demo province (gateway/src/modules/training/training-demo.ts).

const baseUrl = inject('baseUrl');
const dataDir = inject('dataDir');
const NATIONAL_PROJECT = '国培计划（2025）——中小学骨干教师研修';

const pt = pagePerTest(baseUrl, (name) => `training-${name}`);
let page: Page;
let session: PageSession;
beforeEach(() => {
  page = pt.page;
  session = pt.session;
});

async function openModule(name: 'training' | 'registration'): Promise<void> {
  await page.locator(sel(`menu-module:${name}`)).click();
  await page.locator(sel(`${name}-app`)).waitFor();
}

const tabLabels = () => page.locator('.el-tabs__item').allTextContents().then((l) => l.map((s) => s.trim()));

/** The demo teacher (teacher.demo) as the API knows them. */
async function demoTeacher(): Promise<{ id: string; name: string }> {
  const token = await apiLogin(baseUrl, 'teacher.demo');
  const { me } = await gql<{ me: { teacherId: string } }>(baseUrl, token, '{ me { teacherId } }');
  const { teacher } = await gql<{ teacher: { id: string; name: string } }>(baseUrl, token, 'query($id: ID!) { teacher(id: $id) { id name } }', { id: me.teacherId });
  return teacher;
}

/** Credits of 40 hours under the province's rule in force at the project's end (national projects: the province converts). */
async function expectedNationalCredits(): Promise<number> {
  const token = await apiLogin(baseUrl, 'prov-train');
  const { trainingRuleInForce } = await gql<{ trainingRuleInForce: { hoursPerCredit: number } }>(baseUrl, token,
    '{ trainingRuleInForce(date: "2025-07-15") { hoursPerCredit } }');
  return Math.round((40 / trainingRuleInForce.hoursPerCredit) * 10) / 10;
}

describe('the training remote (培训学分)', () => {
  test('the province training admin confirms a national project’s credits', async () => {
    const credits = await expectedNationalCredits();
    await signIn(page, 'prov-train', dataDir);
    expect(await page.locator(sel('side-menu')).textContent()).toContain('培训学分');
    await openModule('training');
    // The module's root goes to the first screen the user is offered.
    await expect.poll(() => new URL(page.url()).pathname).toBe('/training/projects');
    expect(session.requests).toContain(`${baseUrl}/remotes/training/remoteEntry.js`);
    expect(await tabLabels()).toEqual(['培训计划与项目', '学时学分', '完成情况统计', '学分转化规则', '待我审核']);

    await page.locator(sel('training-project-name'), { hasText: NATIONAL_PROJECT }).click();
    await page.locator(sel('training-project-title'), { hasText: NATIONAL_PROJECT }).waitFor();
    // The institution's submitted results wait; the province converts with its own rule.
    await expect.poll(() => page.locator(sel('training-enrolment-status')).allTextContents()).toEqual(Array(5).fill('结果已提交'));
    expect(await page.locator('[data-test="training-project"] .el-alert').first().textContent()).toContain('国家级项目');
    // Results are the institution's to submit, not the province's.
    expect(await page.locator(sel('training-results-submit')).count()).toBe(0);

    await page.locator(sel('training-confirm')).click();
    const box = page.locator('.el-message-box');
    await box.waitFor();
    expect(await box.textContent()).toContain('确认 5 人的培训结果');
    await box.locator('.el-message-box__btns .el-button--primary').click();
    await page.locator('.el-message', { hasText: '已确认 5 人' }).waitFor();
    await box.waitFor({ state: 'hidden' });
    await expect.poll(() => page.locator(sel('training-enrolment-status')).allTextContents()).toEqual(Array(5).fill('学分已确认'));
    expect(await page.locator(sel('training-enrolment-credits')).allTextContents()).toEqual(Array(5).fill(String(credits)));
    expect(await page.locator(sel('training-confirm')).count()).toBe(0);

    // The gateway agrees: confirmed by prov-train, written to the archive.
    const token = await tokenOf(page);
    const { trainingProjects } = await gql<{ trainingProjects: { id: string; name: string; confirmed: number }[] }>(baseUrl, token, '{ trainingProjects(year: 2025) { id name confirmed } }');
    expect(trainingProjects.find((p) => p.name === NATIONAL_PROJECT)?.confirmed).toBe(5);
  });

  test('the demo teacher sees the confirmed credits in their own totals, and nothing else', async () => {
    const credits = await expectedNationalCredits();
    await signIn(page, 'teacher.demo', dataDir);
    await openModule('training');
    // A teacher has no project screens: their own hours and credits come first.
    expect(await tabLabels()).toEqual(['学时学分', '学分转化规则']);
    // The module's root goes to the first screen the user is offered.
    await expect.poll(() => new URL(page.url()).pathname).toBe('/training/credits');
    await page.locator(sel('training-credits-title'), { hasText: '我的学时学分' }).waitFor();
    const titles = page.locator(sel('training-credit-title'));
    await expect.poll(() => titles.allTextContents()).toContain(NATIONAL_PROJECT);
    const row = page.locator(`${sel('training-credit-records')} tbody tr`, { hasText: NATIONAL_PROJECT });
    expect((await row.locator(sel('training-credit-credits')).textContent())?.trim()).toBe(String(credits));
    const year = page.locator(`${sel('training-years')} tbody tr`, { hasText: '2025' });
    expect(await year.textContent()).toContain('40');
    // The 2021–2025 cycle counts those hours against the required ones.
    expect(await page.locator(`${sel('training-cycles')} tbody tr`, { hasText: '2021—2025' }).textContent()).toContain('40');
    // No teacher picker: only their own.
    expect(await page.locator(sel('training-credits-name')).count()).toBe(0);
  });
});

describe('the registration remote (教师资格定期注册)', () => {
  test('the school information admin opens the list of teachers due', async () => {
    const teacher = await demoTeacher();
    await signIn(page, 'dhq-s2-info', dataDir);
    expect(await page.locator(sel('side-menu')).textContent()).toContain('教师资格定期注册');
    await openModule('registration');
    // The module's root goes to the first screen the user is offered.
    await expect.poll(() => new URL(page.url()).pathname).toBe('/registration/due');
    expect(await tabLabels()).toEqual(['应注册名单', '注册审核']);
    const names = page.locator(sel('registration-due-name'));
    await expect.poll(() => names.allTextContents()).toContain(teacher.name);
    const row = page.locator(`${sel('registration-due-table')} tbody tr`, { hasText: teacher.name });
    expect(await row.textContent()).toContain('20133301421000001');
    expect(await row.textContent()).toContain('首次注册');
    // The school may apply for its teachers (selection and the batch button are offered).
    expect(await page.locator(sel('registration-apply')).count()).toBe(1);
    await screenshot(page, 'training-registration-due-list');

    // The teacher's page: the qualification and the conditions, each with its reason.
    await names.filter({ hasText: teacher.name }).first().click();
    await page.locator(sel('registration-teacher-name'), { hasText: teacher.name }).waitFor();
    await expect.poll(() => page.locator(sel('registration-condition')).count()).toBe(3);
    expect(await page.locator(sel('registration-state')).first().textContent()).toBe('未注册');
  });

  test('a teacher applies; the school reviews and the county defers with the unmet conditions (approval engine)', async () => {
    const teacher = await demoTeacher();
    const confirm = async () => {
      const box = page.locator('.el-message-box');
      await box.waitFor();
      await box.locator('.el-message-box__btns .el-button--primary').click();
      await box.waitFor({ state: 'hidden' });
    };
    const signOut = async () => {
      await session.context.clearCookies();
      await page.evaluate(() => sessionStorage.clear());
    };

    // The teacher: only their own qualification, with the conditions, and the individual application.
    await signIn(page, 'teacher.demo', dataDir);
    await openModule('registration');
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/registration/teachers/${teacher.id}`);
    expect(await tabLabels()).toEqual(['我的教师资格']);
    await page.locator(sel('registration-apply-one')).click();
    await confirm();
    await page.locator('.el-message', { hasText: '注册申请已提交' }).waitFor();
    await expect.poll(() => page.locator(sel('registration-state')).first().textContent()).toBe('注册申请办理中');
    await signOut();

    // The school's information admin approves its step (approveCase).
    await signIn(page, 'dhq-s2-info', dataDir);
    await openModule('registration');
    await page.locator('.el-tabs__item', { hasText: '注册审核' }).click();
    await page.locator(sel('registration-approve')).click();
    await confirm();
    await page.locator('.el-message', { hasText: '已审核通过' }).waitFor();
    await signOut();

    // The county's information admin decides: 40 of 360 hours → deferred, the reason from the conditions.
    await signIn(page, 'dhq-info', dataDir);
    await openModule('registration');
    await page.locator('.el-tabs__item', { hasText: '注册审核' }).click();
    await page.locator(sel('registration-decide-open')).click();
    const result = page.locator(sel('registration-result')).first();
    await result.waitFor();
    // Registered is not offered to an application that does not meet the conditions.
    expect(await result.locator('.el-radio-button', { hasText: '注册合格' }).getAttribute('class')).toContain('is-disabled');
    await page.locator(sel('registration-decide')).click();
    await page.locator('.el-message', { hasText: '注册结论已作出' }).waitFor();
    await expect.poll(() => page.locator(sel('registration-batch-table')).textContent()).toContain('暂缓注册');

    const token = await tokenOf(page);
    const { registrationHistory } = await gql<{ registrationHistory: { status: string; resultReason: string | null }[] }>(baseUrl, token,
      'query($t: ID!) { registrationHistory(teacherId: $t) { status resultReason } }', { t: teacher.id });
    // The application filed here is the newest (teacher-phone.e2e.test.ts may have filed and
    // settled one before, as the same demo teacher); none is left in review.
    expect(registrationHistory.filter((a) => a.status === 'in_review')).toEqual([]);
    expect(registrationHistory.at(-1)!.status).toBe('deferred');
    expect(registrationHistory.at(-1)!.resultReason).toContain('培训学时');
  });
});
