import { abilitiesPlugin } from '@casl/vue';
import { defineRulesFor, packAbilityRules } from '@tmis/shared';
import { flushPromises, mount } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { applyPackedRules, createAppAbility } from '../../auth/ability';
import { createAppI18n } from '../../i18n';
import type { PortalHost } from '../../modules/portal-host';
import { useSessionStore } from '../../stores/session';
import { accountActions, canDecide, creatableRoles } from './account-actions';
import type { AccountRow, ChangeRequestRow } from './accounts-api';
import AccountList from './AccountList.vue';
import ChangeRequestList from './ChangeRequestList.vue';
import { ACCOUNTS_MESSAGES, installAccountsMessages } from './messages';

// The rules are the gateway's own (defineRulesFor), packed and unpacked as the shell receives them.
const COUNTY = { id: 'u-county', path: '/1/2/3/' };
function abilityOf(p: Parameters<typeof defineRulesFor>[0]) {
  const ability = createAppAbility();
  applyPackedRules(ability, packAbilityRules(defineRulesFor(p)));
  return ability;
}
const countyAdmin = () => abilityOf({ accountId: 'me', role: 'system_admin', unitId: COUNTY.id, unitPath: COUNTY.path, unitLevel: 'county' });
const countyInfo = () => abilityOf({ accountId: 'info', role: 'info_admin', unitId: COUNTY.id, unitPath: COUNTY.path, unitLevel: 'county' });

const account = (extra: Partial<AccountRow> = {}): AccountRow => ({
  id: 'a1', username: 'dhq-query', realName: '王查询', idNumberMasked: null, phone: null, role: 'query_user', unitId: COUNTY.id, unitName: '东湖区教育局',
  unitLevel: 'county', scopePath: COUNTY.path, status: 'active', lockedUntil: null, certStatus: 'none', lastLoginAt: null, createdAt: '2026-12-01T00:00:00Z', ...extra,
});
const schoolAdmin = (extra: Partial<AccountRow> = {}) =>
  account({ id: 'a2', username: 'dhq-s2-sys', role: 'system_admin', unitId: 'u-school', unitName: '东湖区第一小学', unitLevel: 'school', scopePath: '/1/2/3/7/', ...extra });

const keysOf = (o: object, prefix = ''): string[] =>
  Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? keysOf(v, `${prefix}${k}.`) : [`${prefix}${k}`])).sort();

describe('account actions follow the shared rules', () => {
  it('English mirrors every Chinese key', () => {
    expect(keysOf(ACCOUNTS_MESSAGES.en!)).toEqual(keysOf(ACCOUNTS_MESSAGES['zh-CN']!));
  });

  it.each([
    ['an active query user of the own unit', account(), ['disable', 'unlock', 'password_reset']],
    ['a disabled one', account({ status: 'disabled' }), ['restore', 'unlock', 'password_reset']],
    ['an info admin with a bound certificate', account({ role: 'info_admin', certStatus: 'active' }), ['disable', 'unlock', 'password_reset', 'certificate_freeze', 'certificate_revoke']],
    ['an info admin with a frozen certificate', account({ role: 'info_admin', certStatus: 'frozen' }), ['disable', 'unlock', 'password_reset', 'certificate_revoke', 'certificate_bind']],
    ['the system admin of a school below', schoolAdmin(), ['disable', 'unlock', 'password_reset']],
    ['a query user of a school below (the school’s own admin manages it)', schoolAdmin({ role: 'query_user' }), []],
    ['a system admin two levels below', schoolAdmin({ scopePath: '/1/2/3/7/9/' }), []],
    ['another system admin of the own unit', account({ role: 'system_admin' }), []],
  ])('for a county system admin: %s', (_name, row, expected) => {
    expect(accountActions(countyAdmin(), row, 'me')).toEqual(expected);
  });

  it('nothing on one’s own account, nothing for an information admin', () => {
    expect(accountActions(countyAdmin(), account({ id: 'me' }), 'me')).toEqual([]);
    expect(accountActions(countyInfo(), account(), 'info')).toEqual([]);
  });

  it('roles to create: the own unit’s staff roles, only system admins in a unit below', () => {
    expect(creatableRoles(countyAdmin(), { id: COUNTY.id, name: '', code: '', level: 'county', path: COUNTY.path })).toEqual(['info_admin', 'query_user', 'training_admin', 'teacher', 'training_institution']);
    expect(creatableRoles(countyAdmin(), { id: 'u-school', name: '', code: '', level: 'school', path: '/1/2/3/7/' })).toEqual(['system_admin']);
    expect(creatableRoles(countyInfo(), { id: COUNTY.id, name: '', code: '', level: 'county', path: COUNTY.path })).toEqual([]);
  });

  it('requests are decided by the managing unit’s admin, never on their own', () => {
    const req = { id: 'r1', status: 'pending', managingUnitId: COUNTY.id, requestedBy: 'x' } as ChangeRequestRow;
    expect(canDecide(countyAdmin(), req, 'me')).toBe(true);
    expect(canDecide(countyAdmin(), { ...req, requestedBy: 'me' }, 'me')).toBe(false);
    expect(canDecide(countyAdmin(), { ...req, status: 'approved' }, 'me')).toBe(false);
    expect(canDecide(countyAdmin(), { ...req, managingUnitId: 'u-school' }, 'me')).toBe(false);
  });
});

