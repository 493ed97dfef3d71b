import { getCodeList, getInfoSet, type CodeListId, type FieldDef } from '@tmis/shared';

/**
 * The columns of the teacher import template, in order. The basic fields come from the
 * archive's basic information set, so a label or rule changed there changes the template too;
 * `extraFields` is where the province's own indicators (拓展指标) are appended.
 */
export const SCHOOL_CODE: FieldDef = { key: 'schoolCode', label: '学校标识码', labelEn: 'School code', type: 'text', max: 20 };

const field = (key: string, label: string, labelEn: string, type: FieldDef['type'], extra: Partial<FieldDef> = {}): FieldDef => ({ key, label, labelEn, type, ...extra });

export const ID_TYPE = field('idType', '证件类型', 'Document type', 'code', { codeList: 'idDocumentType' });
export const ID_NUMBER = field('idNumber', '证件号码', 'Document number', 'text', { required: true, max: 40 });

const EMPLOYMENT: FieldDef[] = [
  field('staffCategory', '教职工类别', 'Staff category', 'code', { codeList: 'staffCategory' }),
  field('establishmentStatus', '编制情况', 'Establishment status', 'code', { codeList: 'establishmentStatus' }),
  field('postCategory', '岗位类别', 'Post category', 'code', { codeList: 'postCategory' }),
  field('startDate', '进校日期', 'Start date at the school', 'date', { required: true }),
  field('professionalTitle', '专业技术职务', 'Professional title', 'code', { codeList: 'professionalTitle' }),
];

export function teacherColumns(extraFields: readonly FieldDef[] = []): FieldDef[] {
  const basic = getInfoSet('basic')!.fields;
  return [SCHOOL_CODE, ...basic, ID_TYPE, ID_NUMBER, ...EMPLOYMENT, ...extraFields];
}

/** Title series offered in a stage's template (kindergartens and special schools use the K-12 series). */
const TITLE_SERIES: Record<string, string[]> = {
  kindergarten: ['primary_secondary'], primary_secondary: ['primary_secondary'], special_education: ['primary_secondary'],
  secondary_vocational: ['secondary_vocational'], higher_education: ['higher_education'],
};

export interface Choice { code: string; name: string }

/**
 * The values a dropdown offers for a code column: the code list's current items (for titles,
 * the stage's series and the other-series titles); custom lists (province indicators) as codes.
 */
export function choicesFor(def: FieldDef, stage?: string | null, codeItems: Record<string, readonly string[]> = {}): Choice[] {
  const custom = codeItems[def.key];
  if (custom) return custom.map((c) => ({ code: c, name: c }));
  if (!def.codeList) return [];
  let items = getCodeList(def.codeList).items.filter((i) => !i.deprecated);
  if (def.codeList === 'professionalTitle' && stage && TITLE_SERIES[stage]) {
    const series = new Set([...TITLE_SERIES[stage]!, 'other']);
    items = items.filter((i) => series.has(i.extra?.series ?? 'other'));
  }
  return items.map((i) => ({ code: i.code, name: i.name }));
}

const lookups = new Map<CodeListId, Map<string, string>>();

/** Cell text → code: the Chinese name or the code itself (numbers typed into General cells lose leading zeros). */
export function codeFromCell(list: CodeListId, text: string): string | undefined {
  let map = lookups.get(list);
  if (!map) {
    map = new Map();
    for (const i of getCodeList(list).items) map.set(i.code, i.code);
    for (const i of getCodeList(list).items) if (!map.has(i.name)) map.set(i.name, i.code);
    lookups.set(list, map);
  }
  return map.get(text) ?? (/^\d$/.test(text) ? map.get(`0${text}`) : undefined);
}
