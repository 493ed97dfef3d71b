import type { MikroORM } from '@mikro-orm/postgresql';
import type { FieldCrypto, SealKind } from './field-crypto.js';

/**
 * Issue 15.3: after a switch of profile (TMIS_CRYPTO=gm with TMIS_PREVIOUS_CRYPTO=intl) or of the
 * master key (TMIS_PREVIOUS_SECRET_KEY), every encrypted column is sealed again under the current
 * key and profile and every blind index recomputed, in batches, by a scheduled task of the job
 * queue (`crypto_migration`). Until it has finished the previous key still opens what it sealed
 * and lookups try both indexes (FieldCrypto.blindIndexes). Idempotent: a value already current is
 * skipped, so a run cut off anywhere is simply run again.
 */
export const CRYPTO_MIGRATION_TASK = 'crypto_migration';

interface Column {
  table: string;
  key: string;
  sealed: string;
  kind: SealKind;
  /** The blind index kept beside it, and its context from the row. */
  index?: { column: string; context: (row: Record<string, unknown>) => string; needs?: string };
}

/** Every encrypted column of the core (grep: blindIndex, SealedText, sealBytes, encrypt); SealedJson records below. */
export const ENCRYPTED_COLUMNS: readonly Column[] = [
  { table: 'teacher', key: 'id', sealed: 'id_number_enc', kind: 'field', index: { column: 'id_number_hash', context: (r) => `doc:${String(r.id_type)}`, needs: 'id_type' } },
  { table: 'account', key: 'id', sealed: 'id_number_enc', kind: 'field', index: { column: 'id_number_hash', context: () => 'account:id' } },
  { table: 'account', key: 'id', sealed: 'phone_enc', kind: 'stable' },
  { table: 'account', key: 'id', sealed: 'email_enc', kind: 'stable' },
  { table: 'data_sharing_application', key: 'id', sealed: 'contact_name_enc', kind: 'stable' },
  { table: 'data_sharing_application', key: 'id', sealed: 'contact_phone_enc', kind: 'stable' },
  { table: 'job_input', key: 'job_id', sealed: 'sealed', kind: 'field' },
  { table: 'data_export', key: 'id', sealed: 'file', kind: 'file' },
];

const BATCH = 500;

/** Records of the restricted information sets (`SealedJson`: `{"$sealed": base64}` in archive_record.data). */
async function resealRestrictedRecords(orm: MikroORM, fc: FieldCrypto, stop?: () => boolean): Promise<number> {
  const conn = orm.em.getConnection();
  let resealed = 0;
  let after = '';
  for (;;) {
    if (stop?.()) return resealed;
    const rows: { id: string; v: string }[] = await conn.execute(
      `select id::text as id, data->>'$sealed' as v from archive_record where data->>'$sealed' is not null and id::text > ? order by id::text limit ${BATCH}`, [after]);
    if (rows.length === 0) return resealed;
    after = rows[rows.length - 1]!.id;
    const changed = rows.filter((r) => !fc.isCurrent(Buffer.from(r.v, 'base64'), 'stable'))
      .map((r) => ({ id: r.id, data: { $sealed: fc.sealStable(fc.openStable(Buffer.from(r.v, 'base64'))).toString('base64') } }));
    if (changed.length) {
      await conn.execute(`update archive_record a set data = x.data from jsonb_to_recordset(?::jsonb) as x(id uuid, data jsonb) where a.id = x.id`, [JSON.stringify(changed)]);
    }
    resealed += changed.length;
  }
}

export interface MigrationReport {
  resealed: number;
  /** Values still not under the current key (0 when the migration is complete). */
  remaining: number;
}

const OPEN = { field: 'decrypt', stable: 'openStable', file: 'openBytes' } as const;

function reseal(fc: FieldCrypto, kind: SealKind, sealed: Buffer): { plain: string | Buffer; sealed: Buffer } {
  if (kind === 'file') {
    const plain = fc.openBytes(sealed);
    return { plain, sealed: fc.sealBytes(plain) };
  }
  const plain = fc[OPEN[kind]](sealed) as string;
  return { plain, sealed: kind === 'field' ? fc.encrypt(plain) : fc.sealStable(plain) };
}

/** One pass over every encrypted column; each batch commits on its own. */
export async function migrateEncryptedColumns(orm: MikroORM, fc: FieldCrypto, opts: { stop?: () => boolean } = {}): Promise<MigrationReport> {
  const conn = orm.em.getConnection();
  let resealed = 0;
  let remaining = 0;
  for (const c of ENCRYPTED_COLUMNS) {
    const extra = c.index?.needs ? `, "${c.index.needs}"` : '';
    let after: string | null = null;
    for (;;) {
      if (opts.stop?.()) return { resealed, remaining: remaining + 1 };
      const rows: Record<string, unknown>[] = await conn.execute(
        `select "${c.key}"::text as k, "${c.sealed}" as v${extra} from "${c.table}"
          where "${c.sealed}" is not null ${after === null ? '' : `and "${c.key}"::text > ?`} order by "${c.key}"::text limit ${BATCH}`,
        after === null ? [] : [after]);
      if (rows.length === 0) break;
      after = String(rows[rows.length - 1]!.k);
      await orm.em.fork().transactional(async (tx) => {
        const q = tx.getConnection();
        for (const row of rows) {
          const old = row.v as Buffer;
          if (fc.isCurrent(old, c.kind)) continue;
          const next = reseal(fc, c.kind, old);
          if (c.index) {
            await q.execute(`update "${c.table}" set "${c.sealed}" = ?, "${c.index.column}" = ? where "${c.key}"::text = ?`,
              [next.sealed, fc.blindIndex(next.plain as string, c.index.context(row)), row.k], 'all', tx.getTransactionContext());
          } else {
            await q.execute(`update "${c.table}" set "${c.sealed}" = ? where "${c.key}"::text = ?`, [next.sealed, row.k], 'all', tx.getTransactionContext());
          }
          resealed++;
        }
      });
    }
  }
  resealed += await resealRestrictedRecords(orm, fc, opts.stop);
  for (const c of ENCRYPTED_COLUMNS) {
    const rows: { v: Buffer }[] = await conn.execute(`select "${c.sealed}" as v from "${c.table}" where "${c.sealed}" is not null`);
    remaining += rows.filter((r) => !fc.isCurrent(r.v, c.kind)).length;
  }
  const sealedRecords: { v: string }[] = await conn.execute(`select data->>'$sealed' as v from archive_record where data->>'$sealed' is not null`);
  remaining += sealedRecords.filter((r) => !fc.isCurrent(Buffer.from(r.v, 'base64'), 'stable')).length;
  return { resealed, remaining };
}
