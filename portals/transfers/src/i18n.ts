import { computed } from 'vue';
import { useI18n } from 'vue-i18n';

// Chinese first; `en` mirrors every key. Merged into the shell's one i18n instance under
// `transfers.*`, so the language switch in the header switches this module too.
const zh = {
  title: '调动管理',
  tabs: { list: '调动记录', new: '发起调动', interprovincial: '跨省调动', inbox: '待我审批', notifications: '通知' },
  common: {
    cancel: '取消', confirm: '确定', refresh: '刷新', actions: '操作', view: '查看', back: '返回列表', loading: '加载中…',
    noAccess: '您没有使用此功能的权限', none: '暂无数据', required: '此项为必填项', tooLong: '内容过长',
    conflict: '该事项已被他人办理或已变化，已为您刷新',
  },
  status: { in_progress: '审批中', scheduled: '已批准，待生效', completed: '已完成', returned: '已退回', withdrawn: '已撤回', cancelled: '已撤销', approved: '已通过', all: '全部' },
  kind: { transfer: '调动', rotation: '交流轮岗（转人事关系）' },
  list: {
    teacher: '教师', teacherNo: '教师个人标识码', from: '调出学校', to: '调入单位', effectiveDate: '生效日期', status: '状态',
    currentStep: '当前环节', createdAt: '申请时间', empty: '暂无调动记录', closeReason: '退回/撤销原因', kind: '类型',
  },
  detail: {
    title: '调动详情', reason: '调动原因', timeline: '审批进度', withdraw: '撤回申请', withdrawConfirm: '确定撤回这份调动申请吗？撤回后流程结束。',
    withdrawn: '已撤回', cancel: '撤销申请', cancelPrompt: '请填写撤销原因', cancelled: '已撤销', notFound: '未找到该调动或无权查看',
    scheduledOn: '已批准，将于 {date} 生效', cancelScheduled: '撤销（生效前）',
    cancelScheduledPrompt: '撤销后这次调动不再生效，教师留在原学校，双方学校都会收到通知。请填写撤销原因：',
    cancelReasonRequired: '请填写撤销原因', cancelScheduledDone: '已撤销，这次调动不再生效',
  },
  timeline: {
    apply: '发起申请', waiting: '待办理', later: '未开始', self: '（本人）', comment: '意见',
    actions: { approve: '同意', return: '退回', withdraw: '撤回', cancel: '撤销' } as Record<string, string>,
  },
  form: {
    title: '发起调动申请', intro: '调入学校在教师调入前无法查看其档案，请按纸质调动表填写证件类型、证件号码和姓名确认本人。',
    idType: '证件类型', idNumber: '证件号码', name: '姓名', toUnit: '调入学校/院系', toUnitPlaceholder: '选择本校或本校院系',
    effectiveDate: '调入生效日期', reason: '调动原因', reasonPlaceholder: '如：夫妻团聚、工作需要（选填）',
    exchangeRotation: '这是一次交流轮岗', rotationTitle: '交流轮岗不走调动流程',
    rotationHelp: '交流轮岗由派出学校在“交流轮岗”模块中发起（可选择是否转人事关系）；请联系教师现任职学校办理。',
    rotationLink: '前往交流轮岗', submit: '提交申请', submitted: '调动申请已提交，等待调入学校主管部门审批', reset: '重置',
    steps: '审批顺序：调入学校主管部门 → 调出学校 → 调出学校主管部门；同一区县内主管部门只审批一次。',
  },
  inbox: {
    title: '待我审批', empty: '没有等待您审批的调动事项', daysPending: '已等待', days: '{n} 天', approve: '同意', return: '退回',
    returnPrompt: '请填写退回原因（申请单位可见，退回后流程结束）', reasonRequired: '请填写退回原因', approved: '已同意',
    returned: '已退回', approveComment: '审批意见（选填）', countOf: '{name}：{n} 件', teacher: '教师', route: '调出 → 调入',
    effectiveDate: '生效日期', step: '当前环节', received: '收到时间', otherTypes: '其他类型待办 {n} 件（在相应模块中办理）',
  },
  interprovincial: {
    title: '跨省调动', all: '全部状态', apply: '申请跨省调入', empty: '暂无跨省调动',
    direction: { in: '调入', out: '调出', relay: '转办' } as Record<string, string>,
    status: {
      in_progress: '审批中', requested: '已报全国系统', received: '待调出学校办理', relayed: '全国系统转办中', released: '已调出',
      completed: '已调入', declined: '调出方不同意', rejected: '全国库未找到', returned: '已退回', withdrawn: '已撤回', cancelled: '已撤销', failed: '调入失败',
    } as Record<string, string>,
    list: {
      direction: '方向', teacher: '教师', teacherNo: '教师个人标识码', otherProvince: '对方省份', toUnit: '调入单位', effectiveDate: '生效日期',
      status: '状态', closeReason: '不同意/退回原因', createdAt: '申请时间', reason: '调动原因',
    },
    accept: '同意调出', acceptConfirm: '同意将{name}调往{to}？同意后提交本校主管部门审批。', accepted: '已同意调出，等待主管部门审批',
    decline: '不同意', declinePrompt: '请填写不同意调出的原因（调入省份可见，申请随即结束）', declineRequired: '请填写原因（不超过 500 字）',
    declined: '已答复不同意调出',
    form: {
      title: '申请跨省调入', intro: '调入学校为外省教师提出调入申请：按纸质调动表填写调出省份、证件类型、证件号码和姓名（须与全国库登记一致）。',
      fromProvince: '调出省份', fromProvincePlaceholder: '选择教师现任职的省份', submit: '提交申请',
      submitted: '跨省调入申请已提交，等待调入学校主管部门审批',
      steps: '办理顺序：调入学校主管部门审批 → 全国系统转至调出省份 → 调出学校同意 → 调出学校主管部门审批 → 档案转入本省，教师个人标识码不变。',
    },
  },
  notifications: {
    title: '站内通知', unreadOnly: '只看未读', markRead: '标为已读', markAllRead: '全部标为已读', empty: '暂无通知', time: '时间',
    message: '内容', state: '状态', read: '已读', unread: '未读', open: '查看事项',
  },
};

