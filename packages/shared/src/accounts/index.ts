export * from './password-policy.js';
export * from './roles.js';
