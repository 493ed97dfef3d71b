import { computed } from 'vue';
import { useI18n } from 'vue-i18n';

// Chinese first; `en` mirrors every key. Merged into the shell's one i18n instance under
// `records.*`, so the language switch in the header switches this module too.
const zh = {
  title: '档案管理',
  tabs: { search: '教师查询', review: '审核队列', changes: '变更申请', import: 'Excel 导入' },
  common: {
    search: '查询', reset: '重置', cancel: '取消', confirm: '确定', save: '保存', saveSubmit: '保存并提交', submit: '提交审核',
    edit: '编辑', view: '查看', actions: '操作', none: '暂无数据', yes: '是', no: '否', back: '返回', total: '共 {n} 条',
    prev: '上一页', next: '下一页', page: '第 {n} 页', loading: '加载中…', refresh: '刷新', noAccess: '您没有使用此功能的权限',
  },
  search: {
    name: '姓名', teacherNo: '教师个人标识码', idNumber: '证件号码', gender: '性别', stage: '学段', status: '在职状态',
    school: '所在学校', anyOption: '全部', placeholderName: '姓名（包含）', placeholderIdNumber: '完整证件号码',
    archive: '档案', scopeNote: '仅显示您管辖范围内（{unit}及下级）的教师',
    currentOnly: '在岗和长期不在岗（默认）', includeLeft: '含已离开和离退休人员',
    numberState: '编号状态', provisionalHint: '临时编号：全国教师库完成跨省核查后转为正式编号；如发现一人一号冲突，请在问题数据中核实处理',
    presence: '与本单位关系', presenceDefault: '本单位及轮岗来校（默认）',
    presences: { OWN: '本单位', TRANSFERRED_OUT: '已调出', ROTATING_OUT: '轮岗中', ROTATING_IN: '轮岗来校' },
    frozen: '该教师已于 {date} 调出，档案为调出时的状态，仅供查阅',
    reveal: '显示', revealHint: '查看完整证件号码（读取留痕，记入审计日志）', hide: '隐藏',
  },
  archive: {
    title: '电子档案', back: '返回查询', teacher: '教师', basic: '概况', sets: '信息子集', records: '记录', add: '新增记录',
    history: '历史版本', noRecords: '暂无记录', pending: '待办（草稿、审核中、退回）', current: '当前有效', status: '状态',
    changeKind: '类型', returnReason: '退回原因', requestChange: '申请变更', requestDelete: '申请删除', changeReason: '变更原因',
    changeReasonRequired: '请填写变更原因', deleteConfirm: '确定申请删除这条记录吗？须由主管部门审核后生效。',
    changeRequested: '变更申请已提交，等待主管部门审核', saved: '已保存', submitted: '已提交审核', effectiveNow: '已保存并生效',
    restricted: '该信息子集仅限学校及主管部门管理员查看', indicators: '省级拓展指标', singleExists: '该信息子集只能有一条记录，请修改现有记录或申请变更',
    editTitle: '{set}：{action}', actionAdd: '新增', actionEdit: '修改', actionChange: '申请变更', validFrom: '生效时间', validTo: '失效时间',
  },
  review: {
    title: '待我审核', schoolStep: '学校审核', authorityStep: '主管部门审核', approve: '审核通过', return: '退回',
    returnReason: '退回原因', returnPrompt: '请填写退回原因（提交人可见）', reasonRequired: '请填写退回原因', selected: '已选 {n} 条',
    approved: '已审核通过 {n} 条', returned: '已退回 {n} 条', partial: '{ok} 条成功，{failed} 条未处理：{reason}', teacher: '教师',
    infoSet: '信息子集', submittedAt: '提交时间', step: '审核环节', data: '内容', empty: '没有等待您审核的记录', onlyMine: '只看等待我审核的',
  },
  changes: {
    title: '变更与删除申请', kind: '申请类型', reason: '申请原因', status: '状态', teacher: '教师', infoSet: '信息子集', enteredAt: '申请时间',
    empty: '暂无变更申请', awaiting: '待审批', all: '全部',
  },
  import: {
    title: 'Excel 批量导入教师', unit: '导入到单位', unitPlaceholder: '选择学校或单位（管辖范围内）', template: '下载导入模板',
    file: '选择 Excel 文件（.xlsx）', upload: '上传并导入', running: '正在导入…', progress: '已处理 {processed} / {total} 行',
    done: '导入完成', failed: '导入失败', imported: '成功导入', alreadyImported: '已导入（重复上传）', invalid: '错误行',
    errorReport: '下载错误报告', recent: '最近的导入任务', createdAt: '提交时间', jobStatus: '状态', counts: '结果', noFile: '请选择文件',
    statuses: { queued: '排队中', running: '执行中', succeeded: '已完成', failed: '失败' },
  },
  status: {
    draft: '草稿', submitted: '待学校审核', school_approved: '待主管部门审核', effective: '已生效', returned: '已退回', superseded: '已被替代',
  },
  changeKinds: { add: '新增', change: '变更', delete: '删除' },
  actors: { column: '填报与审核', entered: '填报人', submitted: '提交人', schoolApproved: '学校审核人', approved: '审批人', returned: '退回人' },
  employment: { active: '在职', long_absence: '长期离岗', resigned: '离职', retired: '退休', deceased: '去世' } as Record<string, string>,
};

export type RecordsMessages = typeof zh;

