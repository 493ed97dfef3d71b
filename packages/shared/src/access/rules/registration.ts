import { subtreeOf } from '../scope.js';
import { SCHOOL_LEVELS, forRoles, type DomainRules } from './rule-set.js';

/**
 * Qualification registration (教师资格定期注册, issue 5): a school's information admin applies for
 * its teachers, a teacher for themself; the staff who see training see the registrations of
 * their subtree. The decision is the approval workflow's.
 */
export const registrationRules: DomainRules = {
  teacher(p, { can }) {
    if (!p.teacherId) return;
    can('read', 'QualificationRegistration', { teacherId: p.teacherId });
    can('create', 'QualificationRegistration', { teacherId: p.teacherId });
  },
  ...forRoles(['query_user', 'training_admin'], (p, { can }) => {
    can('read', 'QualificationRegistration', { scopePath: subtreeOf(p.unitPath) });
  }),
  info_admin(p, { can }) {
    can('read', 'QualificationRegistration', { scopePath: subtreeOf(p.unitPath) });
    if (SCHOOL_LEVELS.includes(p.unitLevel)) can('create', 'QualificationRegistration', { scopePath: subtreeOf(p.unitPath) });
  },
};
