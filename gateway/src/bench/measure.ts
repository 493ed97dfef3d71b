import { cpus, release, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';

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
