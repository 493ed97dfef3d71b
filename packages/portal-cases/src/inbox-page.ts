import { computed, ref, type ComputedRef } from 'vue';
import { usePagedList, type Page, type PagedList } from './paged-list';

/** How many cases of one workflow type wait for the user's post. */
export interface InboxTypeCount {
  type: string;
  name: string;
  count: number;
}

/** A page of 待我审批 (the gateway's approvalInboxPage): the page's cases and the counts of every type. */
export interface InboxPageOf<T> extends Page<T> {
  counts: InboxTypeCount[];
}

export interface PagedInbox<T> extends PagedList<T> {
  /** Counts of the module's own case types. */
  counts: ComputedRef<InboxTypeCount[]>;
  /** How many cases of other modules' types wait too (the user may want to know). */
  others: ComputedRef<number>;
}

/**
 * A remote's 待我审批, paged on the server over its own case types (issue 16.2); each page also
 * brings the counts of every type the post has waiting, split into the module's and the others'.
 */
export function usePagedInbox<T>(
  fetch: (types: readonly string[], first: number, offset: number) => Promise<InboxPageOf<T>>,
  types: readonly string[],
): PagedInbox<T> {
  const allCounts = ref<InboxTypeCount[]>([]);
  const list = usePagedList<T>(async (q) => {
    const result = await fetch(types, q.first, q.offset);
    allCounts.value = result.counts;
    return result;
  });
  return {
    ...list,
    counts: computed(() => allCounts.value.filter((c) => types.includes(c.type))),
    others: computed(() => allCounts.value.filter((c) => !types.includes(c.type)).reduce((n, c) => n + c.count, 0)),
  };
}
