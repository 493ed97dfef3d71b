import type { CodeList } from '../code-list.js';

/**
 * 编号状态 of a teacher number (教师个人标识码). A province issues the number at registration; it
 * is provisional (临时编号) until the national registry has checked the person against every
 * province, and confirmed (正式编号) after. A province without sync confirms it by its own
 * duplicate check at registration.
 */
export const TEACHER_NUMBER_STATES = ['provisional', 'confirmed'] as const;
export type TeacherNumberState = (typeof TEACHER_NUMBER_STATES)[number];

export const teacherNumberStateList: CodeList = {
  id: 'numberState',
  name: '编号状态',
  nameEn: 'Teacher number state',
  version: '1',
  items: [
    { code: 'provisional', name: '临时编号', nameEn: 'Provisional number' },
    { code: 'confirmed', name: '正式编号', nameEn: 'Confirmed number' },
  ],
};
