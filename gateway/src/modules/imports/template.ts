import ExcelJS from 'exceljs';
import { codeName, type FieldDef } from '@tmis/shared';
import { choicesFor, teacherColumns } from './teacher-columns.js';

export const DATA_SHEET = '教师信息';
export const LISTS_SHEET = '代码表';
/** Rows offered with dropdowns; the import itself reads any number of rows. */
export const TEMPLATE_ROWS = 5000;
/** Header (labels) on row 1, the hidden row of field keys on row 2, data from row 3. */
export const FIRST_DATA_ROW = 3;

export interface TemplateOptions {
  /** School stage (学段): narrows the title list to the stage's series. */
  stage?: string | null;
  /** Extension point: the province's indicators, appended as columns (the lead wires them in). */
  extraFields?: readonly FieldDef[];
  /** Items of custom code lists, by field key (province indicators). */
  codeItems?: Record<string, readonly string[]>;
  /** The caller's school: the school-code column may then stay blank. */
  schoolCodeOptional?: boolean;
}

/** exceljs has range validations (one <dataValidation sqref="C3:C5002">) but no typing for them. */
const validations = (ws: ExcelJS.Worksheet) => (ws as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }).dataValidations;

const col = (n: number): string => {
  let s = '';
  for (n += 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
};

/**
 * The teacher import template (批量导入模板) of one school stage: Chinese headers, a hidden row
 * of field keys (so columns may be moved), text-formatted ID and date columns (Excel would
 * otherwise round an 18-digit number), and a dropdown of names for every code column, fed from
 * a hidden sheet. Cells accept the name or the code; the dropdown only warns.
 */
export async function buildTeacherTemplate(opts: TemplateOptions = {}): Promise<Buffer> {
  const columns = teacherColumns(opts.extraFields);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'TMIS 教师管理信息系统';
  const ws = wb.addWorksheet(DATA_SHEET, { views: [{ state: 'frozen', ySplit: 2 }] });
  const lists = wb.addWorksheet(LISTS_SHEET, { state: 'hidden' });
  const help = wb.addWorksheet('填写说明');

  ws.addRow(columns.map((c) => c.label));
  ws.addRow(columns.map((c) => c.key)).hidden = true;
  let listCol = 0;
  columns.forEach((def, i) => {
    const column = ws.getColumn(i + 1);
    column.width = Math.max(12, def.label.length * 2 + 4);
    const header = ws.getCell(1, i + 1);
    const required = def.required || (def.key === 'schoolCode' && !opts.schoolCodeOptional);
    header.font = { bold: true, color: { argb: required ? 'FFC00000' : 'FF000000' } };
    header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
    if (required) header.note = '必填';
    if (def.type === 'text' || def.type === 'date') column.numFmt = '@';
    if (def.type === 'date') header.note = `${required ? '必填；' : ''}格式：YYYY-MM-DD，如 1985-03-15`;
    const choices = def.type === 'code' ? choicesFor(def, opts.stage, opts.codeItems) : [];
    if (!choices.length) return;
    const letter = col(listCol++);
    lists.getCell(`${letter}1`).value = def.label;
    choices.forEach((c, k) => { lists.getCell(`${letter}${k + 2}`).value = c.name; });
    validations(ws).add(`${col(i)}${FIRST_DATA_ROW}:${col(i)}${FIRST_DATA_ROW + TEMPLATE_ROWS - 1}`, {
      type: 'list', allowBlank: true, formulae: [`'${LISTS_SHEET}'!$${letter}$2:$${letter}$${choices.length + 1}`],
      showErrorMessage: true, errorStyle: 'warning', errorTitle: def.label, error: `请从下拉列表中选择${def.label}（也可填写代码）`,
    });
  });

  help.getColumn(1).width = 100;
  const stageName = opts.stage ? codeName('stage', opts.stage) ?? opts.stage : '全部学段';
  [
    `教师信息批量导入模板（${stageName}）`,
    '1. 请在“教师信息”工作表第3行起逐行填写，每行一名教师；不要修改第1行表头，第2行为系统字段（已隐藏）。',
    '2. 红色表头为必填项。学校标识码为10位数字；在学校账号下导入本校教师时可不填。',
    '3. 代码类字段请从下拉列表选择，也可直接填写代码。日期格式为 YYYY-MM-DD。',
    '4. 证件类型不填时按居民身份证处理；身份证号将校验校验位及与性别、出生日期是否一致。',
    '5. 导入后可下载错误报告（行号、列、原因）；修改后可重新上传同一文件，已导入的教师不会重复导入。',
  ].forEach((line, i) => {
    const cell = help.getCell(`A${i + 1}`);
    cell.value = line;
    if (i === 0) cell.font = { bold: true, size: 14 };
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
