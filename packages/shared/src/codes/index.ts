export * from './code-list.js';
export * from './registry.js';
export type { GenderCode } from './lists/gender.js';
export type { StageCode } from './lists/stage.js';
export type { TitleLevel } from './lists/professional-title.js';
export type { EmploymentStatusCode } from './lists/staff.js';
export { stageOfSchoolType } from './lists/school-type.js';
export { TEACHER_NUMBER_STATES } from './lists/teacher-number-state.js';
export type { TeacherNumberState } from './lists/teacher-number-state.js';
