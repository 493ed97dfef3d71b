import type { AppI18n } from '../../i18n';

// The dashboard's texts travel with its lazy chunk (not in the login page's bundle) and are
// merged into the shell's i18n under `dashboard.*` when the chunk loads. Chinese first; `en`
// must mirror every key.

const zhCN = {
  statistics: {
    title: '教职工结构',
    subtitle: '{unit} · 在岗教职工 · 截至 {date}',
    total: '在岗教职工',
    people: '人',
    empty: '范围内暂无在岗教职工。',
    failed: '统计数据加载失败',
    seriesName: '人数',
    suppressed: '少量',
    footnote: '* 少量：为保护个人信息，人数少于 {min} 人的分组，以及为防止由合计反推而一并隐藏的分组，不显示具体人数。',
    dimensions: {
      STAGE: '学段',
      GENDER: '性别',
      AGE_BAND: '年龄段',
      TITLE_LEVEL: '职称等级',
      EDUCATION_GROUP: '学历层次',
    },
    notEntered: '未填报',
    values: {
      AGE_BAND: { UNDER_30: '30岁以下', FROM_30_TO_39: '30-39岁', FROM_40_TO_49: '40-49岁', FROM_50_TO_59: '50-59岁', FROM_60: '60岁及以上' },
      TITLE_LEVEL: { senior_full: '正高级', senior_deputy: '副高级', intermediate: '中级', junior: '初级', none: '未定职级' },
    },
  },
  campaign: {
    title: '信息更新进度',
    window: '{from} 至 {deadline}',
    failed: '更新进度加载失败',
    completion: '完成率（必填信息子集均已录入或确认无变化）',
    deadline: '全省截止：{date}',
    countyDeadline: '本县（区）截止：{date}',
    teachers: '在岗教师',
    updated: '已完成更新',
    entered: '已录入',
    submitted: '已提交',
    approved: '已审核生效',
    pending: '待审核记录',
    returned: '被退回记录',
    overdue: '逾期未完成',
    lagging: '进度滞后的下级单位',
    noLagging: '暂无进度滞后的下级单位。',
    pendingTitle: '尚未完成更新的教师（{n} 人）',
    pendingNone: '本单位教师均已完成本期更新。',
    teacher: '教师',
    missing: '尚缺的必填信息',
    confirm: '确认无变化',
    confirmPrompt: '确认所选 {n} 名教师本期必填信息子集均无变化？确认后记入本期更新并留痕。',
    confirmYes: '确认',
    cancel: '取消',
    confirmed: '已确认 {n} 名教师信息无变化。',
    partial: '已确认 {ok} 名，{failed} 名未能确认：{reason}',
  },
  work: {
    title: '待我处理',
    failed: '待办事项加载失败',
    approvals: '待我审批',
    reviewQueue: '待审核档案记录',
    notifications: '未读通知',
    open: '去处理',
    items: '{n} 件',
    none: '暂无待办事项。',
    caseTypes: {
      transfer: '教师调动',
      rotation: '交流轮岗',
      rotation_transfer: '交流轮岗（转人事关系）',
      title_evaluation: '职称评审推荐',
      training_school_plan: '校本培训计划',
      training_school_credits: '校本培训学分',
      training_self_study: '自主研修学分',
      qualification_registration: '教师资格定期注册',
    },
  },
};

export type DashboardMessages = typeof zhCN;

const en: DashboardMessages = {
  statistics: {
    title: 'Staff structure',
    subtitle: '{unit} · staff in post · as of {date}',
    total: 'Staff in post',
    people: '',
    empty: 'No staff in post in your scope.',
    failed: 'Statistics could not be loaded',
    seriesName: 'Headcount',
    suppressed: '<{min}',
    footnote: '* <{min}: to protect individuals, groups of fewer than {min} people — and groups hidden with them so that they cannot be worked out from the totals — show no number.',
    dimensions: {
      STAGE: 'School stage',
      GENDER: 'Gender',
      AGE_BAND: 'Age band',
      TITLE_LEVEL: 'Title level',
      EDUCATION_GROUP: 'Education',
    },
    notEntered: 'Not entered',
    values: {
      AGE_BAND: { UNDER_30: 'Under 30', FROM_30_TO_39: '30–39', FROM_40_TO_49: '40–49', FROM_50_TO_59: '50–59', FROM_60: '60 and over' },
      TITLE_LEVEL: { senior_full: 'Senior (full)', senior_deputy: 'Senior (deputy)', intermediate: 'Intermediate', junior: 'Junior', none: 'No title level' },
    },
  },
  campaign: {
    title: 'Information update progress',
    window: '{from} to {deadline}',
    failed: 'Update progress could not be loaded',
    completion: 'Completion (every required set entered or confirmed unchanged)',
    deadline: 'Province deadline: {date}',
    countyDeadline: 'County deadline: {date}',
    teachers: 'Teachers in post',
    updated: 'Updated',
    entered: 'Entered',
    submitted: 'Submitted',
    approved: 'Approved',
    pending: 'Records awaiting review',
    returned: 'Records returned',
    overdue: 'Overdue',
    lagging: 'Units falling behind',
    noLagging: 'No unit below is falling behind.',
    pendingTitle: 'Teachers not yet updated ({n})',
    pendingNone: 'Every teacher of the unit is updated for this campaign.',
    teacher: 'Teacher',
    missing: 'Required sets missing',
    confirm: 'Confirm unchanged',
    confirmPrompt: 'Confirm that the required sets of the {n} selected teachers have not changed? The confirmation counts for this campaign and is recorded.',
    confirmYes: 'Confirm',
    cancel: 'Cancel',
    confirmed: '{n} teachers confirmed unchanged.',
    partial: '{ok} confirmed, {failed} not: {reason}',
  },
  work: {
    title: 'Waiting for me',
    failed: 'Waiting work could not be loaded',
    approvals: 'Approvals',
    reviewQueue: 'Archive records to review',
    notifications: 'Unread notifications',
    open: 'Open',
    items: '{n}',
    none: 'Nothing is waiting for you.',
    caseTypes: {
      transfer: 'Transfers',
      rotation: 'Exchange rotations',
      rotation_transfer: 'Exchange rotations (with personnel change)',
      title_evaluation: 'Title evaluation nominations',
      training_school_plan: 'School-based training plans',
      training_school_credits: 'School-based training credits',
      training_self_study: 'Self-study credits',
      qualification_registration: 'Qualification registration',
    },
  },
};

export const DASHBOARD_MESSAGES: Record<string, DashboardMessages> = { 'zh-CN': zhCN, en };

/** Adds `dashboard.*` to the shell's messages (idempotent). */
export function installDashboardMessages(i18n: AppI18n): void {
  const global = i18n.global as unknown as { mergeLocaleMessage(locale: string, message: Record<string, unknown>): void };
  for (const [locale, messages] of Object.entries(DASHBOARD_MESSAGES)) global.mergeLocaleMessage(locale, { dashboard: messages });
}
