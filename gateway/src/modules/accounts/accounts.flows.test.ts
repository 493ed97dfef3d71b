import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateChineseIdCard, maskIdNumber } from '@tmis/shared';
import { issueClientCertificate } from '../../platform/auth/certificates/index.js';
import { createTestApp, dataOf, errorCode, sql, type TestApp } from '../../testing/test-app.js';
import { buildWorld, PASSWORD, type UnitKey, type World } from '../../testing/world.js';
import { answerChallenge, loginAs, type CertificateFiles } from '../../testing/auth-helpers.js';

/**
 * Account creation through the real API (domain §3): a system admin manages its own unit's
 * accounts and the system admins directly below; one system admin and one information admin per
 * unit; teacher accounts are matched against the archive; a new account must change its password.
 */
const CREATE = `mutation($i: CreateAccountInput!) { createAccount(input: $i) {
  initialPassword account { id username realName role unitId unitLevel status mustChangePassword teacherId certStatus idNumberMasked } } }`;
const LOGIN = `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { status token challenge { id nonce } } }`;
const CHANGE = `mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) { status token } }`;
const ME = `{ me { username role authMethod mustChangePassword unit { id } } }`;
const REQUEST_CHANGE = `mutation($i: AccountChangeInput!) { requestAccountChange(input: $i) { status } }`;
const NEW_PASSWORD = 'Fresh-Start-42';

let t: TestApp;
let world: World;
const tokens = new Map<string, string>();
let seq = 500;

/** A valid ID number nobody else has. */
const freshId = (): string => generateChineseIdCard({ regionCode: '330106', birthDate: '1990-05-05', sequence: (seq += 2), gender: '1' });

const input = (unit: UnitKey, role: string, username: string, extra: Record<string, unknown> = {}) => ({
  unitId: world.units[unit].id, role, username, realName: `新用户${username}`, idNumber: freshId(), phone: '13812345678', ...extra,
});

const accountCount = async (username: string): Promise<number> =>
  (await sql<{ n: number }>(t, 'select count(*)::int as n from account where username = ?', [username]))[0]!.n;

const totalAccounts = async (): Promise<number> => (await sql<{ n: number }>(t, 'select count(*)::int as n from account'))[0]!.n;

/** Logs in with the initial password, which must be changed; returns the full token afterwards. */
async function firstLogin(username: string, initialPassword: string, cert?: CertificateFiles): Promise<string> {
  let r = dataOf(await t.gql(LOGIN, { u: username, p: initialPassword })).login;
  if (cert) {
    expect(r.status).toBe('CERTIFICATE_REQUIRED');
    r = dataOf(await answerChallenge(t, r.challenge, cert)).completeCertificateLogin;
  }
  expect(r.status).toBe('PASSWORD_CHANGE_REQUIRED');
  expect(errorCode(await t.gql(`{ teachers { totalCount } }`, {}, r.token))).toBe('PASSWORD_CHANGE_REQUIRED');
  const changed = dataOf(await t.gql(CHANGE, { c: initialPassword, n: NEW_PASSWORD }, r.token)).changePassword;
  expect(changed.status).toBe('OK');
  return changed.token;
}

beforeAll(async () => {
  t = await createTestApp();
  world = await buildWorld(t.app, {
    accounts: [
      ['c_sys', 'countyA', 'system_admin'],
      ['s_sys', 'schoolA', 'system_admin'],
      ['s_query', 'schoolA', 'query_user'],
      ['u_sys', 'univ', 'system_admin'],
    ],
  });
  for (const u of ['c_sys', 's_sys', 's_query', 'u_sys']) tokens.set(u, await loginAs(t, u));
});
afterAll(async () => t?.close());

describe('a county system admin', () => {
  it.each([
    ['the system admin of its own unit', 'countyA', 'system_admin', 'ROLE_NOT_ALLOWED'],
    ['a query user of a school below', 'schoolA2', 'query_user', 'ROLE_NOT_ALLOWED'],
    ['an information admin of a school below', 'schoolA2', 'info_admin', 'ROLE_NOT_ALLOWED'],
    ['a teacher of a school below', 'schoolA2', 'teacher', 'ROLE_NOT_ALLOWED'],
    ['the system admin of a school in a sibling county', 'schoolB', 'system_admin', 'NOT_FOUND_OR_NO_ACCESS'],
    ['the system admin of the sibling county', 'countyA2', 'system_admin', 'NOT_FOUND_OR_NO_ACCESS'],
    ['the system admin of its own city', 'cityA', 'system_admin', 'NOT_FOUND_OR_NO_ACCESS'],
    ['the system admin of a school in another province', 'schoolZ', 'system_admin', 'NOT_FOUND_OR_NO_ACCESS'],
    ['a second system admin of a school that has one', 'schoolA', 'system_admin', 'ROLE_LIMIT_REACHED'],
  ] as [string, UnitKey, string, string][])('may not create %s (%s %s → %s)', async (_name, unit, role, code) => {
    const username = `x_${unit}_${role}`.toLowerCase().slice(0, 32);
    const r = await t.gql(CREATE, { i: input(unit, role, username) }, tokens.get('c_sys'));
    expect(errorCode(r)).toBe(code);
    expect(r.data).toBeNull();
    expect(await accountCount(username)).toBe(0);
  });

  it('may create a query user of its own unit', async () => {
    const r = dataOf(await t.gql(CREATE, { i: input('countyA', 'query_user', 'c_query2') }, tokens.get('c_sys'))).createAccount;
    expect(r.account).toMatchObject({ role: 'query_user', unitId: world.units.countyA.id, unitLevel: 'county' });
  });
});

