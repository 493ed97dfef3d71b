import { afterEach, describe, expect, it, vi } from 'vitest';
import { generateChineseIdCard } from '@tmis/shared';
import { createTestApp, errorCode, type TestApp } from '../../testing/test-app.js';
import { AppError } from '../../platform/graphql/errors.js';
import { setupDeployment } from './setup.js';
import { buildUnit } from '../../demo/builders.js';
import { Unit } from '../units/unit.entity.js';
import { parseSetupArgs, runSetupCommand } from './setup-command.js';

const ID = generateChineseIdCard({ regionCode: '110101', birthDate: '1978-03-14', sequence: 21, gender: '1' });
const LOGIN = `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { status token } }`;
const CHANGE = `mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) { status token } }`;
const UNITS = `{ units(first: 10) { totalCount nodes { code name level } } }`;

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const counts = async (app: TestApp) => (await app.app.orm.em.fork().getConnection().execute<{ units: string; accounts: string; admins: string }[]>(
  `select (select count(*) from unit)::text as units, (select count(*) from account)::text as accounts,
          (select count(*) from account where role = 'system_admin')::text as admins`))[0]!;

const failure = async (p: Promise<unknown>): Promise<string | undefined> => p.then(() => undefined, (e: unknown) => (e instanceof AppError ? e.code : String(e)));