const en: RecordsMessages = {
  title: 'Records',
  tabs: { search: 'Teacher search', review: 'Review queue', changes: 'Change requests', import: 'Excel import' },
  common: {
    search: 'Search', reset: 'Reset', cancel: 'Cancel', confirm: 'OK', save: 'Save', saveSubmit: 'Save and submit', submit: 'Submit for review',
    edit: 'Edit', view: 'View', actions: 'Actions', none: 'No data', yes: 'Yes', no: 'No', back: 'Back', total: '{n} in total',
    prev: 'Previous', next: 'Next', page: 'Page {n}', loading: 'Loading…', refresh: 'Refresh', noAccess: 'You may not use this function',
  },
  search: {
    name: 'Name', teacherNo: 'Teacher number', idNumber: 'Document number', gender: 'Gender', stage: 'Stage', status: 'Employment status',
    school: 'School', anyOption: 'Any', placeholderName: 'Name (contains)', placeholderIdNumber: 'Full document number',
    archive: 'Archive', scopeNote: 'Only teachers in your scope ({unit} and below) are shown',
    currentOnly: 'Active and long-term absent (default)', includeLeft: 'Include those who left or retired',
    numberState: 'Number state', provisionalHint: 'Provisional: confirmed once the national registry has checked the person against every province; a one-person-one-number conflict is listed in the problem data',
    presence: 'Relation to your unit', presenceDefault: 'Own and rotating in (default)',
    presences: { OWN: 'Own', TRANSFERRED_OUT: 'Transferred out', ROTATING_OUT: 'On rotation', ROTATING_IN: 'Rotating in' },
    frozen: 'This teacher left on {date}; the archive is shown as it stood then, read only',
    reveal: 'Show', revealHint: 'Show the full document number (the read is recorded in the audit log)', hide: 'Hide',
  },
  archive: {
    title: 'Electronic archive', back: 'Back to search', teacher: 'Teacher', basic: 'Summary', sets: 'Information sets', records: 'Records', add: 'Add record',
    history: 'History', noRecords: 'No records', pending: 'Pending (drafts, in review, returned)', current: 'Current', status: 'Status',
    changeKind: 'Kind', returnReason: 'Reason for return', requestChange: 'Request change', requestDelete: 'Request deletion', changeReason: 'Reason',
    changeReasonRequired: 'Please give a reason', deleteConfirm: 'Request the deletion of this record? The authority must approve it.',
    changeRequested: 'Change request filed; waiting for the authority', saved: 'Saved', submitted: 'Submitted for review', effectiveNow: 'Saved and effective',
    restricted: 'This set is visible to school and authority administrators only', indicators: 'Province indicators', singleExists: 'This set holds one record: edit it or request a change',
    editTitle: '{set}: {action}', actionAdd: 'add', actionEdit: 'edit', actionChange: 'request change', validFrom: 'Valid from', validTo: 'Valid to',
  },
  review: {
    title: 'Waiting for me', schoolStep: 'School review', authorityStep: 'Authority approval', approve: 'Approve', return: 'Return',
    returnReason: 'Reason for return', returnPrompt: 'Reason for returning (shown to the submitter)', reasonRequired: 'Please give a reason', selected: '{n} selected',
    approved: '{n} approved', returned: '{n} returned', partial: '{ok} done, {failed} not processed: {reason}', teacher: 'Teacher',
    infoSet: 'Information set', submittedAt: 'Submitted', step: 'Step', data: 'Content', empty: 'Nothing is waiting for you', onlyMine: 'Only those waiting for me',
  },
  changes: {
    title: 'Change and deletion requests', kind: 'Kind', reason: 'Reason', status: 'Status', teacher: 'Teacher', infoSet: 'Information set', enteredAt: 'Filed',
    empty: 'No change requests', awaiting: 'Waiting', all: 'All',
  },
  import: {
    title: 'Import teachers from Excel', unit: 'Import into', unitPlaceholder: 'Choose a school or unit in your scope', template: 'Download the template',
    file: 'Choose an Excel file (.xlsx)', upload: 'Upload and import', running: 'Importing…', progress: '{processed} of {total} rows processed',
    done: 'Import finished', failed: 'Import failed', imported: 'Imported', alreadyImported: 'Already imported (re-upload)', invalid: 'Rows with errors',
    errorReport: 'Download the error report', recent: 'Recent imports', createdAt: 'Submitted', jobStatus: 'Status', counts: 'Result', noFile: 'Please choose a file',
    statuses: { queued: 'Queued', running: 'Running', succeeded: 'Finished', failed: 'Failed' },
  },
  status: {
    draft: 'Draft', submitted: 'Waiting for school review', school_approved: 'Waiting for authority approval', effective: 'Effective', returned: 'Returned', superseded: 'Superseded',
  },
  changeKinds: { add: 'Addition', change: 'Change', delete: 'Deletion' },
  actors: { column: 'Entered and reviewed', entered: 'Entered by', submitted: 'Submitted by', schoolApproved: 'Reviewed by the school', approved: 'Approved by', returned: 'Returned by' },
  employment: { active: 'Active', long_absence: 'Long absence', resigned: 'Resigned', retired: 'Retired', deceased: 'Deceased' },
};

export const MESSAGES = { 'zh-CN': zh, en } as const;

/** The slice of the shell's global composer this module needs. */
interface GlobalComposer {
  mergeLocaleMessage(locale: string, message: Record<string, unknown>): void;
}
const merged = new WeakSet<object>();

/** Adds `records.*` to the shell's i18n once per instance. */
export function ensureMessages(global: GlobalComposer): void {
  if (merged.has(global)) return;
  for (const [locale, messages] of Object.entries(MESSAGES)) global.mergeLocaleMessage(locale, { records: messages as unknown as Record<string, unknown> });
  merged.add(global);
}

/** `t` over the shell's i18n (messages merged), and whether English is on. */
export function useRecordsI18n() {
  const composer = useI18n({ useScope: 'global' });
  ensureMessages(composer as unknown as GlobalComposer);
  const isEn = computed(() => composer.locale.value === 'en');
  return { t: composer.t, locale: composer.locale, isEn };
}
