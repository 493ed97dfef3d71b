import { codeName } from '@tmis/shared/codes';
import { computed } from 'vue';
import { useI18n } from 'vue-i18n';

// Chinese first; `en` mirrors every key. Merged into the shell's one i18n instance under
// `titleEvaluation.*`, so the language switch in the header switches this module too.
const zh = {
  title: '职称评聘',
  tabs: { rounds: '评审轮次与名额', nominations: '推荐申报', review: '推荐审核' },
  common: {
    refresh: '刷新', cancel: '取消', confirm: '确定', actions: '操作', none: '暂无数据', noAccess: '您没有使用此功能的权限',
    round: '评审轮次', chooseRound: '选择评审轮次', noRound: '暂无评审轮次',
  },
  rounds: {
    open: '开启评审轮次', close: '结束轮次', closeConfirm: '结束后不再接受推荐，确定结束吗？', year: '年度', name: '名称', titles: '评审职称',
    window: '申报时间', totalQuota: '名额总数', minYears: '任现职年限', assessmentYears: '近年考核年数', status: '状态', opened: '评审轮次已开启，名额已分配',
    statuses: { open: '进行中', closed: '已结束' } as Record<string, string>, namePlaceholder: '默认：某年度职称评审', yearsUnit: '年',
    windowStart: '开始日期', windowEnd: '截止日期',
  },
  quotas: {
    title: '名额分配', of: '{unit}的名额', unit: '单位', headcount: '在岗人数', exact: '应得份额', floor: '整数部分', remainder: '余数', rank: '余数排名',
    plusOne: '余数追加', quota: '名额', used: '已推荐', down: '已下分', available: '可用', method: '计算方法', totalHeadcount: '在岗人数合计 {n}',
    leftover: '按余数分配 {n} 个', allocate: '再分配给下级', allocatePrompt: '分配给直接下级的名额总数（不超过 {max}）', allocated: '已按在岗人数再分配',
    drill: '查看下分', back: '返回 {unit}', noOwn: '本单位没有单独分到名额，推荐时使用上级单位的名额',
    drawn: '推荐使用{unit}的名额', invalidTotal: '请输入 0 至 {max} 的整数',
  },
  nominations: {
    list: '推荐名单', teacher: '教师', school: '学校', from: '现任职称', to: '申报职称', status: '状态', step: '当前环节', reason: '退回/撤销原因',
    conditions: '条件核验', withdraw: '撤回', withdrawConfirm: '撤回推荐后名额将释放，确定撤回吗？', withdrawn: '已撤回',
    add: '推荐教师', search: '按姓名查找本单位教师', check: '核验资格', nominate: '推荐', nominated: '已推荐，进入审核',
    eligible: '符合申报条件', notEligible: '不符合申报条件', met: '符合', notMet: '不符合',
    statuses: { in_review: '审核中', approved: '已通过并聘任', returned: '已退回', withdrawn: '已撤回', cancelled: '已撤销' } as Record<string, string>,
  },
  review: {
    title: '待我审核的推荐', empty: '没有等待您审核的推荐', approve: '同意', return: '退回', returnPrompt: '请填写退回原因（学校可见）', reasonRequired: '请填写退回原因',
    approved: '已同意', returned: '已退回', days: '等待天数',
  },
  errors: {
    TITLE_ROUND_INVALID: '评审轮次设置无效（年度、职称、申报时间或条件）', TITLE_ROUND_DUPLICATE: '该年度已有评审轮次', TITLE_ROUND_NOT_OPEN: '不在申报时间内或评审轮次已结束',
    TITLE_NOT_ELIGIBLE: '该教师不符合申报条件', TITLE_NO_QUOTA: '本单位在该轮次没有推荐名额', TITLE_QUOTA_EXCEEDED: '推荐人数已达本单位名额',
    TITLE_ALREADY_NOMINATED: '该教师在本轮次已被推荐', TITLE_QUOTA_TOO_LARGE: '再分配总数不能超过本单位名额', TITLE_QUOTA_IN_USE: '名额已被使用，不能再分配',
    TITLE_NOMINATION_NOT_PENDING: '该推荐已办结，不能撤回', TITLE_NOMINATION_STALE: '教师已不在岗或已调离，不能聘任',
  } as Record<string, string>,
};

export type TitleMessages = typeof zh;

