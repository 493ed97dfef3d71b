import type { CodeListId } from '../codes/registry.js';
import type { StageCode } from '../codes/lists/stage.js';

export type FieldType = 'text' | 'number' | 'date' | 'year' | 'code' | 'boolean';

export interface FieldDef {
  key: string;
  label: string;
  labelEn: string;
  type: FieldType;
  codeList?: CodeListId;
  required?: boolean;
  /** text: max length; number: max value */
  max?: number;
  min?: number;
}

/** Who may enter a set: seed 000 art. 16 — assessment, compensation, ethics and titles only by the school or an authority. */
export type EntryPolicy = 'teacher_or_school' | 'school_only';

export interface InfoSetDef {
  code: InfoSetCode;
  name: string;
  nameEn: string;
  entry: EntryPolicy;
  /** One current record (basic, contact) or a list of records (degrees, awards…). */
  multiple: boolean;
  /** Stages it applies to; undefined = every stage. */
  stages?: readonly StageCode[];
  fields: readonly FieldDef[];
}

export type InfoSetCode =
  | 'basic' | 'education' | 'work_history' | 'post_appointment' | 'title_appointment' | 'compensation' | 'assessment'
  | 'qualification' | 'ethics' | 'teaching' | 'achievement' | 'talent_program' | 'domestic_training' | 'overseas_training'
  | 'skill' | 'rotation' | 'contact'
  | 'qualification_registration';

const f = (key: string, label: string, labelEn: string, type: FieldType, extra: Partial<FieldDef> = {}): FieldDef => ({ key, label, labelEn, type, ...extra });
const period = [f('startDate', '开始日期', 'Start date', 'date', { required: true }), f('endDate', '结束日期', 'End date', 'date')];

const K12_AND_VOCATIONAL: StageCode[] = ['primary_secondary', 'secondary_vocational', 'special_education', 'higher_education', 'teacher_training', 'out_of_school'];

