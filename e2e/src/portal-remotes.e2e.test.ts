import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, inject, test } from 'vitest';
import { artifactsDir, pagePerTest, screenshot, type PageSession } from './browser.js';
import { apiLogin, gql, idCardNumber, sel, signIn, tokenOf } from './portal-session.js';

// Issue 6 (unified portal): the records remote (档案管理) loaded at run time from the
// province manifest, its screens driven as a school information admin, and the analysts'
// GraphiQL with the user's own session — in real Chromium against the real gateway.

const baseUrl = inject('baseUrl');
const dataDir = inject('dataDir');
const SCHOOL = '东湖区第一小学';
/** Libraries the shell owns and shares; each must reach the page exactly once. */
const SHARED = ['vue', 'vue-router', 'vue-i18n', 'element-plus', '@casl/vue', '@casl/ability', 'pinia'];

const pt = pagePerTest(baseUrl, (name) => `remotes-${name}`);
let page: Page;
let session: PageSession;
beforeEach(() => {
  page = pt.page;
  session = pt.session;
});

async function openRecords(): Promise<void> {
  await page.locator(sel('menu-module:records')).click();
  await page.locator(sel('records-app')).waitFor();
}

const textOf = async (name: string) => ((await page.locator(sel(name)).first().textContent()) ?? '').trim();

