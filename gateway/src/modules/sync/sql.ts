import type { EntityManager } from '@mikro-orm/postgresql';

/** Raw SQL inside the EntityManager's transaction (if any). Arrays must be passed as PostgreSQL literals. */
export function exec<T = Record<string, any>>(em: EntityManager, sql: string, params: unknown[] = []): Promise<T[]> {
  return em.getConnection().execute<T[]>(sql, params, 'all', em.getTransactionContext());
}

export const uuidArray = (ids: readonly string[]): string => {
  for (const id of ids) if (!/^[0-9a-f-]{36}$/i.test(id)) throw new Error(`not a uuid: ${id}`);
  return `{${ids.join(',')}}`;
};