/** The information sets of the teacher archive (电子档案), as in the national system. */
export const INFO_SETS: readonly InfoSetDef[] = [
  { code: 'basic', name: '基本信息', nameEn: 'Basic information', entry: 'teacher_or_school', multiple: false, fields: [
    f('name', '姓名', 'Name', 'text', { required: true, max: 60 }), f('gender', '性别', 'Gender', 'code', { codeList: 'gender', required: true }),
    f('birthDate', '出生日期', 'Birth date', 'date', { required: true }), f('ethnicity', '民族', 'Ethnicity', 'code', { codeList: 'ethnicity' }),
    f('politicalStatus', '政治面貌', 'Political status', 'code', { codeList: 'politicalStatus' }),
    f('educationLevel', '最高学历', 'Highest education', 'code', { codeList: 'educationLevel' }),
  ] },
  { code: 'education', name: '学习经历', nameEn: 'Education', entry: 'teacher_or_school', multiple: true, fields: [
    ...period, f('institution', '学校（单位）名称', 'Institution', 'text', { required: true, max: 100 }), f('major', '所学专业', 'Major', 'text', { max: 60 }),
    f('educationLevel', '学历', 'Education level', 'code', { codeList: 'educationLevel', required: true }), f('degree', '学位', 'Degree', 'code', { codeList: 'degree' }),
  ] },
  { code: 'work_history', name: '工作经历', nameEn: 'Work history', entry: 'teacher_or_school', multiple: true, fields: [
    ...period, f('employer', '任职单位', 'Employer', 'text', { required: true, max: 100 }), f('position', '职务', 'Position', 'text', { max: 60 }),
  ] },
  { code: 'post_appointment', name: '岗位聘任', nameEn: 'Post appointment', entry: 'school_only', multiple: true, fields: [
    ...period, f('postCategory', '岗位类别', 'Post category', 'code', { codeList: 'postCategory', required: true }), f('postLevel', '岗位等级', 'Post level', 'text', { max: 20 }),
  ] },
  { code: 'title_appointment', name: '专业技术职务聘任', nameEn: 'Professional title', entry: 'school_only', multiple: true, fields: [
    ...period, f('title', '专业技术职务', 'Title', 'code', { codeList: 'professionalTitle', required: true }), f('appointingUnit', '聘任单位', 'Appointing unit', 'text', { max: 100 }),
  ] },
  { code: 'compensation', name: '基本待遇', nameEn: 'Compensation', entry: 'school_only', multiple: true, fields: [
    f('year', '年度', 'Year', 'year', { required: true }), f('annualSalary', '年工资收入（元）', 'Annual salary (CNY)', 'number', { min: 0, max: 10_000_000 }),
    f('housingFund', '是否缴纳住房公积金', 'Housing fund', 'boolean'), f('pension', '是否参加基本养老保险', 'Pension insurance', 'boolean'),
  ] },
  { code: 'assessment', name: '年度考核', nameEn: 'Annual assessment', entry: 'school_only', multiple: true, fields: [
    f('year', '考核年度', 'Year', 'year', { required: true }), f('result', '考核结果', 'Result', 'code', { codeList: 'assessmentResult', required: true }),
    f('assessingUnit', '考核单位', 'Assessing unit', 'text', { max: 100 }),
  ] },
  { code: 'qualification', name: '教师资格', nameEn: 'Teacher qualification', entry: 'teacher_or_school', multiple: true, fields: [
    f('type', '教师资格种类', 'Qualification type', 'text', { required: true, max: 40 }), f('subject', '任教学科', 'Subject', 'text', { max: 40 }),
    f('certificateNo', '证书号码', 'Certificate number', 'text', { required: true, max: 40 }), f('issuer', '颁发机构', 'Issuing authority', 'text', { max: 100 }),
    f('issueDate', '颁发日期', 'Issue date', 'date'),
  ] },
  // Written by the registration module when the authority decides (定期注册 history); never entered by hand.
  { code: 'qualification_registration', name: '教师资格定期注册', nameEn: 'Qualification registration', entry: 'school_only', multiple: true, fields: [
    f('certificateNo', '证书号码', 'Certificate number', 'text', { required: true, max: 40 }),
    f('cycleStartYear', '注册周期起始年度', 'Cycle start year', 'year', { required: true }), f('cycleEndYear', '注册周期截止年度', 'Cycle end year', 'year', { required: true }),
    f('result', '注册结论（registered 注册合格 / deferred 暂缓注册 / refused 不予注册）', 'Result', 'text', { required: true, max: 20 }),
    f('reason', '原因', 'Reason', 'text', { max: 500 }), f('decisionDate', '注册日期', 'Decision date', 'date', { required: true }),
    f('validUntil', '有效期至', 'Valid until', 'date'), f('authority', '注册机关', 'Registering authority', 'text', { max: 100 }),
  ] },
  { code: 'ethics', name: '师德信息', nameEn: 'Teacher ethics', entry: 'school_only', multiple: true, fields: [
    f('kind', '类别（honour 荣誉 / discipline 处分）', 'Kind', 'text', { required: true, max: 20 }), f('title', '荣誉或处分名称', 'Title', 'text', { required: true, max: 100 }),
    f('date', '日期', 'Date', 'date'), f('authority', '授予或处理单位', 'Authority', 'text', { max: 100 }),
  ] },
  { code: 'teaching', name: '教育教学', nameEn: 'Teaching', entry: 'teacher_or_school', multiple: true, stages: K12_AND_VOCATIONAL, fields: [
    f('schoolYear', '学年', 'School year', 'year', { required: true }), f('subject', '任教学科', 'Subject', 'text', { required: true, max: 40 }),
    f('weeklyHours', '周课时', 'Weekly hours', 'number', { min: 0, max: 60 }), f('homeroomTeacher', '是否班主任', 'Homeroom teacher', 'boolean'),
  ] },
  { code: 'achievement', name: '教学科研成果及获奖', nameEn: 'Achievements and awards', entry: 'teacher_or_school', multiple: true, fields: [
    f('title', '成果或奖项名称', 'Title', 'text', { required: true, max: 100 }), f('level', '级别', 'Level', 'text', { max: 20 }),
    f('date', '日期', 'Date', 'date', { required: true }), f('grantor', '授予单位', 'Grantor', 'text', { max: 100 }),
  ] },
  { code: 'talent_program', name: '入选人才项目', nameEn: 'Talent programmes', entry: 'teacher_or_school', multiple: true, fields: [
    f('program', '人才项目名称', 'Programme', 'text', { required: true, max: 100 }), f('year', '入选年份', 'Year', 'year', { required: true }),
  ] },
  { code: 'domestic_training', name: '国内培训', nameEn: 'Domestic training', entry: 'teacher_or_school', multiple: true, fields: [
    ...period, f('project', '培训项目名称', 'Project', 'text', { required: true, max: 100 }), f('organizer', '主办单位', 'Organiser', 'text', { max: 100 }),
    f('institution', '承办机构', 'Institution', 'text', { max: 100 }),
    f('hours', '学时', 'Hours', 'number', { min: 0, max: 2000 }), f('credits', '学分', 'Credits', 'number', { min: 0, max: 200 }),
  ] },
  { code: 'overseas_training', name: '海外研修', nameEn: 'Overseas study', entry: 'teacher_or_school', multiple: true, fields: [
    ...period, f('country', '国家（地区）', 'Country', 'text', { required: true, max: 40 }), f('institution', '研修机构', 'Institution', 'text', { max: 100 }),
    f('project', '项目名称', 'Project', 'text', { max: 100 }),
  ] },
  { code: 'skill', name: '技能及证书', nameEn: 'Skills and certificates', entry: 'teacher_or_school', multiple: true, fields: [
    f('name', '技能或证书名称', 'Name', 'text', { required: true, max: 100 }), f('level', '等级', 'Level', 'text', { max: 20 }), f('issueDate', '取得日期', 'Date', 'date'),
  ] },
  { code: 'rotation', name: '交流轮岗', nameEn: 'Exchange rotation', entry: 'school_only', multiple: true, stages: ['primary_secondary'], fields: [
    ...period, f('sendingSchool', '派出学校', 'Sending school', 'text', { required: true, max: 100 }), f('receivingSchool', '接收学校', 'Receiving school', 'text', { required: true, max: 100 }),
    f('personnelChange', '是否变更人事关系', 'Personnel relationship changes', 'boolean'),
  ] },
  { code: 'contact', name: '联系方式', nameEn: 'Contact', entry: 'teacher_or_school', multiple: false, fields: [
    f('mobile', '手机号码', 'Mobile', 'text', { max: 11 }), f('email', '电子邮箱', 'Email', 'text', { max: 120 }), f('address', '通信地址', 'Address', 'text', { max: 200 }),
  ] },
];

const BY_CODE = new Map(INFO_SETS.map((s) => [s.code, s]));

export function getInfoSet(code: string): InfoSetDef | undefined {
  return BY_CODE.get(code as InfoSetCode);
}

/** Whether a set is collected for teachers of a school of this stage (e.g. kindergartens have no 教育教学). */
export function infoSetAppliesTo(set: InfoSetDef, stage: string | null | undefined): boolean {
  return !set.stages || (stage != null && (set.stages as readonly string[]).includes(stage));
}

/**
 * Sets restricted to administrators, also for reading (seed 000 art. 16); the contact set
 * (mobile, e-mail, address) too (issue 14.6): query and training roles do not read it.
 */
export const RESTRICTED_INFO_SETS: readonly InfoSetCode[] = ['assessment', 'compensation', 'ethics', 'contact'];

/** Whether a set is restricted (and sealed at rest in the gateway, issue 14.7). */
export function isRestrictedInfoSet(code: string): boolean {
  return (RESTRICTED_INFO_SETS as readonly string[]).includes(code);
}
