import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateChineseIdCard } from '@tmis/shared';
import { createTestApp, dataOf, sql, type TestApp } from '../../testing/test-app.js';
import { buildWorld, type World } from '../../testing/world.js';
import { loginAs } from '../../testing/auth-helpers.js';
import { sealClearColumns } from './sealed-column.js';

/**
 * Issue 14.7, personal data at rest: an account's phone and e-mail and a data-sharing
 * application's contact are written through the API, then looked for in the tables as a database
 * reader would (every column as text): the clear values are not there, while the API still
 * answers them to those allowed. Rows from before the change are sealed by the app after migrating.
 */
const CREATE = `mutation($i: CreateAccountInput!) { createAccount(input: $i) { account { id phone email } } }`;
const ACCOUNT = `query($id: ID!) { account(id: $id) { phone email } }`;
const APPLY = `mutation($i: ApplyDataSharingInput!) { applyDataSharing(input: $i) { id } }`;
const APPLICATION = `query($id: ID!) { dataSharingApplication(id: $id) { contactName contactPhone } }`;
const hour = 3_600_000;

let t: TestApp;
let world: World;
const tokens = new Map<string, string>();

beforeAll(async () => {
  t = await createTestApp();
  world = await buildWorld(t.app, { accounts: [['c_sys', 'countyA', 'system_admin'], ['c_query', 'countyA', 'query_user']] });
  for (const u of ['c_sys', 'c_query']) tokens.set(u, await loginAs(t, u, world.certDir));
});
afterAll(async () => t?.close());

/** Every row of a table as text, the way a dump or a reader of the database sees it. */
const tableText = async (table: string): Promise<string> =>
  (await sql<{ t: string }>(t, `select coalesce(string_agg(x::text, E'\\n'), '') as t from "${table}" x`))[0]!.t;

describe('an account', () => {
  it('keeps its phone and e-mail sealed in the table and readable through the API', async () => {
    const i = {
      unitId: world.units.countyA.id, role: 'query_user', username: 'sealed_q', realName: '封存用户',
      idNumber: generateChineseIdCard({ regionCode: '330106', birthDate: '1991-03-03', sequence: 731, gender: '1' }),
      phone: '13855501234', email: 'sealed.user@example.cn',
    };
    const created = dataOf(await t.gql(CREATE, { i }, tokens.get('c_sys'))).createAccount.account;
    expect(created).toMatchObject({ phone: '13855501234', email: 'sealed.user@example.cn' });

    const text = await tableText('account');
    expect(text).not.toContain('13855501234');
    expect(text).not.toContain('sealed.user');
    const [row] = await sql<{ phone: string | null; phone_enc: Buffer | null }>(t, 'select phone, phone_enc from account where id = ?', [created.id]);
    expect(row!.phone).toBeNull();
    expect(row!.phone_enc!.length).toBeGreaterThan(29);

    expect(dataOf(await t.gql(ACCOUNT, { id: created.id }, tokens.get('c_sys'))).account).toEqual({ phone: '13855501234', email: 'sealed.user@example.cn' });
  });

  it('an account from before the change is sealed by the app after migrating', async () => {
    const [acc] = await sql<{ id: string }>(t, `select id from account where username = 'c_query'`);
    // As an older release left it: the clear column filled, the sealed one empty.
    await sql(t, `update account set phone = '13700009999', phone_enc = null, email = 'old.style@example.cn', email_enc = null where id = ?`, [acc!.id]);
    expect(await tableText('account')).toContain('13700009999');

    expect(await sealClearColumns(t.app.orm)).toBe(2);
    expect(await sealClearColumns(t.app.orm)).toBe(0);
    const text = await tableText('account');
    expect(text).not.toContain('13700009999');
    expect(text).not.toContain('old.style');
    expect(dataOf(await t.gql(ACCOUNT, { id: acc!.id }, tokens.get('c_sys'))).account).toEqual({ phone: '13700009999', email: 'old.style@example.cn' });
  });
});

describe('a data-sharing application', () => {
  it('keeps its contact sealed in the table and readable through the API', async () => {
    const i = {
      departmentName: '甲一区人力资源和社会保障局', departmentCode: '11330102MB0000000X', contactName: '封联络人', contactPhone: '0571-86661234',
      purpose: '核对教师职称与人事档案', fields: ['teacherNo', 'name'], scopeUnitId: world.units.schoolA.id,
      startsAt: new Date(Date.now() - hour).toISOString(), expiresAt: new Date(Date.now() + 30 * 24 * hour).toISOString(),
    };
    const { id } = dataOf(await t.gql(APPLY, { i }, tokens.get('c_query'))).applyDataSharing;

    const text = await tableText('data_sharing_application');
    expect(text).toContain('甲一区人力资源和社会保障局');
    expect(text).not.toContain('封联络人');
    expect(text).not.toContain('86661234');

    expect(dataOf(await t.gql(APPLICATION, { id }, tokens.get('c_query'))).dataSharingApplication).toEqual({ contactName: '封联络人', contactPhone: '0571-86661234' });
  });
});