describe('from county to school: a new school system admin sets up its school', () => {
  let schoolAdmin: string;
  let infoAdminId: string;

  it('the county system admin creates the school system admin; it must change the initial password', async () => {
    const i = input('schoolA2', 'system_admin', 'a2_sys');
    const r = dataOf(await t.gql(CREATE, { i }, tokens.get('c_sys'))).createAccount;
    expect(r.account).toMatchObject({
      username: 'a2_sys', role: 'system_admin', unitId: world.units.schoolA2.id, unitLevel: 'school', status: 'active', mustChangePassword: true,
      idNumberMasked: maskIdNumber(i.idNumber),
    });
    expect(r.initialPassword).toMatch(/^\S{8,}$/);
    schoolAdmin = await firstLogin('a2_sys', r.initialPassword);
    expect(dataOf(await t.gql(ME, {}, schoolAdmin)).me).toMatchObject({ role: 'system_admin', mustChangePassword: false, unit: { id: world.units.schoolA2.id } });

    const audit = await sql(t, `select actor_username, detail from audit_entry where action = 'account.create' and target_id = ?`, [r.account.id]);
    expect(audit).toEqual([{ actor_username: 'c_sys', detail: expect.objectContaining({ username: 'a2_sys', role: 'system_admin' }) }]);
  });

  it('a second system admin for the same school is refused', async () => {
    const r = await t.gql(CREATE, { i: input('schoolA2', 'system_admin', 'a2_sys_two') }, tokens.get('c_sys'));
    expect(errorCode(r)).toBe('ROLE_LIMIT_REACHED');
    expect(await accountCount('a2_sys_two')).toBe(0);
  });

  it('the school system admin creates an information admin and a query user of its school', async () => {
    for (const [role, username] of [['info_admin', 'a2_info'], ['query_user', 'a2_query']]) {
      const r = dataOf(await t.gql(CREATE, { i: input('schoolA2', role!, username!) }, schoolAdmin)).createAccount;
      expect(r.account).toMatchObject({ username, role, unitId: world.units.schoolA2.id, mustChangePassword: true });
      if (role === 'info_admin') infoAdminId = r.account.id;
    }
  });

  it('a second active information admin in the same school is refused', async () => {
    const r = await t.gql(CREATE, { i: input('schoolA2', 'info_admin', 'a2_info_two') }, schoolAdmin);
    expect(errorCode(r)).toBe('ROLE_LIMIT_REACHED');
    expect(await accountCount('a2_info_two')).toBe(0);
  });

  it('once the first information admin is disabled a new one may be created, and the old one cannot come back', async () => {
    dataOf(await t.gql(REQUEST_CHANGE, { i: { accountId: infoAdminId, kind: 'disable' } }, schoolAdmin));
    dataOf(await t.gql(CREATE, { i: input('schoolA2', 'info_admin', 'a2_info_new') }, schoolAdmin));
    const restore = await t.gql(REQUEST_CHANGE, { i: { accountId: infoAdminId, kind: 'restore' } }, schoolAdmin);
    expect(errorCode(restore)).toBe('ROLE_LIMIT_REACHED');
    expect((await sql(t, 'select status from account where id = ?', [infoAdminId]))[0]!.status).toBe('disabled');
  });

  it('the school system admin may not create accounts of a neighbouring school', async () => {
    const r = await t.gql(CREATE, { i: input('schoolA', 'query_user', 'a2_into_a') }, schoolAdmin);
    expect(errorCode(r)).toBe('NOT_FOUND_OR_NO_ACCESS');
    expect(await accountCount('a2_into_a')).toBe(0);
  });
});

