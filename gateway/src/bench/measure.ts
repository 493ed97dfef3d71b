import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { startEmbeddedPostgres } from '../platform/db/embedded.js';
import { appRoleUrl } from '../platform/db/roles.js';

export interface Gql {
  /** POSTs one operation; returns the data and the wall time of the HTTP round trip. */
  (query: string, variables?: Record<string, unknown>, token?: string): Promise<{ data: any; ms: number }>;
}

export function gqlClient(baseUrl: string): Gql {
  return async (query, variables, token) => {
    const started = performance.now();
    const res = await fetch(`${baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: unknown; errors?: unknown[] };
    const ms = performance.now() - started;
    if (body.errors?.length) throw new Error(`GraphQL error: ${JSON.stringify(body.errors)}`);
    return { data: body.data, ms };
  };
}

export interface Summary { n: number; p50: number; p95: number; p99: number; mean: number; max: number }

/** Nearest-rank percentiles of a sample, in ms. */
export function summarize(samples: number[]): Summary {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => s[Math.max(0, Math.ceil(q * s.length) - 1)]!;
  return { n: s.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), mean: s.reduce((a, b) => a + b, 0) / s.length, max: s.at(-1)! };
}

/** A plain Markdown table, so the output can be pasted into docs/performance.md as it is. */
export function table(head: string[], rows: (string | number)[][]): string {
  const cells = [head, ...rows.map((r) => r.map(String))];
  const width = head.map((_, i) => Math.max(3, ...cells.map((r) => r[i]!.length)));
  const numeric = head.map((_, i) => rows.length > 0 && rows.every((r) => /^[\d.,]+$/.test(String(r[i]))));
  const line = (r: string[]): string => `| ${r.map((c, i) => (numeric[i] ? c.padStart(width[i]!) : c.padEnd(width[i]!))).join(' | ')} |`;
  const rule = `|${width.map((w, i) => (numeric[i] ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  return [line(cells[0]!), rule, ...cells.slice(1).map(line)].join('\n');
}

export const ms = (x: number): string => x.toFixed(1);

export function machineFacts(postgresVersion: string): string[][] {
  const cpu = cpus();
  return [
    ['CPU', `${cpu[0]?.model.trim() ?? 'unknown'} × ${cpu.length} logical cores`],
    ['Memory', `${(totalmem() / 2 ** 30).toFixed(1)} GiB`],
    ['OS', `${process.platform} ${release()}`],
    ['Node.js', process.version],
    ['PostgreSQL', postgresVersion],
  ];
}

/**
 * A fresh database for one benchmark run: at DATABASE_URL (dropped at the end) or on an embedded
 * server in a temp folder.
 */
export async function benchDatabase(): Promise<{ url: string; appUrl: string; dataDir: string; cleanup: () => Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tmis-bench-'));
  const name = `tmis_bench_${randomBytes(4).toString('hex')}`;
  const adminUrl = process.env.DATABASE_URL;
  const embedded = adminUrl ? undefined : await startEmbeddedPostgres({ dir: join(dataDir, 'pg') });
  const admin = new pg.Client({ connectionString: adminUrl ?? embedded!.url('postgres') });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  const url = new URL(adminUrl ?? embedded!.url('postgres'));
  url.pathname = `/${name}`;
  return {
    // `url` as the owner (schema, generated data), `appUrl` as the gateway's least-privilege role.
    url: url.toString(),
    appUrl: await appRoleUrl(url.toString()),
    dataDir,
    async cleanup() {
      await admin.query(`drop database if exists "${name}" with (force)`);
      await admin.end();
      await embedded?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
