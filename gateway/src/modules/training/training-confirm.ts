import type { EntityManager } from '@mikro-orm/postgresql';
import { pgArray } from '../../platform/db/sql.js';
import { ArchiveRecord } from '../archive/archive-record.entity.js';
import { Teacher } from '../teachers/teacher.entity.js';
import { TrainingCredit, type TrainingEnrolment, type TrainingProject, type TrainingRule, type TrainingSelfStudy } from './training.entity.js';
import { confirmedCredits, creditsFor } from './training-rules.js';

/** The training info set (培训研修) of the archive; confirmed credits land there as effective records. */
export const TRAINING_SET = 'domestic_training';

const cut = (s: string, n: number): string => (s.length > n ? s.slice(0, n) : s);

/** What a credit names: the organiser (主办单位) and the institutions that ran it (承办机构). */
export interface ProjectOrganizer { organizer: string | null; institution: string | null }

/**
 * A project's organiser is the unit that registered it (its owner), whoever runs it; the
 * institutions named on it are listed apart, by name.
 */
export async function projectOrganizer(tx: EntityManager, p: TrainingProject): Promise<ProjectOrganizer> {
  const conn = tx.getConnection();
  const [owner] = await conn.execute<{ name: string }[]>(`select name from unit where id = ?`, [p.ownerUnitId], 'all', tx.getTransactionContext());
  const ids = p.institutionIds.split(' ').filter(Boolean);
  const rows = ids.length ? await conn.execute<{ name: string }[]>(
    `select real_name as name from account where id = any(?::uuid[]) order by real_name`, [pgArray(ids)], 'all', tx.getTransactionContext()) : [];
  return { organizer: owner?.name ?? null, institution: rows.map((r) => r.name).join('、') || null };
}

/**
 * Writes a confirmed credit: the ledger row and the effective archive record, keeping who
 * entered the result and who approved it (谁填报谁负责、谁审核谁负责). Inside the caller's transaction.
 */
async function credit(tx: EntityManager, c: {
  teacherId: string; source: 'project' | 'self_study'; sourceId: string; projectId?: string | null; title: string; level?: string | null; organizer: string | null; institution?: string | null;
  startDate: string; endDate: string; hours: number; credits: number; ruleId: string | null; enteredBy: string | null; enteredAt: Date | null; confirmedBy: string; now: Date;
}): Promise<{ ledger: TrainingCredit; record: ArchiveRecord }> {
  const teacher = await tx.findOneOrFail(Teacher, { id: c.teacherId });
  const data: Record<string, unknown> = { startDate: c.startDate, endDate: c.endDate, project: cut(c.title, 100), hours: c.hours, credits: c.credits };
  if (c.organizer) data.organizer = cut(c.organizer, 100);
  if (c.institution) data.institution = cut(c.institution, 100);
  const record = tx.create(ArchiveRecord, {
    teacher, infoSet: TRAINING_SET, data, status: 'effective', scopePath: teacher.scopePath, origin: 'authority', changeKind: 'add',
    enteredBy: c.enteredBy, enteredAt: c.enteredAt ?? c.now, submittedBy: c.enteredBy, submittedAt: c.enteredAt ?? c.now,
    approvedBy: c.confirmedBy, approvedAt: c.now, validFrom: c.now,
  });
  // Ids, not relations, link the ledger to the record: the record's row must exist first (FK).
  await tx.flush();
  const ledger = tx.create(TrainingCredit, {
    teacherId: teacher.id, scopePath: teacher.scopePath, source: c.source, sourceId: c.sourceId, projectId: c.projectId ?? null, title: cut(c.title, 200),
    level: c.level ?? null, year: Number(c.endDate.slice(0, 4)), startDate: c.startDate, endDate: c.endDate, hours: c.hours, credits: c.credits,
    ruleId: c.ruleId, enteredBy: c.enteredBy, enteredAt: c.enteredAt ?? c.now, confirmedBy: c.confirmedBy, confirmedAt: c.now, archiveRecordId: record.id,
  });
  return { ledger, record };
}

/** Confirms submitted results of one project with a rule; completed results become credits. */
export async function confirmEnrolments(tx: EntityManager, project: TrainingProject, enrolments: TrainingEnrolment[], rule: TrainingRule, confirmedBy: string, by: ProjectOrganizer): Promise<number> {
  const now = new Date();
  let credited = 0;
  for (const e of enrolments) {
    const r = confirmedCredits({ completed: Boolean(e.completed), hours: e.hours ?? 0 }, project, rule.hoursPerCredit);
    Object.assign(e, { status: 'confirmed', credits: r.credits, confirmedHours: r.hours, ruleId: rule.id, confirmedBy, confirmedAt: now });
    if (e.completed && r.hours > 0) {
      const { record } = await credit(tx, {
        teacherId: e.teacherId, source: 'project', sourceId: e.id, projectId: project.id, title: project.name, level: project.level, organizer: by.organizer, institution: by.institution,
        startDate: project.startDate, endDate: project.endDate, hours: r.hours, credits: r.credits, ruleId: rule.id,
        enteredBy: e.resultBy ?? null, enteredAt: e.resultAt ?? null, confirmedBy, now,
      });
      e.archiveRecordId = record.id;
      credited++;
    }
  }
  await tx.flush();
  return credited;
}

/** An approved self-study claim: hours converted with the teacher's province rule. */
export async function creditSelfStudy(tx: EntityManager, s: TrainingSelfStudy, rule: TrainingRule, confirmedBy: string): Promise<void> {
  const now = new Date();
  s.status = 'approved';
  s.credits = creditsFor(s.hours, rule.hoursPerCredit);
  await credit(tx, {
    teacherId: s.teacherId, source: 'self_study', sourceId: s.id, title: `自主研修：${s.title}`, level: null, organizer: s.organizer ?? null,
    startDate: s.startDate, endDate: s.endDate, hours: s.hours, credits: s.credits, ruleId: rule.id, enteredBy: s.createdBy, enteredAt: s.createdAt, confirmedBy, now,
  });
  await tx.flush();
}
