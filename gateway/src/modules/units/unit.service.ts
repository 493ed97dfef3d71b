import type { EntityManager } from '@mikro-orm/postgresql';
import {
  canBeChildOf, isAdministrativeLevel, isValidCode, stageOfSchoolType, validateAdminDivisionCode, validateSchoolCode,
  type UnitLevel,
} from '@tmis/shared';
import { AppError, notFoundOrNoAccess } from '../../platform/graphql/errors.js';
import { requireActor, requirePrincipal, type RequestContext } from '../../platform/graphql/context.js';
import { canOn, requireScope } from '../../platform/access/casl-to-filter.js';
import { actorEvent, appendAudit } from '../../platform/audit/audit.service.js';
import { loader } from '../../platform/graphql/loaders.js';
import { ADMINISTRATIVE_LEVELS, Unit } from './unit.entity.js';
import type { CreateUnitInput } from './unit.types.js';

/** Seq numbers along a path, root first: `/1/4/9/` → [1, 4, 9]. */
export function pathSeqs(path: string): number[] {
  return path.split('/').filter(Boolean).map(Number);
}

/**
 * Paths of the authorities directly below an authority (a city's counties): the subtrees where
 * another desk is the supervising authority. Read per session, so a new county counts at once.
 */
export async function authorityPathsBelow(em: EntityManager, unit: Pick<Unit, 'id' | 'level'>): Promise<string[]> {
  if (!isAdministrativeLevel(unit.level)) return [];
  const rows = await em.find(Unit, { parent: unit.id, level: { $in: [...ADMINISTRATIVE_LEVELS] } });
  return rows.map((u) => u.path);
}

export class UnitService {
  constructor(private readonly ctx: RequestContext) {}

  private get em(): EntityManager {
    return this.ctx.em;
  }

  /** A unit in the caller's scope, or "not found or no access" — never a hint that it exists. */
  async get(id: string): Promise<Unit> {
    requirePrincipal(this.ctx);
    const scope = requireScope(this.ctx.ability, 'read', 'Unit');
    const unit = await this.em.findOne(Unit, { $and: [{ id }, scope] } as never).catch(() => null);
    if (!unit) throw notFoundOrNoAccess();
    return unit;
  }

  async list(args: { parentId?: string | null; search?: string | null; level?: string | null; first: number; offset: number }): Promise<{ nodes: Unit[]; totalCount: number }> {
    requirePrincipal(this.ctx);
    const scope = requireScope(this.ctx.ability, 'read', 'Unit');
    const where: Record<string, unknown>[] = [scope];
    if (args.parentId) where.push({ parent: args.parentId });
    if (args.level) where.push({ level: args.level });
    if (args.search) {
      const s = args.search.trim().replace(/[\\%_]/g, (c) => `\\${c}`);
      where.push({ $or: [{ name: { $ilike: `%${s}%` } }, { code: { $like: `${s}%` } }] });
    }
    const [nodes, totalCount] = await this.em.findAndCount(Unit, { $and: where } as never, {
      orderBy: { path: 'asc' }, limit: Math.min(Math.max(args.first, 1), 500), offset: Math.max(args.offset, 0),
    });
    return { nodes, totalCount };
  }

  /**
   * The school's supervising authority (主管教育行政部门): its nearest administrative ancestor.
   * Unit identities are not confidential, so this is answered outside the caller's scope.
   */
  async supervisingAuthority(unit: Unit): Promise<Unit | null> {
    if (isAdministrativeLevel(unit.level)) return null;
    const seqs = pathSeqs(unit.path).slice(0, -1);
    const ancestors = await this.ancestorsBySeq(seqs);
    return ancestors.reverse().find((u) => isAdministrativeLevel(u.level)) ?? null;
  }

