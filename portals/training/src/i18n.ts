import { computed } from 'vue';
import { useI18n } from 'vue-i18n';

// Chinese first; `en` mirrors every key. Merged into the shell's one i18n instance under
// `training.*`, so the language switch in the header switches this module too.
const zh = {
  title: '培训学分',
  tabs: { projects: '培训计划与项目', credits: '学时学分', completion: '完成情况统计', rules: '学分转化规则', approvals: '待我审核' },
  common: {
    search: '查询', reset: '重置', cancel: '取消', confirm: '确定', save: '保存', submit: '提交', actions: '操作', none: '暂无数据',
    shownOf: '已显示 {n} 人，共 {total} 人', loadMore: '加载更多',
    yes: '是', no: '否', back: '返回', refresh: '刷新', noAccess: '您没有使用此功能的权限', loading: '加载中…', total: '共 {n} 条',
    year: '年度', allYears: '全部年度', open: '查看', selected: '已选 {n} 人', conflict: '事项已被他人办理，已刷新',
  },
  levels: { national: '国家级', province: '省级', city: '市级', county: '县级', school: '校本研修' } as Record<string, string>,
  projectStatus: { open: '已登记', pending_approval: '待主管部门审核', cancelled: '已撤销' } as Record<string, string>,
  enrolmentStatus: { enrolled: '已报名', submitted: '结果已提交', pending_confirmation: '学分待主管部门确认', confirmed: '学分已确认' } as Record<string, string>,
  projects: {
    title: '培训计划', ownOnly: '只看本单位项目', create: '登记培训项目', name: '项目名称', level: '级别', period: '培训时间', hours: '学时',
    credits: '学分', creditsNational: '由各省按转化规则折算', target: '培训对象', institutions: '培训承办机构', institutionsHint: '选择培训承办机构（可多选）',
    status: '状态', progress: '报名 / 已提交 / 已确认', created: '培训项目已登记', pendingApproval: '校本研修计划已提交，等待主管部门审核', empty: '暂无培训项目',
    owner: '主办单位', planYear: '计划年度', startDate: '开始日期', endDate: '结束日期', schoolNote: '校本研修计划须经主管教育行政部门审核后方可报名',
  },
  project: {
    cancel: '撤销项目', cancelPrompt: '请填写撤销原因（如重复登记、登记有误）', cancelled: '项目已撤销', remove: '移出', removed: '已移出',
    back: '返回培训计划', info: '项目信息', participants: '参训人员', enrol: '报名', enrolTitle: '为教师报名', enrolShownOf: '可报名 {n} 人（查到 {total} 人，已报名或不可报名的不列出）', searchTeacher: '按姓名查找（管辖范围内）',
    enrolSelected: '为所选教师报名', enrolled: '已报名 {n} 人', template: '下载模板', uploadEnrol: 'Excel 报名', uploadResults: 'Excel 提交结果',
    results: '培训结果', submitResults: '提交培训结果', resultsSubmitted: '已提交 {n} 人的培训结果', confirm: '确认学分', confirmAll: '确认全部已提交结果',
    confirmPrompt: '确认 {n} 人的培训结果并计入学分？确认后结果不可再修改，学分写入教师电子档案。',
    confirmNational: '国家级项目：由本省按现行转化规则（{h} 学时折算 1 学分）确认本省教师的学分',
    confirmSchool: '校本研修：学分确认将送主管教育行政部门审核', confirmed: '已确认 {n} 人', sent: '已送主管部门审核 {n} 人',
    completed: '是否完成', teacher: '教师', teacherNo: '教师个人标识码', resultHours: '学时', credits: '学分', expected: '预计学分', status: '状态',
    errors: '文件有 {n} 行错误，未写入任何数据', errorReport: '下载错误报告', imported: '已写入 {n} 行', row: '行号', column: '列', reason: '原因',
    noFile: '请选择文件', file: '选择 Excel 文件（.xlsx）', upload: '上传', nothingToConfirm: '没有待确认的培训结果', hoursInvalid: '学时须在 0 至 {h} 之间',
    notOpen: '项目尚未开放报名（校本研修计划待审核）', noEnrolments: '暂无参训人员', editHint: '勾选完成情况并填写学时后提交；已确认的结果不可修改',
  },
  credits: {
    title: '学时学分', pickTeacher: '选择教师（管辖范围内）', teacher: '教师', years: '按年度', cycles: '五年周期', records: '学分明细',
    year: '年度', hours: '学时', credits: '学分', records_n: '记录数', required: '应完成学时', met: '已达标', notMet: '未达标', progress: '完成进度', state: '达标情况', startDate: '开始日期',
    source: '来源', sources: { project: '培训项目', self_study: '自主研修' } as Record<string, string>, projectTitle: '项目', endDate: '结束日期',
    selfStudy: '自主研修', claim: '申请自主研修学分', claimTitle: '研修内容', organizer: '组织单位', period: '研修时间', claimSubmitted: '已提交，等待学校及主管部门审核',
    selfStatus: { pending: '审核中', approved: '已确认' } as Record<string, string>, empty: '暂无学分记录', mine: '我的学时学分', choose: '请先选择教师',
  },
  completion: {
    title: '培训完成情况', unit: '统计单位', year: '年度', cycle: '{start}—{end} 周期，每人应完成 {h} 学时', unitName: '单位', teachers: '在岗教师',
    credited: '本年度获得学分', creditedRate: '获得学分比例', hours: '学时', credits: '学分', hoursPerTeacher: '人均学时', enrolments: '报名人次',
    completed: '完成人次', completionRate: '完成率', cycleMet: '周期达标人数', cycleMetRate: '周期达标率', total: '合计', ownStaff: '（本单位直属）', up: '返回上级',
  },
  rules: {
    title: '学时学分转化规则', effectiveFrom: '生效日期', hoursPerCredit: '每学分学时', cycleHours: '五年周期应完成学时', cycleStartYear: '周期起算年度',
    note: '说明', scope: '适用范围', scopeDefault: '系统默认', scopeProvince: '本省', add: '新增规则版本', added: '已新增规则版本', inForce: '现行',
    selfStudyClaimHours: '自主研修单次上限（学时）', selfStudyYearHours: '自主研修年度上限（学时）',
    hint: '新版本自生效日期起适用；此前结束的项目仍按当时的版本折算；自主研修按申请的结束日期适用的版本限额',
  },
  approvals: {
    title: '待我审核（培训）', type: '事项', subject: '内容', step: '当前环节', days: '已等待 {n} 天', approve: '同意', return: '退回',
    approveComment: '审核意见（可不填）', returnPrompt: '请填写退回原因', reasonRequired: '请填写原因', approved: '已同意', returned: '已退回', empty: '没有等待您审核的培训事项', people: '{n} 人',
  },
  errors: {
    nameRequired: '请填写名称', periodRequired: '请填写开始和结束日期', periodOrder: '结束日期不能早于开始日期', hoursRange: '学时须大于 0 且不超过 2000',
    creditsRange: '学分须在 0 至 200 之间', yearRange: '年度须在 2000 至 2100 之间', dateInvalid: '请填写有效日期', hoursPerCreditRange: '每学分学时须大于 0 且不超过 1000',
    cycleHoursRange: '周期学时须为 1 至 5000 的整数', titleRequired: '请填写研修内容', selfStudyYearRange: '年度上限须不小于单次上限且不超过 5000',
  } as Record<string, string>,
};