/** The gateway as the page sees it: a page of accounts, changes applied at once, a pending reset request. */
function fakeGateway(requestTotal = 1) {
  const calls: { op: string; variables: Record<string, unknown> }[] = [];
  const rows = [account(), schoolAdmin()];
  const request: ChangeRequestRow = {
    id: 'r1', accountId: 'a1', kind: 'password_reset', payload: {}, reason: '本人申请重置密码', status: 'pending', managingUnitId: COUNTY.id, requestedBy: 'a1',
    decidedAt: null, decisionComment: null, createdAt: '2026-12-06T08:00:00Z', temporaryPassword: null, account: { username: 'dhq-query', realName: '王查询', unitName: '东湖区教育局' },
  };
  const host: PortalHost = {
    version: 1,
    async graphql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
      const op = ['requestAccountChange', 'decideAccountChange', 'accountChangeRequestPage', 'accounts'].find((name) => query.includes(`${name}(`))!;
      calls.push({ op, variables });
      if (op === 'accounts') return { accounts: { nodes: rows.map((r) => ({ ...r })), totalCount: 45 } } as T;
      if (op === 'requestAccountChange') {
        const i = variables.i as { accountId: string; kind: string };
        const row = rows.find((r) => r.id === i.accountId)!;
        if (i.kind === 'disable') row.status = 'disabled';
        return { requestAccountChange: { ...request, id: 'r2', kind: i.kind, status: 'approved', temporaryPassword: i.kind === 'password_reset' ? 'Tmp#Pass1234' : null } } as T;
      }
      if (op === 'accountChangeRequestPage') return { accountChangeRequestPage: { nodes: [request], totalCount: requestTotal } } as T;
      return { decideAccountChange: { ...request, status: 'approved', temporaryPassword: 'Abc#Defg5678' } } as T;
    },
    fetch: async () => new Response(null, { status: 404 }),
    user: () => null,
    errorText: (code, fallback = '') => fallback || code || '',
  };
  return { host, calls };
}

function mountWith(component: typeof AccountList | typeof ChangeRequestList, host: PortalHost) {
  const i18n = createAppI18n('zh-CN');
  installAccountsMessages(i18n);
  return mount(component, { attachTo: document.body, global: { plugins: [i18n, ElementPlus, [abilitiesPlugin, countyAdmin()]], provide: { 'tmis:portal-host': host } } });
}

