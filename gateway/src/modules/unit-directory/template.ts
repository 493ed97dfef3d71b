import ExcelJS from 'exceljs';
import { choicesFor } from '../imports/teacher-columns.js';
import { DIVISION_COLUMNS, DIVISIONS_SHEET, SCHOOL_COLUMNS, SCHOOLS_SHEET } from './directory-columns.js';

const LISTS_SHEET = '代码表';
/** Rows offered with dropdowns; the import reads any number of rows. */
const TEMPLATE_ROWS = 20_000;
const FIRST_DATA_ROW = 3;

const letter = (n: number): string => {
  let s = '';
  for (n += 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
};

/** exceljs has range validations (one <dataValidation sqref="C3:C20002">) but no typing for them. */
const validations = (ws: ExcelJS.Worksheet) => (ws as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }).dataValidations;

const HELP = [
  '单位名录导入模板（教育统计学校名录）',
  '1. “学校名录”工作表第3行起每行一所学校；第1行为表头，第2行为系统字段（已隐藏），请勿修改。也可直接上传教育统计导出的学校名录（表头同名即可）。',
  '2. 红色表头为必填项：学校标识码（10位）、学校名称、学校类型代码（办学类型，可填代码或名称）、所在地区划代码（GB/T 2260 县级代码，6位；9位或12位乡镇代码取前6位）。',
  '3. 主管教育行政部门：县（区）办学校不填；市或省直属学校填“市级”“省级”，或主管部门的区划代码、单位名称。',
  '4. 系统中还没有的市、县由区划代码自动设立在本省之下，名称取自“行政区划”工作表（区划代码、区划名称、教育行政部门名称），县级也可取本行的“区划名称”；教育行政部门名称不填时为“区划名称+教育局”。',
  '5. 上传后先预检：列出将新增、更新、不变和撤销的学校，以及错误行（可下载错误报告）。确认无误后再执行；有错误行时不能执行。',
  '6. 按学校标识码匹配：名称和属性以本文件为准更新；文件中缺少的列保持原值。本省已有、文件中没有的学校将被撤销（不删除，教师档案仍可查询）；再次列入即恢复。',
  '7. 只有省级系统管理员和信息管理员可以导入单位名录。',
];

/**
 * The unit directory template (单位名录导入模板): the school list with the statistics list's own
 * headers, a hidden key row, dropdowns (name or code accepted) for the school-type, sponsor and
 * urban/rural columns, text-formatted code columns (Excel would round or drop leading digits),
 * the 行政区划 sheet for new cities and counties, and the instructions.
 */
export async function buildDirectoryTemplate(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'TMIS 教师管理信息系统';
  const ws = wb.addWorksheet(SCHOOLS_SHEET, { views: [{ state: 'frozen', ySplit: 2 }] });
  const divisions = wb.addWorksheet(DIVISIONS_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  const lists = wb.addWorksheet(LISTS_SHEET, { state: 'hidden' });
  const help = wb.addWorksheet('填写说明');

  ws.addRow(SCHOOL_COLUMNS.map((c) => c.label));
  ws.addRow(SCHOOL_COLUMNS.map((c) => c.key)).hidden = true;
  let listCol = 0;
  SCHOOL_COLUMNS.forEach((def, i) => {
    const column = ws.getColumn(i + 1);
    column.width = Math.max(14, def.label.length * 2 + 4);
    column.numFmt = '@';
    const head = ws.getCell(1, i + 1);
    head.font = { bold: true, color: { argb: def.required ? 'FFC00000' : 'FF000000' } };
    head.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
    if (def.required) head.note = '必填';
    const choices = choicesFor(def);
    if (!choices.length) return;
    const l = letter(listCol++);
    lists.getCell(`${l}1`).value = def.label;
    choices.forEach((c, k) => { lists.getCell(`${l}${k + 2}`).value = `${c.code} ${c.name}`; });
    validations(ws).add(`${letter(i)}${FIRST_DATA_ROW}:${letter(i)}${FIRST_DATA_ROW + TEMPLATE_ROWS - 1}`, {
      type: 'list', allowBlank: true, formulae: [`'${LISTS_SHEET}'!$${l}$2:$${l}$${choices.length + 1}`],
      showErrorMessage: true, errorStyle: 'warning', errorTitle: def.label, error: `请从下拉列表中选择${def.label}（也可填写代码或名称）`,
    });
  });

  divisions.addRow(DIVISION_COLUMNS.map((c) => c.label));
  DIVISION_COLUMNS.forEach((def, i) => {
    const column = divisions.getColumn(i + 1);
    column.width = i === 2 ? 30 : 16;
    column.numFmt = '@';
    const head = divisions.getCell(1, i + 1);
    head.font = { bold: true, color: { argb: def.required ? 'FFC00000' : 'FF000000' } };
    head.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
  });

  help.getColumn(1).width = 110;
  HELP.forEach((line, i) => {
    const cell = help.getCell(`A${i + 1}`);
    cell.value = line;
    cell.alignment = { wrapText: true };
    if (i === 0) cell.font = { bold: true, size: 14 };
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
