import { computed } from 'vue';
import { useI18n } from 'vue-i18n';

// Chinese first; `en` mirrors every key. Merged into the shell's one i18n instance under
// `registration.*`, so the language switch in the header switches this module too.
const zh = {
  title: '教师资格定期注册',
  tabs: { due: '应注册名单', mine: '我的教师资格', review: '注册审核' },
  common: {
    search: '查询', cancel: '取消', confirm: '确定', submit: '提交', actions: '操作', none: '暂无数据', yes: '是', no: '否', back: '返回',
    refresh: '刷新', noAccess: '您没有使用此功能的权限', year: '注册年度', total: '共 {n} 条', conflict: '事项已被他人办理，已刷新',
  },
  results: { registered: '注册合格', deferred: '暂缓注册', refused: '不予注册', in_review: '审核中', returned: '已退回' } as Record<string, string>,
  dueReasons: { first: '首次注册', deferred: '此前暂缓注册', expiring: '注册有效期届满' } as Record<string, string>,
  due: {
    title: '应办理定期注册的教师资格', teacher: '教师', teacherNo: '教师个人标识码', school: '学校', type: '资格种类', certificateNo: '证书号码',
    reason: '应注册原因', lastResult: '最近结论', validUntil: '有效期至', inProgress: '办理中', apply: '为所选教师申请注册', applied: '已提交 {n} 人的注册申请（{b} 批），等待学校审核',
    summary: '共 {total} 项，其中办理中 {inProgress} 项', empty: '该年度没有应办理定期注册的教师资格', selected: '已选 {n} 项',
  },
  teacher: {
    back: '返回名单', qualifications: '教师资格', type: '资格种类', subject: '任教学科', certificateNo: '证书号码', issuer: '颁发机构', issueDate: '颁发日期',
    recordStatus: '档案状态', state: '注册状态', notRegistered: '未注册', validUntil: '有效期至', inProgress: '注册申请办理中', eligibility: '注册条件',
    check: '查看注册条件', apply: '申请定期注册', applied: '注册申请已提交，等待学校审核', applyConfirm: '以 {year} 年度为该教师资格申请定期注册？', applyUnmet: '尚未满足的条件：{reasons}。仍可申请，由主管部门作出结论（可能暂缓注册）。',
    cycle: '考查周期 {start}—{end} 年', eligible: '符合定期注册条件', notEligible: '不符合定期注册条件', history: '注册历史', empty: '暂无教师资格记录',
    noHistory: '暂无注册记录', decidedAt: '结论时间', resultReason: '原因', conditionsHidden: '注册条件依据年度考核与师德信息，仅限学校及主管部门信息管理员与本人查看',
    recordPending: '审核中',
  },
  review: {
    title: '待我审核的注册申请', school: '申请学校', year: '注册年度', size: '人数', eligibleCount: '符合条件', step: '当前环节', days: '已等待 {n} 天',
    approve: '审核通过', decide: '作出注册结论', return: '退回', approveComment: '审核意见（可不填）', returnPrompt: '请填写退回原因', reasonRequired: '请填写原因',
    approved: '已审核通过，送主管部门注册', returned: '已退回', empty: '没有等待您审核的注册申请', unmet: '未满足的注册条件',
  },
  batch: {
    title: '定期注册申请', back: '返回审核', school: '申请学校', year: '注册年度', status: '状态', teacher: '教师', certificateNo: '证书号码', cycle: '考查周期',
    conditions: '注册条件', result: '注册结论', reason: '原因', reasonPlaceholder: '暂缓或不予注册须说明原因', comment: '办理意见（可不填）', decide: '提交注册结论',
    decided: '注册结论已作出', notAtDecision: '该申请当前不在主管部门注册环节', stepNow: '当前环节：{step}', caseStatus: { in_progress: '办理中', approved: '已办结', returned: '已退回', withdrawn: '已撤回', cancelled: '已撤销' } as Record<string, string>,
    validUntil: '有效期至',
  },
  errors: { notEligible: '不符合注册条件，不能注册为合格', reasonRequired: '请说明原因' } as Record<string, string>,
};

export type RegistrationMessages = typeof zh;

