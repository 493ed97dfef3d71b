import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, type TestApp } from '../../testing/test-app.js';
import { loginAs } from '../../testing/auth-helpers.js';
import { buildProvince, freshDatabase, keepOf, startGateway, waitFor, type Gateway } from '../../modules/sync/testing/cluster.js';
import { createFieldCrypto } from './field-crypto.js';
import { CRYPTO_MIGRATION_TASK, ENCRYPTED_COLUMNS } from './crypto-migration.js';

/**
 * Issue 15.3: a populated province sealed under `intl` is started with TMIS_CRYPTO=gm and
 * TMIS_PREVIOUS_CRYPTO=intl. Lookups work at once (both blind indexes), the crypto_migration task
 * of the job queue seals every encrypted column again under SM4-GCM and rebuilds the indexes, and
 * afterwards, on a gateway that no longer knows the old profile, every document number decrypts
 * to the same value and every teacher is found by it through GraphQL.
 */
const FIND = `query($n: String!) { teachers(first: 5, filter: { idNumber: $n }) { totalCount nodes { id } } }`;
const asTestApp = (g: Gateway): TestApp => g as unknown as TestApp;
const SAVE = `mutation($i: SaveRecordInput!) { saveArchiveRecord(input: $i) { id } }`;
const COMPENSATION = { year: 2026, annualSalary: 123457 };
const sealedRecords = (gw: Gateway) => gw.sql<{ v: string }>(`select data->>'$sealed' as v from archive_record where data->>'$sealed' is not null`);

let db: string;
let g: Gateway | undefined;
let world: Awaited<ReturnType<typeof buildProvince>>;
let keep: { secret: string; dataDir: string };

const versions = async (gw: Gateway) => {
  const out: Record<string, number[]> = {};
  for (const c of ENCRYPTED_COLUMNS) {
    const rows = await gw.sql<{ v: number }>(`select distinct get_byte("${c.sealed}", 0) as v from "${c.table}" where "${c.sealed}" is not null order by 1`);
    out[`${c.table}.${c.sealed}`] = rows.map((r) => r.v);
  }
  return out;
};

async function findsEveryTeacher(gw: Gateway): Promise<void> {
  const token = await loginAs(asTestApp(gw), 'm-sys');
  for (const [id, number] of world.idNumbers) {
    const found = dataOf(await gw.gql(FIND, { n: number }, token)).teachers;
    expect(found.totalCount, number).toBe(1);
    expect(found.nodes[0].id).toBe(id);
  }
}

beforeAll(async () => {
  db = await freshDatabase();
  const seed = await startGateway(db, { TMIS_CRYPTO: 'intl' });
  world = await buildProvince(seed, { code: '330000', name: '甲省', prefix: 'm', teachers: 24, idRegion: '330102', seqBase: 500 });
  // A record of a restricted information set (SealedJson, issue 14.7) is re-sealed too.
  const info = await loginAs(asTestApp(seed), 'm-school', seed.certDir);
  dataOf(await seed.gql(SAVE, { i: { teacherId: world.teacherIds[0], infoSet: 'compensation', data: COMPENSATION, submit: false } }, info));
  keep = keepOf(seed);
  await seed.close();
}, 180_000);
afterAll(async () => g?.close());

describe('switching a province from intl to gm', () => {
  it('starts sealed under intl', async () => {
    g = await startGateway(db, { TMIS_CRYPTO: 'intl' }, keep);
    const v = await versions(g);
    expect(v['teacher.id_number_enc']).toEqual([1]);
    expect(v['account.phone_enc']).toEqual([1]);
    const records = await sealedRecords(g);
    expect(records).toHaveLength(1);
    expect(Buffer.from(records[0]!.v, 'base64')[0]).toBe(1);
    await g.close();
    g = undefined;
  });

  it('during the migration, lookups find every teacher by either index', async () => {
    g = await startGateway(db, { TMIS_CRYPTO: 'gm', TMIS_PREVIOUS_CRYPTO: 'intl' }, keep);
    expect(g.app.runtime.fieldCrypto.profile).toBe('gm');
    await findsEveryTeacher(g);
  }, 120_000);

  it('the job queue seals every encrypted column again under SM4-GCM and rebuilds the blind indexes', async () => {
    const gw = g!;
    const before = await gw.sql<{ id: string; h: Buffer }>(`select id, id_number_hash as h from teacher`);
    await gw.app.jobs.runScheduled(CRYPTO_MIGRATION_TASK, new Date());
    await waitFor('every column under gm', async () => {
      const v = await versions(gw);
      const records = await sealedRecords(gw);
      return Object.values(v).every((vs) => vs.every((x) => x === 2)) && v['teacher.id_number_enc']!.length > 0
        && records.every((r) => Buffer.from(r.v, 'base64')[0] === 2);
    }, 60_000, 250);
    const after = new Map((await gw.sql<{ id: string; h: Buffer }>(`select id, id_number_hash as h from teacher`)).map((r) => [r.id, r.h]));
    for (const r of before) expect(after.get(r.id)!.equals(r.h)).toBe(false);
    await gw.close();
    g = undefined;
  }, 120_000);

  it('afterwards, without the old profile: every document number decrypts to the same value and every teacher is found by it', async () => {
    g = await startGateway(db, { TMIS_CRYPTO: 'gm' }, keep);
    const gmOnly = createFieldCrypto(Buffer.from(keep.secret, 'hex'), { profile: 'gm' });
    const rows = await g.sql<{ id: string; enc: Buffer; h: Buffer }>(`select id, id_number_enc as enc, id_number_hash as h from teacher`);
    expect(rows).toHaveLength(world.idNumbers.size);
    for (const r of rows) {
      expect(r.enc[0]).toBe(2);
      expect(gmOnly.decrypt(r.enc)).toBe(world.idNumbers.get(r.id));
      expect(r.h.equals(gmOnly.blindIndex(world.idNumbers.get(r.id)!, 'doc:1'))).toBe(true);
    }
    await findsEveryTeacher(g);
    const [record] = await sealedRecords(g);
    expect(Buffer.from(record!.v, 'base64')[0]).toBe(2);
    expect(JSON.parse(gmOnly.openStable(Buffer.from(record!.v, 'base64')))).toMatchObject(COMPENSATION);
    // The sealed contacts open under gm alone too.
    const phones = await g.sql<{ phone_enc: Buffer }>(`select phone_enc from account where phone_enc is not null`);
    expect(phones.length).toBeGreaterThan(0);
    for (const p of phones) expect(gmOnly.openStable(p.phone_enc)).toMatch(/^\d{11}$/);
  }, 120_000);
});
