import type { EntityManager } from '@mikro-orm/postgresql';
import { todayInChina } from '@tmis/shared';
import type { RequestContext } from '../../platform/graphql/context.js';
import { canOn, scopeFilter, type Filter } from '../../platform/access/casl-to-filter.js';
import { loader } from '../../platform/graphql/loaders.js';
import type { Teacher } from './teacher.entity.js';
import { TeacherVisit, type TeacherVisitKind } from './teacher-visit.entity.js';

/**
 * History stays readable (issue 13.4, seed 000 art. 23): a school a teacher transferred or
 * rotated out of — and its authorities — keeps reading that teacher as they left (已调出 /
 * 轮岗中); the receiving school of a rotation without a change of personnel relationship reads
 * the incoming teacher for the rotation's period (轮岗来校). The grants live in `teacher_visit`
 * and are read through the CASL subject `TeacherVisit`, so the same subtree rule that scopes
 * teachers scopes them.
 */
export type TeacherPresence = 'own' | 'transferred_out' | 'rotating_out' | 'rotating_in';

export const PRESENCE_LABEL: Record<TeacherPresence, string> = { own: '本单位', transferred_out: '已调出', rotating_out: '轮岗中', rotating_in: '轮岗来校' };

/** How the caller sees one teacher that is not in its own scope. */
export interface VisitView {
  presence: TeacherPresence;
  /** The caller-side unit path the access comes from: field rules are read as for a teacher there. */
  scopePath: string;
  /** The archive is read as it stood at this moment (those who left); null: live. */
  frozenAt: Date | null;
  /** The day the teacher left, for 已调出 (the move's effective date). */
  since: string;
}

const ACCESS_KINDS: TeacherVisitKind[] = ['transferred_out', 'rotated_out', 'rotation_guest'];
const PRESENCE_OF: Record<TeacherVisitKind, TeacherPresence> = {
  transferred_out: 'transferred_out', rotated_out: 'rotating_out', rotation_guest: 'rotating_in', on_rotation: 'rotating_out',
};

const views = new WeakMap<Teacher, VisitView>();

/** The view set by `attachVisits`, for a teacher read through a visit. */
export function visitView(t: Teacher): VisitView | undefined {
  return views.get(t);
}

/** Visits in force today: those who left are for good, a rotation only for its period. */
function inForce(today: string): Filter {
  return { validFrom: { $lte: today }, $or: [{ validTo: null }, { validTo: { $gte: today } }] };
}

/**
 * A teacher filter: teachers the caller reaches through a visit of one of `kinds` in force today
 * (a subquery, so a province's lists stay one indexed query). Null: none for this caller.
 */
export function visitedTeachers(ctx: RequestContext, kinds: readonly TeacherVisitKind[], today = todayInChina()): Filter | null {
  const scope = scopeFilter(ctx.ability, 'read', 'TeacherVisit');
  if (!scope || kinds.length === 0) return null;
  const sub = ctx.em.createQueryBuilder(TeacherVisit, 'v').select('v.teacher_id')
    .where({ $and: [scope, { kind: { $in: [...kinds] } }, inForce(today)] } as never);
  return { id: { $in: sub.getKnexQuery() } };
}

/** Teachers the caller reads through a visit (any kind giving access). */
export function visitedReadable(ctx: RequestContext): Filter | null {
  return visitedTeachers(ctx, ACCESS_KINDS);
}

/**
 * For teachers just read, the view of those outside the caller's scope (the field rules and the
 * archive use it). Rows of the caller's own scope need nothing here, so the usual list — all
 * its own teachers — costs no extra statement; their 轮岗中 marker is looked up only when
 * `presence` is asked for (`presenceOf`).
 */
