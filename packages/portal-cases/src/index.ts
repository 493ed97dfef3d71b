export * from './workflow';
export * from './case-actions';
export { default as CaseTimeline } from './CaseTimeline.vue';
export * from './paged-list';
export { default as ListPager } from './ListPager.vue';
