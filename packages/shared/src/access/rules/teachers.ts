import { subtreeOf } from '../scope.js';
import { TEACHER_ALL_FIELDS, TEACHER_BASIC_FIELDS } from '../teacher-fields.js';
import { forRoles, type DomainRules, type RoleRules } from './rule-set.js';

const ALL_TEACHER_FIELDS = [...TEACHER_ALL_FIELDS];

/** Basic fields of the subtree's teachers, and the visitors (teachers who left, rotation guests). */
const readBasic: RoleRules = (p, { can }) => {
  const own = subtreeOf(p.unitPath);
  can('read', 'Teacher', [...TEACHER_BASIC_FIELDS], { scopePath: own });
  can('read', 'TeacherVisit', { scopePath: own });
};

/**
 * Teachers (教师) of one's subtree, field by field. Information admins keep them (every field);
 * query users and training admins read the basic fields; the system administrator sees who is
 * there (no document number, only its masked form); a teacher reads their own archive. The
 * query user's export of basic fields is in exports.ts (after this file: read, then export).
 */
export const teacherRules: DomainRules = {
  system_admin(p, { can }) {
    can('read', 'Teacher', ['id', 'teacherNo', 'numberState', 'name', 'gender', 'idType', 'idNumberMasked', 'unitId', 'schoolId', 'scopePath', 'employmentStatus', 'stage'], { scopePath: subtreeOf(p.unitPath) });
  },
  info_admin(p, { can }) {
    const own = subtreeOf(p.unitPath);
    can(['read', 'create', 'update', 'review', 'export'], 'Teacher', ALL_TEACHER_FIELDS, { scopePath: own });
    // Teachers who left the subtree (as they left) and rotation guests (for the period): read only.
    can('read', 'TeacherVisit', { scopePath: own });
  },
  ...forRoles(['query_user', 'training_admin'], readBasic),
  teacher(p, { can }) {
    if (p.teacherId) can('read', 'Teacher', ALL_TEACHER_FIELDS, { id: p.teacherId });
  },
};
