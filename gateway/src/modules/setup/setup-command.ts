import type { MikroORM } from '@mikro-orm/postgresql';
import { deploymentProvince, NATIONAL_LEVEL } from '@tmis/shared';
import type { Config } from '../../platform/config.js';
import { createRuntime } from '../../platform/runtime.js';
import { migrate } from '../../platform/db/orm.js';
import { AppError } from '../../platform/graphql/errors.js';
import { setupDeployment, type SetupOptions } from './setup.js';

export const SETUP_USAGE = `  setup (--province <code> | --national) --admin-name <姓名> --admin-id-number <身份证号> [--admin-username <name>]
                 first set-up of an empty database: the national root, the province unit (province mode)
                 and the first system administrator, whose one-time password is printed once`;

/** `--name value` and `--name=value`; a flag without a value is "true". */
export function parseSetupArgs(argv: string[]): SetupOptions {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) throw new AppError('VALIDATION_FAILED', { argument: a }, `无法识别的参数 ${a}`);
    const eq = a.indexOf('=');
    if (eq > 0) values.set(a.slice(2, eq), a.slice(eq + 1));
    else if (a === '--national') values.set('national', 'true');
    else values.set(a.slice(2), argv[++i] ?? '');
  }
  for (const k of values.keys()) {
    if (!['national', 'province', 'admin-name', 'admin-id-number', 'admin-username'].includes(k)) {
      throw new AppError('VALIDATION_FAILED', { argument: k }, `无法识别的参数 --${k}`);
    }
  }
  const national = values.get('national') === 'true';
  if (national === values.has('province')) throw new AppError('VALIDATION_FAILED', { argument: 'province' }, '须指定 --province <省份代码> 或 --national 之一');
  if (!values.get('admin-name')) throw new AppError('VALIDATION_FAILED', { argument: 'admin-name' }, '须指定 --admin-name <系统管理员姓名>');
  if (!values.get('admin-id-number')) throw new AppError('VALIDATION_FAILED', { argument: 'admin-id-number' }, '须指定 --admin-id-number <系统管理员身份证号>');
  return {
    national, provinceCode: values.get('province'), adminName: values.get('admin-name')!, adminIdNumber: values.get('admin-id-number')!,
    adminUsername: values.get('admin-username'),
  };
}

/**
 * The command line is the source of TMIS_MODE / TMIS_PROVINCE_CODE when they are not set; when
 * they are set, setupDeployment refuses a command line that disagrees with them.
 */
export function applySetupEnvironment(opts: SetupOptions, env: NodeJS.ProcessEnv = process.env): void {
  if (!env.TMIS_MODE) env.TMIS_MODE = opts.national ? 'national' : 'province';
  if (!env.TMIS_PROVINCE_CODE && !opts.national && /^\d{2}0000$/.test(opts.provinceCode ?? '')) env.TMIS_PROVINCE_CODE = opts.provinceCode;
}

/** Migrates, sets up, and prints the result; a bad input prints its Chinese message and exits 1. */
export async function runSetupCommand(orm: MikroORM, cfg: Config, opts: SetupOptions): Promise<number> {
  await migrate(orm);
  try {
    const r = await setupDeployment(orm, createRuntime(cfg), opts);
    const level = opts.national ? NATIONAL_LEVEL : deploymentProvince(opts.provinceCode!)!;
    if (!r.created) {
      console.log(`已初始化，未做任何更改 (already set up, nothing changed): ${level.authorityName}，系统管理员 ${r.adminUsername}`);
      return 0;
    }
    console.log(`初始化完成 (set up): ${NATIONAL_LEVEL.authorityName}${r.provinceUnitId ? ` → ${level.code} ${level.authorityName}` : ''}`);
    console.log(`系统管理员 (system administrator): ${r.adminUsername}`);
    console.log(`一次性密码 (one-time password, shown only now): ${r.oneTimePassword}`);
    console.log('首次登录须修改密码 (the password must be changed at first login).');
    if (!opts.national) console.log(`启动网关时请设置 TMIS_MODE=province TMIS_PROVINCE_CODE=${level.code}（与本次初始化一致）`);
    else console.log('启动网关时请设置 TMIS_MODE=national（与本次初始化一致）');
    return 0;
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    console.error(`初始化失败：${e.message} [${e.code}]${e.details ? ` ${JSON.stringify(e.details)}` : ''}`);
    return 1;
  }
}
