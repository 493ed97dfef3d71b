import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { generateChineseIdCard } from '@tmis/shared';
import { createTestApp, dataOf, errorCode, sql, type TestApp } from '../../testing/test-app.js';
import { answerChallenge, GQL } from '../../testing/auth-helpers.js';
import { createDemoCa, issueClientCertificate } from '../../platform/auth/certificates/index.js';
import { setupDeployment } from '../setup/setup.js';
import { teacherColumns } from '../imports/teacher-columns.js';
import { APPLY, directoryWorkbook, download, dryRun, PLAN, settled, type SchoolLine } from './testing.js';

/**
 * Issue 12, "must show": a province goes live on an empty database with nothing but the set-up
 * command, GraphQL and the HTTP routes — no demo builders. Set-up → exactly the root units and one
 * system admin → forced password change → the unit directory of 214 schools in 3 cities (dry run,
 * then apply) → an information admin with an education CA certificate and a query user → the
 * information admin imports teachers, and the query user reads them.
 */
const PROVINCE = '320000';
const CHANGE = `mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) { status token } }`;
const CREATE = `mutation($i: CreateAccountInput!) { createAccount(input: $i) { initialPassword account { id username role certStatus mustChangePassword } } }`;
const UNITS = `query($level: String, $search: String) { units(level: $level, search: $search, first: 500) { totalCount nodes { code name level parentId } } }`;
const JOB = `query($id: ID!) { job(id: $id) { status counts errorCode } }`;

let t: TestApp;
beforeAll(async () => { t = await createTestApp({ TMIS_PROVINCE_CODE: PROVINCE }); });
afterAll(async () => t?.close());

const counts = async () => (await sql<{ units: number; accounts: number; admins: number; teachers: number }>(t, `
  select (select count(*) from unit)::int as units, (select count(*) from account)::int as accounts,
         (select count(*) from account where role = 'system_admin')::int as admins, (select count(*) from teacher)::int as teachers`))[0]!;

/** Password, then (for an information admin) the certificate, then the forced change; the full token. */
async function firstLogin(username: string, password: string, newPassword: string, cert?: { certPem: string; keyPem: string }): Promise<string> {
  let r = dataOf(await t.gql(GQL.LOGIN, { u: username, p: password })).login;
  if (cert) {
    expect(r.status).toBe('CERTIFICATE_REQUIRED');
    r = dataOf(await answerChallenge(t, r.challenge, cert)).completeCertificateLogin;
  }
  expect(r.status).toBe('PASSWORD_CHANGE_REQUIRED');
  expect(errorCode(await t.gql(UNITS, {}, r.token))).toBe('PASSWORD_CHANGE_REQUIRED');
  const changed = dataOf(await t.gql(CHANGE, { c: password, n: newPassword }, r.token)).changePassword;
  expect(changed.status).toBe('OK');
  return changed.token;
}

// Three cities, two counties each; 35 schools per county, one city-run school per city, and one province-run school.
const CITIES = [
  { code: '320100', name: '南京市', counties: [['320102', '玄武区'], ['320104', '秦淮区']] },
  { code: '320200', name: '无锡市', counties: [['320205', '锡山区'], ['320211', '滨湖区']] },
  { code: '320300', name: '徐州市', counties: [['320302', '鼓楼区'], ['320311', '泉山区']] },
];
const TYPES = [['211', '小学'], ['311', '初级中学'], ['111', '幼儿园'], ['342', '高级中学']] as const;

