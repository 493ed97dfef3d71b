import type { FieldDef } from '@tmis/shared';

/**
 * The unit directory file (单位名录): the education statistics school list (学校名录) as the
 * first sheet, one school a row, and an optional sheet of administrative divisions that names the
 * cities and counties the system does not know yet. Labels are the statistics list's own, so a
 * province's export loads as it is; the template adds a hidden row of keys under them.
 */
export const SCHOOLS_SHEET = '学校名录';
export const DIVISIONS_SHEET = '行政区划';

const field = (key: string, label: string, labelEn: string, type: FieldDef['type'], extra: Partial<FieldDef> = {}): FieldDef => ({ key, label, labelEn, type, ...extra });

export const SCHOOL_COLUMNS: readonly FieldDef[] = [
  field('schoolCode', '学校标识码', 'School code', 'text', { required: true, max: 10 }),
  field('name', '学校名称', 'School name', 'text', { required: true, max: 120 }),
  field('schoolType', '学校类型代码', 'School-type code', 'code', { required: true, codeList: 'schoolType' }),
  field('divisionCode', '所在地区划代码', 'Division code', 'text', { required: true, max: 12 }),
  field('sponsorType', '举办者类型', 'Sponsor type', 'code', { codeList: 'sponsorType' }),
  field('urbanRuralType', '城乡类型', 'Urban/rural type', 'code', { codeList: 'urbanRuralType' }),
  field('address', '地址', 'Address', 'text', { max: 200 }),
  field('authority', '主管教育行政部门', 'Supervising authority', 'text', { max: 60 }),
  field('divisionName', '区划名称', 'Division name', 'text', { max: 60 }),
];

/** School attributes a re-import compares and updates; a column missing from the file keeps what the system has. */
export const SCHOOL_ATTRIBUTES = ['name', 'schoolType', 'sponsorType', 'urbanRuralType', 'address'] as const;
export type SchoolAttribute = (typeof SCHOOL_ATTRIBUTES)[number];

export const DIVISION_COLUMNS: readonly FieldDef[] = [
  field('code', '区划代码', 'Division code', 'text', { required: true, max: 6 }),
  field('name', '区划名称', 'Division name', 'text', { required: true, max: 60 }),
  field('authorityName', '教育行政部门名称', 'Education authority name', 'text', { max: 120 }),
];

/** Other spellings found in statistics exports, read as the template's labels. */
export const LABEL_ALIASES: Record<string, string> = {
  办学类型: '学校类型代码', 办学类型代码: '学校类型代码', 学校类型: '学校类型代码',
  所在地区代码: '所在地区划代码', 行政区划代码: '所在地区划代码', 区划代码: '所在地区划代码',
  举办者类型代码: '举办者类型', 城乡分类代码: '城乡类型', 城乡类型代码: '城乡类型', 学校地址: '地址',
};