export type TrainingMessages = typeof zh;

const en: TrainingMessages = {
  title: 'Training credits',
  tabs: { projects: 'Plans and projects', credits: 'Hours and credits', completion: 'Completion', rules: 'Conversion rules', approvals: 'Waiting for me' },
  common: {
    search: 'Search', reset: 'Reset', cancel: 'Cancel', confirm: 'OK', save: 'Save', submit: 'Submit', actions: 'Actions', none: 'No data',
    shownOf: 'Showing {n} of {total}', loadMore: 'Load more',
    yes: 'Yes', no: 'No', back: 'Back', refresh: 'Refresh', noAccess: 'You may not use this function', loading: 'Loading…', total: '{n} in total',
    year: 'Year', allYears: 'All years', open: 'Open', selected: '{n} selected', conflict: 'Someone acted first; reloaded',
  },
  levels: { national: 'National', province: 'Province', city: 'City', county: 'County', school: 'School-based' },
  projectStatus: { open: 'Registered', pending_approval: 'Waiting for the authority', cancelled: 'Cancelled' },
  enrolmentStatus: { enrolled: 'Enrolled', submitted: 'Result submitted', pending_confirmation: 'Waiting for the authority', confirmed: 'Credits confirmed' },
  projects: {
    title: 'Training plan', ownOnly: 'Own unit only', create: 'Register a project', name: 'Project', level: 'Level', period: 'Period', hours: 'Hours',
    credits: 'Credits', creditsNational: 'Converted by each province', target: 'Participants', institutions: 'Training institutions', institutionsHint: 'Choose the training institutions (one or more)',
    status: 'Status', progress: 'Enrolled / submitted / confirmed', created: 'Project registered', pendingApproval: 'School-based plan submitted; waiting for the authority', empty: 'No projects',
    owner: 'Owner', planYear: 'Plan year', startDate: 'Start', endDate: 'End', schoolNote: 'School-based plans open for enrolment once the authority approves',
  },
  project: {
    cancel: 'Cancel project', cancelPrompt: 'Why is it cancelled (e.g. registered twice)?', cancelled: 'Project cancelled', remove: 'Remove', removed: 'Removed',
    back: 'Back to the plan', info: 'Project', participants: 'Participants', enrol: 'Enrol', enrolTitle: 'Enrol teachers', enrolShownOf: '{n} can be enrolled ({total} found; those enrolled or not eligible are not listed)', searchTeacher: 'Find by name (in your scope)',
    enrolSelected: 'Enrol the selected', enrolled: '{n} enrolled', template: 'Download template', uploadEnrol: 'Enrol from Excel', uploadResults: 'Results from Excel',
    results: 'Results', submitResults: 'Submit results', resultsSubmitted: 'Results of {n} submitted', confirm: 'Confirm credits', confirmAll: 'Confirm all submitted results',
    confirmPrompt: 'Confirm the results of {n} and credit them? Confirmed results cannot change; credits go into the teachers\' archives.',
    confirmNational: 'National project: your province confirms its own teachers with its rule in force ({h} hours = 1 credit)',
    confirmSchool: 'School-based training: the confirmation goes to the supervising authority', confirmed: '{n} confirmed', sent: '{n} sent to the authority',
    completed: 'Completed', teacher: 'Teacher', teacherNo: 'Teacher number', resultHours: 'Hours', credits: 'Credits', expected: 'Expected credits', status: 'Status',
    errors: '{n} rows have errors; nothing was written', errorReport: 'Download the error report', imported: '{n} rows written', row: 'Row', column: 'Column', reason: 'Reason',
    noFile: 'Please choose a file', file: 'Choose an Excel file (.xlsx)', upload: 'Upload', nothingToConfirm: 'No results wait for confirmation', hoursInvalid: 'Hours must be between 0 and {h}',
    notOpen: 'Not open for enrolment (school-based plan in review)', noEnrolments: 'No participants', editHint: 'Tick completion, enter hours and submit; confirmed results cannot change',
  },
  credits: {
    title: 'Hours and credits', pickTeacher: 'Choose a teacher (in your scope)', teacher: 'Teacher', years: 'Per year', cycles: 'Five-year cycles', records: 'Credit records',
    year: 'Year', hours: 'Hours', credits: 'Credits', records_n: 'Records', required: 'Required hours', met: 'Met', notMet: 'Not met', progress: 'Progress', state: 'Status', startDate: 'Start',
    source: 'Source', sources: { project: 'Training project', self_study: 'Self-study' }, projectTitle: 'Project', endDate: 'End',
    selfStudy: 'Self-study', claim: 'Claim self-study credits', claimTitle: 'Content', organizer: 'Organiser', period: 'Period', claimSubmitted: 'Submitted; waiting for the school and the authority',
    selfStatus: { pending: 'In review', approved: 'Confirmed' }, empty: 'No credits', mine: 'My hours and credits', choose: 'Choose a teacher first',
  },
  completion: {
    title: 'Training completion', unit: 'Unit', year: 'Year', cycle: 'Cycle {start}–{end}, {h} hours required per teacher', unitName: 'Unit', teachers: 'Active teachers',
    credited: 'Credited this year', creditedRate: 'Credited share', hours: 'Hours', credits: 'Credits', hoursPerTeacher: 'Hours per teacher', enrolments: 'Enrolments',
    completed: 'Completed', completionRate: 'Completion rate', cycleMet: 'Met the cycle', cycleMetRate: 'Cycle met share', total: 'Total', ownStaff: ' (own staff)', up: 'Up one level',
  },
  rules: {
    title: 'Hour-to-credit conversion rules', effectiveFrom: 'Effective from', hoursPerCredit: 'Hours per credit', cycleHours: 'Hours required per cycle', cycleStartYear: 'Cycle anchor year',
    note: 'Note', scope: 'Applies to', scopeDefault: 'System default', scopeProvince: 'This province', add: 'Add a version', added: 'Version added', inForce: 'In force',
    selfStudyClaimHours: 'Self-study hours per claim (max)', selfStudyYearHours: 'Self-study hours per year (max)',
    hint: 'A version applies from its date; projects that ended earlier keep the version then in force; a self-study claim follows the version in force at its end date',
  },
  approvals: {
    title: 'Waiting for me (training)', type: 'Matter', subject: 'Content', step: 'Step', days: 'Waiting {n} days', approve: 'Approve', return: 'Return',
    approveComment: 'Comment (optional)', returnPrompt: 'Reason for returning', reasonRequired: 'Please give a reason', approved: 'Approved', returned: 'Returned', empty: 'No training matters wait for you', people: '{n} people',
  },
  errors: {
    nameRequired: 'Please enter a name', periodRequired: 'Please enter start and end dates', periodOrder: 'The end cannot be before the start', hoursRange: 'Hours must be above 0 and at most 2000',
    creditsRange: 'Credits must be between 0 and 200', yearRange: 'The year must be between 2000 and 2100', dateInvalid: 'Please enter a valid date', hoursPerCreditRange: 'Hours per credit must be above 0 and at most 1000',
    cycleHoursRange: 'Cycle hours must be a whole number from 1 to 5000', titleRequired: 'Please enter the content', selfStudyYearRange: 'The yearly limit must be at least the per-claim limit and at most 5000',
  },
};

export const MESSAGES = { 'zh-CN': zh, en } as const;

interface GlobalComposer {
  mergeLocaleMessage(locale: string, message: Record<string, unknown>): void;
}
const merged = new WeakSet<object>();

/** Adds `training.*` to the shell's i18n once per instance. */
export function ensureMessages(global: GlobalComposer): void {
  if (merged.has(global)) return;
  for (const [locale, messages] of Object.entries(MESSAGES)) global.mergeLocaleMessage(locale, { training: messages as unknown as Record<string, unknown> });
  merged.add(global);
}

export function useTrainingI18n() {
  const composer = useI18n({ useScope: 'global' });
  ensureMessages(composer as unknown as GlobalComposer);
  const isEn = computed(() => composer.locale.value === 'en');
  // A code's label; empty for a missing code (table columns render their templates once without a row).
  const tl = (prefix: string, code: unknown): string => (code == null || code === '' ? '' : composer.t(`${prefix}.${String(code)}`));
  return { t: composer.t, tl, locale: composer.locale, isEn };
}
