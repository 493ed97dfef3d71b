import type { EntityManager } from '@mikro-orm/postgresql';
import { formatTeacherNumber, maskIdNumber, stageOfSchoolType, yearInChina, type Role, type TeacherNumberState, type UnitLevel } from '@tmis/shared';
import type { Runtime } from '../platform/runtime.js';
import { Unit } from '../modules/units/unit.entity.js';
import { Teacher } from '../modules/teachers/teacher.entity.js';
import { Employment } from '../modules/teachers/employment.entity.js';
import { Account } from '../modules/accounts/account.entity.js';
import { hashPassword } from '../platform/auth/password.js';
import { ArchiveRecord } from '../modules/archive/archive-record.entity.js';

/**
 * Low-level builders for seeds, test factories and benchmarks. They write rows directly
 * (no access checks, no audit): never call them from a request path.
 */
export async function nextSeq(em: EntityManager, sequence: 'unit_seq' | 'teacher_no_seq'): Promise<number> {
  const [r] = await em.getConnection().execute<{ n: string }[]>(`select nextval('${sequence}')::text as n`);
  return Number(r!.n);
}

export interface UnitSpec {
  code: string;
  name: string;
  level: UnitLevel;
  schoolType?: string;
  sponsorType?: string;
  urbanRuralType?: string;
  address?: string;
}

export async function buildUnit(em: EntityManager, parent: Unit | null, spec: UnitSpec): Promise<Unit> {
  const seq = await nextSeq(em, 'unit_seq');
  const unit = em.create(Unit, {
    seq, code: spec.code, name: spec.name, level: spec.level, parent, path: `${parent?.path ?? '/'}${seq}/`, depth: (parent?.depth ?? -1) + 1,
    schoolType: spec.schoolType ?? null, stage: spec.schoolType ? stageOfSchoolType(spec.schoolType) ?? null : null,
    sponsorType: spec.sponsorType ?? null, urbanRuralType: spec.urbanRuralType ?? null, address: spec.address ?? null,
  });
  em.persist(unit);
  return unit;
}

export interface AccountSpec {
  username: string;
  realName: string;
  role: Role;
  password: string;
  idNumber?: string;
  phone?: string;
  email?: string;
  teacher?: Teacher | null;
  mustChangePassword?: boolean;
  certFingerprint?: string | null;
}

export async function buildAccount(em: EntityManager, runtime: Runtime, unit: Unit, spec: AccountSpec): Promise<Account> {
  const fc = runtime.fieldCrypto;
  const account = em.create(Account, {
    username: spec.username, realName: spec.realName, role: spec.role, unit, scopePath: unit.path, unitLevel: unit.level,
    teacher: spec.teacher ?? null, idNumberEnc: spec.idNumber ? fc.encrypt(spec.idNumber) : null,
    idNumberHash: spec.idNumber ? fc.blindIndex(spec.idNumber, 'account:id') : null, idNumberMasked: spec.idNumber ? maskIdNumber(spec.idNumber) : null,
    phone: spec.phone ?? null, email: spec.email ?? null, passwordHash: await hashPassword(spec.password),
    mustChangePassword: spec.mustChangePassword ?? false, certFingerprint: spec.certFingerprint ?? null,
    certStatus: spec.certFingerprint ? 'active' : 'none',
  });
  em.persist(account);
  return account;
}

export interface TeacherSpec {
  name: string;
  gender: string;
  birthDate: string;
  idNumber: string;
  idType?: string;
  ethnicity?: string;
  politicalStatus?: string;
  educationLevel?: string;
  professionalTitle?: string;
  staffCategory?: string;
  establishmentStatus?: string;
  postCategory?: string;
  employmentStatus?: string;
  startDate: string;
  numberState?: TeacherNumberState;
}

