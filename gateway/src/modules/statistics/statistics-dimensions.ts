import { codeName, getCodeList, type CodeListId } from '@tmis/shared';
import type { CubeColumn } from './statistics-cube.js';

/** What statistics can group by (统计维度). */
export enum StatisticsDimension {
  CHILD_UNIT = 'CHILD_UNIT',
  CITY = 'CITY',
  COUNTY = 'COUNTY',
  SCHOOL = 'SCHOOL',
  STAGE = 'STAGE',
  SCHOOL_TYPE = 'SCHOOL_TYPE',
  URBAN_RURAL_TYPE = 'URBAN_RURAL_TYPE',
  URBAN_RURAL_AREA = 'URBAN_RURAL_AREA',
  SPONSOR_TYPE = 'SPONSOR_TYPE',
  GENDER = 'GENDER',
  AGE_BAND = 'AGE_BAND',
  ETHNICITY = 'ETHNICITY',
  EDUCATION_LEVEL = 'EDUCATION_LEVEL',
  EDUCATION_GROUP = 'EDUCATION_GROUP',
  PROFESSIONAL_TITLE = 'PROFESSIONAL_TITLE',
  TITLE_LEVEL = 'TITLE_LEVEL',
  POST_CATEGORY = 'POST_CATEGORY',
  ESTABLISHMENT_STATUS = 'ESTABLISHMENT_STATUS',
  STAFF_CATEGORY = 'STAFF_CATEGORY',
  EMPLOYMENT_STATUS = 'EMPLOYMENT_STATUS',
  /** A province indicator of code type; its code comes with the request. */
  INDICATOR = 'INDICATOR',
}

export const AGE_BAND_LABELS: Record<string, string> = {
  UNDER_30: '30岁以下', FROM_30_TO_39: '30-39岁', FROM_40_TO_49: '40-49岁', FROM_50_TO_59: '50-59岁', FROM_60: '60岁及以上',
};
export const URBAN_RURAL_AREA_LABELS: Record<string, string> = { urban: '城区', town: '镇区', rural: '乡村' };
const TITLE_LEVEL_LABELS: Record<string, string> = { senior_full: '正高级', senior_deputy: '副高级', intermediate: '中级', junior: '初级', none: '未定职级' };

export const NO_VALUE_LABEL = '未填报';
export const DIRECT_UNIT_LABEL = '直属（无此层级）';

const SAFE = /^[A-Za-z0-9_]+$/;
const lit = (s: string): string => {
  if (!SAFE.test(s)) throw new Error(`unsafe code literal ${s}`);
  return `'${s}'`;
};

/** CASE mapping of a code column onto a grouping of the same code list (e.g. title → level). */
function caseOf(column: string, mapping: [string, string][]): string {
  return `case ${column} ${mapping.map(([from, to]) => `when ${lit(from)} then ${lit(to)}`).join(' ')} else null end`;
}

const educationGroupOf = (): [string, string][] => getCodeList('educationLevel').items.map((i) => [i.code, i.parent ?? i.code]);
const titleLevelOf = (): [string, string][] => getCodeList('professionalTitle').items.map((i) => [i.code, i.extra?.level ?? 'none']);
const areaOf = (): [string, string][] => getCodeList('urbanRuralType').items.map((i) => [i.code, i.extra?.area ?? 'rural']);

/** Codes of `list` whose group (by `groupOf`) is one of `groups`: group filters become code filters. */
export function codesInGroups(groupOf: () => [string, string][], groups: readonly string[]): string[] {
  return groupOf().filter(([, g]) => groups.includes(g)).map(([c]) => c);
}
export const GROUPINGS = { educationGroupOf, titleLevelOf, areaOf };

export type UnitGroupKind = 'child' | 'city' | 'county' | 'school';

