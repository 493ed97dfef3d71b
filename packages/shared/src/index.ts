// Public surface of @tmis/shared. Each area re-exports from its own folder.
export * from './locale.js';
export * from './identity/index.js';
export * from './units/index.js';
export * from './codes/index.js';
export * from './accounts/index.js';
export * from './access/index.js';
export * from './errors/index.js';
export * from './archive/index.js';
export * from './quotas/index.js';
export * from './dates/index.js';
export * from './layout.js';