const en: RegistrationMessages = {
  title: 'Qualification registration',
  tabs: { due: 'Due for registration', mine: 'My qualifications', review: 'Registration review' },
  common: {
    search: 'Search', cancel: 'Cancel', confirm: 'OK', submit: 'Submit', actions: 'Actions', none: 'No data', yes: 'Yes', no: 'No', back: 'Back',
    refresh: 'Refresh', noAccess: 'You may not use this function', year: 'Registration year', total: '{n} in total', conflict: 'Someone acted first; reloaded',
  },
  results: { registered: 'Registered', deferred: 'Deferred', refused: 'Refused', in_review: 'In review', returned: 'Returned' },
  dueReasons: { first: 'First registration', deferred: 'Deferred earlier', expiring: 'Registration expires' },
  due: {
    title: 'Qualifications due for periodic registration', teacher: 'Teacher', teacherNo: 'Teacher number', school: 'School', type: 'Qualification', certificateNo: 'Certificate',
    reason: 'Why due', lastResult: 'Last result', validUntil: 'Valid until', inProgress: 'In progress', apply: 'Apply for the selected', applied: 'Applications for {n} filed ({b} batches); waiting for the school',
    summary: '{total} in total, {inProgress} in progress', empty: 'No qualifications are due that year', selected: '{n} selected',
  },
  teacher: {
    back: 'Back to the list', qualifications: 'Qualifications', type: 'Qualification', subject: 'Subject', certificateNo: 'Certificate', issuer: 'Issued by', issueDate: 'Issued',
    recordStatus: 'Record', state: 'Registration', notRegistered: 'Not registered', validUntil: 'Valid until', inProgress: 'Application in progress', eligibility: 'Conditions',
    check: 'Check the conditions', apply: 'Apply for registration', applied: 'Application filed; waiting for the school', applyConfirm: 'Apply for the periodic registration of this qualification for {year}?', applyUnmet: 'Conditions not met yet: {reasons}. You may still apply; the authority decides (registration may be deferred).',
    cycle: 'Reviewed cycle {start}–{end}', eligible: 'Meets the conditions', notEligible: 'Does not meet the conditions', history: 'Registration history', empty: 'No qualifications recorded',
    noHistory: 'No registrations yet', decidedAt: 'Decided', resultReason: 'Reason', conditionsHidden: 'The conditions rest on assessments and ethics records: visible to information admins and the teacher only',
    recordPending: 'In review',
  },
  review: {
    title: 'Applications waiting for me', school: 'School', year: 'Year', size: 'Teachers', eligibleCount: 'Eligible', step: 'Step', days: 'Waiting {n} days',
    approve: 'Approve', decide: 'Decide', return: 'Return', approveComment: 'Comment (optional)', returnPrompt: 'Reason for returning', reasonRequired: 'Please give a reason',
    approved: 'Approved; sent to the authority', returned: 'Returned', empty: 'No applications wait for you', unmet: 'Conditions not met',
  },
  batch: {
    title: 'Registration application', back: 'Back to review', school: 'School', year: 'Year', status: 'Status', teacher: 'Teacher', certificateNo: 'Certificate', cycle: 'Cycle',
    conditions: 'Conditions', result: 'Result', reason: 'Reason', reasonPlaceholder: 'A deferral or refusal needs a reason', comment: 'Comment (optional)', decide: 'Submit the decision',
    decided: 'Decision made', notAtDecision: 'The application is not at the authority step', stepNow: 'Current step: {step}', caseStatus: { in_progress: 'In progress', approved: 'Completed', returned: 'Returned', withdrawn: 'Withdrawn', cancelled: 'Cancelled' },
    validUntil: 'Valid until',
  },
  errors: { notEligible: 'Not eligible: cannot be registered', reasonRequired: 'Please give a reason' },
};

export const MESSAGES = { 'zh-CN': zh, en } as const;

interface GlobalComposer {
  mergeLocaleMessage(locale: string, message: Record<string, unknown>): void;
}
const merged = new WeakSet<object>();

/** Adds `registration.*` to the shell's i18n once per instance. */
export function ensureMessages(global: GlobalComposer): void {
  if (merged.has(global)) return;
  for (const [locale, messages] of Object.entries(MESSAGES)) global.mergeLocaleMessage(locale, { registration: messages as unknown as Record<string, unknown> });
  merged.add(global);
}

export function useRegistrationI18n() {
  const composer = useI18n({ useScope: 'global' });
  ensureMessages(composer as unknown as GlobalComposer);
  const isEn = computed(() => composer.locale.value === 'en');
  // A code's label; empty for a missing code (table columns render their templates once without a row).
  const tl = (prefix: string, code: unknown): string => (code == null || code === '' ? '' : composer.t(`${prefix}.${String(code)}`));
  return { t: composer.t, tl, locale: composer.locale, isEn };
}