export interface DimensionSpec {
  label: string;
  /** Grouped on the unit side (the unit CTE), as a unit (id/name/code) or an attribute code. */
  unit?: { group: UnitGroupKind } | { attribute: (s: string) => string; list?: CodeListId; labels?: Record<string, string> };
  /** Grouped on the teacher side: the rollup/fact column it needs and the expression over facts `f`. */
  teacher?: { column: CubeColumn | 'status'; expr: (f: string) => string; list?: CodeListId; labels?: Record<string, string>; groupLabel?: (v: string) => string | undefined };
}

export const DIMENSIONS: Record<Exclude<StatisticsDimension, StatisticsDimension.INDICATOR>, DimensionSpec> = {
  CHILD_UNIT: { label: '下级单位', unit: { group: 'child' } },
  CITY: { label: '市（盟、地区）', unit: { group: 'city' } },
  COUNTY: { label: '县（区、旗）', unit: { group: 'county' } },
  SCHOOL: { label: '学校', unit: { group: 'school' } },
  STAGE: { label: '学段', unit: { attribute: (s) => `${s}.stage`, list: 'stage' } },
  SCHOOL_TYPE: { label: '办学类型', unit: { attribute: (s) => `${s}.school_type`, list: 'schoolType' } },
  URBAN_RURAL_TYPE: { label: '城乡类型', unit: { attribute: (s) => `${s}.urban_rural_type`, list: 'urbanRuralType' } },
  URBAN_RURAL_AREA: { label: '城乡分类', unit: { attribute: (s) => caseOf(`${s}.urban_rural_type`, areaOf()), labels: URBAN_RURAL_AREA_LABELS } },
  SPONSOR_TYPE: { label: '举办者类型', unit: { attribute: (s) => `${s}.sponsor_type`, list: 'sponsorType' } },
  GENDER: { label: '性别', teacher: { column: 'gender', expr: (f) => `${f}.gender`, list: 'gender' } },
  AGE_BAND: { label: '年龄段', teacher: { column: 'age_band', expr: (f) => `${f}.age_band`, labels: AGE_BAND_LABELS } },
  ETHNICITY: { label: '民族', teacher: { column: 'ethnicity', expr: (f) => `${f}.ethnicity`, list: 'ethnicity' } },
  EDUCATION_LEVEL: { label: '学历', teacher: { column: 'education_level', expr: (f) => `${f}.education_level`, list: 'educationLevel' } },
  EDUCATION_GROUP: { label: '学历层次', teacher: { column: 'education_level', expr: (f) => caseOf(`${f}.education_level`, educationGroupOf()), list: 'educationLevel' } },
  PROFESSIONAL_TITLE: { label: '专业技术职务', teacher: { column: 'professional_title', expr: (f) => `${f}.professional_title`, list: 'professionalTitle' } },
  TITLE_LEVEL: { label: '职称等级', teacher: { column: 'professional_title', expr: (f) => caseOf(`${f}.professional_title`, titleLevelOf()), labels: TITLE_LEVEL_LABELS } },
  POST_CATEGORY: { label: '岗位类别', teacher: { column: 'post_category', expr: (f) => `${f}.post_category`, list: 'postCategory' } },
  ESTABLISHMENT_STATUS: { label: '编制情况', teacher: { column: 'establishment_status', expr: (f) => `${f}.establishment_status`, list: 'establishmentStatus' } },
  STAFF_CATEGORY: { label: '教职工类别', teacher: { column: 'staff_category', expr: (f) => `${f}.staff_category`, list: 'staffCategory' } },
  EMPLOYMENT_STATUS: { label: '在职状态', teacher: { column: 'status', expr: (f) => `${f}.status`, list: 'employmentStatus' } },
};

/** Chinese label of a value of a code-like dimension. */
export function valueLabel(spec: { list?: CodeListId; labels?: Record<string, string> }, value: string | null): string {
  if (value === null || value === '') return NO_VALUE_LABEL;
  if (spec.labels) return spec.labels[value] ?? value;
  if (spec.list) return codeName(spec.list, value) ?? value;
  return value;
}
