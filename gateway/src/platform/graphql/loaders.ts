import DataLoader from 'dataloader';
import type { RequestContext } from './context.js';

const registry = new WeakMap<RequestContext, Map<string, DataLoader<string, unknown>>>();

/**
 * One DataLoader per request and key, so N rows asking for their school cost one query,
 * keeping the number of SQL statements per request independent of page size.
 */
export function loader<V>(ctx: RequestContext, key: string, batch: (ids: readonly string[]) => Promise<Map<string, V>>): DataLoader<string, V | null> {
  let perRequest = registry.get(ctx);
  if (!perRequest) registry.set(ctx, (perRequest = new Map()));
  let l = perRequest.get(key) as DataLoader<string, V | null> | undefined;
  if (!l) {
    l = new DataLoader<string, V | null>(async (ids) => {
      const found = await batch(ids);
      return ids.map((id) => found.get(id) ?? null);
    });
    perRequest.set(key, l as DataLoader<string, unknown>);
  }
  return l;
}
