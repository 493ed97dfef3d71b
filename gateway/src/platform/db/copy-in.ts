import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Knex } from '@mikro-orm/postgresql';
import type pg from 'pg';
import { from as copyFromStdin } from 'pg-copy-streams';

/** A pg client: a pool client, a plain client or the one a knex transaction runs on. */
export type PgClient = Pick<pg.ClientBase, 'query'>;

/** A step of a bulk write: a plain statement, or a `COPY … FROM STDIN` with the data it reads. */
export type CopyStep = string | { copy: string; data: Buffer };

/** Chunks of 64 KiB, the size pg-copy-streams sends as one CopyData message. */
function* chunks(data: Buffer): Generator<Buffer> {
  for (let at = 0; at < data.length; at += 1 << 16) yield data.subarray(at, at + (1 << 16));
}

/**
 * `COPY … FROM STDIN` through pg-copy-streams. A row the table refuses or COPY cannot parse
 * rejects the promise (the stream errors on the ErrorResponse) and leaves the connection usable.
 */
export async function copyFrom(client: PgClient, sql: string, data: Buffer): Promise<void> {
  const stream = (client as pg.ClientBase).query(copyFromStdin(sql));
  await pipeline(Readable.from(chunks(data)), stream);
}

/**
 * The steps in order on one client (inside the caller's transaction). One round trip each: the
 * import's batch is 5 steps, against 2,000 rows of COPY data, so the round trips cost well under a
 * millisecond a batch here (measured with bench:import, docs/performance.md "Excel import").
 */
export async function runCopySteps(client: PgClient, steps: CopyStep[]): Promise<void> {
  for (const step of steps) {
    if (typeof step === 'string') await client.query(step);
    else await copyFrom(client, step.copy, step.data);
  }
}

/** The pg client a knex transaction runs on, so a COPY joins that transaction. */
export async function transactionClient(trx: Knex.Transaction): Promise<PgClient> {
  return (trx as unknown as { client: { acquireConnection(): Promise<PgClient> } }).client.acquireConnection();
}

/** One CSV field for COPY … (format csv): unquoted empty is NULL, so empty strings are quoted. */
export function csvField(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return s === '' || /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}