describe('a university with departments', () => {
  let deptAdmin: string;
  let issued: CertificateFiles;

  it('the university system admin creates a department information admin bound to a CA certificate', async () => {
    const ca = { caCertPem: readFileSync(join(world.certDir, 'ca.crt.pem'), 'utf8'), caKeyPem: readFileSync(join(world.certDir, 'ca.key.pem'), 'utf8') };
    issued = await issueClientCertificate({ ...ca, subject: { commonName: '文学院管理员', serialNumber: 'd1_info' } });
    const r = dataOf(await t.gql(CREATE, { i: input('deptU1', 'info_admin', 'd1_info', { certificatePem: issued.certPem }) }, tokens.get('u_sys'))).createAccount;
    expect(r.account).toMatchObject({ role: 'info_admin', unitId: world.units.deptU1.id, unitLevel: 'department', certStatus: 'active' });

    // Password, then certificate, then the forced password change.
    deptAdmin = await firstLogin('d1_info', r.initialPassword, issued);
    expect(dataOf(await t.gql(ME, {}, deptAdmin)).me).toMatchObject({ authMethod: 'password+certificate', mustChangePassword: false });
  });

  it('a certificate already bound to an account cannot be bound to another one', async () => {
    const r = await t.gql(CREATE, { i: input('deptU2', 'info_admin', 'd2_info', { certificatePem: issued.certPem }) }, tokens.get('u_sys'));
    expect(errorCode(r)).toBe('VALIDATION_FAILED');
    expect(r.errors![0]!.extensions!.details).toEqual({ field: 'certificatePem' });
    expect(await accountCount('d2_info')).toBe(0);
  });

  it('the department information admin creates a teacher account from name, gender, birth date and ID number', async () => {
    const teacher = world.teachers.deptU1!;
    const r = dataOf(await t.gql(CREATE, {
      i: { unitId: world.units.deptU1.id, role: 'teacher', realName: teacher.name, gender: teacher.gender, birthDate: teacher.birthDate, idNumber: world.idNumbers.get(teacher.id) },
    }, deptAdmin)).createAccount;
    expect(r.account).toMatchObject({ role: 'teacher', teacherId: teacher.id, username: teacher.teacherNo.toLowerCase(), unitId: world.units.deptU1.id });

    const first = dataOf(await t.gql(LOGIN, { u: r.account.username, p: r.initialPassword })).login;
    expect(first.status).toBe('PASSWORD_CHANGE_REQUIRED');
    const full = await firstLogin(r.account.username, r.initialPassword);
    const own = dataOf(await t.gql(`{ teachers { nodes { id } } }`, {}, full)).teachers.nodes;
    expect(own).toEqual([{ id: teacher.id }]);

    const again = await t.gql(CREATE, {
      i: { unitId: world.units.deptU1.id, role: 'teacher', username: 'second_account', realName: teacher.name, gender: teacher.gender, birthDate: teacher.birthDate, idNumber: world.idNumbers.get(teacher.id) },
    }, deptAdmin);
    expect(errorCode(again)).toBe('TEACHER_ACCOUNT_EXISTS');
  });

  it.each([
    ['a teacher of another department', 'deptU2', {}, 'TEACHER_NOT_IN_UNIT'],
    ['the university\'s own teacher (above the department)', 'univ', {}, 'TEACHER_NOT_IN_UNIT'],
    ['a teacher of the department under another name', 'deptU1', { realName: '张冒名' }, 'TEACHER_NOT_IN_UNIT'],
    ['a birth date that does not match the ID number', 'deptU1', { birthDate: '1985-03-16' }, 'ID_NUMBER_BIRTH_DATE_MISMATCH'],
    ['a gender that does not match the ID number', 'deptU1', { gender: '1' }, 'ID_NUMBER_GENDER_MISMATCH'],
  ] as [string, UnitKey, Record<string, string>, string][])('refuses %s', async (_name, teacherOf, override, code) => {
    const teacher = world.teachers[teacherOf]!;
    const username = `t_${teacherOf}_${Object.keys(override).join('')}`.toLowerCase();
    const r = await t.gql(CREATE, {
      i: { unitId: world.units.deptU1.id, role: 'teacher', username, realName: teacher.name, gender: teacher.gender, birthDate: teacher.birthDate, idNumber: world.idNumbers.get(teacher.id), ...override },
    }, deptAdmin);
    expect(errorCode(r)).toBe(code);
    expect(await accountCount(username)).toBe(0);
  });

  it('the department information admin may not create accounts in another department or other roles', async () => {
    const teacher = world.teachers.deptU2!;
    const other = await t.gql(CREATE, {
      i: { unitId: world.units.deptU2.id, role: 'teacher', realName: teacher.name, gender: teacher.gender, birthDate: teacher.birthDate, idNumber: world.idNumbers.get(teacher.id) },
    }, deptAdmin);
    expect(errorCode(other)).toBe('NOT_FOUND_OR_NO_ACCESS');
    expect(errorCode(await t.gql(CREATE, { i: input('deptU1', 'query_user', 'd1_query') }, deptAdmin))).toBe('ROLE_NOT_ALLOWED');
  });
});

