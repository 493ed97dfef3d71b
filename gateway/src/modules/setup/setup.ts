import { randomInt } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { EntityManager } from '@mikro-orm/postgresql';
import { deploymentProvince, NATIONAL_LEVEL, validateChineseIdCard } from '@tmis/shared';
import type { Runtime } from '../../platform/runtime.js';
import { AppError } from '../../platform/graphql/errors.js';
import { appendAudit } from '../../platform/audit/audit.service.js';
import { Unit } from '../units/unit.entity.js';
import { Account } from '../accounts/account.entity.js';
import { USERNAME_PATTERN } from '../accounts/account-rules.js';
import { buildAccount, buildUnit } from '../../demo/builders.js';
import { withDeploymentLock } from '../../platform/db/deployment-lock.js';

export interface SetupOptions {
  national: boolean;
  provinceCode?: string;
  adminName: string;
  adminIdNumber: string;
  adminUsername?: string;
}

export interface SetupResult {
  /** False when the deployment was already set up: nothing was changed. */
  created: boolean;
  rootUnitId: string;
  provinceUnitId: string | null;
  adminUsername: string;
  /** Printed once by the command; null on a second run. */
  oneTimePassword: string | null;
}

/** A strong password for one use: 16 characters from all four classes, nothing easily misread. */
export function oneTimePassword(): string {
  const sets = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnpqrstuvwxyz', '23456789', '!@#%*+-='];
  const chars = [4, 6, 4, 2].flatMap((n, i) => Array.from({ length: n }, () => sets[i]![randomInt(sets[i]!.length)]!));
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}

/** Checks the options against each other and against the configuration; returns what to create. */
function plan(runtime: Runtime, opts: SetupOptions) {
  const cfg = runtime.config;
  const province = opts.national ? null : deploymentProvince(opts.provinceCode ?? '');
  if (!opts.national && !province) throw new AppError('SETUP_PROVINCE_UNKNOWN', { provinceCode: opts.provinceCode ?? null });
  if (opts.national && opts.provinceCode) throw new AppError('VALIDATION_FAILED', { field: 'provinceCode' }, '--national 与 --province 只能选其一');
  // The command line must agree with the configuration the gateway will run with.
  if (opts.national ? cfg.mode !== 'national' : cfg.mode !== 'province' || cfg.provinceCode !== province!.code) {
    throw new AppError('SETUP_MODE_MISMATCH', { mode: cfg.mode, provinceCode: cfg.provinceCode });
  }
  const realName = opts.adminName.trim();
  if (!realName || realName.length > 60) throw new AppError('VALIDATION_FAILED', { field: 'adminName' }, '管理员姓名不能为空且不超过60字');
  const id = validateChineseIdCard(opts.adminIdNumber);
  if (!id.ok) throw new AppError(id.code, { field: 'adminIdNumber' });
  const username = (opts.adminUsername?.trim() || 'sysadmin').toLowerCase();
  if (!USERNAME_PATTERN.test(username)) throw new AppError('USERNAME_FORMAT', { field: 'adminUsername' });
  return { province, realName, idNumber: id.normalized, username };
}

/**
 * First set-up of an empty deployment (issue 12): the national root unit, in province mode the
 * province unit with its GB/T 2260 code and authority name, and the first system administrator of
 * the deployment's root with a one-time password that must be changed at first login. A second
 * run finds the same root and changes nothing.
 */
export async function setupDeployment(orm: MikroORM, runtime: Runtime, opts: SetupOptions): Promise<SetupResult> {
  const p = plan(runtime, opts);
  return withDeploymentLock(orm, async (tx) => {
    const roots = await tx.find(Unit, { parent: null });
    if (roots.length) return alreadySetUp(tx, roots, p.province?.code ?? null);
    const national = await buildUnit(tx, null, { code: NATIONAL_LEVEL.code, name: NATIONAL_LEVEL.authorityName, level: 'national' });
    const province = p.province ? await buildUnit(tx, national, { code: p.province.code, name: p.province.authorityName, level: 'province' }) : null;
    const root = province ?? national;
    const password = oneTimePassword();
    const admin = await buildAccount(tx, runtime, root, {
      username: p.username, realName: p.realName, role: 'system_admin', password, idNumber: p.idNumber, mustChangePassword: true,
    });
    await tx.flush();
    // The operator's command is the actor: no account exists before this one.
    const by = { actorUsername: 'setup', unitId: root.id, scopePath: root.path };
    await appendAudit(tx, [
      ...[national, province].filter((u): u is Unit => !!u).map((u) => ({ ...by, action: 'unit.create', targetType: 'Unit', targetId: u.id, detail: { code: u.code, name: u.name, level: u.level, via: 'setup' } })),
      { ...by, action: 'account.create', targetType: 'Account', targetId: admin.id, detail: { username: admin.username, role: 'system_admin', unitId: root.id, teacherId: null, via: 'setup' } },
      { ...by, action: 'deployment.setup', targetType: 'Unit', targetId: root.id, detail: { mode: province ? 'province' : 'national', provinceCode: province?.code ?? null } },
    ]);
    return { created: true, rootUnitId: national.id, provinceUnitId: province?.id ?? null, adminUsername: admin.username, oneTimePassword: password };
  });
}

/**
 * A second run: the same national root (and, in province mode, only this province) is there;
 * anything else is refused untouched. The national system's provinces arrive by sync.
 */
async function alreadySetUp(tx: EntityManager, roots: Unit[], provinceCode: string | null): Promise<SetupResult> {
  const national = roots.length === 1 && roots[0]!.code === NATIONAL_LEVEL.code ? roots[0]! : null;
  const provinces = national && provinceCode ? await tx.find(Unit, { parent: national, level: 'province' }) : [];
  const province = provinceCode ? provinces.find((u) => u.code === provinceCode) : null;
  if (!national || (provinceCode && (!province || provinces.length !== 1))) {
    throw new AppError('SETUP_DATABASE_IN_USE', { units: roots.map((u) => u.code) });
  }
  const root = province ?? national;
  const admin = await tx.findOne(Account, { unit: root, role: 'system_admin' }, { orderBy: { createdAt: 'asc' } });
  return { created: false, rootUnitId: national.id, provinceUnitId: province?.id ?? null, adminUsername: admin?.username ?? '', oneTimePassword: null };
}