export async function attachVisits(ctx: RequestContext, teachers: Teacher[]): Promise<void> {
  const scope = scopeFilter(ctx.ability, 'read', 'TeacherVisit');
  const outside = teachers.filter((t) => !canOn(ctx.ability, 'read', 'Teacher', t));
  if (!scope || outside.length === 0) return;
  const rows = await visitsInForce(ctx, scope, outside.map((t) => t.id), ACCESS_KINDS);
  for (const t of outside) {
    // Newest first: a teacher who came back on a rotation reads live, not frozen.
    const v = rows.find((x) => x.teacher.id === t.id);
    if (v) views.set(t, { presence: PRESENCE_OF[v.kind], scopePath: v.scopePath, frozenAt: v.frozenAt ?? null, since: v.validFrom });
  }
}

function visitsInForce(ctx: RequestContext, scope: Filter, teacherIds: string[], kinds: readonly TeacherVisitKind[]): Promise<TeacherVisit[]> {
  return ctx.em.find(TeacherVisit, { $and: [scope, { teacher: { $in: teacherIds } }, { kind: { $in: [...kinds] } }, inForce(todayInChina())] } as never,
    { orderBy: { createdAt: 'desc' } });
}

/** How the caller sees this teacher (a teacher read by id or in a list has its view attached). */
export async function presenceOf(ctx: RequestContext, t: Teacher): Promise<TeacherPresence> {
  const view = visitView(t);
  if (view) return view.presence;
  const scope = scopeFilter(ctx.ability, 'read', 'TeacherVisit');
  if (!scope) return 'own';
  if (!canOn(ctx.ability, 'read', 'Teacher', t)) {
    // Reached on a path that did not attach its view: look it up now.
    await attachVisits(ctx, [t]);
    return visitView(t)?.presence ?? 'own';
  }
  // Its own teacher, away on a rotation: one query for every row of the request.
  const away = await loader<true>(ctx, 'teacher.onRotation', async (ids) =>
    new Map((await visitsInForce(ctx, scope, [...ids], ['on_rotation'])).map((v) => [v.teacher.id, true as const]))).load(t.id);
  return away ? 'rotating_out' : 'own';
}

/** At a completed move (inside its transaction): the releasing side keeps the history. */
export function recordLeaving(tx: EntityManager, move: { id: string; kind: string; teacherId: string; fromScopePath: string; effectiveDate: string }): void {
  tx.create(TeacherVisit, {
    teacher: move.teacherId, scopePath: move.fromScopePath, kind: move.kind === 'rotation' ? 'rotated_out' : 'transferred_out',
    validFrom: move.effectiveDate, validTo: null, frozenAt: new Date(), sourceId: move.id,
  });
}

/** At an approved rotation without a change of relationship: the host reads, the sender marks 轮岗中. */
export function recordRotationVisit(tx: EntityManager, r: { id: string; teacherId: string; sendingScopePath: string; receivingScopePath: string; startDate: string; endDate: string }): void {
  for (const [kind, scopePath] of [['rotation_guest', r.receivingScopePath], ['on_rotation', r.sendingScopePath]] as const) {
    tx.create(TeacherVisit, { teacher: r.teacherId, scopePath, kind, validFrom: r.startDate, validTo: r.endDate, frozenAt: null, sourceId: r.id });
  }
}

/**
 * The teacher list's scope for a presence filter (none: the caller's own teachers and its
 * rotation guests; those who left only when asked for). `scope` is the caller's Teacher scope.
 */
export function presenceScope(ctx: RequestContext, scope: Filter, presence: readonly string[] | null | undefined): Filter {
  const wanted = new Set(presence?.length ? presence : ['own', 'rotating_in']);
  const any: Filter[] = [];
  if (wanted.has('own')) any.push(scope);
  const add = (f: Filter | null): void => {
    if (f) any.push(f);
  };
  if (wanted.has('transferred_out')) add(visitedTeachers(ctx, ['transferred_out']));
  if (wanted.has('rotating_in')) add(visitedTeachers(ctx, ['rotation_guest']));
  if (wanted.has('rotating_out')) {
    add(visitedTeachers(ctx, ['rotated_out']));
    const away = visitedTeachers(ctx, ['on_rotation']);
    if (away && !wanted.has('own')) any.push({ $and: [scope, away] });
  }
  if (any.length === 0) return { id: { $in: [] } };
  return any.length === 1 ? any[0]! : { $or: any };
}
