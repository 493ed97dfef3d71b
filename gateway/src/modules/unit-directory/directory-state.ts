import type { EntityManager } from '@mikro-orm/postgresql';
import { stageOfSchoolType } from '@tmis/shared';
import { pgArray } from '../../platform/db/sql.js';
import { Unit } from '../units/unit.entity.js';
import type { ExistingUnit, Plan } from './directory-plan.js';
import type { DirectoryFile } from './directory-reader.js';

export interface ProvinceRef { id: string; code: string; path: string; depth: number; seq: number }

export interface TreeUnit extends ExistingUnit { path: string; depth: number }

/** Native bindings (knex `?`); arrays travel as one text literal. */
async function rows<T>(em: EntityManager, sql: string, bindings: unknown[] = []): Promise<T[]> {
  const res = await em.getConnection().execute(sql, bindings, 'all', em.getTransactionContext());
  return res as T[];
}

export async function provinceOf(em: EntityManager, id: string): Promise<ProvinceRef> {
  const [p] = await rows<ProvinceRef>(em, `select id, code, path, depth, seq from unit where id = ? and level = 'province'`, [id]);
  if (!p) throw new Error(`unit ${id} is not a province`);
  return p;
}

/** The cities, counties and schools of the province's subtree, and which of the file's codes are held elsewhere. */
export async function loadTree(em: EntityManager, province: ProvinceRef, file: DirectoryFile): Promise<{ existing: TreeUnit[]; codesElsewhere: Set<string> }> {
  const existing = await rows<TreeUnit>(em, `
    select u.id, u.code, u.name, u.level, p.code as "parentCode", u.status, u.school_type as "schoolType", u.sponsor_type as "sponsorType",
           u.urban_rural_type as "urbanRuralType", u.address, u.path, u.depth
      from unit u left join unit p on p.id = u.parent_id
     where u.path like ? and u.level in ('city', 'county', 'school') order by u.path`, [`${province.path}%`]);
  const codes = new Set<string>();
  for (const s of file.schools) {
    if (/^\d{10}$/.test(s.data.schoolCode ?? '')) codes.add(s.data.schoolCode!);
    if (s.location?.cityCode) codes.add(s.location.cityCode);
    if (s.location?.countyCode) codes.add(s.location.countyCode);
  }
  for (const d of file.divisions) codes.add(d.code);
  const elsewhere = codes.size ? await rows<{ code: string }>(em, `
    select code from unit where code = any(?::text[]) and (path not like ? or level not in ('city', 'county', 'school'))`, [pgArray([...codes]), `${province.path}%`]) : [];
  return { existing, codesElsewhere: new Set(elsewhere.map((r) => r.code)) };
}

/** Active teachers of the schools a plan closes (shown in the dry run: they stay readable). */
export async function activeTeachers(em: EntityManager, plan: Plan, existing: TreeUnit[]): Promise<void> {
  const closes = plan.rows.filter((r) => r.action === 'close');
  if (!closes.length) return;
  const ids = new Map(existing.map((u) => [u.code, u.id]));
  const counts = await rows<{ school_id: string; n: number }>(em, `
    select school_id, count(*)::int as n from teacher where school_id = any(?::uuid[]) and employment_status = 'active' group by school_id`,
  [pgArray(closes.map((r) => ids.get(r.code)!))]);
  const byId = new Map(counts.map((c) => [c.school_id, c.n]));
  for (const r of closes) r.activeTeachers = byId.get(ids.get(r.code)!) ?? 0;
}

const CHINA_TODAY = `(now() at time zone 'Asia/Shanghai')::date`;

/**
 * Writes a plan inside the caller's transaction: new cities, then counties, then schools (each
 * under its parent's path), attribute and name updates, reopened schools, and closes — a closed
 * school keeps its row, its departments close with it, its teachers are not touched.
 */
export async function applyPlan(tx: EntityManager, province: ProvinceRef, plan: Plan, existing: TreeUnit[]): Promise<void> {
  const nodes = new Map<string, { id: string; path: string; depth: number }>([[province.code, province]]);
  for (const u of existing) nodes.set(u.code, u);
  const byCode = new Map(existing.map((u) => [u.code, u]));
  const creates = (['city', 'county', 'school'] as const).flatMap((kind) => plan.rows.filter((r) => r.kind === kind && r.action === 'create'));
  const seqs = creates.length
    ? (await rows<{ seq: number }>(tx, `select nextval('unit_seq')::int as seq from generate_series(1, ?)`, [creates.length])).map((r) => r.seq)
    : [];
  creates.forEach((r, i) => {
    const parent = nodes.get(r.parentCode!)!;
    const seq = seqs[i]!;
    const school = r.kind === 'school' ? r.values ?? {} : {};
    const unit = tx.create(Unit, {
      seq, code: r.code, name: r.name, level: r.kind, parent: tx.getReference(Unit, parent.id), path: `${parent.path}${seq}/`, depth: parent.depth + 1,
      schoolType: school.schoolType ?? null, stage: school.schoolType ? stageOfSchoolType(school.schoolType) ?? null : null,
      sponsorType: school.sponsorType ?? null, urbanRuralType: school.urbanRuralType ?? null, address: school.address ?? null,
    });
    nodes.set(r.code, unit);
  });

  const updates = plan.rows.filter((r) => r.action === 'update');
  const reopened = updates.filter((r) => r.changes?.some((c) => c.field === 'status')).map((r) => byCode.get(r.code)!.id);
  if (reopened.length) {
    // Departments closed together with their school come back with it.
    await rows(tx, `update unit d set status = 'active', closed_on = null, version = d.version + 1, updated_at = now()
      from unit s where s.id = any(?::uuid[]) and d.level = 'department' and d.status = 'closed' and d.path like s.path || '%' and d.closed_on = s.closed_on`,
    [pgArray(reopened)]);
  }
  const entities = updates.length ? await tx.find(Unit, { id: { $in: updates.map((r) => byCode.get(r.code)!.id) } }) : [];
  const entityById = new Map(entities.map((u) => [u.id, u]));
  for (const r of updates) {
    const u = entityById.get(byCode.get(r.code)!.id)!;
    for (const c of r.changes ?? []) {
      if (c.field === 'status') Object.assign(u, { status: 'active', closedOn: null });
      else if (c.field === 'schoolType') Object.assign(u, { schoolType: c.to, stage: c.to ? stageOfSchoolType(c.to) ?? null : null });
      else Object.assign(u, { [c.field]: c.to });
    }
  }
  await tx.flush();

  const closed = plan.rows.filter((r) => r.action === 'close').map((r) => byCode.get(r.code)!);
  if (closed.length) {
    await rows(tx, `update unit set status = 'closed', closed_on = ${CHINA_TODAY}, version = version + 1, updated_at = now()
      where status = 'active' and (id = any(?::uuid[])
         or (level = 'department' and exists (select 1 from unnest(?::text[]) s (path) where unit.path like s.path || '%')))`,
    [pgArray(closed.map((u) => u.id)), pgArray(closed.map((u) => u.path))]);
  }
}

