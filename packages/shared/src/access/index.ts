export * from './principal.js';
export * from './subjects.js';
export * from './scope.js';
export * from './teacher-fields.js';
export * from './abilities.js';
