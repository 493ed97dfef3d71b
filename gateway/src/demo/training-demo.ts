import type { EntityManager } from '@mikro-orm/postgresql';
import { Account } from '../modules/accounts/account.entity.js';
import { buildEffectiveRecord } from './builders.js';
import type { Teacher } from '../modules/teachers/teacher.entity.js';
import type { Unit } from '../modules/units/unit.entity.js';
import { TrainingEnrolment, TrainingProject } from '../modules/training/training.entity.js';

/**
 * Demo data for training and registration (seed only, no access checks): a national and a
 * province project run by `train-inst`, whose results for the first teachers of a school are
 * submitted and wait for `prov-train` to confirm; and a qualification for the demo teacher.
 */
export async function seedTrainingDemo(em: EntityManager, national: Unit, province: Unit, teachers: Teacher[]): Promise<void> {
  const inst = await em.findOne(Account, { username: 'train-inst' });
  const admin = await em.findOne(Account, { username: 'prov-train' });
  if (!inst || !admin || teachers.length === 0) return;
  const projects = [
    em.create(TrainingProject, { name: '国培计划（2025）——中小学骨干教师研修', level: 'national', ownerUnitId: national.id, ownerPath: national.path, year: 2025,
      startDate: '2025-07-06', endDate: '2025-07-15', hours: 40, credits: null, targetParticipants: '中小学骨干教师', institutionIds: inst.id, createdBy: admin.id }),
    em.create(TrainingProject, { name: '示范省教师信息技术应用能力提升培训', level: 'province', ownerUnitId: province.id, ownerPath: province.path, year: 2025,
      startDate: '2025-10-10', endDate: '2025-10-20', hours: 50, credits: 5, targetParticipants: '全省中小学教师', institutionIds: inst.id, createdBy: admin.id }),
  ];
  await em.flush();
  const at = new Date('2025-10-25T08:00:00Z');
  for (const p of projects) {
    for (const t of teachers.slice(0, 5)) {
      em.create(TrainingEnrolment, { projectId: p.id, teacherId: t.id, scopePath: t.scopePath, schoolId: t.school.id, enrolledBy: admin.id,
        status: 'submitted', completed: true, hours: p.hours, resultBy: inst.id, resultAt: at });
    }
  }
  buildEffectiveRecord(em, teachers[0]!, 'qualification', { type: '小学教师资格', subject: '语文', certificateNo: '20133301421000001', issuer: '示范省教育厅', issueDate: '2013-07-01' });
  await em.flush();
}
