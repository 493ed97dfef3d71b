export * from './info-sets.js';
export * from './validate-record.js';
export * from './employment-status.js';