const en: TitleMessages = {
  title: 'Title evaluation',
  tabs: { rounds: 'Rounds and quotas', nominations: 'Nominations', review: 'Review' },
  common: {
    refresh: 'Refresh', cancel: 'Cancel', confirm: 'OK', actions: 'Actions', none: 'No data', noAccess: 'You may not use this function',
    round: 'Round', chooseRound: 'Choose a round', noRound: 'No rounds yet',
  },
  rounds: {
    open: 'Open a round', close: 'Close round', closeConfirm: 'No nominations are accepted after closing. Close the round?', year: 'Year', name: 'Name', titles: 'Titles',
    window: 'Nomination window', totalQuota: 'Total quota', minYears: 'Years in current title', assessmentYears: 'Assessment years', status: 'Status', opened: 'Round opened; quotas allocated',
    statuses: { open: 'Open', closed: 'Closed' }, namePlaceholder: 'Default: title evaluation of the year', yearsUnit: 'years',
    windowStart: 'Start', windowEnd: 'Deadline',
  },
  quotas: {
    title: 'Quota allocation', of: 'Quota of {unit}', unit: 'Unit', headcount: 'Active staff', exact: 'Exact share', floor: 'Whole part', remainder: 'Remainder', rank: 'Remainder rank',
    plusOne: 'From remainder', quota: 'Quota', used: 'Nominated', down: 'Passed down', available: 'Available', method: 'Method', totalHeadcount: '{n} active staff in all',
    leftover: '{n} given by remainder', allocate: 'Pass down', allocatePrompt: 'Places to pass to the units directly below (at most {max})', allocated: 'Passed down by headcount',
    drill: 'Its split', back: 'Back to {unit}', noOwn: 'Your unit has no quota of its own; nominations draw on the quota above it',
    drawn: 'Nominations draw on the quota of {unit}', invalidTotal: 'Enter a whole number from 0 to {max}',
  },
  nominations: {
    list: 'Nominations', teacher: 'Teacher', school: 'School', from: 'Current title', to: 'Title applied for', status: 'Status', step: 'Current step', reason: 'Reason',
    conditions: 'Conditions', withdraw: 'Withdraw', withdrawConfirm: 'Withdraw the nomination and free the place?', withdrawn: 'Withdrawn',
    add: 'Nominate a teacher', search: 'Find a teacher of your unit by name', check: 'Check eligibility', nominate: 'Nominate', nominated: 'Nominated; now in review',
    eligible: 'Meets the conditions', notEligible: 'Does not meet the conditions', met: 'Met', notMet: 'Not met',
    statuses: { in_review: 'In review', approved: 'Approved and appointed', returned: 'Returned', withdrawn: 'Withdrawn', cancelled: 'Cancelled' },
  },
  review: {
    title: 'Nominations waiting for me', empty: 'Nothing is waiting for you', approve: 'Approve', return: 'Return', returnPrompt: 'Reason for returning (the school sees it)', reasonRequired: 'Please give a reason',
    approved: 'Approved', returned: 'Returned', days: 'Days waiting',
  },
  errors: {
    TITLE_ROUND_INVALID: 'Invalid round settings (year, titles, window or conditions)', TITLE_ROUND_DUPLICATE: 'A round for this year already exists', TITLE_ROUND_NOT_OPEN: 'Nominations are not open for this round',
    TITLE_NOT_ELIGIBLE: 'The teacher does not meet the conditions', TITLE_NO_QUOTA: 'Your unit has no quota in this round', TITLE_QUOTA_EXCEEDED: 'Your unit’s quota is used up',
    TITLE_ALREADY_NOMINATED: 'The teacher is already nominated in this round', TITLE_QUOTA_TOO_LARGE: 'You cannot allocate more than your own quota', TITLE_QUOTA_IN_USE: 'The quota is in use and cannot be re-allocated',
    TITLE_NOMINATION_NOT_PENDING: 'The nomination is no longer in review', TITLE_NOMINATION_STALE: 'The teacher has left or moved; the title cannot be appointed',
  },
};

export const MESSAGES = { 'zh-CN': zh, en } as const;

interface GlobalComposer {
  mergeLocaleMessage(locale: string, message: Record<string, unknown>): void;
}
const merged = new WeakSet<object>();

/** Adds `titleEvaluation.*` to the shell's i18n once per instance. */
export function ensureMessages(global: GlobalComposer): void {
  if (merged.has(global)) return;
  for (const [locale, messages] of Object.entries(MESSAGES)) global.mergeLocaleMessage(locale, { titleEvaluation: messages as unknown as Record<string, unknown> });
  merged.add(global);
}

/** Titles offered by rounds (the upper rung of each promotion), as the module's rules say. */
export const EVALUATED_TITLES = [
  'k12_second', 'k12_first', 'k12_senior', 'k12_senior_full', 'he_lecturer', 'he_associate_professor', 'he_professor', 'voc_lecturer', 'voc_senior_lecturer', 'voc_senior_full_lecturer',
] as const;

export function titleLabel(code: string | null | undefined, locale: string): string {
  if (!code) return '—';
  return codeName('professionalTitle', code, locale === 'en' ? 'en' : 'zh-CN') ?? code;
}

/** An error of a call: the module's own codes from its table, core codes from the shell. */
export function errorTextOf(e: unknown, locale: string, hostText: (code: string | null | undefined, fallback?: string) => string): string {
  const err = e as { code?: string; message?: string };
  const table = MESSAGES[locale === 'en' ? 'en' : 'zh-CN'].errors;
  if (err?.code && table[err.code]) return table[err.code]!;
  return hostText(err?.code, err?.message ?? '');
}

export function useTitleI18n() {
  const composer = useI18n({ useScope: 'global' });
  ensureMessages(composer as unknown as GlobalComposer);
  const isEn = computed(() => composer.locale.value === 'en');
  return { t: composer.t, locale: composer.locale, isEn };
}
