// Subpath imports: the archive and code-list rules without the CASL rule set (the ability is the shell's).
import { getInfoSet, INFO_SETS, infoSetAppliesTo, validateRecordData, type FieldDef, type InfoSetDef } from '@tmis/shared/archive';
import { codeName, getCodeList, type CodeListId } from '@tmis/shared/codes';

/** Province indicators as the gateway defines them (`indicators` query). */
export interface IndicatorDef {
  code: string;
  label: string;
  labelEn?: string | null;
  type: string;
  codeItems?: { code: string; name: string }[] | null;
  required: boolean;
  schoolTypes?: string[] | null;
  teacherEditable: boolean;
}

export const INDICATOR_SET = 'indicators';

/** A set as the forms use it: its definition and, for indicators, the custom code items. */
export interface FormSet {
  def: InfoSetDef;
  codeItems: Record<string, { code: string; name: string }[]>;
}

/** The `indicators` set for a teacher at a school of `schoolType`: the same choice the gateway makes. */
export function indicatorSet(defs: readonly IndicatorDef[], schoolType: string | null | undefined): FormSet | null {
  const active = defs.filter((d) => !d.schoolTypes?.length || (schoolType != null && d.schoolTypes.includes(schoolType)));
  if (active.length === 0) return null;
  const fields: FieldDef[] = active.map((d) => ({
    key: d.code, label: d.label, labelEn: d.labelEn ?? d.code, type: d.type as FieldDef['type'], required: d.required,
    ...(d.type === 'text' ? { max: 200 } : {}),
  }));
  return {
    def: { code: INDICATOR_SET as InfoSetDef['code'], name: '省级拓展指标', nameEn: 'Province indicators', entry: 'teacher_or_school', multiple: false, fields },
    codeItems: Object.fromEntries(active.filter((d) => d.type === 'code').map((d) => [d.code, d.codeItems ?? []])),
  };
}

/** The national sets that apply to a teacher of this stage, then the province's indicators. */
export function setsFor(stage: string | null | undefined, indicators: FormSet | null): FormSet[] {
  const sets = INFO_SETS.filter((s) => infoSetAppliesTo(s, stage)).map((def) => ({ def, codeItems: {} }));
  return indicators ? [...sets, indicators] : sets;
}

export function setName(code: string, locale: string, indicators?: FormSet | null): string {
  const def = code === INDICATOR_SET ? indicators?.def : getInfoSet(code);
  if (!def) return code;
  return locale === 'en' ? def.nameEn : def.name;
}

export function fieldLabel(field: FieldDef, locale: string): string {
  return locale === 'en' ? field.labelEn : field.label;
}

export interface Choice {
  value: string;
  label: string;
}

/** Options of a code field: the code list's current items, or the indicator's own items. */
export function choicesOf(field: FieldDef, set: FormSet, locale: string): Choice[] {
  const custom = set.codeItems[field.key];
  if (custom) return custom.map((i) => ({ value: i.code, label: i.name }));
  if (!field.codeList) return [];
  return getCodeList(field.codeList).items
    .filter((i) => !i.deprecated)
    .map((i) => ({ value: i.code, label: locale === 'en' ? (i.nameEn ?? i.name) : i.name }));
}

export function codeLabel(list: CodeListId, code: string | null | undefined, locale: string): string {
  if (code == null || code === '') return '';
  return codeName(list, code, locale === 'en' ? 'en' : 'zh-CN') ?? code;
}

/** A stored value as people read it: code names, 是/否, plain text. */
export function displayValue(field: FieldDef, value: unknown, set: FormSet, locale: string, yesNo: [string, string]): string {
  if (value === undefined || value === null || value === '') return '';
  if (field.type === 'boolean') return value === true ? yesNo[0] : value === false ? yesNo[1] : String(value);
  if (field.type === 'code') {
    const custom = set.codeItems[field.key]?.find((i) => i.code === String(value));
    if (custom) return custom.name;
    return field.codeList ? codeLabel(field.codeList, String(value), locale) : String(value);
  }
  return String(value);
}

/** The form's values: empty ones left out, so "not filled" and "cleared" mean the same. */
export function cleanValues(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined && v !== null && v !== ''));
}

/** The gateway's own check (packages/shared validateRecordData), run before sending. */
export function validateForm(set: FormSet, values: Record<string, unknown>) {
  const codeItems = Object.fromEntries(Object.entries(set.codeItems).map(([k, items]) => [k, items.map((i) => i.code)]));
  return validateRecordData(set.def.fields, cleanValues(values), { codeItems });
}

/** One line for lists: the first filled fields as 「label：value」 (province indicators by their keys). */
export function summaryOf(infoSet: string, data: Record<string, unknown>, locale: string, max = 4): string {
  const def = getInfoSet(infoSet);
  if (!def) return Object.entries(data).slice(0, max).map(([k, v]) => `${k}：${String(v)}`).join('；');
  const set: FormSet = { def, codeItems: {} };
  const yesNo: [string, string] = locale === 'en' ? ['Yes', 'No'] : ['是', '否'];
  return def.fields
    .filter((f) => data[f.key] !== undefined && data[f.key] !== null && data[f.key] !== '')
    .slice(0, max)
    .map((f) => `${fieldLabel(f, locale)}：${displayValue(f, data[f.key], set, locale, yesNo)}`)
    .join('；');
}
