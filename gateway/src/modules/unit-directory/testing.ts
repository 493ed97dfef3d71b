import ExcelJS from 'exceljs';
import type { TestApp } from '../../testing/test-app.js';
import { dataOf } from '../../testing/test-app.js';
import { DIVISION_COLUMNS, DIVISIONS_SHEET, SCHOOL_COLUMNS, SCHOOLS_SHEET } from './directory-columns.js';

/** Test helpers for the unit directory import: workbooks as a province would upload them, and the HTTP/GraphQL round trip. */
export type SchoolLine = Partial<Record<(typeof SCHOOL_COLUMNS)[number]['key'], string | number>>;
export interface DivisionLine { code: string; name: string; authorityName?: string }

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A school list with the statistics labels on row 1 (no key row, as an export from the statistics system looks). */
export async function directoryWorkbook(schools: SchoolLine[], divisions: DivisionLine[] = [], opts: { columns?: string[] } = {}): Promise<Buffer> {
  const cols = opts.columns ? SCHOOL_COLUMNS.filter((c) => opts.columns!.includes(c.key)) : SCHOOL_COLUMNS;
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(SCHOOLS_SHEET);
  ws.addRow(cols.map((c) => c.label));
  for (const s of schools) ws.addRow(cols.map((c) => s[c.key] ?? null));
  if (divisions.length) {
    const d = wb.addWorksheet(DIVISIONS_SHEET);
    d.addRow(DIVISION_COLUMNS.map((c) => c.label));
    for (const x of divisions) d.addRow([x.code, x.name, x.authorityName ?? null]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export const IMPORT = `query($id: ID!) { unitDirectoryImport(id: $id) { id status fileSha256 appliedAt
  summary { rows create update unchanged close invalid divisionsCreate divisionsUpdate }
  dryRunJob { id status errorCode error hasResult counts } applyJob { id status errorCode error counts processed } } }`;
export const PLAN = `query($id: ID!, $a: String, $s: String, $first: Int) { unitDirectoryPlan(importId: $id, action: $a, search: $s, first: $first) {
  totalCount nodes { rowNumber kind action code name parentCode changes { field from to } issues { column reason } activeTeachers } } }`;
export const APPLY = `mutation($id: ID!) { applyUnitDirectory(importId: $id) { id status applyJob { id status } } }`;

export async function uploadDirectory(t: TestApp, token: string | undefined, body: Buffer): Promise<{ status: number; body: any }> {
  const res = await fetch(`${t.url}/api/unit-directory`, { method: 'POST', body, headers: { 'content-type': XLSX, ...(token ? { authorization: `Bearer ${token}` } : {}) } });
  return { status: res.status, body: await res.json() };
}

/** Polls the import until its dry run (or apply) job has finished. */
export async function settled(t: TestApp, token: string, importId: string, job: 'dryRunJob' | 'applyJob' = 'dryRunJob'): Promise<any> {
  for (let i = 0; i < 600; i++) {
    const imp = dataOf(await t.gql(IMPORT, { id: importId }, token)).unitDirectoryImport;
    if (imp[job] && (imp[job].status === 'succeeded' || imp[job].status === 'failed')) return imp;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${job} of ${importId} did not finish`);
}

/** Upload → dry run finished. */
export async function dryRun(t: TestApp, token: string, file: Buffer): Promise<any> {
  const up = await uploadDirectory(t, token, file);
  if (up.status !== 202) throw new Error(`upload: ${up.status} ${JSON.stringify(up.body)}`);
  return settled(t, token, up.body.importId);
}

export async function download(t: TestApp, path: string, token?: string): Promise<{ status: number; wb?: ExcelJS.Workbook; json?: any }> {
  const res = await fetch(`${t.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (res.headers.get('content-type') !== XLSX) return { status: res.status, json: await res.json() };
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
  return { status: res.status, wb };
}
