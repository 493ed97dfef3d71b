import { MOBILE_QUERY, isMobileWidth } from '@tmis/shared';
import { getCurrentScope, onScopeDispose, ref, type Ref } from 'vue';

/**
 * One column of a CardTable: a table column from 768 px up, a label/value pair on the row's card
 * below (issue 16.3). The cell is the `cell-<key>` slot when the view gives one, else `value(row)`,
 * else the row's `prop` (default `key`).
 */
export interface CardColumn<T = any> {
  key: string;
  /** The header, and the label on the card. */
  label: string;
  prop?: string;
  value?: (row: T) => unknown;
  width?: number | string;
  minWidth?: number | string;
  sortable?: boolean | 'custom';
  fixed?: boolean | 'left' | 'right';
  align?: 'left' | 'center' | 'right';
  /** Shown as the card's heading, without a label (the row's name: a title, a teacher). */
  title?: boolean;
  /** Only in the table (what a card does not need, e.g. a long actor trail shown elsewhere). */
  tableOnly?: boolean;
}

/** What a card shows: its heading column (the first marked `title`) and the labelled fields. */
export function cardLayout<T>(columns: readonly CardColumn<T>[]): { title: CardColumn<T> | null; fields: CardColumn<T>[] } {
  const shown = columns.filter((c) => !c.tableOnly);
  const title = shown.find((c) => c.title) ?? null;
  return { title, fields: shown.filter((c) => c !== title) };
}

/** A cell's text when the view gives no slot: `value(row)`, else the row's field; empty as 「—」. */
export function cellText<T>(row: T, column: CardColumn<T>): string {
  const raw = column.value ? column.value(row) : (row as Record<string, unknown> | null)?.[column.prop ?? column.key];
  return raw === null || raw === undefined || raw === '' ? '—' : String(raw);
}

type MediaWindow = Pick<Window, 'innerWidth' | 'addEventListener' | 'removeEventListener'> & Partial<Pick<Window, 'matchMedia'>>;

/**
 * Whether the viewport is a phone's (narrower than @tmis/shared's MOBILE_BREAKPOINT, the shell's
 * drawer breakpoint), followed through matchMedia (resize events where it is missing). Without a
 * window (server rendering, unit tests) the desktop layout.
 */
export function usePhoneLayout(win: MediaWindow | undefined = typeof window === 'undefined' ? undefined : window): Readonly<Ref<boolean>> {
  const phone = ref(win ? isMobileWidth(win.innerWidth) : false);
  if (!win) return phone;
  let stop: () => void;
  const query = typeof win.matchMedia === 'function' ? win.matchMedia(MOBILE_QUERY) : null;
  if (query && typeof query.addEventListener === 'function') {
    phone.value = query.matches;
    const onChange = (e: MediaQueryListEvent) => (phone.value = e.matches);
    query.addEventListener('change', onChange);
    stop = () => query.removeEventListener('change', onChange);
  } else {
    const onResize = () => (phone.value = isMobileWidth(win.innerWidth));
    win.addEventListener('resize', onResize);
    stop = () => win.removeEventListener('resize', onResize);
  }
  if (getCurrentScope()) onScopeDispose(stop);
  return phone;
}
