export * from './largest-remainder.js';
