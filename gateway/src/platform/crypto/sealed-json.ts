import { JsonType, type Platform, type TransformContext } from '@mikro-orm/core';
import type { MikroORM } from '@mikro-orm/postgresql';
import { cryptoOf } from './sealed-column.js';
import type { FieldCrypto } from './field-crypto.js';

/**
 * The fields of a record of a restricted information set (compensation, assessment, ethics,
 * contact; issue 14.7) while they are in memory. `SealedJson` stores such a value sealed
 * (`{"$sealed": base64}` in the jsonb column), every other value as plain jsonb; raw SQL reading
 * `data->>'x'` of a sealed record finds nothing, so a path that forgot to open it fails closed.
 * Spreading or JSON-encoding it gives the plain fields.
 */
export class SealedFields {
  [field: string]: unknown;
}

export function sealedFields(fields: Record<string, unknown>): SealedFields {
  return Object.assign(new SealedFields(), fields);
}

const MARK = '$sealed';

/** A stored jsonb value as it comes from the database (parsed), opened if it is sealed. */
export function openStoredJson(fc: FieldCrypto, stored: unknown): Record<string, unknown> {
  if (stored == null) return {};
  const v = typeof stored === 'string' ? JSON.parse(stored) as unknown : stored;
  if (v && typeof v === 'object' && typeof (v as Record<string, unknown>)[MARK] === 'string') {
    return sealedFields(JSON.parse(fc.openStable(Buffer.from((v as Record<string, string>)[MARK]!, 'base64'))) as Record<string, unknown>);
  }
  return v as Record<string, unknown>;
}

/** The jsonb value to store for a record's fields: sealed for a restricted set (stable, so change tracking stays quiet). */
export function storedJson(fc: FieldCrypto, fields: Record<string, unknown>, sealed: boolean): Record<string, unknown> {
  return sealed ? { [MARK]: fc.sealStable(JSON.stringify({ ...fields })).toString('base64') } : fields;
}

export function isSealedJson(stored: unknown): boolean {
  return !!stored && typeof stored === 'object' && typeof (stored as Record<string, unknown>)[MARK] === 'string';
}

/** jsonb whose `SealedFields` values are sealed with the ORM's field key; see SealedFields. */
export class SealedJson extends JsonType {
  override convertToDatabaseValue(value: unknown, platform: Platform, context?: TransformContext): string | null {
    if (value instanceof SealedFields) return super.convertToDatabaseValue(storedJson(cryptoOf(platform), value, true), platform, context);
    return super.convertToDatabaseValue(value, platform, context);
  }

  override convertToJSValue(value: unknown, platform: Platform, context?: TransformContext): unknown {
    const v = super.convertToJSValue(value as string, platform, context);
    return isSealedJson(v) ? openStoredJson(cryptoOf(platform), v) : v;
  }
}

/**
 * The app-side half of issue 14.7's migration (SQL cannot encrypt): records of the restricted
 * sets written in clear by an earlier release are sealed in place, in batches. Idempotent; runs
 * after migrating, like `sealClearColumns`.
 */
export async function sealRestrictedRecords(orm: MikroORM, restrictedSets: readonly string[], batch = 1000): Promise<number> {
  const conn = orm.em.getConnection();
  const sets = `{${restrictedSets.join(',')}}`;
  let sealed = 0;
  for (;;) {
    const rows = await conn.execute<{ id: string; data: Record<string, unknown> }[]>(
      `select id, data from archive_record where info_set = any(?::text[]) and data->>'${MARK}' is null order by id limit ?`, [sets, batch]);
    if (rows.length === 0) return sealed;
    const fc = cryptoOf(orm.em.getPlatform());
    await conn.execute(`update archive_record a set data = x.data from jsonb_to_recordset(?::jsonb) as x(id uuid, data jsonb) where a.id = x.id`,
      [JSON.stringify(rows.map((r) => ({ id: r.id, data: storedJson(fc, r.data ?? {}, true) })))]);
    sealed += rows.length;
  }
}
