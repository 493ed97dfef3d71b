import { Type, type Platform } from '@mikro-orm/core';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { FieldCrypto } from './field-crypto.js';

/**
 * Text columns sealed at rest (account phone and e-mail, data-sharing contacts): the entity holds
 * the clear string, the column a `bytea` from `FieldCrypto.sealStable`. The key belongs to one
 * ORM (a national system and its provinces run in one test process with different keys), so it
 * is bound to the ORM's platform; an unbound ORM refuses to write rather than store plaintext.
 */
const bound = new WeakMap<Platform, FieldCrypto>();

export function bindFieldCrypto(orm: MikroORM, fc: FieldCrypto): void {
  bound.set(orm.em.getPlatform(), fc);
  bound.set(orm.config.getPlatform(), fc);
}

export function cryptoOf(platform: Platform): FieldCrypto {
  const fc = bound.get(platform);
  if (!fc) throw new Error('sealed column used on an ORM without a bound field key (bindFieldCrypto)');
  return fc;
}

export class SealedText extends Type<string | null | undefined, Buffer | null | undefined> {
  override convertToDatabaseValue(value: string | null | undefined, platform: Platform): Buffer | null | undefined {
    if (value == null) return value;
    // Already sealed (a snapshot converted twice): keep it.
    if (Buffer.isBuffer(value)) return value;
    return cryptoOf(platform).sealStable(value);
  }

  override convertToJSValue(value: Buffer | null | undefined, platform: Platform): string | null | undefined {
    if (value == null) return value;
    if (typeof value === 'string') return value;
    return cryptoOf(platform).openStable(value);
  }

  override compareAsType(): string {
    return 'buffer';
  }

  override getColumnType(): string {
    return 'bytea';
  }
}

/** Clear columns a migration replaced by sealed ones; `sealClearColumns` moves what is left in them. */
const MOVES = [
  { table: 'account', clear: 'phone', sealed: 'phone_enc' },
  { table: 'account', clear: 'email', sealed: 'email_enc' },
  { table: 'data_sharing_application', clear: 'contact_name', sealed: 'contact_name_enc' },
  { table: 'data_sharing_application', clear: 'contact_phone', sealed: 'contact_phone_enc' },
] as const;

/**
 * The app-side half of a migration (SQL cannot encrypt): after the schema is migrated, every
 * value still in a clear column is sealed into its new column and the clear one emptied.
 * Idempotent; without a bound key it fails when there is anything to move.
 */
export async function sealClearColumns(orm: MikroORM): Promise<number> {
  const conn = orm.em.getConnection();
  let moved = 0;
  for (const m of MOVES) {
    const exists = await conn.execute<{ n: number }[]>(
      `select count(*)::int as n from information_schema.columns where table_schema = current_schema() and table_name = ? and column_name = ?`, [m.table, m.clear]);
    if (!exists[0]?.n) continue;
    const rows = await conn.execute<{ id: string; v: string }[]>(`select id, "${m.clear}" as v from "${m.table}" where "${m.clear}" is not null`);
    if (rows.length === 0) continue;
    const fc = cryptoOf(orm.em.getPlatform());
    for (const r of rows) {
      await conn.execute(`update "${m.table}" set "${m.sealed}" = ?, "${m.clear}" = null where id = ?`, [fc.sealStable(r.v), r.id]);
      moved++;
    }
  }
  return moved;
}