function directory(): SchoolLine[] {
  const schools: SchoolLine[] = [];
  for (const city of CITIES) {
    for (const [county, countyName] of city.counties) {
      for (let i = 1; i <= 35; i++) {
        const [type, typeName] = TYPES[i % TYPES.length]!;
        schools.push({
          schoolCode: `${type[0]}32${county!.slice(2)}${String(i).padStart(3, '0')}`, name: `${countyName}第${i}${typeName}`, schoolType: type,
          divisionCode: county!, divisionName: countyName, sponsorType: '教育行政部门', urbanRuralType: i % 3 ? '111' : '220', address: `${city.name}${countyName}${i}号`,
        });
      }
    }
    schools.push({ schoolCode: `332${city.code.slice(2, 4)}00001`, name: `${city.name}直属中学`, schoolType: '342', divisionCode: city.counties[0]![0]!, authority: '市级' });
  }
  schools.push({ schoolCode: '4320000001', name: '江苏省实验大学', schoolType: '411', divisionCode: '320102', authority: '省级' });
  return schools;
}

describe('a province goes live', () => {
  let admin: string;
  let info: string;
  let query: string;
  let provinceUnitId: string;
  let certDir: string;

  it('set-up on an empty database: exactly the national root, the province and one system admin', async () => {
    expect(await counts()).toEqual({ units: 0, accounts: 0, admins: 0, teachers: 0 });
    const idNumber = generateChineseIdCard({ regionCode: '320102', birthDate: '1976-04-02', sequence: 33, gender: '1' });
    const r = await setupDeployment(t.app.orm, t.app.runtime, { national: false, provinceCode: PROVINCE, adminName: '周建国', adminIdNumber: idNumber, adminUsername: 'js.sysadmin' });
    expect(r).toMatchObject({ created: true, adminUsername: 'js.sysadmin' });
    provinceUnitId = r.provinceUnitId!;
    expect(await counts()).toEqual({ units: 2, accounts: 1, admins: 1, teachers: 0 });
    admin = await firstLogin('js.sysadmin', r.oneTimePassword!, 'Jiangsu#Go-Live1');
    expect(dataOf(await t.gql(UNITS, {}, admin)).units.nodes).toEqual([{ code: PROVINCE, name: '江苏省教育厅', level: 'province', parentId: expect.any(String) }]);
  });

  it('the admin loads the unit directory: 214 schools in 3 cities, dry run first, then apply', async () => {
    const template = await download(t, '/api/unit-directory/template.xlsx', admin);
    expect(template.status).toBe(200);
    const schools = directory();
    expect(schools).toHaveLength(214);
    const file = await directoryWorkbook(schools, CITIES.map((c) => ({ code: c.code, name: c.name })));
    const imp = await dryRun(t, admin, file);
    expect(imp).toMatchObject({ status: 'ready', dryRunJob: { status: 'succeeded' } });
    expect(imp.summary).toEqual({ rows: 214, create: 214, update: 0, unchanged: 0, close: 0, invalid: 0, divisionsCreate: 9, divisionsUpdate: 0 });
    const cityRows = dataOf(await t.gql(PLAN, { id: imp.id, s: '市教育局', first: 10 }, admin)).unitDirectoryPlan;
    expect(cityRows.nodes.map((r: any) => [r.kind, r.action, r.code, r.name])).toEqual(CITIES.map((c) => ['city', 'create', c.code, `${c.name}教育局`]));
    // The dry run changed nothing.
    expect((await counts()).units).toBe(2);

    dataOf(await t.gql(APPLY, { id: imp.id }, admin));
    const done = await settled(t, admin, imp.id, 'applyJob');
    expect(done).toMatchObject({ status: 'applied', applyJob: { status: 'succeeded' } });
    expect((await counts()).units).toBe(2 + 9 + 214);
    const cities = dataOf(await t.gql(UNITS, { level: 'city' }, admin)).units;
    expect(cities.nodes.map((u: any) => [u.code, u.name, u.parentId])).toEqual(CITIES.map((c) => [c.code, `${c.name}教育局`, provinceUnitId]));
    expect(dataOf(await t.gql(UNITS, { level: 'school' }, admin)).units.totalCount).toBe(214);
    const cityRun = await sql<{ parent: string }>(t, `select p.code as parent from unit u join unit p on p.id = u.parent_id where u.code = '3320200001'`);
    expect(cityRun).toEqual([{ parent: '320200' }]);
  });

  it('the admin creates an information admin bound to a CA certificate, and a query user', async () => {
    certDir = join(t.dataDir, 'certs');
    mkdirSync(certDir, { recursive: true });
    // The education CA this deployment trusts (TMIS_CA_CERTS), and the certificate on the new admin's USB key.
    const ca = await createDemoCa();
    writeFileSync(join(certDir, 'ca.crt.pem'), ca.certPem);
    const cert = await issueClientCertificate({ caCertPem: ca.certPem, caKeyPem: ca.keyPem, subject: { commonName: '吴敏', serialNumber: 'js.info' } });
    const person = (username: string, realName: string, sequence: number, extra: Record<string, unknown> = {}) => ({
      unitId: provinceUnitId, username, realName, phone: '13905170000', idNumber: generateChineseIdCard({ regionCode: '320104', birthDate: '1985-09-09', sequence, gender: '2' }), ...extra,
    });
    const infoAccount = dataOf(await t.gql(CREATE, { i: { ...person('js.info', '吴敏', 44, { certificatePem: cert.certPem }), role: 'info_admin' } }, admin)).createAccount;
    expect(infoAccount.account).toMatchObject({ role: 'info_admin', certStatus: 'active', mustChangePassword: true });
    const queryAccount = dataOf(await t.gql(CREATE, { i: { ...person('js.query', '郑洁', 46), role: 'query_user' } }, admin)).createAccount;
    expect(queryAccount.account).toMatchObject({ role: 'query_user', certStatus: 'none' });

    info = await firstLogin('js.info', infoAccount.initialPassword, 'Info#Jiangsu2027', cert);
    query = await firstLogin('js.query', queryAccount.initialPassword, 'Query#Jiangsu2027');
    expect(await counts()).toEqual({ units: 225, accounts: 3, admins: 1, teachers: 0 });
  });

  it('the information admin imports teachers into the new schools; the query user reads them', async () => {
    const columns = teacherColumns();
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('教师信息');
    ws.addRow(columns.map((c) => c.label));
    ws.addRow(columns.map((c) => c.key));
    const all = directory();
    const schools = [all[0]!, all[40]!, all[150]!, all.find((x) => x.authority === '市级')!].map((x) => String(x.schoolCode));
    schools.forEach((schoolCode, i) => {
      const row: Record<string, string> = {
        schoolCode, name: `教师${i + 1}`, gender: '女', birthDate: `1990-03-0${i + 1}`, educationLevel: '大学本科毕业', idType: '居民身份证',
        idNumber: generateChineseIdCard({ regionCode: '320102', birthDate: `1990-03-0${i + 1}`, sequence: 60 + 2 * i, gender: '2' }),
        staffCategory: '专任教师', establishmentStatus: '在编', postCategory: '专业技术岗位', startDate: '2014-09-01', professionalTitle: '一级教师',
      };
      ws.addRow(columns.map((c) => row[c.key] ?? null));
    });
    const res = await fetch(`${t.url}/api/imports/teachers?unitId=${provinceUnitId}`, {
      method: 'POST', body: Buffer.from(await wb.xlsx.writeBuffer()), headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', authorization: `Bearer ${info}` },
    });
    expect(res.status).toBe(202);
    const { jobId } = (await res.json()) as { jobId: string };
    let job: any;
    for (let i = 0; i < 300 && !['succeeded', 'failed'].includes(job?.status); i++) {
      job = dataOf(await t.gql(JOB, { id: jobId }, info)).job;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(job).toMatchObject({ status: 'succeeded', counts: expect.objectContaining({ imported: 4, invalid: 0 }) });
    const seen = dataOf(await t.gql(`{ teachers(first: 10) { totalCount nodes { name school { code } } } }`, {}, query)).teachers;
    expect(seen.totalCount).toBe(4);
    expect(seen.nodes.map((n: any) => n.school.code).sort()).toEqual([...schools].sort());
    expect(await counts()).toMatchObject({ teachers: 4 });
  });
});
