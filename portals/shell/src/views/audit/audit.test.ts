import { abilitiesPlugin } from '@casl/vue';
import { defineRulesFor, packAbilityRules } from '@tmis/shared';
import { flushPromises, mount } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { applyPackedRules, createAppAbility } from '../../auth/ability';
import { createAppI18n } from '../../i18n';
import type { PortalHost } from '../../modules/portal-host';
import { toFilter, type AuditRow } from './audit-api';
import AuditLogView from './AuditLogView.vue';
import { AUDIT_MESSAGES } from './messages';

const keysOf = (o: object, prefix = ''): string[] =>
  Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? keysOf(v, `${prefix}${k}.`) : [`${prefix}${k}`])).sort();
const blank = { actor: '', action: '', targetType: '', targetId: '', unitId: '', outcome: '', days: null };

describe('the audit page rules', () => {
  it('English mirrors every Chinese key', () => {
    expect(keysOf(AUDIT_MESSAGES.en!)).toEqual(keysOf(AUDIT_MESSAGES['zh-CN']!));
  });

  it.each([
    ['nothing', blank, {}],
    ['blanks are dropped, values trimmed', { ...blank, actor: ' dhq-sys ', targetType: ' ', action: 'account.*' }, { actor: 'dhq-sys', action: 'account.*' }],
    ['days are China’s days, the last one included', { ...blank, days: ['2026-12-01', '2026-12-07'] as [string, string] }, { from: '2026-12-01T00:00:00+08:00', to: '2026-12-07T16:00:00.000Z' }],
  ])('filter: %s', (_name, form, expected) => {
    expect(toFilter(form)).toEqual(expected);
  });
});

// The gateway's own rules (三员分立): the county's audit admin reads and exports, its information admin only reads.
const COUNTY = { id: 'u-county', path: '/1/2/3/' };
function abilityOf(role: 'audit_admin' | 'info_admin') {
  const ability = createAppAbility();
  applyPackedRules(ability, packAbilityRules(defineRulesFor({ accountId: 'me', role, unitId: COUNTY.id, unitPath: COUNTY.path, unitLevel: 'county' })));
  return ability;
}

const entry = (seq: number, extra: Partial<AuditRow> = {}): AuditRow => ({
  seq: String(seq), at: '2026-12-07T01:00:00Z', actorUsername: 'dhq-sys', unitId: 'u1', unitName: '东湖区教育局', action: 'account.change_applied',
  targetType: 'Account', targetId: 'a-1', outcome: 'success', detail: { kind: 'disable' }, ip: '127.0.0.1', prevHash: 'a'.repeat(64), hash: 'b'.repeat(64), ...extra,
});

describe('AuditLogView', () => {
  it('asks the server for one page with the filter, pages on, and shows the chain check', async () => {
    const calls: { query: string; variables: Record<string, unknown> }[] = [];
    let chainOk = true;
    const host: PortalHost = {
      version: 1,
      async graphql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
        calls.push({ query, variables });
        if (query.includes('auditChainStatus')) {
          return { auditChainStatus: chainOk ? { ok: true, checked: 1234, brokenAt: null, reason: null, legacyEntries: 30, lastCheckpointSeq: '1200', unanchoredEntries: 34, verifiedAt: '2026-12-07T02:00:00Z' }
            : { ok: false, checked: 99, brokenAt: '100', reason: 'checkpoint-missing', legacyEntries: 0, lastCheckpointSeq: '100', unanchoredEntries: 0, verifiedAt: '2026-12-07T02:00:00Z' } } as T;
        }
        return { auditEntries: { nodes: [entry(120), entry(119, { action: 'auth.login', outcome: 'denied', targetType: null, targetId: null })], totalCount: 120 } } as T;
      },
      fetch: async () => new Response(null, { status: 404 }),
      user: () => null,
      errorText: (code, fallback = '') => fallback || code || '',
    };
    const wrapper = mount(AuditLogView, { global: { plugins: [createAppI18n('zh-CN'), ElementPlus, [abilitiesPlugin, abilityOf('info_admin')]], provide: { 'tmis:portal-host': host } } });
    await flushPromises();
    expect(calls[0]!.variables).toEqual({ f: {}, first: 20, offset: 0 });
    // Reading is not exporting: no export button for the information admin.
    expect(wrapper.find('[data-test="audit-export"]').exists()).toBe(false);
    const table = wrapper.get('[data-test="audit-table"]').text();
    expect(table).toContain('账号 · account.change_applied');
    expect(table).toContain('登录与会话 · auth.login');
    expect(table).toContain('拒绝');
    expect(wrapper.get('[data-test="audit-pager"]').text()).toContain('120');
    // The chain walk is expensive: only on demand.
    expect(calls.some((c) => c.query.includes('auditChainStatus'))).toBe(false);

    await wrapper.get('input[data-test="audit-actor"]').setValue('dhq');
    await wrapper.get('[data-test="audit-search"]').trigger('click');
    await flushPromises();
    expect(calls.at(-1)!.variables).toEqual({ f: { actor: 'dhq' }, first: 20, offset: 0 });
    await wrapper.get('[data-test="audit-pager"] .btn-next').trigger('click');
    await flushPromises();
    expect(calls.at(-1)!.variables).toEqual({ f: { actor: 'dhq' }, first: 20, offset: 20 });

    await wrapper.get('[data-test="audit-chain-check"]').trigger('click');
    await flushPromises();
    expect(wrapper.get('[data-test="audit-chain-status"]').attributes('data-ok')).toBe('true');
    expect(wrapper.get('[data-test="audit-chain-status"]').text()).toContain('哈希链完整：已校验 1,234 条');
    expect(wrapper.findAll('[data-test="audit-chain-note"]').map((n) => n.text())).toEqual([
      '其中 30 条为启用密钥前的旧记录，不受密钥保护。', '最近的签名检查点：第 1200 条；其后 34 条尚未被检查点锚定。']);
    chainOk = false;
    await wrapper.get('[data-test="audit-chain-check"]').trigger('click');
    await flushPromises();
    expect(wrapper.get('[data-test="audit-chain-status"]').text()).toContain('哈希链在第 100 条处断裂（原因：已签名检查点对应的记录不见了）');
    expect(wrapper.find('[data-test="audit-chain-note"]').exists()).toBe(false);
  });
});

