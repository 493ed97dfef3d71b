import { flushPromises, mount } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { createAppI18n } from '../../i18n';
import type { PortalHost } from '../../modules/portal-host';
import { useSessionStore } from '../../stores/session';
import { canApply, changeLines, failureOf, importStep } from './directory';
import DirectoryImport from './DirectoryImport.vue';
import { installUnitsMessages, UNITS_MESSAGES } from './messages';
import type { DirectoryImport as Import, PlanRow } from './units-api';
import UnitTree from './UnitTree.vue';

const summary = { rows: 3, create: 1, update: 1, unchanged: 0, close: 1, invalid: 0, divisionsCreate: 1, divisionsUpdate: 0 };
const job = (status: string, extra: Partial<Import['dryRunJob']> = {}) => ({ id: `job-${status}`, status, progress: 1, processed: 3, total: 3, errorCode: null, error: null, hasResult: true, ...extra });
const imp = (status: Import['status'], extra: Partial<Import> = {}): Import => ({
  id: 'imp-1', status, createdAt: '2026-12-05T10:00:00Z', appliedAt: null, summary: status === 'checking' ? null : summary,
  dryRunJob: job(status === 'checking' ? 'running' : 'succeeded'), applyJob: null, ...extra,
});

const keysOf = (o: object, prefix = ''): string[] =>
  Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? keysOf(v, `${prefix}${k}.`) : [`${prefix}${k}`])).sort();

describe('the units page rules', () => {
  it('English mirrors every Chinese key', () => {
    expect(keysOf(UNITS_MESSAGES.en!)).toEqual(keysOf(UNITS_MESSAGES['zh-CN']!));
  });

  it.each([
    ['nothing uploaded', null, { active: 0, error: false, busy: false }],
    ['checking', imp('checking'), { active: 1, error: false, busy: true }],
    ['check failed', imp('check_failed', { dryRunJob: job('failed', { errorCode: 'IMPORT_HEADER_INVALID' }) }), { active: 1, error: true, busy: false }],
    ['ready', imp('ready'), { active: 2, error: false, busy: false }],
    ['checked with invalid rows', imp('ready', { summary: { ...summary, invalid: 2 } }), { active: 1, error: true, busy: false }],
    ['ready after a failed apply', imp('ready', { applyJob: job('failed', { errorCode: 'UNIT_DIRECTORY_STALE' }) }), { active: 2, error: true, busy: false }],
    ['applying', imp('applying', { applyJob: job('running') }), { active: 2, error: false, busy: true }],
    ['applied', imp('applied', { applyJob: job('succeeded') }), { active: 4, error: false, busy: false }],
  ] as const)('step when %s', (_name, i, expected) => {
    expect(importStep(i)).toEqual(expected);
  });

  it('apply is offered only for a passed dry run; the failure shown is the latest job’s', () => {
    expect(canApply(imp('ready'))).toBe(true);
    expect(canApply(imp('ready', { summary: { ...summary, invalid: 2 } }))).toBe(false);
    expect(canApply(imp('applied'))).toBe(false);
    expect(failureOf(imp('ready', { applyJob: job('failed', { errorCode: 'UNIT_DIRECTORY_STALE', error: '预检后单位数据已发生变化' }) }))).toEqual({ code: 'UNIT_DIRECTORY_STALE', message: '预检后单位数据已发生变化' });
    expect(failureOf(imp('ready'))).toBeNull();
  });

  it('changes read as people read them: code lists by name, blanks and statuses in words', () => {
    const words = { empty: '（空）', status: { active: '正常', closed: '已撤销' }, fields: { name: '名称', urbanRuralType: '城乡类型', status: '状态' } };
    const row: PlanRow = {
      rowNumber: 3, kind: 'school', action: 'update', code: '2330102002', name: '甲一区实验小学', parentCode: '330102', issues: [], activeTeachers: null,
      changes: [{ field: 'name', from: '甲一区第二小学', to: '甲一区实验小学' }, { field: 'urbanRuralType', from: null, to: '112' }, { field: 'status', from: 'closed', to: 'active' }],
    };
    expect(changeLines(row, 'zh-CN', words)).toEqual(['名称：甲一区第二小学 → 甲一区实验小学', '城乡类型：（空） → 城乡结合区（112）', '状态：已撤销 → 正常']);
  });
});

/** The gateway as the page sees it through the host: an import that passes its dry run, then applies. */
function fakeGateway() {
  const calls: string[] = [];
  let state: Import | null = null;
  const rows: PlanRow[] = [
    { rowNumber: null, kind: 'county', action: 'create', code: '330105', name: '甲五区教育局', parentCode: '330100', changes: [], issues: [], activeTeachers: null },
    { rowNumber: 2, kind: 'school', action: 'update', code: '2330102002', name: '甲一区实验小学', parentCode: '330102', changes: [{ field: 'name', from: '甲一区第二小学', to: '甲一区实验小学' }], issues: [], activeTeachers: null },
    { rowNumber: null, kind: 'school', action: 'close', code: '1330202001', name: '甲三区幼儿园', parentCode: '330202', changes: [{ field: 'status', from: 'active', to: 'closed' }], issues: [], activeTeachers: 2 },
  ];
  const host: PortalHost = {
    version: 1,
    async graphql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
      const op = ['applyUnitDirectory', 'unitDirectoryPlan', 'unitDirectoryImports', 'unitDirectoryImport'].find((name) => query.includes(`${name}(`) || query.includes(`${name} {`))!;
      calls.push(op);
      if (op === 'unitDirectoryImports') return { unitDirectoryImports: state ? [state] : [] } as T;
      if (op === 'unitDirectoryImport') {
        if (state?.status === 'applying') state = imp('applied', { applyJob: job('succeeded'), appliedAt: '2026-12-05T10:01:00Z' });
        state ??= imp('ready');
        return { unitDirectoryImport: state } as T;
      }
      if (op === 'unitDirectoryPlan') {
        const wanted = rows.filter((r) => !variables.action || r.action === variables.action);
        return { unitDirectoryPlan: { nodes: wanted, totalCount: wanted.length } } as T;
      }
      if (op === 'applyUnitDirectory') {
        state = imp('applying', { applyJob: job('queued') });
        return { applyUnitDirectory: state } as T;
      }
      throw new Error(`unexpected ${op}`);
    },
    async fetch(path: string, init?: RequestInit) {
      calls.push(`${init?.method ?? 'GET'} ${path}`);
      return new Response(JSON.stringify({ importId: 'imp-1', jobId: 'job-1' }), { status: 202, headers: { 'content-type': 'application/json' } });
    },
    user: () => null,
    errorText: (code, fallback = '') => fallback || code || '',
  };
  return { host, calls };
}

