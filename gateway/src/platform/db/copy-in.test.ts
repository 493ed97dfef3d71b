import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { inject } from 'vitest';
import { copyFrom, csvField, runCopySteps } from './copy-in.js';

let client: pg.Client;

beforeAll(async () => {
  client = new pg.Client({ connectionString: inject('pgAdminUrl') });
  await client.connect();
  await client.query('create temporary table copy_probe (id int primary key, name text)');
});
afterAll(async () => client?.end());

describe('copyFrom', () => {
  it('loads rows: statements and COPYs in order, CSV NULL and empty string kept apart', async () => {
    await runCopySteps(client, [
      { copy: 'copy copy_probe from stdin (format csv)', data: Buffer.from('1,甲\n2,""\n') },
      "update copy_probe set name = name || '!' where id = 1",
      { copy: 'copy copy_probe from stdin (format csv)', data: Buffer.from('3,\n') },
    ]);
    expect((await client.query('select id, name from copy_probe order by id')).rows).toEqual([{ id: 1, name: '甲!' }, { id: 2, name: '' }, { id: 3, name: null }]);
  });

  it('streams data larger than one 64 KiB message', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => `${100 + i},${'名'.repeat(20)}${i}\n`).join('');
    expect(Buffer.byteLength(rows)).toBeGreaterThan(1 << 18);
    await copyFrom(client, 'copy copy_probe from stdin (format csv)', Buffer.from(rows));
    expect((await client.query("select count(*)::int as n, max(name) filter (where id = 5099) as last from copy_probe where id >= 100")).rows)
      .toEqual([{ n: 5000, last: `${'名'.repeat(20)}4999` }]);
    await client.query('delete from copy_probe where id >= 100');
  });

  it.each([
    ['a row the table refuses (duplicate key)', '1,again\n'],
    ['a row COPY cannot parse', 'x,y,z\n'],
  ])('rejects, not hangs, on %s; the connection stays usable', async (_n, data) => {
    await expect(copyFrom(client, 'copy copy_probe from stdin (format csv)', Buffer.from(data))).rejects.toThrow();
    expect((await client.query('select count(*)::int as n from copy_probe')).rows).toEqual([{ n: 3 }]);
  });

  it.each([[null, ''], ['', '""'], ['a,b', '"a,b"'], ['say "hi"', '"say ""hi"""'], [12, '12']])('csvField(%j) → %s', (v, out) => {
    expect(csvField(v as never)).toBe(out);
  });
});