describe('first set-up of a deployment', () => {
  it('province mode: exactly the national root, the province unit and one system admin, who must change the password through GraphQL', async () => {
    t = await createTestApp({ TMIS_PROVINCE_CODE: '110000' });
    expect(await counts(t)).toEqual({ units: '0', accounts: '0', admins: '0' });
    const r = await setupDeployment(t.app.orm, t.app.runtime, { national: false, provinceCode: '110000', adminName: '张三', adminIdNumber: ID });
    expect(r).toMatchObject({ created: true, adminUsername: 'sysadmin' });
    expect(r.provinceUnitId).toBeTruthy();
    expect(r.oneTimePassword).toMatch(/^.{16}$/);
    expect(await counts(t)).toEqual({ units: '2', accounts: '1', admins: '1' });
    const [admin] = await t.app.orm.em.fork().getConnection().execute<{ real_name: string; id_number_masked: string; id_number_enc: Buffer; must_change_password: boolean; unit_id: string }[]>(
      `select real_name, id_number_masked, id_number_enc, must_change_password, unit_id from account`);
    expect(admin).toMatchObject({ real_name: '张三', must_change_password: true, unit_id: r.provinceUnitId });
    expect(t.app.runtime.fieldCrypto.decrypt(admin!.id_number_enc)).toBe(ID);
    expect(admin!.id_number_masked).not.toContain(ID.slice(6, 14));

    const login = await t.gql(LOGIN, { u: 'sysadmin', p: r.oneTimePassword });
    expect(login.data!.login.status).toBe('PASSWORD_CHANGE_REQUIRED');
    expect(errorCode(await t.gql(UNITS, {}, login.data!.login.token))).toBe('PASSWORD_CHANGE_REQUIRED');
    const changed = await t.gql(CHANGE, { c: r.oneTimePassword, n: 'Beijing#2027a' }, login.data!.login.token);
    expect(changed.data!.changePassword.status).toBe('OK');
    const units = await t.gql(UNITS, {}, changed.data!.changePassword.token);
    expect(units.data!.units.nodes).toEqual([{ code: '110000', name: '北京市教育委员会', level: 'province' }]);

    const audit = await t.app.orm.em.fork().getConnection().execute<{ action: string }[]>(
      `select action from audit_entry where actor_username = 'setup' order by seq`);
    expect(audit.map((a) => a.action)).toEqual(['unit.create', 'unit.create', 'account.create', 'deployment.setup']);
  });

  it('a second run says it is set up, changes nothing and has no password to print', async () => {
    t = await createTestApp({ TMIS_PROVINCE_CODE: '330000' });
    const opts = { national: false, provinceCode: '330000', adminName: '李四', adminIdNumber: ID, adminUsername: 'zj.admin' };
    const first = await setupDeployment(t.app.orm, t.app.runtime, opts);
    const again = await setupDeployment(t.app.orm, t.app.runtime, { ...opts, adminName: '王五', adminUsername: 'other.admin' });
    expect(again).toEqual({ ...first, created: false, oneTimePassword: null });
    expect(await counts(t)).toEqual({ units: '2', accounts: '1', admins: '1' });
    // Two set-ups at the same instant (two operators, or two processes): one creates, one finds it.
    const fresh = await createTestApp({ TMIS_PROVINCE_CODE: '330000' });
    try {
      const both = await Promise.all([setupDeployment(fresh.app.orm, fresh.app.runtime, opts), setupDeployment(fresh.app.orm, fresh.app.runtime, opts)]);
      expect(both.map((b) => b.created).sort()).toEqual([false, true]);
      expect(await counts(fresh)).toEqual({ units: '2', accounts: '1', admins: '1' });
    } finally {
      await fresh.close();
    }
  });

  it('national mode: the national root and its system admin, no province', async () => {
    t = await createTestApp({ TMIS_MODE: 'national' });
    const r = await setupDeployment(t.app.orm, t.app.runtime, { national: true, adminName: '赵六', adminIdNumber: ID });
    expect(r).toMatchObject({ created: true, provinceUnitId: null });
    const units = await t.app.orm.em.fork().getConnection().execute<{ code: string; level: string }[]>(`select code, level from unit`);
    expect(units).toEqual([{ code: '000000', level: 'national' }]);
    const login = await t.gql(LOGIN, { u: r.adminUsername, p: r.oneTimePassword });
    expect(login.data!.login.status).toBe('PASSWORD_CHANGE_REQUIRED');
    // Provinces reach the national system by sync, under its root: a second run still finds it set up.
    const em = t.app.orm.em.fork();
    await buildUnit(em, await em.findOneOrFail(Unit, { id: r.rootUnitId }), { code: '330000', name: '浙江省教育厅', level: 'province' });
    await em.flush();
    expect(await setupDeployment(t.app.orm, t.app.runtime, { national: true, adminName: '赵六', adminIdNumber: ID })).toEqual({ ...r, created: false, oneTimePassword: null });
  });

  it.each([
    ['an unknown province code', { national: false, provinceCode: '990000' }, {}, 'SETUP_PROVINCE_UNKNOWN'],
    ['Taiwan, which runs no province system here', { national: false, provinceCode: '710000' }, {}, 'SETUP_PROVINCE_UNKNOWN'],
    ['a province other than the configured one', { national: false, provinceCode: '440000' }, { TMIS_PROVINCE_CODE: '110000' }, 'SETUP_MODE_MISMATCH'],
    ['--national on a province deployment', { national: true }, { TMIS_PROVINCE_CODE: '110000' }, 'SETUP_MODE_MISMATCH'],
    ['a province on the national deployment', { national: false, provinceCode: '110000' }, { TMIS_MODE: 'national' }, 'SETUP_MODE_MISMATCH'],
    ['a wrong check character', { national: false, provinceCode: '110000', adminIdNumber: ID.slice(0, 17) + (ID[17] === '0' ? '1' : '0') }, { TMIS_PROVINCE_CODE: '110000' }, 'ID_NUMBER_CHECKSUM'],
    ['a short ID number', { national: false, provinceCode: '110000', adminIdNumber: '11010119780314' }, { TMIS_PROVINCE_CODE: '110000' }, 'ID_NUMBER_FORMAT'],
    ['an empty name', { national: false, provinceCode: '110000', adminName: '  ' }, { TMIS_PROVINCE_CODE: '110000' }, 'VALIDATION_FAILED'],
    ['a bad username', { national: false, provinceCode: '110000', adminUsername: 'A B' }, { TMIS_PROVINCE_CODE: '110000' }, 'USERNAME_FORMAT'],
  ])('refuses %s and writes nothing', async (_what, opts, env, code) => {
    t = await createTestApp(env);
    expect(await failure(setupDeployment(t.app.orm, t.app.runtime, { adminName: '张三', adminIdNumber: ID, ...opts }))).toBe(code);
    expect(await counts(t)).toEqual({ units: '0', accounts: '0', admins: '0' });
  });

  it('refuses a database that already holds other units (e.g. the demo of another province)', async () => {
    t = await createTestApp({ TMIS_PROVINCE_CODE: '110000' });
    const em = t.app.orm.em.fork();
    await buildUnit(em, await buildUnit(em, null, { code: '000000', name: '教育部', level: 'national' }), { code: '330000', name: '示范省教育厅', level: 'province' });
    await em.flush();
    const first = await setupDeployment(t.app.orm, t.app.runtime, { national: false, provinceCode: '110000', adminName: '张三', adminIdNumber: ID }).then(() => 'ok', (e: AppError) => e.code);
    expect(first).toBe('SETUP_DATABASE_IN_USE');
  });

  it('the command prints the Chinese reason and exits 1 on bad input, 0 with the password once', async () => {
    t = await createTestApp({ TMIS_PROVINCE_CODE: '110000' });
    const err = vi.spyOn(console, 'error').mockImplementation(() => {});
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      expect(await runSetupCommand(t.app.orm, t.app.runtime.config, parseSetupArgs(['--province', '120000', '--admin-name', '张三', '--admin-id-number', ID]))).toBe(1);
      expect(err.mock.calls.flat().join('\n')).toContain('初始化参数与本系统配置');
      expect(await runSetupCommand(t.app.orm, t.app.runtime.config, parseSetupArgs(['--province=110000', '--admin-name=张三', `--admin-id-number=${ID}`]))).toBe(0);
      expect(await runSetupCommand(t.app.orm, t.app.runtime.config, parseSetupArgs(['--province=110000', '--admin-name=张三', `--admin-id-number=${ID}`]))).toBe(0);
      const out = log.mock.calls.flat().join('\n');
      expect(out.match(/一次性密码/g)).toHaveLength(1);
      expect(out).toContain('已初始化，未做任何更改');
    } finally {
      err.mockRestore();
      log.mockRestore();
    }
  });

  it.each([
    [['--national', '--province', '110000', '--admin-name', 'x', '--admin-id-number', ID]],
    [['--admin-name', 'x', '--admin-id-number', ID]],
    [['--province', '110000', '--admin-id-number', ID]],
    [['--province', '110000', '--admin-name', 'x']],
    [['--province', '110000', '--admin-name', 'x', '--admin-id-number', ID, '--password', 'x']],
  ])('the command line %j is refused before anything runs', (argv) => {
    expect(() => parseSetupArgs(argv)).toThrow(AppError);
  });
});