function mountWith(component: typeof DirectoryImport | typeof UnitTree, host: PortalHost) {
  const i18n = createAppI18n('zh-CN');
  installUnitsMessages(i18n);
  return mount(component, { global: { plugins: [i18n, ElementPlus], provide: { 'tmis:portal-host': host } } });
}

describe('DirectoryImport', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('upload → dry run summary and rows → confirm → apply → result', async () => {
    const { host, calls } = fakeGateway();
    const wrapper = mountWith(DirectoryImport, host);
    await flushPromises();
    expect(wrapper.get('[data-test="directory-upload"]').attributes('disabled')).toBeDefined();

    const input = wrapper.get('[data-test="directory-file"]');
    Object.defineProperty(input.element, 'files', { value: [new File([new Uint8Array([0x50, 0x4b, 3, 4])], '名录.xlsx')] });
    await input.trigger('change');
    await wrapper.get('[data-test="directory-upload"]').trigger('click');
    await flushPromises();
    expect(calls).toContain('POST /api/unit-directory');
    expect(wrapper.get('[data-test="directory-import"]').attributes('data-status')).toBe('ready');
    expect(wrapper.get('[data-test="directory-create"]').text()).toContain('1');
    expect(wrapper.get('[data-test="directory-close"]').text()).toContain('1');
    expect(wrapper.text()).toContain('执行后将撤销 1 所学校');
    const table = wrapper.get('[data-test="directory-plan"]').text();
    expect(table).toContain('甲五区教育局');
    expect(table).toContain('名称：甲一区第二小学 → 甲一区实验小学');
    expect(table).toContain('在职教师 2 人（档案保留）');
    expect(wrapper.find('[data-test="directory-error-report"]').exists()).toBe(false);

    await wrapper.get('[data-test="directory-apply"]').trigger('click');
    expect(wrapper.get('[data-test="directory-confirm"]').text()).toContain('将新增 1、更新 1、撤销 1 所学校');
    await wrapper.get('[data-test="directory-confirm-apply"]').trigger('click');
    await flushPromises();
    expect(calls).toContain('applyUnitDirectory');
    expect(wrapper.get('[data-test="directory-import"]').attributes('data-status')).toBe('applied');
    expect(wrapper.get('[data-test="directory-applied"]').text()).toContain('已执行：新增 1、更新 1、撤销 1 所学校');
    expect(wrapper.emitted('applied')).toHaveLength(1);
  });
});

describe('UnitTree', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('searches in scope and shows a closed school with its closing day', async () => {
    useSessionStore().me = { id: 'a1', username: 'p_info', realName: '管理员', role: 'info_admin', unit: { id: 'u-prov', code: '330000', name: '甲省教育厅', level: 'province', path: '/1/2/' }, mustChangePassword: false, authMethod: 'password+certificate' } as never;
    const school = { id: 'u-c', code: '1330202001', name: '甲三区幼儿园', level: 'school', parentId: 'u-county', status: 'closed', closedOn: '2026-12-05', schoolType: '111', stage: 'kindergarten', sponsorType: null, urbanRuralType: '220', address: null };
    const host: PortalHost = {
      version: 1,
      async graphql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
        if (query.includes('unit(id')) return { unit: { ...school, supervisingAuthority: { name: '甲三区教育局' } } } as T;
        return { units: variables.search === '幼儿园' ? { nodes: [school], totalCount: 1 } : { nodes: [], totalCount: 0 } } as T;
      },
      fetch: async () => new Response(null, { status: 404 }),
      user: () => null,
      errorText: (code, fallback = '') => fallback || code || '',
    };
    const wrapper = mountWith(UnitTree, host);
    await flushPromises();
    expect(wrapper.text()).toContain('甲省教育厅');
    await wrapper.get('input[data-test="unit-search"]').setValue('幼儿园');
    await wrapper.get('[data-test="unit-search-submit"]').trigger('click');
    await flushPromises();
    expect(wrapper.get('[data-test="unit-search-count"]').text()).toBe('搜索结果（1）');
    await wrapper.get('[data-test="unit-search-results"] li').trigger('click');
    await flushPromises();
    const detail = wrapper.get('[data-test="unit-detail"]').text();
    expect(detail).toContain('已撤销');
    expect(detail).toContain('2026-12-05');
    expect(detail).toContain('幼儿园（111）');
    expect(detail).toContain('甲三区教育局');
  });
});
