import type { CodeItem, CodeList } from '../code-list.js';
import type { StageCode } from './stage.js';

// [code, name, English name]; grouped by stage as in the Beijing plan, attachment 1.
type Row = [string, string, string];

const byStage: Partial<Record<StageCode, Row[]>> = {
  kindergarten: [
    ['111', '幼儿园', 'Kindergarten'],
    ['119', '附设幼儿班', 'Attached kindergarten class'],
  ],
  primary_secondary: [
    ['211', '小学', 'Primary school'],
    ['218', '小学教学点', 'Primary teaching point'],
    ['219', '附设小学班', 'Attached primary class'],
    ['221', '职工小学', "Workers' primary school"],
    ['222', '农民小学', "Farmers' primary school"],
    ['228', '小学班', 'Primary class'],
    ['229', '扫盲班', 'Literacy class'],
    ['311', '初级中学', 'Junior secondary school'],
    ['312', '九年一贯制学校', 'Nine-year school'],
    ['319', '附设普通初中班', 'Attached junior secondary class'],
    ['321', '职业初中', 'Vocational junior secondary school'],
    ['329', '附设职业初中班', 'Attached vocational junior secondary class'],
    ['331', '成人职工初中', "Adult workers' junior secondary school"],
    ['332', '成人农民初中', "Adult farmers' junior secondary school"],
    ['341', '完全中学', 'Complete secondary school'],
    ['342', '高级中学', 'Senior secondary school'],
    ['345', '十二年一贯制学校', 'Twelve-year school'],
    ['349', '附设普通高中班', 'Attached senior secondary class'],
    ['351', '成人职工高中', "Adult workers' senior secondary school"],
    ['352', '成人农民高中', "Adult farmers' senior secondary school"],
    ['371', '工读学校', 'Work-study school'],
  ],
  secondary_vocational: [
    ['361', '调整后中等职业学校', 'Restructured secondary vocational school'],
    ['362', '中等技术学校', 'Secondary technical school'],
    ['363', '中等师范学校', 'Secondary normal school'],
    ['364', '成人中等专业学校', 'Adult secondary specialised school'],
    ['365', '职业高中学校', 'Vocational senior secondary school'],
    ['368', '附设中职班', 'Attached secondary vocational class'],
    ['369', '其他中职机构', 'Other secondary vocational institution'],
  ],
  special_education: [
    ['511', '盲人学校', 'School for the blind'],
    ['512', '聋人学校', 'School for the deaf'],
    ['513', '弱智学校', 'School for students with intellectual disabilities'],
    ['514', '其他特教学校', 'Other special education school'],
    ['519', '附设特教班', 'Attached special education class'],
  ],
  higher_education: [
    ['411', '大学', 'University'],
    ['412', '学院', 'College'],
    ['413', '独立学院', 'Independent college'],
    ['414', '高等专科学校', 'Higher specialised college'],
    ['415', '高等职业学校', 'Higher vocational college'],
    ['419', '其他普通高教机构：分校、大专班', 'Other regular higher education institution'],
    ['421', '职工高校', "Workers' college"],
    ['422', '农民高校', "Farmers' college"],
    ['423', '管理干部学院', 'Management cadre college'],
    ['424', '教育学院', 'College of education'],
    ['425', '独立函授学院', 'Independent correspondence college'],
    ['426', '广播电视大学', 'Radio and television university'],
    ['429', '其他成人高教机构', 'Other adult higher education institution'],
  ],
};

/**
 * School types (办学类型) of the education statistics, each with `parent` = its stage.
 * The stage is not the first digit: 371 is primary/secondary, 36x vocational.
 * Teacher-training and out-of-school institutions have no code in the source list.
 */
export const schoolTypeList: CodeList = {
  id: 'schoolType',
  name: '办学类型',
  nameEn: 'School type',
  standard: '教育统计办学类型代码',
  version: '1',
  items: Object.entries(byStage).flatMap(([stage, rows]) =>
    (rows ?? []).map(([code, name, nameEn]): CodeItem => ({ code, name, nameEn, parent: stage })),
  ),
};

const stageByType = new Map(schoolTypeList.items.map((item) => [item.code, item.parent as StageCode]));

/** Stage of a school-type code, or undefined for an unknown code. */
export function stageOfSchoolType(code: string): StageCode | undefined {
  return stageByType.get(code);
}