describe('AccountList', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    useSessionStore().me = { id: 'me', username: 'dhq-sys', realName: '管理员', role: 'system_admin', unit: { id: COUNTY.id, code: '330102', name: '东湖区教育局', level: 'county', path: COUNTY.path }, mustChangePassword: false, authMethod: 'password' } as never;
    document.body.innerHTML = '';
  });

  it('pages on the server and searches from the first page', async () => {
    const { host, calls } = fakeGateway();
    const wrapper = mountWith(AccountList, host);
    await flushPromises();
    expect(calls[0]).toMatchObject({ op: 'accounts', variables: { first: 20, offset: 0 } });
    expect(wrapper.get('[data-test="account-table"]').text()).toContain('dhq-s2-sys');
    expect(wrapper.get('[data-test="account-pager"]').text()).toContain('45');
    await wrapper.get('[data-test="account-pager"] .btn-next').trigger('click');
    await flushPromises();
    expect(calls.at(-1)).toMatchObject({ op: 'accounts', variables: { offset: 20 } });
    await wrapper.get('input[data-test="account-search"]').setValue('王');
    await wrapper.get('[data-test="account-search-submit"]').trigger('click');
    await flushPromises();
    expect(calls.at(-1)).toMatchObject({ op: 'accounts', variables: { search: '王', offset: 0 } });
  });

  it('disabling asks for a reason first, then files the change; a reset needs the irreversible box and shows the password once', async () => {
    const { host, calls } = fakeGateway();
    const wrapper = mountWith(AccountList, host);
    await flushPromises();
    await wrapper.get('[data-test="account-disable-dhq-query"]').trigger('click');
    await flushPromises();
    const ok = () => document.querySelector<HTMLButtonElement>('[data-test="account-confirm-ok"]')!;
    expect(document.querySelector('[data-test="account-confirm"]')!.textContent).toContain('停用后该账号不能登录');
    expect(ok().disabled).toBe(true);
    expect(calls.some((c) => c.op === 'requestAccountChange')).toBe(false);
    const reason = document.querySelector<HTMLTextAreaElement>('[data-test="account-confirm-reason"]')!;
    reason.value = '离职';
    reason.dispatchEvent(new Event('input'));
    await flushPromises();
    ok().click();
    await flushPromises();
    expect(calls.find((c) => c.op === 'requestAccountChange')!.variables).toMatchObject({ i: { accountId: 'a1', kind: 'disable', reason: '离职' } });
    expect(wrapper.get('[data-test="account-applied"]').text()).toContain('已生效：停用');
    expect(wrapper.get('[data-test="account-status-dhq-query"]').text()).toBe('已停用');

    // Beyond the first two, the changes are under 更多操作.
    await wrapper.get('[data-test="account-more-dhq-s2-sys"]').trigger('click');
    await flushPromises();
    document.querySelector<HTMLElement>('[data-test="account-password_reset-dhq-s2-sys"]')!.click();
    await flushPromises();
    const reason2 = document.querySelector<HTMLTextAreaElement>('[data-test="account-confirm-reason"]')!;
    reason2.value = '忘记密码';
    reason2.dispatchEvent(new Event('input'));
    await flushPromises();
    expect(ok().disabled).toBe(true);
    document.querySelector<HTMLInputElement>('[data-test="account-confirm-ack"] input')!.click();
    await flushPromises();
    ok().click();
    await flushPromises();
    expect(document.querySelector('[data-test="account-secret-value"]')!.textContent).toBe('Tmp#Pass1234');
  });
});

describe('ChangeRequestList', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    useSessionStore().me = { id: 'me', username: 'dhq-sys', unit: { id: COUNTY.id, path: COUNTY.path } } as never;
    document.body.innerHTML = '';
  });

  it('approving a reset request shows the temporary password to the approver once', async () => {
    const { host, calls } = fakeGateway();
    const wrapper = mountWith(ChangeRequestList, host);
    await flushPromises();
    expect(calls[0]).toMatchObject({ op: 'accountChangeRequestPage', variables: { s: 'pending', first: 20, offset: 0 } });
    expect(wrapper.get('[data-test="change-request-table"]').text()).toContain('王查询（dhq-query）');
    await wrapper.get('[data-test="change-request-approve-r1"]').trigger('click');
    await flushPromises();
    document.querySelector<HTMLButtonElement>('[data-test="change-request-decide-ok"]')!.click();
    await flushPromises();
    expect(calls.find((c) => c.op === 'decideAccountChange')!.variables).toMatchObject({ id: 'r1', a: true });
    expect(document.querySelector('[data-test="account-secret-value"]')!.textContent).toBe('Abc#Defg5678');
  });

  it('pages on the server with the total: a page asks for its offset, a new status starts at the first page', async () => {
    const { host, calls } = fakeGateway(45);
    const wrapper = mountWith(ChangeRequestList, host);
    await flushPromises();
    expect(wrapper.get('[data-test="change-request-pager"] .el-pagination__total').text()).toMatch(/\b45\b/);
    await wrapper.get('[data-test="change-request-pager"] .el-pager li:last-child').trigger('click');
    await flushPromises();
    expect(calls.at(-1)).toMatchObject({ op: 'accountChangeRequestPage', variables: { s: 'pending', first: 20, offset: 40 } });
    await wrapper.findAll('[data-test="change-request-status"] input')[1]!.setValue(true);
    await flushPromises();
    expect(calls.at(-1)).toMatchObject({ op: 'accountChangeRequestPage', variables: { s: 'approved', first: 20, offset: 0 } });
  });
});