export type TransfersMessages = typeof zh;

const en: TransfersMessages = {
  title: 'Transfers',
  tabs: { list: 'Transfers', new: 'New transfer', interprovincial: 'Cross-province', inbox: 'Waiting for me', notifications: 'Notifications' },
  common: {
    cancel: 'Cancel', confirm: 'OK', refresh: 'Refresh', actions: 'Actions', view: 'View', back: 'Back to the list', loading: 'Loading…',
    noAccess: 'You may not use this function', none: 'No data', required: 'Required', tooLong: 'Too long',
    conflict: 'Someone else acted on this case or it changed; reloaded',
  },
  status: { in_progress: 'In approval', scheduled: 'Approved, pending effect', completed: 'Completed', returned: 'Returned', withdrawn: 'Withdrawn', cancelled: 'Cancelled', approved: 'Approved', all: 'All' },
  kind: { transfer: 'Transfer', rotation: 'Rotation (personnel change)' },
  list: {
    teacher: 'Teacher', teacherNo: 'Teacher number', from: 'From school', to: 'To unit', effectiveDate: 'Effective', status: 'Status',
    currentStep: 'Current step', createdAt: 'Applied', empty: 'No transfers', closeReason: 'Reason (return/cancel)', kind: 'Kind',
  },
  detail: {
    title: 'Transfer', reason: 'Reason', timeline: 'Approval progress', withdraw: 'Withdraw', withdrawConfirm: 'Withdraw this application? The case ends.',
    withdrawn: 'Withdrawn', cancel: 'Cancel application', cancelPrompt: 'Reason for cancelling', cancelled: 'Cancelled', notFound: 'Not found or no access',
    scheduledOn: 'Approved, takes effect on {date}', cancelScheduled: 'Cancel before it takes effect',
    cancelScheduledPrompt: 'The transfer will not take effect and the teacher stays at the releasing school; both schools are told. Reason for cancelling:',
    cancelReasonRequired: 'Please give a reason', cancelScheduledDone: 'Cancelled; the transfer will not take effect',
  },
  timeline: {
    apply: 'Application', waiting: 'Waiting', later: 'Not yet', self: ' (you)', comment: 'Comment',
    actions: { approve: 'Approved', return: 'Returned', withdraw: 'Withdrawn', cancel: 'Cancelled' },
  },
  form: {
    title: 'Apply for a transfer', intro: 'Before the move the receiving school cannot see the teacher: name the person by document type, number and name, as on the paper form.',
    idType: 'Document type', idNumber: 'Document number', name: 'Name', toUnit: 'Receiving school/department', toUnitPlaceholder: 'Your school or one of its departments',
    effectiveDate: 'Effective date', reason: 'Reason', reasonPlaceholder: 'e.g. family reunion (optional)',
    exchangeRotation: 'This is an exchange rotation', rotationTitle: 'Exchange rotations are not transfers',
    rotationHelp: 'The sending school initiates an exchange rotation in the Rotations module (with or without a personnel change); contact the teacher’s current school.',
    rotationLink: 'Open Rotations', submit: 'Submit', submitted: 'Submitted; waiting for the receiving school’s authority', reset: 'Reset',
    steps: 'Approval order: receiving school’s authority → releasing school → releasing school’s authority; inside one county the authority approves once.',
  },
  inbox: {
    title: 'Waiting for me', empty: 'No transfers are waiting for you', daysPending: 'Waiting', days: '{n} d', approve: 'Approve', return: 'Return',
    returnPrompt: 'Reason for returning (the applicant sees it; the case ends)', reasonRequired: 'Please give a reason', approved: 'Approved',
    returned: 'Returned', approveComment: 'Comment (optional)', countOf: '{name}: {n}', teacher: 'Teacher', route: 'From → to',
    effectiveDate: 'Effective', step: 'Step', received: 'Received', otherTypes: '{n} other items (handled in their own modules)',
  },
  interprovincial: {
    title: 'Cross-province transfers', all: 'All statuses', apply: 'Apply for a teacher from another province', empty: 'No cross-province transfers',
    direction: { in: 'In', out: 'Out', relay: 'Relay' },
    status: {
      in_progress: 'In approval', requested: 'Sent to the national system', received: 'Waiting for the releasing school', relayed: 'Relayed by the national system', released: 'Released',
      completed: 'Arrived', declined: 'Declined by the releasing side', rejected: 'Not found nationally', returned: 'Returned', withdrawn: 'Withdrawn', cancelled: 'Cancelled', failed: 'Arrival failed',
    },
    list: {
      direction: 'Direction', teacher: 'Teacher', teacherNo: 'Teacher number', otherProvince: 'Other province', toUnit: 'Receiving unit', effectiveDate: 'Effective',
      status: 'Status', closeReason: 'Reason (declined/returned)', createdAt: 'Applied', reason: 'Reason',
    },
    accept: 'Release', acceptConfirm: 'Release {name} to {to}? Your supervising authority approves next.', accepted: 'Released; waiting for your authority',
    decline: 'Decline', declinePrompt: 'Reason for declining (the receiving province reads it; the request ends)', declineRequired: 'Please give a reason (at most 500 characters)',
    declined: 'Declined',
    form: {
      title: 'Apply for a teacher from another province', intro: 'Name the teacher as on the paper form: releasing province, document type, number and name (as registered nationally).',
      fromProvince: 'Releasing province', fromProvincePlaceholder: 'The province the teacher works in', submit: 'Submit',
      submitted: 'Submitted; waiting for the receiving school’s authority',
      steps: 'Order: receiving school’s authority → the national system forwards it → the releasing school agrees → its authority approves → the archive arrives, same teacher number.',
    },
  },
  notifications: {
    title: 'Notifications', unreadOnly: 'Unread only', markRead: 'Mark read', markAllRead: 'Mark all read', empty: 'No notifications', time: 'Time',
    message: 'Message', state: 'Status', read: 'Read', unread: 'Unread', open: 'Open',
  },
};

export const MESSAGES = { 'zh-CN': zh, en } as const;

/** The slice of the shell's global composer this module needs. */
interface GlobalComposer {
  mergeLocaleMessage(locale: string, message: Record<string, unknown>): void;
}
const merged = new WeakSet<object>();

/** Adds `transfers.*` to the shell's i18n once per instance. */
export function ensureMessages(global: GlobalComposer): void {
  if (merged.has(global)) return;
  for (const [locale, messages] of Object.entries(MESSAGES)) global.mergeLocaleMessage(locale, { transfers: messages as unknown as Record<string, unknown> });
  merged.add(global);
}

/** `t` over the shell's i18n (messages merged), and whether English is on. */
export function useTransfersI18n() {
  const composer = useI18n({ useScope: 'global' });
  ensureMessages(composer as unknown as GlobalComposer);
  const isEn = computed(() => composer.locale.value === 'en');
  return { t: composer.t, locale: composer.locale, isEn };
}
