import { ref, type Ref } from 'vue';

/** One page of a server-paged list (the gateway's `…Page` queries). */
export interface Page<T> {
  nodes: T[];
  totalCount: number;
}

export interface PageQuery {
  first: number;
  offset: number;
  sort: string | null;
  desc: boolean | null;
}

/** Element Plus's `sort-change` event of a table. */
export interface SortChange {
  prop: string | null;
  order: 'ascending' | 'descending' | null;
}

export const PAGE_SIZES = [20, 50, 100] as const;

/** The sort a table header asks for: its column key, or the list's default when cleared. */
export function sortOf(e: SortChange): { sort: string | null; desc: boolean | null } {
  return e.order && e.prop ? { sort: e.prop, desc: e.order === 'descending' } : { sort: null, desc: null };
}

export interface PagedList<T> {
  rows: Ref<T[]>;
  total: Ref<number>;
  page: Ref<number>;
  pageSize: Ref<number>;
  loading: Ref<boolean>;
  /** Reload the current page (filters changed: `reset` goes back to the first). */
  load(reset?: boolean): Promise<void>;
  /** Wire to the table's `@sort-change`: sorts on the server, from the first page. */
  onSort(e: SortChange): Promise<void>;
}

/**
 * A list paged, sorted and counted on the server (issue 16.2): nothing is cut off, the pager shows
 * the total. An answer that arrives after a newer request is dropped, so quick clicks never show
 * an older page.
 */
export function usePagedList<T>(fetch: (q: PageQuery) => Promise<Page<T>>, pageSize: number = PAGE_SIZES[0]): PagedList<T> {
  const rows = ref<T[]>([]) as Ref<T[]>;
  const total = ref(0);
  const page = ref(1);
  const size = ref(pageSize);
  const loading = ref(false);
  let order: { sort: string | null; desc: boolean | null } = { sort: null, desc: null };
  let ticket = 0;

  async function load(reset = false): Promise<void> {
    if (reset) page.value = 1;
    const mine = ++ticket;
    loading.value = true;
    try {
      const result = await fetch({ first: size.value, offset: (page.value - 1) * size.value, ...order });
      if (mine !== ticket) return;
      rows.value = result.nodes;
      total.value = result.totalCount;
    } catch {
      if (mine !== ticket) return;
      rows.value = [];
      total.value = 0;
    } finally {
      if (mine === ticket) loading.value = false;
    }
  }

  return { rows, total, page, pageSize: size, loading, load, onSort: (e) => { order = sortOf(e); return load(true); } };
}