describe('导出 CSV (the audit administrator)', () => {
  afterEach(() => vi.restoreAllMocks());

  function mountWith(answer: (query: string, variables: Record<string, unknown>) => unknown) {
    const calls: { query: string; variables: Record<string, unknown> }[] = [];
    const host: PortalHost = {
      version: 1,
      async graphql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
        calls.push({ query, variables });
        if (query.includes('auditEntries')) return { auditEntries: { nodes: [entry(7)], totalCount: 1 } } as T;
        return answer(query, variables) as T;
      },
      fetch: async () => new Response(null, { status: 404 }),
      user: () => null,
      errorText: (code, fallback = '') => fallback || code || '',
    };
    const wrapper = mount(AuditLogView, { attachTo: document.body, global: { plugins: [createAppI18n('zh-CN'), ElementPlus, [abilitiesPlugin, abilityOf('audit_admin')]], provide: { 'tmis:portal-host': host } } });
    return { wrapper, calls };
  }

  it('exports with the current filter and downloads the CSV under the gateway’s file name', async () => {
    const csv = '\ufeff序号 seq,时间 at\r\n7,2026-12-07T01:00:00.000Z\r\n';
    const { wrapper, calls } = mountWith(() => ({ exportAuditLog: { filename: 'audit-log-20261207.csv', csv, rows: 1 } }));
    await flushPromises();
    const saved: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => { saved.push(blob as Blob); return 'blob:audit'; });
    const downloads: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) { downloads.push(`${this.download} ${this.href}`); });

    expect(wrapper.text()).toContain('按当前筛选条件导出，最多 50,000 条');
    await wrapper.get('input[data-test="audit-actor"]').setValue(' dhq-sys ');
    await wrapper.get('[data-test="audit-export"]').trigger('click');
    await flushPromises();

    const call = calls.find((c) => c.query.includes('exportAuditLog'))!;
    expect(call.variables).toEqual({ f: { actor: 'dhq-sys' } });
    expect(downloads).toEqual(['audit-log-20261207.csv blob:audit']);
    expect(saved[0]!.type).toBe('text/csv;charset=utf-8');
    // The bytes as the gateway wrote them, BOM included (Excel reads the file as UTF-8 by it).
    expect(new Uint8Array(await saved[0]!.arrayBuffer()).slice(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
    expect(await saved[0]!.text()).toBe(csv);
    expect(wrapper.find('[data-test="audit-export-too-large"]').exists()).toBe(false);
    wrapper.unmount();
  });

  it.each([
    ['with the gateway’s count', { rows: 62_345, max: 50_000 }, '符合当前筛选条件的审计记录有 62,345 条，超过单次导出上限 50,000 条。请缩小筛选范围'],
    ['without details', undefined, '符合当前筛选条件的审计记录超过单次导出上限 50,000 条。'],
  ])('says so when the filter selects more rows than one export holds (%s)', async (_name, details, text) => {
    const { wrapper } = mountWith(() => {
      throw Object.assign(new Error('导出的审计记录超过上限，请缩小筛选范围（如日期）'), {
        code: 'AUDIT_EXPORT_TOO_LARGE', errors: [{ message: '…', extensions: { code: 'AUDIT_EXPORT_TOO_LARGE', ...(details ? { details } : {}) } }],
      });
    });
    await flushPromises();
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click');
    await wrapper.get('[data-test="audit-export"]').trigger('click');
    await flushPromises();
    expect(wrapper.get('[data-test="audit-export-too-large"]').text()).toContain(text);
    expect(click).not.toHaveBeenCalled();
    wrapper.unmount();
  });
});
