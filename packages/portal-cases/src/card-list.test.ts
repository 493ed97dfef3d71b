import { MOBILE_BREAKPOINT, MOBILE_QUERY } from '@tmis/shared';
import { effectScope } from 'vue';
import { describe, expect, it } from 'vitest';
import { cardLayout, cellText, usePhoneLayout, type CardColumn } from './card-list';

interface Row { id: string; title: string; hours: number | null; status: string }
const columns: CardColumn<Row>[] = [
  { key: 'status', label: '状态' },
  { key: 'title', label: '名称', title: true },
  { key: 'hours', label: '学时', value: (r) => (r.hours === null ? null : `${r.hours} 学时`) },
  { key: 'actors', label: '录入与审核', tableOnly: true },
];

/** A window whose width can change, with a matchMedia for MOBILE_QUERY (or none). */
function fakeWindow(width: number, withMatchMedia = true) {
  const mediaListeners = new Set<(e: MediaQueryListEvent) => void>();
  const resizeListeners = new Set<() => void>();
  const win = {
    innerWidth: width,
    addEventListener: (type: string, fn: () => void) => type === 'resize' && resizeListeners.add(fn),
    removeEventListener: (type: string, fn: () => void) => type === 'resize' && resizeListeners.delete(fn),
    ...(withMatchMedia ? {
      matchMedia: (query: string) => {
        expect(query).toBe(MOBILE_QUERY);
        return {
          get matches() { return win.innerWidth < MOBILE_BREAKPOINT; },
          addEventListener: (_: string, fn: (e: MediaQueryListEvent) => void) => mediaListeners.add(fn),
          removeEventListener: (_: string, fn: (e: MediaQueryListEvent) => void) => mediaListeners.delete(fn),
        };
      },
    } : {}),
  };
  const resize = (next: number) => {
    win.innerWidth = next;
    for (const fn of mediaListeners) fn({ matches: next < MOBILE_BREAKPOINT } as MediaQueryListEvent);
    for (const fn of resizeListeners) fn();
  };
  return { win: win as unknown as Window, resize, listeners: () => mediaListeners.size + resizeListeners.size };
}

describe('cardLayout', () => {
  it('takes the title column as the heading and the others, without table-only ones, as labelled fields', () => {
    const { title, fields } = cardLayout(columns);
    expect(title?.key).toBe('title');
    expect(fields.map((c) => c.label)).toEqual(['状态', '学时']);
  });

  it('has no heading when no column is marked as the title', () => {
    const { title, fields } = cardLayout(columns.map((c) => ({ ...c, title: false })));
    expect(title).toBeNull();
    expect(fields.map((c) => c.key)).toEqual(['status', 'title', 'hours']);
  });
});

describe('cellText', () => {
  const row: Row = { id: '1', title: '自主研修', hours: 12, status: '' };
  it('shows value(row), else the prop or key field, and an empty cell as —', () => {
    expect(cellText(row, columns[2]!)).toBe('12 学时');
    expect(cellText(row, columns[1]!)).toBe('自主研修');
    expect(cellText(row, { key: 'name', label: '名称', prop: 'title' })).toBe('自主研修');
    expect(cellText(row, columns[0]!)).toBe('—');
    expect(cellText({ ...row, hours: null }, columns[2]!)).toBe('—');
    expect(cellText({ ...row, hours: 0 }, { key: 'hours', label: '学时' })).toBe('0');
  });
});

describe('usePhoneLayout', () => {
  it('is a phone below the shell breakpoint (768 px) and follows the viewport', () => {
    const { win, resize } = fakeWindow(390);
    const scope = effectScope();
    const phone = scope.run(() => usePhoneLayout(win))!;
    expect(phone.value).toBe(true);
    resize(768);
    expect(phone.value).toBe(false);
    resize(767);
    expect(phone.value).toBe(true);
    scope.stop();
  });

  it('falls back to resize events without matchMedia, and stops listening with its scope', () => {
    const { win, resize, listeners } = fakeWindow(1440, false);
    const scope = effectScope();
    const phone = scope.run(() => usePhoneLayout(win))!;
    expect(phone.value).toBe(false);
    resize(390);
    expect(phone.value).toBe(true);
    expect(listeners()).toBe(1);
    scope.stop();
    expect(listeners()).toBe(0);
  });

  it('is the desktop layout without a window (server rendering)', () => {
    expect(usePhoneLayout(undefined).value).toBe(false);
  });
});
