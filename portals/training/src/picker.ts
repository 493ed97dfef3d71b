import { ref, type Ref } from 'vue';

/** One answer of the gateway's cursor-paged `teachers` query. */
export interface CursorPage<T> {
  totalCount: number;
  nodes: T[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

export interface TeacherPicker<T> {
  rows: Ref<T[]>;
  total: Ref<number>;
  more: Ref<boolean>;
  searching: Ref<boolean>;
  /** A new search on the server (the name filter changed): from the first page. */
  search(): Promise<void>;
  /** The next page of the same search, appended. */
  loadMore(): Promise<void>;
}

/**
 * A picker that searches on the server and pages with the cursor (issue 16.2): it shows how many
 * of the total it holds and loads more on request, so no teacher is silently out of reach.
 * `keep` drops rows the picker must not offer (already enrolled, outside the rule); the total is
 * the server's count of the search.
 */
export function useTeacherPicker<T>(fetch: (after: string | null) => Promise<CursorPage<T>>, keep: (row: T) => boolean = () => true): TeacherPicker<T> {
  const rows = ref<T[]>([]) as Ref<T[]>;
  const total = ref(0);
  const more = ref(false);
  const searching = ref(false);
  let cursor: string | null = null;
  let ticket = 0;

  async function page(reset: boolean): Promise<void> {
    const mine = ++ticket;
    searching.value = true;
    try {
      const p = await fetch(reset ? null : cursor);
      if (mine !== ticket) return;
      const kept = p.nodes.filter(keep);
      rows.value = reset ? kept : [...rows.value, ...kept];
      total.value = p.totalCount;
      cursor = p.pageInfo.endCursor;
      more.value = p.pageInfo.hasNextPage;
    } finally {
      if (mine === ticket) searching.value = false;
    }
  }

  return { rows, total, more, searching, search: () => page(true), loadMore: () => (more.value ? page(false) : Promise.resolve()) };
}
