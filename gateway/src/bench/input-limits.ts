import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createApp } from '../app/app.js';
import { buildAccount } from '../demo/builders.js';
import { Unit } from '../modules/units/unit.entity.js';
import { loadConfig } from '../platform/config.js';
import { logger } from '../platform/logging.js';
import { generateTree } from './generate.js';
import { benchDatabase, machineFacts, ms, summarize, table } from './measure.js';

/**
 * How fast oversized and malformed inputs are refused (issue 14.2: a 1 MiB `name` filter used
 * to take 4.5–10 s of database time). Each request goes over real HTTP to a production-mode
 * gateway on generated teachers, as a province query user; printed: the HTTP status, the error
 * code and the wall time of the refusal (p50/p95/max), next to an ordinary filtered request.
 *
 *   node gateway/dist/bench/input-limits.js [--teachers 50000] [--requests 30]
 */
const { values: args } = parseArgs({ options: { teachers: { type: 'string', default: '50000' }, requests: { type: 'string', default: '30' } } });
const TEACHERS = Number(args.teachers);
const REQUESTS = Number(args.requests);
const PASSWORD = 'Bench@2026x';
const LIST = `query($f: TeacherFilter) { teachers(first: 20, filter: $f) { totalCount nodes { id name } } }`;
const LOGIN = `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { status token } }`;

interface Answer { status: number; code: string; ms: number; bytes: number }

async function post(url: string, body: string, token?: string): Promise<Answer> {
  const started = performance.now();
  const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body });
  const text = await res.text();
  const took = performance.now() - started;
  let code = 'OK';
  try {
    const parsed = JSON.parse(text) as { errors?: { extensions?: { code?: string } }[] };
    if (parsed.errors?.length) code = parsed.errors[0]!.extensions?.code ?? 'ERROR';
  } catch {
    code = text.slice(0, 40);
  }
  return { status: res.status, code, ms: took, bytes: Buffer.byteLength(body) };
}

async function main(): Promise<void> {
  logger('error');
  const db = await benchDatabase();
  try {
    const config = loadConfig({
      TMIS_ENV: 'production', TMIS_SECRET_KEY: randomBytes(32).toString('hex'), TMIS_DATA_DIR: db.dataDir,
      TMIS_CA_CERTS: join(db.dataDir, 'ca.crt.pem'), TMIS_PORTAL_DIR: join(db.dataDir, 'no-portal'), LOG_LEVEL: 'error',
    });
    const app = await createApp(config, db.appUrl, { ownerUrl: db.url });
    try {
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      const { rows: [{ server_version: pgVersion }] } = await client.query<{ server_version: string }>('show server_version');
      const tree = await generateTree(client, TEACHERS, app.runtime, () => undefined);
      const em = app.orm.em.fork();
      await buildAccount(em, app.runtime, await em.findOneOrFail(Unit, { id: tree.provinceId }), { username: 'bench-prov-query', realName: '基准查询', role: 'query_user', password: PASSWORD });
      await em.flush();
      await client.query('vacuum analyze');
      await client.end();
      await new Promise<void>((r) => app.server.listen(0, '127.0.0.1', r));
      const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
      const login = JSON.parse((await (await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: LOGIN, variables: { u: 'bench-prov-query', p: PASSWORD } }) })).text()));
      const token = login.data.login.token as string;

      const cases: [string, string][] = [
        ['ordinary filter (name 张)', JSON.stringify({ query: LIST, variables: { f: { name: '张' } } })],
        ['name filter of 1 KiB', JSON.stringify({ query: LIST, variables: { f: { name: '张'.repeat(342) } } })],
        ['name filter of 1 MiB', JSON.stringify({ query: LIST, variables: { f: { name: 'a'.repeat(1 << 20) } } })],
        ['name filter of 4.9 MiB', JSON.stringify({ query: LIST, variables: { f: { name: 'a'.repeat(Math.round(4.9 * (1 << 20))) } } })],
        ['name filter with a NUL', JSON.stringify({ query: LIST, variables: { f: { name: 'a\u0000b' } } })],
        ['1 MiB inline in the document', JSON.stringify({ query: `{ teachers(first: 20, filter: { name: "${'a'.repeat(1 << 20)}" }) { totalCount } }` })],
      ];
      const rows: (string | number)[][] = [];
      for (const [name, body] of cases) {
        for (let i = 0; i < 3; i++) await post(url, body, token); // warm-up
        const answers: Answer[] = [];
        for (let i = 0; i < REQUESTS; i++) answers.push(await post(url, body, token));
        const s = summarize(answers.map((a) => a.ms));
        const first = answers[0]!;
        rows.push([name, (first.bytes / 1024).toFixed(1), first.status, first.code, s.n, ms(s.p50), ms(s.p95), ms(s.max)]);
      }
      console.log(`Refusal of oversized and malformed inputs over HTTP, ${TEACHERS.toLocaleString('en')} teachers, province query user, ms:\n`);
      console.log(table(['request', 'body KiB', 'HTTP', 'code', 'n', 'p50', 'p95', 'max'], rows));
      console.log('\nMachine:\n');
      console.log(table(['', ''], machineFacts(pgVersion)));
    } finally {
      await app.close();
    }
  } finally {
    await db.cleanup();
  }
}

await main();
