export * from './levels.js';
export * from './provinces.js';
export * from './unit-code.js';
export * from './deployments.js';