describe('the records remote (档案管理)', () => {
  test('loads from the manifest at run time, on the shell’s single copy of every shared library', async () => {
    await signIn(page, 'dhq-s2-query', dataDir);
    expect(await textOf('side-menu')).toContain('档案管理');
    expect(session.requests.some((u) => u.includes('/remotes/records/'))).toBe(false); // not before it is opened

    await openRecords();
    expect(new URL(page.url()).pathname).toBe('/records');
    await page.locator(sel('records-teacher-name')).first().waitFor();
    expect(session.requests).toContain(`${baseUrl}/remotes/records/remoteEntry.js`);

    // The manifest the shell read: served by the gateway from config/portal-modules.330000.json.
    const token = await tokenOf(page);
    const { portalModules } = await gql<{ portalModules: { name: string; remoteEntry: string; routePath: string }[] }>(
      baseUrl, token, '{ portalModules { name remoteEntry routePath } }');
    expect(portalModules).toContainEqual({ name: 'records', remoteEntry: '/remotes/records/remoteEntry.js', routePath: '/records' });

    // Module federation's share scope: one version of each library, provided by the shell, for the shell and the remote.
    const scope = await page.evaluate(() => {
      const share = (globalThis as unknown as { __FEDERATION__: { __SHARE__: Record<string, Record<string, Record<string, Record<string, { from: string }>>>> } }).__FEDERATION__.__SHARE__;
      return Object.fromEntries(Object.entries(share).map(([host, scopes]) => [host, Object.fromEntries(
        Object.entries(scopes.default ?? {}).map(([pkg, versions]) => [pkg, Object.values(versions).map((v) => v.from)]))]));
    });
    for (const consumer of ['tmis_shell', 'records']) {
      for (const pkg of SHARED) expect(scope[consumer]?.[pkg], `${consumer} → ${pkg}`).toEqual(['tmis_shell']);
    }

    // The network: each shared library's chunk is fetched once, all from the shell; the remote fetched none.
    const remoteFiles = session.requests.filter((u) => u.startsWith(`${baseUrl}/remotes/records/`));
    expect(remoteFiles.length).toBeGreaterThan(1);
    expect(remoteFiles.filter((u) => /loadShare|vue|element|i18n|router|pinia|casl/i.test(u.slice(`${baseUrl}/remotes/records/`.length)))).toEqual([]);
    // Chunk names of the shell's build (rolldown puts the Vue runtime into the @casl/vue chunk).
    // Element Plus is not imported by the login page: the layout takes it from the share scope,
    // so its chunk is the shell's provider (prebuild) chunk rather than a loadShare wrapper.
    const chunkKey: Record<string, string> = {
      '@casl/vue': '__loadShare___mf_0_casl_mf_1_vue__', 'vue-router': '__loadShare__vue_mf_2_router__', 'vue-i18n': '__loadShare__vue_mf_2_i18n__',
      'element-plus': '__prebuild__element_mf_2_plus__', '@casl/ability': '__loadShare___mf_0_casl_mf_1_ability__', pinia: '__loadShare__pinia__',
    };
    for (const [pkg, key] of Object.entries(chunkKey)) {
      const hits = session.requests.filter((u) => u.includes(key));
      expect(hits, pkg).toHaveLength(1);
      expect(hits[0]!.startsWith(`${baseUrl}/assets/`), pkg).toBe(true);
    }

    // English strings come with the remote and follow the shell's language switch.
    expect(await page.locator(sel('records-app')).textContent()).toContain('教师查询');
    await page.locator(sel('locale-switch')).click();
    await expect.poll(async () => page.locator(sel('records-app')).textContent()).toContain('Teacher search');
    await page.locator(sel('locale-switch')).click();
  });

  test('a school information admin searches in scope; a teacher of another school is not found', async () => {
    const province = await apiLogin(baseUrl, 'prov-query');
    const all = await gql(baseUrl, province, '{ teachers(first: 100) { totalCount nodes { name teacherNo school { name } } } }');
    const elsewhere = all.teachers.nodes.find((t: { school: { name: string } }) => t.school.name !== SCHOOL);
    const school = await gql(baseUrl, await apiLogin(baseUrl, 'dhq-s2-query'), '{ teachers(first: 1) { totalCount nodes { name } } }');
    expect(elsewhere).toBeTruthy();

    await signIn(page, 'dhq-s2-info', dataDir);
    await openRecords();
    await page.locator(sel('records-teacher-name')).first().waitFor();
    expect(await textOf('records-total')).toBe(`共 ${school.teachers.totalCount} 条`);
    expect(school.teachers.totalCount).toBeLessThan(all.teachers.totalCount);
    const schools = await page.locator(`${sel('records-teacher-table')} tbody tr td:nth-child(5)`).allTextContents();
    expect(new Set(schools.map((s) => s.trim()))).toEqual(new Set([SCHOOL]));

    // By name: the school's own teacher is found…
    const own = school.teachers.nodes[0].name as string;
    await page.locator(sel('records-search-name')).fill(own);
    await page.locator(sel('records-search-submit')).click();
    await expect.poll(() => page.locator(sel('records-teacher-name')).allTextContents()).toContain(own);
    // …the other school's teacher is not, even by the exact teacher number.
    await page.locator(sel('records-search-name')).fill('');
    await page.locator(sel('records-search-teacher-no')).fill(elsewhere.teacherNo);
    await page.locator(sel('records-search-submit')).click();
    await expect.poll(() => textOf('records-total')).toBe('共 0 条');
    expect(await page.locator(sel('records-teacher-name')).count()).toBe(0);
  });

  test('opens an archive, saves and submits a record, and reviews it in the queue', async () => {
    await signIn(page, 'dhq-s2-info', dataDir);
    await openRecords();
    await page.locator(sel('records-open-archive')).first().click();
    await page.locator(sel('archive-summary')).waitFor();
    expect(await textOf('archive-summary')).toContain(SCHOOL);
    const teacherId = new URL(page.url()).pathname.split('/').pop()!;

    // 技能及证书: add a draft, then submit it.
    await page.locator(sel('set-skill')).click();
    await page.locator(sel('archive-set-skill')).waitFor();
    await page.locator(sel('archive-add')).click();
    await page.locator(sel('record-form')).waitFor();
    await page.locator(`${sel('field-name')} input`).fill('普通话水平测试');
    await page.locator(`${sel('field-level')} input`).fill('一级乙等');
    await page.locator(sel('record-form-save')).click();
    await expect.poll(() => page.locator(`${sel('archive-pending')} ${sel('record-status')}`).allTextContents()).toEqual(['草稿']);
    expect(await textOf('archive-pending')).toContain('普通话水平测试');
    await page.locator(sel('archive-submit')).click();
    await expect.poll(() => page.locator(`${sel('archive-pending')} ${sel('record-status')}`).allTextContents()).toEqual(['待学校审核']);

    // The same in the API: one submitted record, entered by this admin.
    const token = await tokenOf(page);
    const history = await gql(baseUrl, token, 'query($t: ID!) { archiveHistory(teacherId: $t, infoSet: "skill") { id status data } }', { t: teacherId });
    expect(history.archiveHistory).toEqual([expect.objectContaining({ status: 'submitted', data: { name: '普通话水平测试', level: '一级乙等' } })]);

    // The school's review step in the queue.
    await page.locator('.el-tabs__item', { hasText: '审核队列' }).click();
    await page.locator(sel('queue-table')).waitFor();
    const row = page.locator(`${sel('queue-table')} tbody tr`, { hasText: '普通话水平测试' });
    await row.waitFor();
    await row.locator(sel('queue-approve')).click();
    await page.locator('.el-message', { hasText: '已审核通过 1 条' }).waitFor();
    const after = await gql(baseUrl, token, 'query($t: ID!) { archiveHistory(teacherId: $t, infoSet: "skill") { status } }', { t: teacherId });
    expect(after.archiveHistory).toEqual([{ status: 'school_approved' }]);
  });

  test('imports an Excel file with a progress bar and downloads its error report', async () => {
    const good = idCardNumber(`330106199107${15}${String(100 + Math.floor(Math.random() * 400) * 2 + 1).padStart(3, '0')}`);
    const bad = `${good.slice(0, 17)}${good.endsWith('0') ? '1' : '0'}`; // wrong check character
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('教师信息');
    const columns = [['name', '姓名'], ['gender', '性别'], ['birthDate', '出生日期'], ['ethnicity', '民族'], ['idType', '证件类型'], ['idNumber', '证件号码'], ['startDate', '进校日期']];
    ws.addRow(columns.map(([, label]) => label));
    ws.addRow(columns.map(([key]) => key));
    ws.addRow(['导入测试', '男', '1991-07-15', '汉族', '居民身份证', good, '2015-09-01']);
    ws.addRow(['校验位错误', '男', '1991-07-15', '汉族', '居民身份证', bad, '2015-09-01']);
    const file = Buffer.from(await wb.xlsx.writeBuffer());

    await signIn(page, 'dhq-s2-info', dataDir);
    await openRecords();
    await page.locator('.el-tabs__item', { hasText: 'Excel 导入' }).click();
    await page.locator(sel('records-import')).waitFor();
    await page.locator(sel('import-file')).setInputFiles({ name: '教师导入.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: file });
    await page.locator(sel('import-upload')).click();
    await page.locator(sel('import-progress')).waitFor();
    await expect.poll(() => page.locator(sel('import-job')).getAttribute('data-status'), { timeout: 60_000 }).toBe('succeeded');
    expect(await textOf('import-imported')).toBe('1');
    expect(await textOf('import-invalid')).toBe('1');
    expect(await page.locator(`${sel('import-progress')} .el-progress__text, ${sel('import-progress')} .el-progress-bar__innerText`).first().textContent()).toContain('100%');

    const [download] = await Promise.all([page.waitForEvent('download'), page.locator(sel('import-error-report')).click()]);
    expect(download.suggestedFilename()).toMatch(/^导入错误报告-.+\.xlsx$/);
    mkdirSync(artifactsDir, { recursive: true });
    const saved = join(artifactsDir, 'import-error-report.xlsx');
    await download.saveAs(saved);
    const report = new ExcelJS.Workbook();
    await report.xlsx.readFile(saved);
    const text = report.worksheets.flatMap((sheet) => sheet.getSheetValues().flat().map(String)).join(' ');
    expect(text).toContain(bad);
    expect(text).not.toContain(good);

    // The imported teacher is in the school's scope now.
    const found = await gql(baseUrl, await tokenOf(page), '{ teachers(filter: { name: "导入测试" }) { totalCount nodes { school { name } } } }');
    expect(found.teachers.nodes).toEqual([{ school: { name: SCHOOL } }]);
  });

  test('what a user may not do is not offered: a query user gets no import, review or editing', async () => {
    await signIn(page, 'dhq-s2-query', dataDir);
    await openRecords();
    const tabs = await page.locator('.el-tabs__item').allTextContents();
    expect(tabs.map((s) => s.trim())).toEqual(['教师查询']);
    await page.locator(sel('records-open-archive')).first().click();
    await page.locator(sel('archive-summary')).waitFor();
    // Restricted sets (年度考核, 基本待遇, 师德信息) are not listed; nothing can be added.
    const sets = await page.locator(`${sel('archive-sets')} li`).allTextContents();
    expect(sets.map((s) => s.trim())).toContain('学习经历');
    for (const hidden of ['年度考核', '基本待遇', '师德信息']) expect(sets.map((s) => s.trim())).not.toContain(hidden);
    await page.locator(sel('set-education')).click();
    await page.locator(sel('archive-set-education')).waitFor();
    expect(await page.locator(sel('archive-add')).count()).toBe(0);
    // A screen it may not use, typed in: refused without a request.
    await page.goto('/records/import');
    await page.locator(sel('records-no-access')).waitFor();
  });
});

describe('GraphiQL for analysts', () => {
  test('runs a query with the user’s own session and sees only its scope', async () => {
    const school = await gql(baseUrl, await apiLogin(baseUrl, 'dhq-s2-query'), '{ teachers(first: 1) { totalCount } }');
    const province = await gql(baseUrl, await apiLogin(baseUrl, 'prov-query'), '{ teachers(first: 1) { totalCount } }');
    expect(school.teachers.totalCount).toBeLessThan(province.teachers.totalCount);

    await signIn(page, 'dhq-s2-query', dataDir);
    const link = page.locator(sel('menu-graphiql'));
    expect(await link.getAttribute('href')).toBe('/graphiql/');
    const [tab] = await Promise.all([session.context.waitForEvent('page'), link.click()]);
    const tabErrors: Error[] = [];
    tab.on('pageerror', (e) => tabErrors.push(e));
    await tab.locator(sel('graphiql-user')).waitFor();
    expect(await tab.locator(sel('graphiql-user')).textContent()).toContain('dhq-s2-query');
    await tab.locator('.graphiql-container').waitFor();

    const query = 'query Scope { me { username } teachers(first: 1) { totalCount } }';
    await tab.goto(`/graphiql/?query=${encodeURIComponent(query)}`);
    await tab.locator('.graphiql-execute-button').waitFor();
    await expect.poll(async () => (await tab.locator('.graphiql-query-editor').textContent()) ?? '').toContain('totalCount');
    // Monaco's editors and workers start asynchronously: run until the response pane has the answer.
    const response = tab.locator('.graphiql-response');
    await expect.poll(async () => {
      const text = (await response.textContent()) ?? '';
      if (!text.includes('totalCount')) await tab.locator('.graphiql-execute-button').click();
      return text;
    }, { timeout: 30_000, interval: 1_000 }).toContain('totalCount');
    const text = ((await response.textContent()) ?? '').replace(/\s+/g, '');
    expect(text).toContain('"username":"dhq-s2-query"');
    expect(text).toContain(`"totalCount":${school.teachers.totalCount}`);
    await tab.screenshot({ path: join(artifactsDir, 'remotes-graphiql-query.png') });
    expect(tabErrors.map((e) => e.message)).toEqual([]);
    // Nothing from outside the gateway: no CDN.
    expect(session.requests.filter((u) => !u.startsWith(`${baseUrl}/`) && !/^(data|blob):/.test(u))).toEqual([]);
  });

  test('GraphiQL’s own controls and a validation error are in Chinese on a zh-CN portal, in English on an English one (issue 16.7)', async () => {
    await signIn(page, 'dhq-s2-query', dataDir);
    const tab = await session.context.newPage();
    await tab.goto('/graphiql/?query=' + encodeURIComponent('{ me { nosuchField } }'));
    await tab.locator('.graphiql-execute-button').waitFor();
    const labels = () => tab.locator('.graphiql-container [aria-label]').evaluateAll((els) => els.map((el) => el.getAttribute('aria-label')!));
    await expect.poll(labels).toEqual(expect.arrayContaining([expect.stringMatching(/^执行查询 \(/), expect.stringMatching(/^美化查询 \(/), expect.stringMatching(/^复制查询 \(/), '显示文档', '显示历史', '打开设置']));
    expect((await labels()).filter((l) => /Execute|Prettify|Copy query|Documentation|History|settings/.test(l))).toEqual([]);
    expect(await tab.locator('.graphiql-editor-tools').textContent()).toContain('变量');

    // A validation error as the user sees it in the response pane: the gateway's Chinese message, field name kept.
    const response = tab.locator('.graphiql-response');
    await expect.poll(async () => {
      const text = (await response.textContent()) ?? '';
      if (!text.includes('nosuchField')) await tab.locator('.graphiql-execute-button').click();
      return text;
    }, { timeout: 30_000, interval: 1_000 }).toContain('类型“Me”上没有字段“nosuchField”。');
    await tab.screenshot({ path: join(artifactsDir, 'remotes-graphiql-zh.png') });

    await tab.evaluate(() => localStorage.setItem('tmis.locale', 'en'));
    await tab.reload();
    await tab.locator('.graphiql-execute-button').waitFor();
    await expect.poll(labels).toEqual(expect.arrayContaining([expect.stringMatching(/^Execute query \(/), 'Show Documentation Explorer']));
    expect(await tab.evaluate(() => document.documentElement.lang)).toBe('en');
    await tab.close();
  });

  test('signed out, GraphiQL shows the login hint; roles without export get no menu link', async () => {
    await page.goto('/graphiql');
    await page.locator(sel('graphiql-login-hint')).waitFor();
    expect(await page.locator(sel('graphiql-login-link')).getAttribute('href')).toBe('/login?redirect=%2Fgraphiql%2F');
    expect(await page.locator('.graphiql-container').count()).toBe(0);

    // Signing in from the hint brings the user back to GraphiQL.
    await page.locator(sel('graphiql-login-link')).click();
    await page.locator(sel('login-username')).fill('prov-query');
    await page.locator(sel('login-password')).fill('Demo@2026');
    await page.locator(sel('login-submit')).click();
    await page.locator(sel('graphiql-user')).waitFor();
    expect(new URL(page.url()).pathname).toBe('/graphiql/');

    await page.goto('/login');
    await signIn(page, 'teacher.demo', dataDir);
    expect(await page.locator(sel('menu-graphiql')).count()).toBe(0);
  });
});
