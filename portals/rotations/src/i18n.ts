import { computed } from 'vue';
import { useI18n } from 'vue-i18n';

// Chinese first; `en` mirrors every key. Merged into the shell's one i18n instance under
// `rotations.*`, so the language switch in the header switches this module too.
const zh = {
  title: '交流轮岗',
  tabs: { list: '交流记录', new: '发起交流', inbox: '待我审批', counts: '交流统计' },
  common: {
    cancel: '取消', confirm: '确定', refresh: '刷新', actions: '操作', view: '查看', back: '返回列表', loading: '加载中…',
    noAccess: '您没有使用此功能的权限', none: '暂无数据', required: '此项为必填项', tooLong: '内容过长', yes: '是', no: '否',
    conflict: '该事项已被他人办理或已变化，已为您刷新',
  },
  status: { in_progress: '审批中', scheduled: '已批准，待生效', approved: '已批准', returned: '已退回', withdrawn: '已撤回', cancelled: '已撤销', all: '全部' },
  list: {
    year: '年度', teacher: '教师', teacherNo: '教师个人标识码', sending: '派出学校', receiving: '接收学校', period: '交流期限',
    personnelChange: '转人事关系', status: '状态', currentStep: '当前环节', createdAt: '申请时间', empty: '暂无交流轮岗记录',
    closeReason: '退回/撤销原因',
  },
  detail: {
    title: '交流轮岗详情', reason: '说明', timeline: '审批进度', withdraw: '撤回申请', withdrawConfirm: '确定撤回这份交流轮岗申请吗？撤回后流程结束。',
    withdrawn: '已撤回', cancel: '撤销申请', cancelPrompt: '请填写撤销原因', cancelled: '已撤销', notFound: '未找到该交流轮岗或无权查看',
    scheduledOn: '已批准，将于 {date} 生效', cancelScheduled: '撤销（生效前）',
    cancelScheduledPrompt: '撤销后这次交流轮岗不再生效，教师留在派出学校，双方学校都会收到通知。请填写撤销原因：',
    cancelReasonRequired: '请填写撤销原因', cancelScheduledDone: '已撤销，这次交流轮岗不再生效',
  },
  timeline: {
    apply: '发起申请', waiting: '待办理', later: '未开始', self: '（本人）', comment: '意见',
    actions: { approve: '同意', return: '退回', withdraw: '撤回', cancel: '撤销' } as Record<string, string>,
  },
  form: {
    title: '发起交流轮岗', intro: '由派出学校为本校在职教师发起，适用于义务教育阶段学校；交流期限不超过6年。',
    teacher: '交流教师', teacherPlaceholder: '输入姓名搜索本校在职教师', receiving: '接收学校', receivingPlaceholder: '选择可查询的学校', receivingIdPlaceholder: '或输入接收学校的单位ID',
    receivingHelp: '列表仅含您可查询的单位；其他学校请输入其单位ID（可向接收学校索取）。',
    startDate: '开始日期', endDate: '结束日期', personnelChange: '是否转人事关系', reason: '说明', reasonPlaceholder: '选填',
    changeYes: '是：派出学校主管部门、接收学校、接收学校主管部门依次审批，批准后档案转入接收学校',
    changeNo: '否：派出学校主管部门审批即可，人事关系保留在本校',
    submit: '提交申请', submitted: '交流轮岗申请已提交，等待派出学校主管部门审批', reset: '重置',
  },
  inbox: {
    title: '待我审批', empty: '没有等待您审批的交流轮岗事项', daysPending: '已等待', days: '{n} 天', approve: '同意', return: '退回',
    returnPrompt: '请填写退回原因（申请单位可见，退回后流程结束）', reasonRequired: '请填写退回原因', approved: '已同意',
    returned: '已退回', approveComment: '审批意见（选填）', countOf: '{name}：{n} 件', teacher: '教师', route: '派出 → 接收',
    period: '交流期限', step: '当前环节', received: '收到时间', otherTypes: '其他类型待办 {n} 件（在相应模块中办理）',
  },
  counts: {
    year: '年度', unit: '单位', sent: '派出人数', received: '接收人数', withPersonnelChange: '其中转人事关系', total: '合计',
    note: '按下级单位统计当年开始的已批准交流轮岗', empty: '暂无数据',
  },
};

export type RotationsMessages = typeof zh;

