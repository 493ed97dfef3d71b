import type { EntityManager } from '@mikro-orm/postgresql';
import { Teacher } from '../teachers/teacher.entity.js';
import { cryptoOf } from '../../platform/crypto/sealed-column.js';
import { openStoredJson } from '../../platform/crypto/sealed-json.js';
import { provinceOfPath, ruleInForce } from '../training/training-rule.service.js';
import { evaluateEligibility, reviewedCycle, type Cycle, type Eligibility } from './eligibility.js';

/** Current effective records of one set (the archive as it stands). */
const CURRENT = `status = 'effective' and valid_to is null and change_kind <> 'delete'`;

export interface QualificationRow { id: string; teacherId: string; data: Record<string, unknown> }

async function rows<T>(em: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  return em.getConnection().execute<T[]>(sql, params, 'all', em.getTransactionContext());
}

/** The fields of the teacher's current records of a set, opened where the set is sealed at rest (assessment, ethics). */
async function currentFields(em: EntityManager, teacherId: string, infoSet: string): Promise<Record<string, unknown>[]> {
  const fc = cryptoOf(em.getPlatform());
  const found = await rows<{ data: unknown }>(em, `select data from archive_record where teacher_id = ? and info_set = ? and ${CURRENT} order by created_at, id`, [teacherId, infoSet]);
  return found.map((r) => openStoredJson(fc, r.data));
}

const text = (v: unknown): string | null => (v == null || v === '' ? null : String(v));

/** The teacher's current qualification record with this certificate number, if any. */
export async function currentQualification(em: EntityManager, teacherId: string, certificateNo: string): Promise<QualificationRow | null> {
  const [r] = await rows<{ id: string; teacher_id: string; data: Record<string, unknown> }>(em,
    `select id, teacher_id, data from archive_record where teacher_id = ? and info_set = 'qualification' and ${CURRENT} and data->>'certificateNo' = ? limit 1`, [teacherId, certificateNo]);
  return r ? { id: r.id, teacherId: r.teacher_id, data: r.data } : null;
}

/** Last decided registration of a qualification: its result, year and validity. */
export async function lastDecision(em: EntityManager, teacherId: string, certificateNo: string): Promise<{ status: string; year: number; validUntil: string | null } | null> {
  const [r] = await rows<{ status: string; decided_year: number; valid_until: string | null }>(em,
    `select status, extract(year from decided_at)::int as decided_year, to_char(valid_until, 'YYYY-MM-DD') as valid_until from registration_application
      where teacher_id = ? and certificate_no = ? and status in ('registered', 'deferred', 'refused') order by decided_at desc limit 1`, [teacherId, certificateNo]);
  return r ? { status: r.status, year: r.decided_year, validUntil: r.valid_until } : null;
}

/** Year of the last successful registration (it starts the cycle under review). */
export async function lastRegisteredYear(em: EntityManager, teacherId: string, certificateNo: string): Promise<number | null> {
  const [r] = await rows<{ y: number | null }>(em,
    `select max(extract(year from decided_at))::int as y from registration_application where teacher_id = ? and certificate_no = ? and status = 'registered'`, [teacherId, certificateNo]);
  return r?.y ?? null;
}

/**
 * The conditions from the system's own data (seed 000 art. 26): the archive's assessments and
 * ethics records, the confirmed training hours of the cycle, the province's required hours.
 */
export async function eligibilityOf(em: EntityManager, teacherId: string, certificateNo: string, year: number): Promise<{ cycle: Cycle; eligibility: Eligibility }> {
  const teacher = await em.findOneOrFail(Teacher, { id: teacherId });
  const cycle = reviewedCycle(year, await lastRegisteredYear(em, teacherId, certificateNo));
  const assessments = await currentFields(em, teacherId, 'assessment');
  const ethics = (await currentFields(em, teacherId, 'ethics')).sort((a, b) => (text(a.date) ?? '\uffff').localeCompare(text(b.date) ?? '\uffff')); // undated last, as SQL orders nulls
  const [hours] = await rows<{ h: string | null }>(em,
    `select sum(hours) as h from training_credit where teacher_id = ? and year between ? and ?`, [teacherId, cycle.startYear, cycle.endYear]);
  const rule = await ruleInForce(em, await provinceOfPath(em, teacher.scopePath), `${year}-12-31`);
  const eligibility = evaluateEligibility({
    cycle, hireYear: teacher.hireDate ? Number(String(teacher.hireDate).slice(0, 4)) : null,
    assessments: assessments.map((a) => ({ year: Number(a.year), result: text(a.result) ?? '' })), trainingHours: Number(hours?.h ?? 0), requiredHours: rule.cycleHours,
    ethics: ethics.map((e) => ({ kind: text(e.kind) ?? '', title: text(e.title) ?? '', date: text(e.date), authority: text(e.authority) })),
  });
  return { cycle, eligibility };
}
