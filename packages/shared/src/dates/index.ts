export * from './china-day.js';
