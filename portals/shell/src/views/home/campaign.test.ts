import { abilitiesPlugin } from '@casl/vue';
import { defineRulesFor, packAbilityRules, type Principal } from '@tmis/shared';
import { flushPromises, mount } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { describe, expect, it } from 'vitest';
import { applyPackedRules, createAppAbility, type AppAbility } from '../../auth/ability';
import { createAppI18n } from '../../i18n';
import type { PortalHost } from '../../modules/portal-host';
import { canConfirmUnchanged, confirmationOutcome, deadlineParts, setNames } from './campaign';
import CampaignPanel from './CampaignPanel.vue';
import type { Campaign, CampaignTeacher, ConfirmationResult } from './dashboard-api';
import { installDashboardMessages } from './messages';

function abilityOf(role: Principal['role'], unitLevel: Principal['unitLevel']): AppAbility {
  const ability = createAppAbility();
  applyPackedRules(ability, packAbilityRules(defineRulesFor({ accountId: 'a1', role, unitId: 'u1', unitPath: '/1/2/3/4/', unitLevel })));
  return ability;
}

const campaign = (countyDeadline: string | null): Campaign => ({
  id: 'c1', title: '2026年度教师信息全面更新（2027年3月31日前）', opensOn: '2026-10-01', deadline: '2027-03-31',
  countyDeadline, effectiveDeadline: countyDeadline ?? '2027-03-31',
});

describe('campaign panel rules', () => {
  it.each([
    ['info_admin', 'school', true],
    ['info_admin', 'department', true],
    ['info_admin', 'county', false],
    ['query_user', 'school', false],
    ['teacher', 'school', false],
  ] as const)('a %s of a %s confirms unchanged: %s', (role, level, can) => {
    expect(canConfirmUnchanged(abilityOf(role, level))).toBe(can);
  });

  it('shows the county deadline only when the county set an earlier one', () => {
    expect(deadlineParts(campaign('2027-03-15'))).toEqual({ province: '2027-03-31', county: '2027-03-15' });
    expect(deadlineParts(campaign(null))).toEqual({ province: '2027-03-31', county: null });
    // The province moved its own deadline before the county's: the county's no longer applies.
    expect(deadlineParts({ ...campaign('2027-03-15'), deadline: '2027-03-10' }).county).toBeNull();
  });

  it('names the sets in the user\'s language', () => {
    expect(setNames(['basic', 'domestic_training'], 'zh-CN')).toEqual(['基本信息', '国内培训']);
    expect(setNames(['teaching', 'no_such'], 'en')).toEqual(['Teaching', 'no_such']);
  });

  it('sums up a bulk confirmation, naming the first refusal', () => {
    const r = (teacherId: string, ok: boolean, code: string | null = null): ConfirmationResult => ({ teacherId, ok, code, message: code ? `因为${code}` : null, infoSets: [] });
    expect(confirmationOutcome([r('t1', true), r('t2', true)])).toEqual({ ok: 2, failed: 0, first: null });
    expect(confirmationOutcome([r('t1', true), r('t2', false, 'NOT_FOUND_OR_NO_ACCESS'), r('t3', false, 'TEACHER_NOT_COLLECTED')]))
      .toEqual({ ok: 1, failed: 2, first: { code: 'NOT_FOUND_OR_NO_ACCESS', message: '因为NOT_FOUND_OR_NO_ACCESS' } });
  });
});

