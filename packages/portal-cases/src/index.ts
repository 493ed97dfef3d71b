export * from './workflow';
export * from './case-actions';
