import { codeName, TEACHER_RESTRICTED_SETS, type CodeListId } from '@tmis/shared';
import type { RequestContext } from '../../platform/graphql/context.js';
import type { Teacher } from '../teachers/teacher.entity.js';
import { PRESENCE_LABEL, presenceOf } from '../teachers/teacher-visits.js';

/** What a column sees of one exported teacher. */
export interface ExportRow {
  teacher: Teacher;
  /** Teacher fields the caller may read and export on this row (field-level CASL, as in GraphQL). */
  fields: ReadonlySet<string>;
  /** The full document number; set only on rows where `fields` has `idNumber`. */
  idNumber?: string;
  unitName(id: string): string | null;
}

/** One exportable column: its key in `exportTeachers(fields:)` and its Chinese header. */
export interface ExportField {
  key: string;
  header: string;
  /** The Teacher field the caller must be allowed to read (and export) for this column. */
  requires: string;
  width?: number;
  /** Cell text from the teacher row. */
  cell?(row: ExportRow): string | null;
  /** Or: values loaded once for all exported teachers, by teacher id (province indicators). */
  load?(teachers: Teacher[], ctx: RequestContext): Promise<Map<string, string | null>>;
}

const code = (list: CodeListId, value: string | null | undefined): string | null => (value ? codeName(list, value) ?? value : null);

const coded = (key: keyof Teacher & string, header: string, list: CodeListId): ExportField =>
  ({ key, header, requires: key, cell: (r) => code(list, r.teacher[key] as string | null | undefined) });

const plain = (key: keyof Teacher & string, header: string, width?: number): ExportField =>
  ({ key, header, requires: key, width, cell: (r) => (r.teacher[key] as string | null | undefined) ?? null });

/**
 * The core columns, in sheet order. Restricted info sets (assessments, compensation, ethics) are
 * deliberately absent: they are never exported through this list.
 */
export const CORE_EXPORT_FIELDS: readonly ExportField[] = [
  plain('teacherNo', '教师个人标识码', 18),
  coded('numberState', '编号状态', 'numberState'),
  plain('name', '姓名', 12),
  coded('gender', '性别', 'gender'),
  plain('birthDate', '出生日期', 12),
  { key: 'birthYear', header: '出生年份', requires: 'birthYear', width: 10, cell: (r) => r.teacher.birthDate.slice(0, 4) },
  coded('ethnicity', '民族', 'ethnicity'),
  coded('politicalStatus', '政治面貌', 'politicalStatus'),
  coded('idType', '身份证件类型', 'idDocumentType'),
  // As the GraphQL field: in full only where `idNumber` is granted, masked otherwise.
  { key: 'idNumber', header: '证件号码', requires: 'idNumberMasked', width: 22,
    cell: (r) => (r.fields.has('idNumber') && r.idNumber ? r.idNumber : r.teacher.idNumberMasked) },
  coded('educationLevel', '最高学历', 'educationLevel'),
  coded('professionalTitle', '专业技术职务', 'professionalTitle'),
  { key: 'school', header: '所在学校', requires: 'schoolId', width: 28, cell: (r) => r.unitName(r.teacher.school.id) },
  { key: 'unit', header: '所在单位', requires: 'unitId', width: 28, cell: (r) => r.unitName(r.teacher.unit.id) },
  coded('stage', '学段', 'stage'),
  coded('employmentStatus', '在职状态', 'employmentStatus'),
  coded('staffCategory', '教职工类别', 'staffCategory'),
  coded('establishmentStatus', '编制情况', 'establishmentStatus'),
  coded('postCategory', '岗位类别', 'postCategory'),
  plain('hireDate', '入职日期', 12),
  // 已调出 / 轮岗中 / 轮岗来校: how the exporting unit stands to the teacher (issue 13.4).
  { key: 'presence', header: '与本单位关系', requires: 'teacherNo', width: 12,
    load: async (teachers, ctx) => new Map(await Promise.all(teachers.map(async (t) => [t.id, PRESENCE_LABEL[await presenceOf(ctx, t)]] as [string, string]))) },
];

/**
 * Extension point for province indicators (拓展指标): columns appended after the core ones.
 * None by default; the indicator catalogue is wired in here later.
 */
export type ExtraExportFields = (ctx: RequestContext) => Promise<readonly ExportField[]>;
export const noExtraFields: ExtraExportFields = async () => [];

/** Teacher fields that exist but are never exported: asking for one is FIELD_FORBIDDEN, not unknown. */
export const NEVER_EXPORTED: readonly string[] = TEACHER_RESTRICTED_SETS;

export type PickedColumns = { columns: ExportField[] } | { refused: 'FIELD_UNKNOWN' | 'FIELD_FORBIDDEN'; field: string };

/**
 * The columns asked for, in the order asked, duplicates dropped. The first key that is no column
 * is refused; `allowed` says whether the caller may read (and export) a column's Teacher field.
 */
export function pickColumns(keys: readonly string[], available: readonly ExportField[], allowed: (field: string) => boolean): PickedColumns {
  const byKey = new Map(available.map((f) => [f.key, f]));
  const columns: ExportField[] = [];
  for (const key of new Set(keys.map((k) => k.trim()))) {
    const f = byKey.get(key);
    if (!f) return { refused: NEVER_EXPORTED.includes(key) ? 'FIELD_FORBIDDEN' : 'FIELD_UNKNOWN', field: key };
    if (!allowed(f.requires)) return { refused: 'FIELD_FORBIDDEN', field: key };
    columns.push(f);
  }
  return { columns };
}