/** The gateway as the panel sees it: a school with two teachers not yet updated, in a county with its own deadline. */
function fakeGateway(countyDeadline: string | null) {
  const calls: { op: string; variables: Record<string, unknown> }[] = [];
  let pending: CampaignTeacher[] = [
    { teacherId: 't1', teacherNo: '33010219850315010X', name: '张老师', missingSets: ['basic', 'domestic_training'] },
    { teacherId: 't2', teacherNo: '330102198503150128', name: '李老师', missingSets: ['teaching'] },
  ];
  const total = () => ({ unitId: 'u1', unitName: '甲一区第一小学', teachers: 3, entered: 2, submitted: 1, approved: 1, updated: 3 - pending.length, returned: 0, pending: 1,
    overdue: 0, completion: (3 - pending.length) / 3, deadline: countyDeadline ?? '2027-03-31' });
  const host: PortalHost = {
    version: 1,
    async graphql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
      const op = /(?:query|mutation) (\w+)/.exec(query)![1]!;
      calls.push({ op, variables });
      if (op === 'HomeCampaign') return { updateCampaign: campaign(countyDeadline) } as T;
      if (op === 'HomeCampaignProgress') return { campaignProgress: { total: total(), lagging: [] } } as T;
      if (op === 'HomeCampaignTeachers') return { campaignTeachers: { nodes: pending, totalCount: pending.length } } as T;
      if (op === 'HomeConfirmUnchanged') {
        const ids = variables.teachers as string[];
        pending = pending.filter((x) => !ids.includes(x.teacherId));
        return { confirmArchiveUnchanged: ids.map((teacherId) => ({ teacherId, ok: true, code: null, message: null, infoSets: ['basic'] })) } as T;
      }
      throw new Error(`unexpected ${op}`);
    },
    fetch: async () => new Response(null, { status: 404 }),
    user: () => null,
    errorText: (code, fallback = '') => fallback || code || '',
  };
  return { host, calls };
}

function render(host: PortalHost, ability: AppAbility) {
  const i18n = createAppI18n('zh-CN');
  installDashboardMessages(i18n);
  return mount(CampaignPanel, { global: { plugins: [i18n, ElementPlus, [abilitiesPlugin, ability]], provide: { 'tmis:portal-host': host } } });
}

describe('CampaignPanel', () => {
  it('a school lists its teachers not yet updated and confirms the selected ones unchanged (确认无变化)', async () => {
    const { host, calls } = fakeGateway('2027-03-15');
    const wrapper = render(host, abilityOf('info_admin', 'school'));
    await flushPromises();
    // The county's earlier deadline is the one shown for the window, the province's beside it.
    expect(wrapper.text()).toContain('2026-10-01 至 2027-03-15');
    expect(wrapper.get('[data-test="campaign-county-deadline"]').text()).toBe('本县（区）截止：2027-03-15全省截止：2027-03-31');
    expect(wrapper.get('[data-test="campaign-updated"]').text()).toContain('1');
    expect(wrapper.text()).toContain('完成率（必填信息子集均已录入或确认无变化）');
    expect(wrapper.findAll('[data-test="campaign-not-updated-teacher"]').map((x) => x.text())).toEqual(['张老师（33010219850315010X）', '李老师（330102198503150128）']);
    expect(wrapper.findAll('[data-test="campaign-not-updated-missing"]').map((x) => x.text())).toEqual(['基本信息、国内培训', '教育教学']);
    expect(wrapper.get('[data-test="campaign-confirm"]').attributes('disabled')).toBeDefined();

    // Select the first teacher, ask, confirm.
    await wrapper.get('[data-test="campaign-not-updated"] tbody .el-checkbox__original').setValue(true);
    await flushPromises();
    await wrapper.get('[data-test="campaign-confirm"]').trigger('click');
    expect(wrapper.get('[data-test="campaign-confirm-prompt"]').text()).toContain('确认所选 1 名教师本期必填信息子集均无变化？');
    await wrapper.get('[data-test="campaign-confirm-yes"]').trigger('click');
    await flushPromises();
    expect(calls.find((c) => c.op === 'HomeConfirmUnchanged')!.variables).toEqual({ id: 'c1', teachers: ['t1'] });
    // Progress and the list are read again.
    expect(calls.filter((c) => c.op === 'HomeCampaignProgress')).toHaveLength(2);
    expect(wrapper.findAll('[data-test="campaign-not-updated-teacher"]').map((x) => x.text())).toEqual(['李老师（330102198503150128）']);
    expect(wrapper.get('[data-test="campaign-updated"]').text()).toContain('2');
  });

  it('a county sees its progress and deadline, without the school\'s confirmation list', async () => {
    const { host, calls } = fakeGateway(null);
    const wrapper = render(host, abilityOf('info_admin', 'county'));
    await flushPromises();
    expect(wrapper.text()).toContain('2026-10-01 至 2027-03-31');
    expect(wrapper.find('[data-test="campaign-county-deadline"]').exists()).toBe(false);
    expect(wrapper.find('[data-test="campaign-not-updated"]').exists()).toBe(false);
    expect(calls.map((c) => c.op)).toEqual(['HomeCampaign', 'HomeCampaignProgress']);
  });
});