export async function buildTeacher(em: EntityManager, runtime: Runtime, unit: Unit, spec: TeacherSpec): Promise<Teacher> {
  const school = unit.level === 'department' ? unit.parent! : unit;
  const fc = runtime.fieldCrypto;
  const idType = spec.idType ?? '1';
  const seq = await nextSeq(em, 'teacher_no_seq');
  const teacher = em.create(Teacher, {
    teacherNo: formatTeacherNumber({ provinceCode: runtime.config.provinceCode, year: yearInChina(), sequence: seq }),
    // Seed data stands for teachers registered and checked long ago.
    numberState: spec.numberState ?? 'confirmed',
    name: spec.name, gender: spec.gender, birthDate: spec.birthDate, ethnicity: spec.ethnicity ?? '01', politicalStatus: spec.politicalStatus ?? null,
    idType, idNumberEnc: fc.encrypt(spec.idNumber), idNumberHash: fc.blindIndex(spec.idNumber, `doc:${idType}`), idNumberMasked: maskIdNumber(spec.idNumber),
    educationLevel: spec.educationLevel ?? null, professionalTitle: spec.professionalTitle ?? null, unit, school, scopePath: unit.path,
    stage: school.stage ?? null, employmentStatus: spec.employmentStatus ?? 'active', staffCategory: spec.staffCategory ?? null,
    establishmentStatus: spec.establishmentStatus ?? null, postCategory: spec.postCategory ?? null, hireDate: spec.startDate,
  });
  em.create(Employment, {
    teacher, school, department: unit.level === 'department' ? unit : null, staffCategory: spec.staffCategory ?? null,
    establishmentStatus: spec.establishmentStatus ?? null, postCategory: spec.postCategory ?? null,
    employmentStatus: spec.employmentStatus ?? 'active', startDate: spec.startDate,
  });
  buildEffectiveRecord(em, teacher, 'basic', Object.fromEntries(Object.entries({
    name: spec.name, gender: spec.gender, birthDate: spec.birthDate, ethnicity: spec.ethnicity ?? '01', politicalStatus: spec.politicalStatus, educationLevel: spec.educationLevel,
  }).filter(([, v]) => v != null)));
  return teacher;
}

/** An already-effective archive record (seed data, tests): as if entered and approved at `at`. */
export function buildEffectiveRecord(em: EntityManager, teacher: Teacher, infoSet: string, data: Record<string, unknown>, at = new Date()): ArchiveRecord {
  return em.create(ArchiveRecord, {
    teacher, infoSet, data, status: 'effective', scopePath: teacher.scopePath, origin: 'system', enteredAt: at, approvedAt: at, validFrom: at,
  });
}

/**
 * Signs the seeded records as the desks would have (谁填报谁负责、谁审核谁负责): entered, submitted
 * and reviewed by the information admin of the teacher's department or school, approved by the
 * information admin of the nearest authority above the school that has one; a school without
 * its own information admin had the authority enter it (effective at once). The school's steps
 * are dated three and two days before the approval. Only records no one has signed yet.
 */
export async function signSeedRecords(em: EntityManager): Promise<number> {
  const [r] = await em.getConnection().execute<{ n: string }[]>(`
    with desk as (
      select r.id,
        (select a.id from account a where a.unit_id in (t.unit_id, t.school_id) and a.role = 'info_admin' and a.status = 'active'
          order by (a.unit_id = t.unit_id) desc, a.created_at limit 1) as school_admin,
        (select a.id from unit s join unit p on s.path like p.path || '%' and p.id <> s.id and p.level in ('national', 'province', 'city', 'county')
           join account a on a.unit_id = p.id and a.role = 'info_admin' and a.status = 'active'
          where s.id = t.school_id order by p.depth desc, a.created_at limit 1) as authority_admin
      from archive_record r join teacher t on t.id = r.teacher_id
      where r.entered_by is null and r.approved_by is null and r.status = 'effective' and r.approved_at is not null),
    signed as (
      update archive_record r set entered_by = coalesce(d.school_admin, d.authority_admin),
        entered_at = case when d.school_admin is null then r.approved_at else r.approved_at - interval '3 days' end,
        submitted_by = d.school_admin, submitted_at = case when d.school_admin is null then null else r.approved_at - interval '3 days' end,
        school_approved_by = d.school_admin, school_approved_at = case when d.school_admin is null then null else r.approved_at - interval '2 days' end,
        approved_by = d.authority_admin
      from desk d where d.id = r.id and d.authority_admin is not null returning 1)
    select count(*)::text as n from signed`, [], 'all', em.getTransactionContext());
  return Number(r!.n);
}
