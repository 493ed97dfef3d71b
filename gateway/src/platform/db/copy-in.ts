import type { Knex } from '@mikro-orm/postgresql';

/** The part of pg's connection a COPY needs. */
interface PgConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
}

interface PgClient {
  query(submittable: unknown): unknown;
}

/**
 * `COPY … FROM STDIN` on a pg client through its Submittable hook (what pg-copy-streams does,
 * without the dependency). `sql` may hold several statements (simple query protocol): each COPY
 * in it takes the next buffer of `data`, and the whole string costs one round trip.
 */
export function copyFrom(client: PgClient, sql: string, data: Buffer | Buffer[]): Promise<void> {
  const buffers = Array.isArray(data) ? [...data] : [data];
  return new Promise((resolve, reject) => {
    let failed: Error | undefined;
    client.query({
      submit(connection: PgConnection) { connection.query(sql); },
      handleCopyInResponse(connection: PgConnection) {
        const next = buffers.shift() ?? Buffer.alloc(0);
        for (let at = 0; at < next.length; at += 1 << 16) connection.sendCopyFromChunk(next.subarray(at, at + (1 << 16)));
        connection.endCopyFrom();
      },
      handleCommandComplete() {},
      handleRowDescription() {},
      handleDataRow() {},
      handleEmptyQuery() {},
      // pg drops a query from its queue on ErrorResponse, so ReadyForQuery never reaches us after
      // an error: settle now, or a bad row would hang the caller (and its transaction) forever.
      handleError(e: Error) { failed = e; reject(e); },
      handleReadyForQuery() { if (failed) reject(failed); else resolve(); },
    });
  });
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