describe('who may not create, and what is checked', () => {
  it('a query user cannot create accounts', async () => {
    const r = await t.gql(CREATE, { i: input('schoolA', 'query_user', 'by_query') }, tokens.get('s_query'));
    expect(errorCode(r)).toBe('FORBIDDEN');
    expect(await accountCount('by_query')).toBe(0);
  });

  it('an anonymous caller cannot create accounts', async () => {
    expect(errorCode(await t.gql(CREATE, { i: input('schoolA', 'query_user', 'by_nobody') }))).toBe('UNAUTHENTICATED');
  });

  const badChecksum = (): string => {
    const id = freshId();
    return id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
  };
  it.each([
    ['an ID number with a wrong check character', () => ({ idNumber: badChecksum() }), 'ID_NUMBER_CHECKSUM'],
    ['an ID number of the wrong length', () => ({ idNumber: '33010619900505' }), 'ID_NUMBER_FORMAT'],
    ['a bad mobile number', () => ({ phone: '12345' }), 'VALIDATION_FAILED'],
    ['a bad username', () => ({ username: 'No Spaces' }), 'USERNAME_FORMAT'],
    ['a taken username', () => ({ username: 's_query' }), 'USERNAME_TAKEN'],
    ['an unknown role', () => ({ role: 'superuser' }), 'VALIDATION_FAILED'],
  ])('refuses %s', async (_name, override, code) => {
    const before = await totalAccounts();
    const r = await t.gql(CREATE, { i: { ...input('schoolA', 'query_user', 's_new_query'), ...override() } }, tokens.get('s_sys'));
    expect(errorCode(r)).toBe(code);
    expect(await totalAccounts()).toBe(before);
  });

  it('the same input with a valid ID number is accepted, and its initial password works once changed', async () => {
    const r = dataOf(await t.gql(CREATE, { i: input('schoolA', 'query_user', 's_new_query') }, tokens.get('s_sys'))).createAccount;
    const full = await firstLogin('s_new_query', r.initialPassword);
    expect(dataOf(await t.gql(`{ teachers { totalCount } }`, {}, full)).teachers.totalCount).toBe(1);
    expect(dataOf(await t.gql(LOGIN, { u: 's_new_query', p: NEW_PASSWORD })).login.status).toBe('OK');
    expect(errorCode(await t.gql(LOGIN, { u: 's_new_query', p: PASSWORD }))).toBe('LOGIN_FAILED');
  });

  // Issue 13.7: the demo's own shapes (dhq-s2-query, teacher.demo, train-inst) are usable for new accounts.
  it.each(['qhx-s2-query', 'query.demo', 'a1-query_2.x'])('creates %s through the API, and it logs in', async (username) => {
    const r = dataOf(await t.gql(CREATE, { i: input('schoolA', 'query_user', username) }, tokens.get('s_sys'))).createAccount;
    expect(r.account).toMatchObject({ username, role: 'query_user', unitId: world.units.schoolA.id });
    const full = await firstLogin(username, r.initialPassword);
    expect(dataOf(await t.gql(ME, {}, full)).me).toMatchObject({ username, role: 'query_user' });
    expect(dataOf(await t.gql(LOGIN, { u: username.toUpperCase(), p: NEW_PASSWORD })).login.status).toBe('OK');
  });

  it.each([
    ['a space', 'query demo', 'USERNAME_FORMAT'],
    ['a single quote', "query'demo", 'USERNAME_FORMAT'],
    ['a double quote', 'query"demo', 'USERNAME_FORMAT'],
    ['a semicolon', 'query;demo', 'USERNAME_FORMAT'],
    ['a slash', 'query/../demo', 'USERNAME_FORMAT'],
    ['a leading hyphen', '-query-demo', 'USERNAME_FORMAT'],
    ['Chinese characters', '查询用户演示', 'USERNAME_FORMAT'],
    // Control characters never reach the service: the input limits refuse them before execution.
    ['a line feed', 'query\ndemo', 'VALIDATION_FAILED'],
    ['a NUL', 'query\u0000demo', 'VALIDATION_FAILED'],
  ])('refuses a username with %s, in Chinese, writing nothing', async (_name, username, code) => {
    const before = await totalAccounts();
    const r = await t.gql(CREATE, { i: input('schoolA', 'query_user', username) }, tokens.get('s_sys'));
    expect(errorCode(r)).toBe(code);
    expect(r.errors![0]!.message).toMatch(code === 'USERNAME_FORMAT' ? /^用户名须为4-32位字母、数字、点、下划线或连字符/ : /^输入数据校验未通过/);
    expect(await totalAccounts()).toBe(before);
  });
});