  /**
   * Schools anywhere in this deployment, by name or school code: the receiving school of a
   * rotation or a transfer is usually outside the caller's subtree. Unit identities are not
   * confidential; nothing about their teachers is returned. Teachers and restricted sessions
   * have no use for it.
   */
  async schoolDirectory(search: string, first: number): Promise<Unit[]> {
    const p = requirePrincipal(this.ctx);
    if (p.restricted || p.role === 'teacher') throw new AppError('FORBIDDEN');
    const q = search.trim();
    if (q.length < 2 || q.length > 60) throw new AppError('VALIDATION_FAILED', { field: 'search' }, '请输入2至60个字的学校名称或标识码');
    const escaped = q.replace(/[\\%_]/g, (c) => `\\${c}`);
    return this.em.find(Unit, { level: 'school', status: 'active', $or: [{ name: { $like: `%${escaped}%` } }, { code: { $like: `${escaped}%` } }] },
      { orderBy: { code: 'asc' }, limit: Math.min(Math.max(first, 1), 50) });
  }

  async ancestorsBySeq(seqs: number[]): Promise<Unit[]> {
    if (seqs.length === 0) return [];
    return this.em.find(Unit, { seq: { $in: seqs } }, { orderBy: { depth: 'asc' } });
  }

  /** Batched lookup by id for resolvers (schools of a page of teachers, etc.). */
  byId(id: string): Promise<Unit | null> {
    return loader<Unit>(this.ctx, 'unit.byId', async (ids) => {
      const units = await this.em.find(Unit, { id: { $in: [...ids] } });
      return new Map(units.map((u) => [u.id, u]));
    }).load(id);
  }

  async create(input: CreateUnitInput): Promise<Unit> {
    requireActor(this.ctx);
    const parent = await this.get(input.parentId);
    // Access first: may the caller create a child here at all? (`0` stands in for the new seq.)
    if (!canOn(this.ctx.ability, 'create', 'Unit', { path: `${parent.path}0/` })) throw new AppError('FORBIDDEN');
    const level = input.level as UnitLevel;
    if (!canBeChildOf(level, parent.level)) throw new AppError('UNIT_LEVEL_INVALID');
    await this.validateCode(input, level, parent);
    // Checked before anything is created: MikroORM would auto-flush a pending draft on count.
    if (await this.em.count(Unit, { code: input.code })) throw new AppError('UNIT_CODE_TAKEN');
    const [{ seq }] = await this.em.getConnection().execute<{ seq: number }[]>("select nextval('unit_seq')::int as seq");
    const unit = this.em.create(Unit, {
      seq, code: input.code, name: input.name.trim(), level, parent, path: `${parent.path}${seq}/`, depth: parent.depth + 1,
      schoolType: input.schoolType ?? null, stage: input.schoolType ? stageOfSchoolType(input.schoolType) ?? null : null,
      sponsorType: input.sponsorType ?? null, urbanRuralType: input.urbanRuralType ?? null, address: input.address ?? null,
    });
    await this.em.transactional(async (tx) => {
      tx.persist(unit);
      await tx.flush();
      await appendAudit(tx, [actorEvent(this.ctx, { action: 'unit.create', targetType: 'Unit', targetId: unit.id, detail: { code: unit.code, name: unit.name, level } })]);
    });
    return unit;
  }

  private async validateCode(input: CreateUnitInput, level: UnitLevel, parent: Unit): Promise<void> {
    if (isAdministrativeLevel(level)) {
      const r = validateAdminDivisionCode(input.code, level, isAdministrativeLevel(parent.level) && parent.level !== 'national' ? parent.code : undefined);
      if (!r.ok) throw new AppError(r.code);
      return;
    }
    if (level === 'school') {
      if (!input.schoolType || !isValidCode('schoolType', input.schoolType)) throw new AppError('SCHOOL_TYPE_INVALID');
      const province = (await this.ancestorsBySeq(pathSeqs(parent.path))).find((u) => u.level === 'province');
      const r = validateSchoolCode(input.code, province?.code);
      if (!r.ok) throw new AppError(r.code);
      return;
    }
    // Departments: the school's code plus a 2-4 digit suffix.
    if (!new RegExp(`^${parent.code}-\\d{2,4}$`).test(input.code)) throw new AppError('UNIT_CODE_FORMAT');
  }
}
