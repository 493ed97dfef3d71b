export * from './info-sets.js';
export * from './validate-record.js';
export * from './employment-status.js';
export * from './update-sets.js';
