export * from './workflow';
export * from './case-actions';
export { default as CaseTimeline } from './CaseTimeline.vue';
export * from './paged-list';
export * from './inbox-page';
export { default as ListPager } from './ListPager.vue';
export * from './card-list';
export { default as CardTable } from './CardTable.vue';