const en: RotationsMessages = {
  title: 'Rotations',
  tabs: { list: 'Rotations', new: 'New rotation', inbox: 'Waiting for me', counts: 'Counts' },
  common: {
    cancel: 'Cancel', confirm: 'OK', refresh: 'Refresh', actions: 'Actions', view: 'View', back: 'Back to the list', loading: 'Loading…',
    noAccess: 'You may not use this function', none: 'No data', required: 'Required', tooLong: 'Too long', yes: 'Yes', no: 'No',
    conflict: 'Someone else acted on this case or it changed; reloaded',
  },
  status: { in_progress: 'In approval', scheduled: 'Approved, pending effect', approved: 'Approved', returned: 'Returned', withdrawn: 'Withdrawn', cancelled: 'Cancelled', all: 'All' },
  list: {
    year: 'Year', teacher: 'Teacher', teacherNo: 'Teacher number', sending: 'Sending school', receiving: 'Receiving school', period: 'Period',
    personnelChange: 'Personnel change', status: 'Status', currentStep: 'Current step', createdAt: 'Applied', empty: 'No rotations',
    closeReason: 'Reason (return/cancel)',
  },
  detail: {
    title: 'Rotation', reason: 'Note', timeline: 'Approval progress', withdraw: 'Withdraw', withdrawConfirm: 'Withdraw this application? The case ends.',
    withdrawn: 'Withdrawn', cancel: 'Cancel application', cancelPrompt: 'Reason for cancelling', cancelled: 'Cancelled', notFound: 'Not found or no access',
    scheduledOn: 'Approved, takes effect on {date}', cancelScheduled: 'Cancel before it takes effect',
    cancelScheduledPrompt: 'The rotation will not take effect and the teacher stays at the sending school; both schools are told. Reason for cancelling:',
    cancelReasonRequired: 'Please give a reason', cancelScheduledDone: 'Cancelled; the rotation will not take effect',
  },
  timeline: {
    apply: 'Application', waiting: 'Waiting', later: 'Not yet', self: ' (you)', comment: 'Comment',
    actions: { approve: 'Approved', return: 'Returned', withdraw: 'Withdrawn', cancel: 'Cancelled' },
  },
  form: {
    title: 'Send a teacher on an exchange rotation', intro: 'The sending school applies for its own active teacher; compulsory-education schools only; at most six years.',
    teacher: 'Teacher', teacherPlaceholder: 'Search your active teachers by name', receiving: 'Receiving school', receivingPlaceholder: 'Choose a school you may look up', receivingIdPlaceholder: 'or enter the receiving school’s unit ID',
    receivingHelp: 'The list holds the units you may look up; for another school enter its unit ID (ask the receiving school).',
    startDate: 'Start', endDate: 'End', personnelChange: 'Change of personnel relationship', reason: 'Note', reasonPlaceholder: 'Optional',
    changeYes: 'Yes: the sending authority, the receiving school and its authority approve; then the archive moves to the receiving school',
    changeNo: 'No: the sending authority approves; the teacher stays employed by your school',
    submit: 'Submit', submitted: 'Submitted; waiting for the sending school’s authority', reset: 'Reset',
  },
  inbox: {
    title: 'Waiting for me', empty: 'No rotations are waiting for you', daysPending: 'Waiting', days: '{n} d', approve: 'Approve', return: 'Return',
    returnPrompt: 'Reason for returning (the applicant sees it; the case ends)', reasonRequired: 'Please give a reason', approved: 'Approved',
    returned: 'Returned', approveComment: 'Comment (optional)', countOf: '{name}: {n}', teacher: 'Teacher', route: 'Sending → receiving',
    period: 'Period', step: 'Step', received: 'Received', otherTypes: '{n} other items (handled in their own modules)',
  },
  counts: {
    year: 'Year', unit: 'Unit', sent: 'Sent', received: 'Received', withPersonnelChange: 'With personnel change', total: 'Total',
    note: 'Approved rotations starting in the year, per unit directly below', empty: 'No data',
  },
};

export const MESSAGES = { 'zh-CN': zh, en } as const;

/** The slice of the shell's global composer this module needs. */
interface GlobalComposer {
  mergeLocaleMessage(locale: string, message: Record<string, unknown>): void;
}
const merged = new WeakSet<object>();

/** Adds `rotations.*` to the shell's i18n once per instance. */
export function ensureMessages(global: GlobalComposer): void {
  if (merged.has(global)) return;
  for (const [locale, messages] of Object.entries(MESSAGES)) global.mergeLocaleMessage(locale, { rotations: messages as unknown as Record<string, unknown> });
  merged.add(global);
}

/** `t` over the shell's i18n (messages merged), and whether English is on. */
export function useRotationsI18n() {
  const composer = useI18n({ useScope: 'global' });
  ensureMessages(composer as unknown as GlobalComposer);
  const isEn = computed(() => composer.locale.value === 'en');
  return { t: composer.t, locale: composer.locale, isEn };
}
